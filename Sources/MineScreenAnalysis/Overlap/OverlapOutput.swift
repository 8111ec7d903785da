/// What an overlap run must produce besides areas. It decides how overlays are formed and whether the area-only
/// paths (`OverlapPath.edgeSums`, `.convexClip`, boundary measurement) may be taken.
public enum OverlapOutput: Sendable, Equatable {
    /// Areas only (JSON, CSV, table, xlsx). Unions use the floating overlay: OverlayNG snaps by itself where it
    /// must, and a floating union costs a fraction of a snap-rounded one on 400-vertex red-line patches.
    case areas
    /// Areas, with each layer's union of overlapping features snap-rounded to the plane's grid: screening cuts
    /// clean remainders from those unions.
    case areasWithSnappedUnions
    /// Areas, and each overlap's outline in CGCS2000 lon/lat (GeoJSON, PostGIS, HTML and PDF reports), from
    /// snap-rounded overlays.
    case geometry

    /// True when each layer's union of overlapping pieces is snap-rounded to `ResolvedCRS.overlayGridSize`.
    var snapsUnions: Bool { self != .areas }

    /// True when each overlap keeps its outline (`LayerOverlap.lonLatGeometry`).
    var keepsGeometry: Bool { self == .geometry }
}

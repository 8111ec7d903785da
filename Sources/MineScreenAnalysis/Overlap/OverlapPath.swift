import MineScreenGeometry
import MineScreenNative

/// How a run cuts one constraint layer's features with a block and measures the pieces. Chosen once per layer
/// while the run prepares its layers (`OverlapEngine.prepareLayers`) and kept in the run's `LayerRunState`.
///
/// The paths give the same areas to rounding. `geos` is the general one; the others use cheaper exact
/// computations where they exist and sum geodesic edge terms, so they are taken only when ellipsoidal areas
/// alone are asked for (`OverlapOutput.areas`). They work in the layer's own CRS, lon/lat or projected (Gauss-Krüger
/// zones with or without the zone prefix): edges straight there, each measured as the geodesic between its vertices
/// taken to CGCS2000 lon/lat, as the overlay path measures its pieces. Apart from the layers' paths, a run whose
/// layers all lie in one plane first measures each block against all layers together on boundaries
/// (`OverlapEngine.boundaryAnalysis`); a block that measurement cannot decide is cut layer by layer, each on
/// its layer's path.
public enum OverlapPath: Sendable, Equatable {
    /// A coverage (no two features that matter overlap each other) in a data CRS. Features inside the
    /// block and clearly real convex cuts are measured together, edge by edge (`EdgeAreaSum`): the edges they
    /// share cancel, and only their outline is measured. Other features are cut as on `convexClip`. A block
    /// outside 0°–180° E (`sumsEdgeTerms(for:in:_:)`) is cut as on `convexClip`.
    case edgeSums
    /// A convex feature that the block's edge crosses, cut in one piece, is clipped without GEOS (`ConvexClip`)
    /// and measured geodesically when the piece is clearly real. Other features are cut as on `geos`.
    case convexClip
    /// Every feature the block does not cover whole is cut by a GEOS overlay. This path is taken when geometry
    /// is kept, when unions are snap-rounded, or when areas are measured as drawn (`tdt1055`), which geodesic
    /// edge terms cannot give.
    case geos

    /// The path of a layer in `crs` for a run producing `output`. `isCoverage`: no two features of the layer
    /// that matter for the run overlap. `measuresAsDrawn`: the run's areas are `tdt1055`.
    static func chosen(for crs: ResolvedCRS, isCoverage: Bool, output: OverlapOutput, measuresAsDrawn: Bool) -> OverlapPath {
        guard output == .areas, !measuresAsDrawn else { return .geos }
        return isCoverage && crs.sumsGeodesicEdgeTerms ? .edgeSums : .convexClip
    }

    /// True when geodesic edge terms may be summed for a block with these polygons in `plane` (`EdgeAreaSum`,
    /// `BoundaryOverlay`). Taken to lon/lat, the block must lie strictly between 0° and 180° E, so that no edge
    /// crosses the prime meridian or the antimeridian.
    static func sumsEdgeTerms(for polygons: [Polygon], in plane: ResolvedCRS, _ workspace: ThreadWorkspace) throws -> Bool {
        guard plane.sumsGeodesicEdgeTerms else { return false }
        let lonLat = plane.identifier.isCGCS2000EquivalentLonLat ? polygons : try workspace.lonLat(polygons, from: plane.identifier)
        var box = Box()
        box.add(lonLat)
        return box.minX > 0 && box.maxX < 180
    }
}

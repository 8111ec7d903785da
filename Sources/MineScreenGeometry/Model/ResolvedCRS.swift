/// A CRS that PROJ knows, with the facts the analyses need.
public struct ResolvedCRS: Sendable, Equatable {
    public var identifier: CRSIdentifier
    public var name: String
    public var isGeographic: Bool

    /// Snap-rounding grid for overlays in this plane: 1e-10° or 1e-5 m, both about 0.01 mm,
    /// far below survey precision yet large enough to absorb floating-point noise on shared edges.
    public var overlayGridSize: Double { isGeographic ? Self.lonLatOverlayGridSize : 1e-5 }
    /// `overlayGridSize` of any lon/lat CRS (degrees).
    public static let lonLatOverlayGridSize = 1e-10

    /// The transverse Mercator a screening run centres on each block (no authority code). Geometry moved
    /// into it is densified first; between data CRSs geometry moves vertex by vertex, as GIS tools
    /// reproject data, so that edges shared before a reprojection stay shared after it.
    public var isBlockCentred = false

    /// True when the area-only shortcuts that sum geodesic edge terms (`EdgeAreaSum`, `BoundaryOverlay`) apply to
    /// geometry overlaid in this CRS: its vertices are taken to CGCS2000 lon/lat one by one and each straight edge
    /// is measured as the geodesic between them, as the overlay path measures its pieces. Not in a block-centred
    /// plane, whose straight edges are densified before they are measured.
    public var sumsGeodesicEdgeTerms: Bool { !isBlockCentred }

    public init(identifier: CRSIdentifier, name: String, isGeographic: Bool, isBlockCentred: Bool = false) {
        self.identifier = identifier; self.name = name; self.isGeographic = isGeographic; self.isBlockCentred = isBlockCentred
    }

    /// Longest edge (in CRS units: about 10 m) that stays faithful when moved to another CRS vertex by vertex.
    public var faithfulSegment: Double { isGeographic ? 1e-4 : 10 }
}

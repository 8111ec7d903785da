/// A CRS that PROJ knows, with the facts the analyses need.
public struct ResolvedCRS: Sendable, Equatable {
    public var identifier: CRSIdentifier
    public var name: String
    public var isGeographic: Bool

    /// Snap-rounding grid for overlays in this plane: 1e-10° or 1e-5 m, both about 0.01 mm,
    /// far below survey precision yet large enough to absorb floating-point noise on shared edges.
    public var overlayGridSize: Double { isGeographic ? 1e-10 : 1e-5 }

    /// The transverse Mercator a screening run centres on each block (no authority code). Geometry moved
    /// into it is densified first; between data CRSs geometry moves vertex by vertex, as GIS tools
    /// reproject data, so that edges shared before a reprojection stay shared after it.
    public var isBlockCentred = false

    public init(identifier: CRSIdentifier, name: String, isGeographic: Bool, isBlockCentred: Bool = false) {
        self.identifier = identifier; self.name = name; self.isGeographic = isGeographic; self.isBlockCentred = isBlockCentred
    }

    /// Longest edge (in CRS units: about 10 m) that stays faithful when moved to another CRS vertex by vertex.
    public var faithfulSegment: Double { isGeographic ? 1e-4 : 10 }
}

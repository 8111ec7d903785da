/// What one overlay or screening run learned about a constraint layer for its own blocks: which features that
/// matter overlap each other, what each block meets, and the areas of features some block covers whole.
///
/// A value owned by the run (`OverlapEngine.layerStates`), never stored in the shared `ConstraintLayer`: several
/// runs over the same loaded layers (concurrent requests of `minescreen serve`) each keep their own.
public struct LayerRunState: Sendable {
    /// Features (indices) that share interior area with another feature of the layer, among those that
    /// matter for this run. Only these need a union; the others' overlaps with a block add up.
    public var overlappingFeatures = Set<Int>()
    /// For each feature in `overlappingFeatures`, the features it shares interior with.
    public var overlapNeighbours: [Int: [Int]] = [:]
    /// Pairs of features found overlapping (first few, by id), for the report.
    public var overlappingPairs: [(String, String)] = []
    /// Per block (keyed by the block's input index) the features it meets, found once before the parallel part
    /// and reused by the overlay, so each block is tested against the layer once. Nil until recorded.
    public var contacts: [Int: BlockContacts]?
    /// Ellipsoidal area (m²) of each feature that some block covers whole (NaN for the others): measured once,
    /// not once per block (blocks overlap; a city's parcels are covered twice on average). One slot per feature
    /// when many are covered (a whole file of blocks), else `sparseCoveredAreas` (a few blocks: a run must not
    /// pay for every feature of the layer).
    public var coveredAreas: [Double] = []
    public var sparseCoveredAreas: [Int: Double] = [:]

    /// The recorded area of a feature some block covers whole, or NaN.
    public func coveredArea(of feature: Int) -> Double {
        feature < coveredAreas.count ? coveredAreas[feature] : sparseCoveredAreas[feature] ?? .nan
    }

    /// How this run cuts the layer's features with a block: chosen by `OverlapEngine.prepareLayers` from what
    /// the run produces, its area method, the layer's CRS and `isCoverage`.
    public var path: OverlapPath = .geos

    /// True when no two features that matter for this run overlap.
    public var isCoverage: Bool { overlappingFeatures.isEmpty }

    /// Nothing learned yet: every feature counts as not overlapping, contacts are found per block.
    public init() {}
}

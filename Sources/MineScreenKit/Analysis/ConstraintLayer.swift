/// A constraint layer ready for overlay: its checked features and an STRtree over them.
public final class ConstraintLayer {
    public let name: String
    public let loaded: LoadedLayer
    public let tree: STRtree
    /// Features (indices) that share interior area with another feature of the layer, among those that
    /// matter for this run. Only these need a union; the others' overlaps with a block add up.
    /// Decided once per layer by `checkCoverage`.
    public private(set) var overlappingFeatures = Set<Int>()
    /// True when no two features that matter for this run overlap.
    public var isCoverage: Bool { overlappingFeatures.isEmpty }
    /// Pairs of features found overlapping (first few), for the report.
    public private(set) var overlappingPairs: [(String, String)] = []

    public var crs: ResolvedCRS { loaded.crs }
    public var features: [CheckedFeature] { loaded.features }

    public init(name: String, loaded: LoadedLayer, workspace: ThreadWorkspace) throws {
        self.name = name
        self.loaded = loaded
        self.tree = try STRtree(loaded.features.map(\.geometry), in: workspace.geos)
    }

    /// Finds the pairs of `candidates` (features some block can reach) that share interior area.
    /// Only those matter: the rest of a 100 000-parcel layer never meets a block.
    public func checkCoverage(candidates: Set<Int>, threads: Int) {
        let sorted = candidates.sorted()
        let found = parallelMap(count: sorted.count, threads: threads) { k, workspace -> [(Int, Int)] in
            let i = sorted[k]
            let geometry = features[i].geometry
            guard let neighbours = try? tree.query(geometry, in: workspace.geos) else { return [] }
            var pairs: [(Int, Int)] = []
            for j in neighbours where j > i && candidates.contains(j) {
                if CoverageContact.disjointInteriors(features[i].shape, features[j].shape) == true { continue }
                if (try? workspace.geos.interiorsOverlap(geometry, features[j].geometry)) ?? true { pairs.append((i, j)) }
            }
            return pairs
        }.joined()
        overlappingFeatures = Set(found.flatMap { [$0.0, $0.1] })
        overlappingPairs = found.prefix(5).map { (features[$0.0].feature.id, features[$0.1].feature.id) }
    }
}

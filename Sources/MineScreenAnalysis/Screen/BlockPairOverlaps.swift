import MineScreenGeometry
import MineScreenNative
import MineScreenIO

/// The overlaps between candidate blocks on `screen`'s area-only path, each pair measured once. Two blocks
/// overlap where their interiors do; the shared area is that of GEOS's intersection, measured in the blocks' CRS
/// as `ScreenEngine.overlappingBlocks` measures it. Here the intersection is GEOS's own robust overlay (floating
/// point, falling back to snapping only where that fails) rather than the general path's snap-rounded one, whose
/// hot-pixel index costs more than the rest of a pair; the two agree to 1e-8 of the block (the grid is 1e-10°).
/// On the general path a pair's area depends on which block's geodesic edges its vertices are placed on, so
/// there each block measures its own.
struct BlockPairOverlaps {
    /// Per block (`Feature.index`): the other blocks whose envelopes meet its own, in input order, each by its
    /// position in `blocks.features` and id, with the shared area (nil: interiors apart) or the error measuring it threw.
    var neighbours: [Int: [(position: Int, id: String, area: Result<Double?, Error>)]] = [:]

    /// No blocks, no pairs (filled by `decode`).
    init() {}

    /// The pairs among `blocks`, found by their boxes and measured `threads` at a time: the block first in
    /// `blocks.features` measures the pair.
    /// With a `cache`, the pairs of the same blocks (ids, exact geometries, order and CRS) measured by an earlier
    /// run are read back (`BlockPairOverlaps+Cache.swift`), and pairs measured here are kept.
    init(blocks: LoadedLayer, threads: Int, cache: ResultCache? = nil) {
        let key = cache.map { _ in Self.cacheKey(blocks, threads: threads) }
        if let cache, let key, let kept = cache.lookup(key, countsBlock: false, decode: { try Self.decode($0, blocks: blocks) }) {
            self = kept
            return
        }
        measure(blocks, threads: threads)
        if let cache, let key, let payload = encode(blocks) { cache.store(key, payload: payload) }
    }

    private mutating func measure(_ blocks: LoadedLayer, threads: Int) {
        let features = blocks.features
        let boxes = features.map(\.box)
        let tree = BoxTree(boxes)
        let found = parallelMap(count: features.count, threads: threads) { k, workspace -> (others: [Int], areas: [Int: Result<Double?, Error>]) in
            let geos = workspace.geos
            let others = tree.query(boxes[k]).filter { $0 != k }
            var areas: [Int: Result<Double?, Error>] = [:]
            for j in others where j > k {
                areas[j] = Result {
                    guard try geos.interiorsOverlap(features[k].geometry, features[j].geometry) else { return nil }
                    let shared = try geos.intersection(features[k].geometry, features[j].geometry)
                    return try workspace.overlayArea(shared, crs: blocks.crs.identifier)
                }
            }
            return (others, areas)
        }
        for (k, entry) in found.enumerated() {
            neighbours[features[k].feature.index] = entry.others.map { j in
                let area = j > k ? found[k].areas[j] : found[j].areas[k]
                return (j, features[j].feature.id, area ?? .success(nil))
            }
        }
    }

    /// The blocks `block` overlaps by more than `OverlapEngine.numericalZeroArea`, with the shared areas; throws
    /// what measuring one of its pairs threw.
    func overlaps(of block: CheckedFeature) throws -> [(id: String, area: Double)] {
        try (neighbours[block.feature.index] ?? []).compactMap { other in
            guard let area = try other.area.get(), area > OverlapEngine.numericalZeroArea else { return nil }
            return (other.id, area)
        }
    }
}

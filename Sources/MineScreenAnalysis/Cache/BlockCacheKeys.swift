import Foundation
import MineScreenSupport
import MineScreenNative
import MineScreenIO

/// The cache key of every block of a run, and the layer features each key covers.
///
/// A block's key is the SHA-256 of its neighbourhood's digest (`BlockNeighbourhoods`: the cache format, the
/// software versions and the build, the options and per-layer settings that change results, the block's geometry
/// as analysed (after reading, repair and any reprojection: exact coordinates) and the digest of every layer
/// feature that could touch the block), then what the run decided about its layers (`decisions`, e.g. whether
/// each is a coverage), then per layer and candidate what else about the candidate changes the block's result
/// (`describe`: e.g. which other candidates it overlaps). So any edit to a feature near a block, or a feature
/// moved near it or away, changes the key.
struct BlockCacheKeys {
    /// By block input index: the key, and per layer the candidate features (ascending layer indices).
    var keys: [Int: (key: String, candidates: [[Int]])] = [:]

    /// `describe(layer, candidates, writer)`: what else about each of the block's candidates of that layer
    /// (ascending; `position(of:in:)` finds one) changes the block's result, in their order.
    init(neighbourhoods: BlockNeighbourhoods, decisions: CacheByteWriter, threads: Int,
         describe: @escaping (Int, [Int], inout CacheByteWriter) -> Void) {
        let blocks = Array(neighbourhoods.byBlock)
        let made = parallelMap(count: blocks.count, threads: threads) { k, _ -> (Int, String, [[Int]]) in
            let (index, neighbourhood) = blocks[k]
            var writer = CacheByteWriter(capacity: 1024)
            writer.raw(neighbourhood.digest)
            writer.raw(decisions.bytes)
            for (l, list) in neighbourhood.candidates.enumerated() { describe(l, list, &writer) }
            return (index, SHA256.hex(writer.bytes), neighbourhood.candidates)
        }
        for (index, key, candidates) in made { keys[index] = (key, candidates) }
    }

    /// Where `feature` stands in the ascending `candidates`, if it is one.
    static func position(of feature: Int, in candidates: [Int]) -> Int? {
        var (low, high) = (0, candidates.count)
        while low < high {
            let middle = (low + high) / 2
            if candidates[middle] < feature { low = middle + 1 } else { high = middle }
        }
        return low < candidates.count && candidates[low] == feature ? low : nil
    }

    /// The keys of a run that decides nothing about its layers before the keys are needed: neighbourhoods and
    /// keys at once (`candidates` as for `BlockNeighbourhoods`).
    init(blocks: LoadedLayer, layers: [ConstraintLayer], context: CacheByteWriter, threads: Int,
         candidates: (CheckedFeature, Int, ThreadWorkspace) throws -> [Int],
         describe: @escaping (Int, [Int], inout CacheByteWriter) -> Void) {
        let neighbourhoods = BlockNeighbourhoods(blocks: blocks, layers: layers, context: context, threads: threads,
                                                 candidates: candidates)
        self.init(neighbourhoods: neighbourhoods, decisions: CacheByteWriter(), threads: threads, describe: describe)
    }
}

import Foundation
import MineScreenSupport
import MineScreenNative
import MineScreenIO

/// The cache key of every block of a run, and the layer features each key covers.
///
/// A block's key is the SHA-256 of: the cache format, the software versions and the build (`buildIdentity`), the
/// run's `context` (options and per-layer settings that change results), the block's geometry as analysed (after
/// reading, repair and any reprojection: exact coordinates), and per layer, in index order, the digest of every feature that could
/// touch the block (`candidates`: those whose envelope, grown by any buffer, meets the block's) with what the run
/// decided about it (`describe`: e.g. which other candidates it overlaps). A feature's digest covers its id and
/// exact geometry; so any edit to a feature near a block, or a feature moved near it or away, changes the key.
struct BlockCacheKeys {
    /// By block input index: the key, and per layer the candidate features (ascending layer indices).
    var keys: [Int: (key: String, candidates: [[Int]])] = [:]

    static let format = "minescreen block cache 1"

    /// `candidates(block, layer, workspace)`: the features of `layers[layer]` that could touch the block, any
    /// order. `describe(layer, feature, positionOf, writer)`: what else about a candidate changes the block's
    /// result (`positionOf` maps the block's candidates of that layer to their positions in its list).
    init(blocks: LoadedLayer, layers: [ConstraintLayer], context: CacheByteWriter, threads: Int,
         candidates: @escaping (CheckedFeature, Int, ThreadWorkspace) throws -> [Int],
         describe: @escaping (Int, Int, [Int: Int], inout CacheByteWriter) -> Void) {
        let found = parallelMap(count: blocks.features.count, threads: threads) { k, workspace -> [[Int]]? in
            try? layers.indices.map { Array(Set(try candidates(blocks.features[k], $0, workspace))).sorted() }
        }
        // Digests only of features some block could touch: most of a city's parcels are elsewhere.
        var digests: [[[UInt8]]] = []
        for l in layers.indices {
            var wanted = [Bool](repeating: false, count: layers[l].features.count)
            for perLayer in found { for c in perLayer?[l] ?? [] { wanted[c] = true } }
            let list = wanted.indices.filter { wanted[$0] }
            let features = layers[l].features
            let computed = parallelMap(count: list.count, threads: threads) { k, _ in Self.digest(of: features[list[k]]) }
            var byFeature = [[UInt8]](repeating: [], count: wanted.count)
            for (k, c) in list.enumerated() { byFeature[c] = computed[k] }
            digests.append(byFeature)
        }
        var header = CacheByteWriter()
        header.string(Self.format)
        for (name, version) in ProvenanceLog.software { header.string(name); header.string(version) }
        header.string(buildIdentity)
        header.raw(context.bytes)
        let prefix = header.bytes
        let made = parallelMap(count: blocks.features.count, threads: threads) { k, _ -> (Int, String, [[Int]])? in
            guard let perLayer = found[k] else { return nil }
            let block = blocks.features[k]
            var writer = CacheByteWriter(capacity: 4096)
            writer.raw(prefix)
            writer.geometry(block.shape)
            for (l, list) in perLayer.enumerated() {
                writer.int(list.count)
                let positionOf = Dictionary(uniqueKeysWithValues: list.enumerated().map { ($1, $0) })
                for c in list {
                    writer.raw(digests[l][c])
                    describe(l, c, positionOf, &writer)
                }
            }
            return (block.feature.index, SHA256.hex(writer.bytes), perLayer)
        }
        for case let (index, key, perLayer)? in made { keys[index] = (key, perLayer) }
    }

    /// A feature's id and exact geometry (and repair note: a repaired feature's geometry is the repaired one),
    /// digested: the first 16 bytes of their SHA-256 (an accidental collision among 2^64 features is unlikely;
    /// half the bytes to hash into every block's key, which names hundreds of parcels).
    static func digest(of feature: CheckedFeature) -> [UInt8] {
        var writer = CacheByteWriter(capacity: 256)
        writer.string(feature.feature.id)
        writer.geometry(feature.shape)
        writer.optional(feature.repairNote) { $0.string($1) }
        return Array(SHA256.digest(writer.bytes).prefix(16))
    }
}

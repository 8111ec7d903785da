import Foundation
import MineScreenSupport
import MineScreenNative
import MineScreenIO

/// What a block's cache entries depend on before a run decides anything about its layers: per block, the layer
/// features that could touch it (`candidates`: those whose envelope, grown by any buffer, meets the block's) and a
/// digest of the block's exact geometry with theirs. The block's contacts are kept under this digest
/// (`OverlapEngine.prepareLayers`); its result under a key that adds what the run decided (`BlockCacheKeys`).
struct BlockNeighbourhoods {
    struct Neighbourhood {
        /// SHA-256 of the cache format, the software and build, the run's `context`, the block's geometry and,
        /// per layer in index order, the digests of its candidates.
        var digest: [UInt8]
        /// Per layer, the candidate features, ascending.
        var candidates: [[Int]]
    }

    /// By block input index; a block whose candidates could not be found has none (it is computed, uncached).
    var byBlock: [Int: Neighbourhood] = [:]
    /// Per layer, `FeatureDigests.length` bytes per feature: the digest of each feature some block could touch
    /// (zeros for the others).
    var featureDigests: [[UInt8]] = []

    static let format = "minescreen block cache 2"

    /// `candidates(block, layer, workspace)`: the features of `layers[layer]` that could touch the block, any order.
    init(blocks: LoadedLayer, layers: [ConstraintLayer], context: CacheByteWriter, threads: Int,
         candidates: (CheckedFeature, Int, ThreadWorkspace) throws -> [Int]) {
        let found = parallelMap(count: blocks.features.count, threads: threads) { k, workspace -> [[Int]]? in
            try? layers.indices.map { l -> [Int] in
                let found = try candidates(blocks.features[k], l, workspace)
                // Ascending and distinct as a box tree answers; anything else is made so.
                return zip(found, found.dropFirst()).allSatisfy { $0 < $1 } ? found : Array(Set(found)).sorted()
            }
        }
        // Digests only of features some block could touch: most of a city's parcels are elsewhere.
        for l in layers.indices {
            var wanted = [Bool](repeating: false, count: layers[l].features.count)
            for perLayer in found { for c in perLayer?[l] ?? [] { wanted[c] = true } }
            featureDigests.append(FeatureDigests.of(layers[l].features, where: wanted, threads: threads))
        }
        var header = CacheByteWriter(format: Self.format)
        header.raw(context.bytes)
        let prefix = header.bytes
        let digests = featureDigests
        let made = parallelMap(count: blocks.features.count, threads: threads) { k, _ -> (Int, Neighbourhood)? in
            guard let perLayer = found[k] else { return nil }
            let block = blocks.features[k]
            var writer = CacheByteWriter(capacity: 4096)
            writer.raw(prefix)
            writer.geometry(block.shape)
            for (l, list) in perLayer.enumerated() {
                writer.int(list.count)
                // Through the digests' storage: a slice per candidate would retain and release the shared array
                // from both threads, ~190 000 times for a city.
                digests[l].withUnsafeBytes { all in
                    for c in list { writer.raw(UnsafeRawBufferPointer(rebasing: all[FeatureDigests.slot(of: c)])) }
                }
            }
            return (block.feature.index, Neighbourhood(digest: SHA256.digest(writer.bytes), candidates: perLayer))
        }
        for case let (index, neighbourhood)? in made { byBlock[index] = neighbourhood }
    }
}

/// A feature's id and exact geometry (and repair note: a repaired feature's geometry is the repaired one),
/// digested: the first 16 bytes of their SHA-256 (an accidental collision among 2^64 features is unlikely; half
/// the bytes to hash into every block's key, which names hundreds of parcels). Kept flat, 16 bytes per feature.
enum FeatureDigests {
    static let length = 16

    /// The digests of the features marked in `wanted`, zeros for the others; in chunks on `threads`, one
    /// writer and one hashing context per chunk.
    static func of(_ features: [CheckedFeature], where wanted: [Bool], threads: Int) -> [UInt8] {
        let chunk = 1024
        let chunks = parallelMap(count: (features.count + chunk - 1) / chunk, threads: threads) { n, _ -> [UInt8] in
            let range = (n * chunk)..<min(features.count, (n + 1) * chunk)
            var out = [UInt8](repeating: 0, count: range.count * length)
            let digester = SHA256Digester()
            var writer = CacheByteWriter(capacity: 1024)
            out.withUnsafeMutableBytes { buffer in
                for k in range where wanted[k] {
                    writer.removeAll()
                    message(of: k, in: features, &writer)
                    writer.bytes.withUnsafeBytes {
                        digester.digest($0, into: UnsafeMutableRawBufferPointer(rebasing: buffer[slot(of: k - range.lowerBound)]))
                    }
                }
            }
            return out
        }
        return Array(chunks.joined())
    }

    /// What a feature's digest covers.
    /// Read field by field from the array: copying the whole `CheckedFeature` would retain and release each of its
    /// references, for every feature a block can touch.
    static func message(of k: Int, in features: [CheckedFeature], _ writer: inout CacheByteWriter) {
        writer.string(features[k].feature.id)
        writer.geometry(features[k].shape)
        writer.optional(features[k].repairNote) { $0.string($1) }
    }

    /// Where a feature's digest lies in the flat digests of its layer.
    static func slot(of feature: Int) -> Range<Int> { (feature * length)..<((feature + 1) * length) }

    static func digest(_ feature: Int, in digests: [UInt8]) -> ArraySlice<UInt8> { digests[slot(of: feature)] }
}

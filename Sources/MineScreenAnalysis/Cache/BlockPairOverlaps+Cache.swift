import Foundation
import MineScreenSupport
import MineScreenNative
import MineScreenIO

/// `--cache` for the overlaps between blocks (`BlockPairOverlaps`): they depend on the blocks alone, which a
/// layer edit leaves as they were. One entry for all pairs, under the digest of every block's id and exact
/// geometry in input order, the blocks' CRS, the software and the build. Not kept when measuring a pair failed
/// (the error is reported, and measured again next time).
extension BlockPairOverlaps {
    /// Names the payload (which also tells this entry apart from a block's result) and keys it.
    static let format = "minescreen block pairs 1"

    static func cacheKey(_ blocks: LoadedLayer, threads: Int) -> String {
        var writer = CacheByteWriter(format: format)
        writer.string(String(describing: blocks.crs))
        writer.int(blocks.features.count)
        writer.raw(FeatureDigests.of(blocks.features, where: [Bool](repeating: true, count: blocks.features.count), threads: threads))
        return SHA256.hex(writer.bytes)
    }

    /// Per block in input order, its neighbours by position in `blocks.features`, each with no overlap (0) or
    /// the shared area (1, then the area's bits). Nil when some pair failed to be measured.
    func encode(_ blocks: LoadedLayer) -> [UInt8]? {
        var writer = CacheByteWriter()
        writer.string(Self.format)
        writer.int(blocks.features.count)
        for feature in blocks.features {
            let list = neighbours[feature.feature.index] ?? []
            writer.int(list.count)
            for other in list {
                guard case .success(let area) = other.area else { return nil }
                writer.int(other.position)
                writer.optional(area) { $0.double($1) }
            }
        }
        return writer.bytes
    }

    static func decode(_ payload: [UInt8], blocks: LoadedLayer) throws -> BlockPairOverlaps {
        let features = blocks.features
        var reader = CacheByteReader(payload)
        guard try reader.string() == format, try reader.int() == features.count else { throw CacheByteReader.Damaged() }
        var pairs = BlockPairOverlaps()
        for feature in features {
            var list: [(position: Int, id: String, area: Result<Double?, Error>)] = []
            for _ in 0..<(try reader.count(minimumSize: 9)) {
                let j = try reader.int()
                guard features.indices.contains(j) else { throw CacheByteReader.Damaged() }
                list.append((j, features[j].feature.id, .success(try reader.optional { try $0.double() })))
            }
            pairs.neighbours[feature.feature.index] = list
        }
        guard reader.isAtEnd else { throw CacheByteReader.Damaged() }
        return pairs
    }
}

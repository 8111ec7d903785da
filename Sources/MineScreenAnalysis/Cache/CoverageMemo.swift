import Foundation
import MineScreenSupport
import MineScreenNative
import MineScreenIO

/// What the last run with a cache found in a layer's coverage check (`ConstraintLayer.checkCoverage`), kept by
/// feature digest (`FeatureDigests`): which features were candidates, which of them overlapped none of the
/// others, and the pairs that overlapped. A run over an edited layer then tests only the pairs that can have changed.
///
/// Why a pair needs no test: two features of this run whose digests were both candidates last time had their pair
/// tested then (their boxes meet, or it needs no test now either), and their shapes are the ones tested then (the
/// pair test is a property of the two shapes): they overlap now if and only if the memo lists their pair, and
/// not if either overlapped nothing. Any memo is right on its own terms, whichever run wrote it (runs
/// sharing a cache may replace each other's): it is one entry, its candidates and their flags written together.
/// A digest found twice among this run's candidates (the same feature twice) is not looked up: such copies were
/// never tested against each other.
enum CoverageMemo {
    /// Per feature, in `previous`: not a candidate last time (or not looked up).
    static let unknown: UInt8 = 0
    /// A candidate last time that overlapped another candidate.
    static let overlapped: UInt8 = 1
    /// A candidate last time that overlapped none.
    static let clean: UInt8 = 2

    /// A feature digest as two words (little-endian); its bits are a hash already.
    struct Digest: Equatable {
        var high: UInt64
        var low: UInt64

        init(high: UInt64, low: UInt64) { (self.high, self.low) = (high, low) }

        /// Feature `feature`'s digest in `digests` (`FeatureDigests`).
        init(_ feature: Int, in digests: UnsafeRawBufferPointer) {
            let offset = feature * FeatureDigests.length
            high = UInt64(littleEndian: digests.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            low = UInt64(littleEndian: digests.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
        }

        /// The next digest `reader` holds.
        init(_ reader: inout CacheByteReader) throws {
            high = try reader.uint64()
            low = try reader.uint64()
        }
    }

    /// A table from digest to a byte (0: absent), by open addressing on the digest's own bits: a memo holds a
    /// city's parcels, and a Swift dictionary would hash each digest again.
    struct DigestTable {
        private var keys: [Digest?]
        private var values: [UInt8]
        private let mask: Int

        init(capacity: Int) {
            var size = 16
            while size < 2 * capacity { size <<= 1 }
            keys = [Digest?](repeating: nil, count: size)
            values = [UInt8](repeating: 0, count: size)
            mask = size - 1
        }

        private func slot(of digest: Digest) -> Int {
            var slot = Int(truncatingIfNeeded: digest.low) & mask
            while let key = keys[slot], key != digest { slot = (slot + 1) & mask }
            return slot
        }

        subscript(digest: Digest) -> UInt8 {
            get { values[slot(of: digest)] }
            set {
                let slot = slot(of: digest)
                keys[slot] = digest
                values[slot] = newValue
            }
        }
    }

    /// What a memo says about this run's candidates.
    struct Known {
        /// Per feature of the layer: `unknown`, `overlapped` or `clean`.
        var flags: [UInt8]
        /// Of two features both known (not `unknown`), whether they overlapped last time: for two `overlapped`
        /// ones, whether the memo lists their pair; false when either is `clean`.
        var overlapped: (Int, Int) -> Bool
    }

    /// Names the payload (which also tells a memo apart from a block's result) and keys it.
    static let format = "minescreen coverage memo 2"

    /// The memo's key: one memo per layer name and CRS, for this build.
    static func key(_ layer: ConstraintLayer) -> String {
        var writer = CacheByteWriter(format: format)
        writer.string(layer.name)
        writer.string(String(describing: layer.crs))
        return SHA256.hex(writer.bytes)
    }

    /// What the memo in `cache` says of this run's ascending `candidates` of `layer`, whose `digests`
    /// (`FeatureDigests`, by feature) are known; nil without a memo.
    static func known(in cache: ResultCache, layer: ConstraintLayer, candidates: [Int], digests: [UInt8]) -> Known? {
        guard let (flags, pairs) = cache.lookup(key(layer), countsBlock: false, decode: decode) else { return nil }
        let own = digests.withUnsafeBytes { bytes in candidates.map { Digest($0, in: bytes) } }
        // How often each digest occurs among this run's candidates, up to twice.
        var seen = DigestTable(capacity: own.count)
        for digest in own { seen[digest] = min(2, seen[digest] + 1) }
        var previous = [UInt8](repeating: unknown, count: layer.features.count)
        for (c, digest) in zip(candidates, own) where seen[digest] == 1 { previous[c] = flags[digest] }
        let digestOf = Dictionary(uniqueKeysWithValues: zip(candidates, own).filter { previous[$0.0] == overlapped })
        return Known(flags: previous, overlapped: { i, j in
            guard let a = digestOf[i], let b = digestOf[j] else { return false }
            return pairs.contains(DigestPair(a, b))
        })
    }

    /// Keeps this run's candidates (ascending), which of them overlap another (`overlapping`) and the pairs that do.
    static func store(in cache: ResultCache, layer: ConstraintLayer, candidates: [Int], digests: [UInt8], state: LayerRunState) {
        var writer = CacheByteWriter(capacity: candidates.count * (FeatureDigests.length + 1) + 64)
        writer.string(format)
        writer.int(candidates.count)
        for c in candidates {
            writer.raw(FeatureDigests.digest(c, in: digests))
            writer.bool(!state.overlappingFeatures.contains(c))
        }
        let pairs = state.overlapNeighbours.flatMap { i, list in list.filter { $0 > i }.map { (i, $0) } }
        writer.int(pairs.count)
        for (i, j) in pairs {
            writer.raw(FeatureDigests.digest(i, in: digests))
            writer.raw(FeatureDigests.digest(j, in: digests))
        }
        cache.store(key(layer), payload: writer.bytes)
    }

    /// Two digests in either order.
    struct DigestPair: Hashable {
        var first: UInt64, second: UInt64, third: UInt64, fourth: UInt64

        init(_ a: Digest, _ b: Digest) {
            let (low, high) = (a.high, a.low) < (b.high, b.low) ? (a, b) : (b, a)
            (first, second, third, fourth) = (low.high, low.low, high.high, high.low)
        }
    }

    /// The memo's flags by digest; a digest listed twice (the same feature twice last time) is `overlapped`
    /// unless both copies were clean.
    static func decode(_ payload: [UInt8]) throws -> (DigestTable, Set<DigestPair>) {
        var reader = CacheByteReader(payload)
        guard try reader.string() == format else { throw CacheByteReader.Damaged() }
        let count = try reader.count(minimumSize: FeatureDigests.length + 1)
        var flags = DigestTable(capacity: count)
        for _ in 0..<count {
            let digest = try Digest(&reader)
            let flag = try reader.bool() ? clean : overlapped
            let before = flags[digest]
            flags[digest] = before == unknown ? flag : min(flag, before)
        }
        var pairs = Set<DigestPair>()
        for _ in 0..<(try reader.count(minimumSize: 2 * FeatureDigests.length)) {
            pairs.insert(DigestPair(try Digest(&reader), try Digest(&reader)))
        }
        guard reader.isAtEnd else { throw CacheByteReader.Damaged() }
        return (flags, pairs)
    }
}

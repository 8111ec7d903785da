import Foundation
import MineScreenSupport
import MineScreenGeometry
import MineScreenNative

/// `--cache` when reading a constraint layer: what loading a file gave (its features checked, its rejections),
/// kept by the SHA-256 of the file's bytes and the options that shape the load. A re-run over a file that has not
/// changed (the red line, when only the farmland was adjusted) decodes it instead of parsing and checking every
/// feature again.
///
/// Why a decoded layer is the one a load would give: loading is a function of the bytes, the load options the key
/// holds, and the build (also in the key); the file's path only names it in rejections, which are given this
/// run's path. Only what can be restored exactly is kept: layers read without properties (`keepsProperties`
/// false) from GeoJSON with no warning from reading (not a GBK file; a survey format keeps its raw coordinates,
/// which a snapshot does not hold).
/// A snapshot that cannot be decoded is a miss: the file is loaded as always. One larger than the cache reads back
/// (`ResultCache.largestEntry`) is not written.
///
/// Payload: the format name; the file's CRS (authority, code) and where it came from; the count of features in
/// the file; the checked features in chunks of `chunk` (each chunk's byte length first, so chunks decode in
/// parallel), each its index, flags, id, geometry as read and shape; then the rejections.
package enum LayerSnapshot {
    static let format = "minescreen layer snapshot 1"
    static let chunk = 4096
    /// The fewest bytes an encoded feature takes (index, flags, an empty id, the smallest geometry, no repair note):
    /// a count of features is never more than the payload could hold.
    static let smallestFeature = 8 + 1 + 8 + 16 + 1

    /// The key of a file whose bytes hash to `sha256`, loaded with `options` (that `lastReadKey` accepts).
    package static func key(sha256: String, options: LoadOptions) -> String {
        var key = CacheByteWriter(format: format)
        key.string(sha256)
        settings(options, &key)
        return SHA256.hex(key.bytes)
    }

    /// The key of the `LastRead` of the layer `options` load (by its role: `LoadOptions.provenanceRole`); nil when
    /// such a load is not kept: properties kept, a PROJ pipeline, a database's extent filter.
    package static func lastReadKey(options: LoadOptions) -> String? {
        guard !options.keepsProperties, options.pipeline == nil, options.spatialFilter == nil else { return nil }
        var key = CacheByteWriter(format: LastRead.format)
        key.string(options.provenanceRole)
        settings(options, &key)
        return SHA256.hex(key.bytes)
    }

    /// The load options that shape what a load gives.
    private static func settings(_ options: LoadOptions, _ key: inout CacheByteWriter) {
        key.optional(options.idField) { $0.string($1) }
        key.optional(options.crsOverride) { $0.string($1.authority); $0.string($1.code) }
        key.bool(options.repair)
        key.string(String(describing: options.accepted))
        key.optional(options.towgs84) { writer, values in writer.int(values.count); for v in values { writer.double(v) } }
        key.string(options.format.rawValue)
    }

    /// What the last load of a layer in a role saw: the file's size, and its SHA-256 when that load hashed it first
    /// ("" when it did not). Whether a load hashes first and keeps a snapshot follows from it: a file of another
    /// size is not hashed first (it has changed; its digest is taken while it is parsed, as without a cache), and a
    /// file that changed since a load that hashed it gets no snapshot (a layer that changed between runs, such as the
    /// farmland under adjustment, is likely to change again: its tens of MB would be written for nothing). Any
    /// other file is hashed first: decoded from its snapshot if there is one, its snapshot kept otherwise. The
    /// marker only steers effort; what is decoded is found by the file's digest.
    /// `keepable` false: that load found the file cannot be kept (a survey format, a GBK file, a snapshot larger
    /// than an entry may be): the same file is then read at once, as without a cache.
    package struct LastRead: Equatable {
        static let format = "minescreen layer last read 2"
        var size: Int
        var sha256: String
        var keepable = true

        init(size: Int, sha256: String, keepable: Bool = true) { (self.size, self.sha256, self.keepable) = (size, sha256, keepable) }

        init(_ payload: [UInt8]) throws {
            var reader = CacheByteReader(payload)
            guard try reader.string() == Self.format else { throw CacheByteReader.Damaged() }
            size = try reader.int()
            sha256 = try reader.string()
            keepable = try reader.bool()
            guard reader.isAtEnd else { throw CacheByteReader.Damaged() }
        }

        var payload: [UInt8] {
            var writer = CacheByteWriter()
            writer.string(Self.format)
            writer.int(size)
            writer.string(sha256)
            writer.bool(keepable)
            return writer.bytes
        }
    }

    /// What a load found, before its warnings and provenance are worked out.
    package struct Contents {
        package var crs: CRSIdentifier
        package var crsSource: String
        package var inputCount: Int
        package var features: [CheckedFeature]
        package var rejected: [Rejection]
    }

    private struct Flags: OptionSet {
        let rawValue: UInt8
        static let idIsIndex = Flags(rawValue: 1)
        static let hasIdField = Flags(rawValue: 2)
        static let hasGeometry = Flags(rawValue: 4)
        static let shapeIsGeometry = Flags(rawValue: 8)
        static let all: UInt8 = 15
    }

    /// The payload for `contents`; nil when a feature holds what the snapshot cannot restore (properties, a read
    /// problem).
    package static func encode(_ contents: Contents, threads: Int) -> [UInt8]? {
        let features = contents.features
        let chunks = parallelMap(count: (features.count + chunk - 1) / chunk, threads: threads) { c, _ -> [UInt8]? in
            var writer = CacheByteWriter()
            for f in features[(c * chunk)..<min(features.count, (c + 1) * chunk)] {
                let feature = f.feature
                guard feature.properties.isEmpty, feature.readProblem == nil else { return nil }
                var flags: Flags = []
                if feature.idIsIndex { flags.insert(.idIsIndex) }
                if feature.hasIdField { flags.insert(.hasIdField) }
                if feature.geometry != nil { flags.insert(.hasGeometry) }
                if feature.geometry == f.shape { flags.insert(.shapeIsGeometry) }
                writer.int(feature.index)
                writer.uint8(flags.rawValue)
                writer.string(feature.id)
                if let geometry = feature.geometry { writer.geometry(geometry) }
                if !flags.contains(.shapeIsGeometry) { writer.geometry(f.shape) }
                writer.optional(f.repairNote) { $0.string($1) }
            }
            return writer.bytes
        }
        var payload = CacheByteWriter()
        payload.string(format)
        payload.string(contents.crs.authority)
        payload.string(contents.crs.code)
        payload.string(contents.crsSource)
        payload.int(contents.inputCount)
        payload.int(features.count)
        payload.int(chunks.count)
        for chunk in chunks {
            guard let chunk else { return nil }
            payload.int(chunk.count)
        }
        // A snapshot larger than any entry the cache reads back is not written.
        guard chunks.reduce(0, { $0 + ($1?.count ?? 0) }) + CacheEntry.headerSize + 4096 < ResultCache.largestEntry else { return nil }
        for case let chunk? in chunks { payload.raw(chunk) }
        payload.int(contents.rejected.count)
        for rejection in contents.rejected {
            payload.int(rejection.index)
            payload.string(rejection.id)
            payload.string(rejection.reason)
            payload.optional(rejection.extent) { writer, box in
                for v in [box.minLon, box.minLat, box.maxLon, box.maxLat] { writer.double(v) }
            }
        }
        guard payload.bytes.count + CacheEntry.headerSize <= ResultCache.largestEntry else { return nil }
        return payload.bytes
    }

    /// What `encode` wrote, for a file now at `path` (its rejections name it).
    package static func decode(_ payload: [UInt8], path: String, threads: Int) throws -> Contents {
        var reader = CacheByteReader(payload)
        guard try reader.string() == format else { throw CacheByteReader.Damaged() }
        let crs = CRSIdentifier(authority: try reader.string(), code: try reader.string())
        let crsSource = try reader.string()
        let inputCount = try reader.int()
        let featureCount = try reader.count(minimumSize: smallestFeature)
        let chunkCount = try reader.count(minimumSize: 8)
        guard chunkCount == (featureCount + chunk - 1) / chunk, featureCount <= inputCount else { throw CacheByteReader.Damaged() }
        var starts: [Int] = []
        var start = 0
        for _ in 0..<chunkCount {
            let length = try reader.count()
            starts.append(start)
            start += length
        }
        let base = reader.position
        starts.append(start)
        _ = try reader.bytes(start)
        let decoded = parallelMap(count: chunkCount, threads: threads) { c, _ -> [CheckedFeature]? in
            guard var chunkReader = try? CacheByteReader(payload, from: base + starts[c]) else { return nil }
            let count = min(chunk, featureCount - c * chunk)
            var features: [CheckedFeature] = []
            features.reserveCapacity(count)
            do {
                for _ in 0..<count { features.append(try feature(&chunkReader)) }
            } catch {
                return nil
            }
            return chunkReader.position == base + starts[c + 1] ? features : nil
        }
        var features: [CheckedFeature] = []
        features.reserveCapacity(featureCount)
        for chunk in decoded {
            guard let chunk else { throw CacheByteReader.Damaged() }
            features += chunk
        }
        var rejected: [Rejection] = []
        for _ in 0..<(try reader.count(minimumSize: 25)) {
            var rejection = Rejection(index: try reader.int(), id: try reader.string(), file: path, reason: try reader.string())
            rejection.extent = try reader.optional { reader in
                LonLatBox(minLon: try reader.double(), minLat: try reader.double(), maxLon: try reader.double(), maxLat: try reader.double())
            }
            rejected.append(rejection)
        }
        guard reader.isAtEnd, features.count + rejected.count == inputCount else { throw CacheByteReader.Damaged() }
        return Contents(crs: crs, crsSource: crsSource, inputCount: inputCount, features: features, rejected: rejected)
    }

    private static func feature(_ reader: inout CacheByteReader) throws -> CheckedFeature {
        let index = try reader.int()
        let raw = try reader.uint8()
        guard raw & ~Flags.all == 0 else { throw CacheByteReader.Damaged() }
        let flags = Flags(rawValue: raw)
        var feature = Feature(index: index, id: try reader.string(), geometry: nil)
        feature.idIsIndex = flags.contains(.idIsIndex)
        feature.hasIdField = flags.contains(.hasIdField)
        if flags.contains(.hasGeometry) { feature.geometry = try reader.geometry() }
        let shape: Geometry
        if flags.contains(.shapeIsGeometry) {
            guard let geometry = feature.geometry else { throw CacheByteReader.Damaged() }
            shape = geometry
        } else {
            shape = try reader.geometry()
        }
        let repairNote = try reader.optional { try $0.string() }
        return CheckedFeature(feature: feature, shape: shape, repairNote: repairNote)
    }
}

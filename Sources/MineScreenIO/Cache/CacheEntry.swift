import Foundation
import MineScreenSupport
import MineScreenNative

/// One cache entry as stored on disk: a header that names its key and checks its payload, then the payload.
///
///     "MSCACHE1"  8 bytes   magic and format version
///     key         64 bytes  the entry's key (hex SHA-256), also its file name
///     length      8 bytes   payload length, little-endian
///     sha256      64 bytes  hex SHA-256 of the payload
///     payload     length bytes
///
/// An entry is used only when all of it checks: a truncated, padded, corrupted or misplaced file is a miss.
public enum CacheEntry {
    static let magic = Array("MSCACHE1".utf8)
    static let headerSize = 8 + 64 + 8 + 64

    public static func encode(key: String, payload: [UInt8]) -> [UInt8] {
        precondition(key.utf8.count == 64, "cache keys are hex SHA-256 digests")
        var writer = CacheByteWriter()
        writer.raw(magic)
        writer.raw(Array(key.utf8))
        writer.uint64(UInt64(payload.count))
        writer.raw(Array(SHA256.hex(payload).utf8))
        writer.raw(payload)
        return writer.bytes
    }

    /// The payload when `bytes` is a whole, intact entry for `key`; nil otherwise.
    public static func decode(_ bytes: [UInt8], key: String) -> [UInt8]? {
        guard bytes.count >= headerSize, Array(bytes[0..<8]) == magic, Array(bytes[8..<72]) == Array(key.utf8) else { return nil }
        var reader = CacheByteReader(Array(bytes[72..<80]))
        guard let length = try? reader.uint64(), length == UInt64(bytes.count - headerSize) else { return nil }
        let payload = Array(bytes[headerSize...])
        guard Array(bytes[80..<144]) == Array(SHA256.hex(payload).utf8) else { return nil }
        return payload
    }
}

import CCrypto

/// SHA-256 (FIPS 180-4) of a byte stream, for the input checksums of a report's provenance and the keys of
/// `--cache`: OpenSSL's libcrypto (EVP), which uses the processor's SHA instructions where it has them
/// (about 1.4 GB/s here, eight times a portable Swift implementation).
///
/// A value: a copy hashes on from where the original stood (the context is copied before either changes).
public struct SHA256 {
    private var context: DigestContext
    private var finished = false

    public init() {
        context = DigestContext()
    }

    /// The digest of `bytes` as 64 lowercase hex digits, as `sha256sum` prints it.
    public static func hex<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hash = SHA256()
        hash.update(bytes)
        return hash.finalizeHex()
    }

    /// Adds `bytes` to the message.
    public mutating func update<Bytes: Collection>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        precondition(!finished, "SHA256.update after finalizeHex")
        if !isKnownUniquelyReferenced(&context) { context = context.copy() }
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in context.update(UnsafeRawBufferPointer(buffer)) }
        if done == nil {
            let contiguous = Array(bytes)
            contiguous.withUnsafeBytes { context.update($0) }
        }
    }

    /// The 32-byte digest of `bytes`.
    public static func digest<Bytes: Collection>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var hash = SHA256()
        hash.update(bytes)
        return hash.finalize()
    }

    /// The digest of everything added, 32 bytes; the hash takes no more bytes after this.
    public mutating func finalize() -> [UInt8] {
        precondition(!finished, "SHA256 finalized twice")
        if !isKnownUniquelyReferenced(&context) { context = context.copy() }
        finished = true
        return context.finish()
    }

    /// The digest of everything added, as 64 lowercase hex digits; the hash takes no more bytes after this.
    public mutating func finalizeHex() -> String {
        let digest = finalize()
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// The one owner of an `EVP_MD_CTX`, freed in `deinit`. Not shared between threads: each `SHA256` value
/// holds its own (copied before a shared one would change).
final class DigestContext {
    private let raw: OpaquePointer

    init() {
        guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new: out of memory") }
        raw = context
        guard EVP_DigestInit_ex(raw, EVP_sha256(), nil) == 1 else { fatalError("EVP_DigestInit_ex(SHA-256) failed") }
    }

    private init(copying other: DigestContext) {
        guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new: out of memory") }
        raw = context
        guard EVP_MD_CTX_copy_ex(raw, other.raw) == 1 else { fatalError("EVP_MD_CTX_copy_ex failed") }
    }

    deinit { EVP_MD_CTX_free(raw) }

    func copy() -> DigestContext { DigestContext(copying: self) }

    func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        guard EVP_DigestUpdate(raw, base, bytes.count) == 1 else { fatalError("EVP_DigestUpdate failed") }
    }

    func finish() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(raw, &digest, &length) == 1, length == 32 else { fatalError("EVP_DigestFinal_ex failed") }
        return Array(digest.prefix(32))
    }
}

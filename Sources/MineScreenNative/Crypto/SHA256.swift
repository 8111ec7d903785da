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

/// Digests of many short messages in turn, on one thread (a layer's features for `--cache`): one OpenSSL context,
/// set up again for each message rather than made and freed, and no array per digest.
public final class SHA256Digester {
    private let context = DigestContext()
    private var fresh = true

    public init() {}

    /// Writes the first `output.count` bytes (at most 32) of the SHA-256 of `message` to `output`.
    public func digest(_ message: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) {
        precondition(output.count <= 32, "a SHA-256 digest has 32 bytes")
        if !fresh { context.restart() }
        fresh = false
        context.update(message)
        context.finish(into: output)
    }
}

/// The one owner of an `EVP_MD_CTX`, freed in `deinit`. Not shared between threads: each `SHA256` value
/// holds its own (copied before a shared one would change).
final class DigestContext {
    private let raw: OpaquePointer
    /// SHA-256 fetched once for the process: OpenSSL 3 looks the algorithm up again on every initialisation
    /// given `EVP_sha256()`, which costs more than hashing a feature. Never freed: it lives as long as the process.
    private static let algorithm: OpaquePointer = {
        guard let md = EVP_MD_fetch(nil, "SHA256", nil) else { fatalError("EVP_MD_fetch(SHA256) failed") }
        return md
    }()

    init() {
        guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new: out of memory") }
        raw = context
        guard EVP_DigestInit_ex2(raw, Self.algorithm, nil) == 1 else { fatalError("EVP_DigestInit_ex2(SHA-256) failed") }
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
        var digest = [UInt8](repeating: 0, count: 32)
        digest.withUnsafeMutableBytes { finish(into: $0) }
        return digest
    }

    /// The digest's first `output.count` bytes (at most 32) into `output`, without an array.
    func finish(into output: UnsafeMutableRawBufferPointer) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Int(EVP_MAX_MD_SIZE)) { digest in
            var length: UInt32 = 0
            guard EVP_DigestFinal_ex(raw, digest.baseAddress, &length) == 1, length == 32 else { fatalError("EVP_DigestFinal_ex failed") }
            output.copyMemory(from: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(digest)[0..<output.count]))
        }
    }

    /// Starts a new message on this context (after `finish`).
    func restart() {
        guard EVP_DigestInit_ex2(raw, Self.algorithm, nil) == 1 else { fatalError("EVP_DigestInit_ex2(SHA-256) failed") }
    }
}

import Foundation
import XCTest
import MineScreenNative

/// SHA-256 against the FIPS 180-4 example digests (NIST CSRC "Examples with intermediate values") and
/// against the system's `sha256sum` on fixture files.
final class SHA256Tests: XCTestCase {
    func testFIPSExamples() {
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hex([UInt8]()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Fed in uneven pieces (crossing block boundaries, non-contiguous slices) it gives the one-shot digest.
    func testPiecewiseUpdateMatchesOneShot() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var hash = SHA256()
        var offset = 0
        for size in [1, 63, 64, 65, 0, 127, 300] {
            hash.update(bytes[offset..<min(bytes.count, offset + size)])
            offset = min(bytes.count, offset + size)
        }
        hash.update(bytes[offset...].reversed().reversed())
        XCTAssertEqual(hash.finalizeHex(), SHA256.hex(bytes))
        // Padding edge cases: 55, 56 and 64 bytes need one or two final blocks (digests from `sha256sum`).
        for (count, expected) in [(55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
                                  (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
                                  (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")] {
            XCTAssertEqual(SHA256.hex([UInt8](repeating: 0x61, count: count)), expected, "\(count) × a")
        }
    }

    /// A copy hashes on from where the original stood, and neither disturbs the other.
    func testCopiesAreIndependent() {
        var first = SHA256()
        first.update(Array("ab".utf8))
        var second = first
        second.update(Array("c".utf8))
        first.update(Array("x".utf8))
        XCTAssertEqual(second.finalizeHex(), SHA256.hex(Array("abc".utf8)))
        XCTAssertEqual(first.finalizeHex(), SHA256.hex(Array("abx".utf8)))
    }

    func testAgreesWithSha256sumOnFixtures() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        for name in ["Fixtures/demo/farmland.geojson", "Fixtures/coordfile/blocks-gbk.txt", "Fixtures/gdal/changzhi-cs21.gpkg"] {
            let path = root.appendingPathComponent(name).path
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
            process.arguments = [path]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            let expected = String(text.prefix(64))
            XCTAssertEqual(SHA256.hex(try Data(contentsOf: URL(fileURLWithPath: path))), expected, name)
        }
    }
}

/// `SHA256Digester` (one context for many messages in turn) against the FIPS 180-4 examples, and prefixes.
final class SHA256DigesterTests: XCTestCase {
    func digest(_ digester: SHA256Digester, _ message: [UInt8], length: Int = 32) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: length)
        message.withUnsafeBytes { bytes in out.withUnsafeMutableBytes { digester.digest(bytes, into: $0) } }
        return out
    }

    func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    func testMessagesInTurnGiveTheirOwnDigests() {
        let digester = SHA256Digester()
        // Each message after another: nothing of the one before may carry over.
        for _ in 0..<3 {
            XCTAssertEqual(hex(digest(digester, Array("abc".utf8))), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
            XCTAssertEqual(hex(digest(digester, [])), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
            XCTAssertEqual(hex(digest(digester, Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))),
                           "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        }
        // A prefix is the digest's first bytes.
        XCTAssertEqual(hex(digest(digester, Array("abc".utf8), length: 16)), "ba7816bf8f01cfea414140de5dae2223")
    }
}

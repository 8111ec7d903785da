import XCTest
import MineScreenGeometry
@testable import MineScreenIO

/// `CacheByteWriter`'s layout, written out by hand: a key or a feature digest depends on these exact bytes.
final class CacheBytesTests: XCTestCase {
    func littleEndian(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) } }

    func testPositionsAreCountThenEachXAndY() {
        let ring = [Position(112.5, 36.25), Position(-0.0, .infinity), Position(1e-300, -7)]
        var writer = CacheByteWriter()
        writer.positions(ring)
        var expected = littleEndian(3)
        for p in ring { expected += littleEndian(p.x.bitPattern) + littleEndian(p.y.bitPattern) }
        XCTAssertEqual(writer.bytes, expected)
        var reader = CacheByteReader(writer.bytes)
        XCTAssertEqual(try reader.positions(), ring)
        XCTAssertTrue(reader.isAtEnd)
    }

    func testStringsAreLengthThenUTF8AndRemoveAllEmpties() throws {
        var writer = CacheByteWriter()
        writer.string("耕地-1")
        XCTAssertEqual(writer.bytes, littleEndian(8) + Array("耕地-1".utf8))
        var reader = CacheByteReader(writer.bytes)
        XCTAssertEqual(try reader.string(), "耕地-1")
        writer.removeAll()
        XCTAssertEqual(writer.bytes, [])
        writer.raw([1, 2, 3][1...])
        XCTAssertEqual(writer.bytes, [2, 3])
        var short = CacheByteReader([1, 2])
        XCTAssertEqual(Array(try short.bytes(2)), [1, 2])
        XCTAssertThrowsError(try short.bytes(1))
    }
}

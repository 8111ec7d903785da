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

    /// Every kind of geometry reads back as written, bit for bit, from wherever it starts in a larger payload;
    /// a kind or count that cannot be is damage.
    func testGeometriesReadBackFromAnyOffset() throws {
        let ring = [Position(112, 36), Position(112.5, -0.0), Position(112.5, 36.5), Position(112, 36)]
        let hole = [Position(112.1, 36.1), Position(112.2, 36.1), Position(112.2, 36.2), Position(112.1, 36.1)]
        let geometries: [Geometry] = [
            .point(Position(1e-300, -7)), .multiPoint(ring), .lineString(hole), .multiLineString([ring, hole, []]),
            .polygon(Polygon(rings: [ring, hole])), .multiPolygon([Polygon(rings: [ring]), Polygon(rings: [])]),
            .unsupported(typeName: "GeometryCollection"),
        ]
        var writer = CacheByteWriter()
        writer.uint8(0xA5)
        var offsets: [Int] = []
        for geometry in geometries {
            offsets.append(writer.bytes.count)
            writer.geometry(geometry)
        }
        var reader = CacheByteReader(writer.bytes)
        XCTAssertEqual(try reader.uint8(), 0xA5)
        for geometry in geometries { XCTAssertEqual(try reader.geometry(), geometry) }
        XCTAssertTrue(reader.isAtEnd)
        for (offset, geometry) in zip(offsets, geometries).reversed() {
            var from = try CacheByteReader(writer.bytes, from: offset)
            XCTAssertEqual(from.position, offset)
            XCTAssertEqual(try from.geometry(), geometry)
        }
        XCTAssertThrowsError(try CacheByteReader(writer.bytes, from: writer.bytes.count + 1))
        var unknownKind = CacheByteWriter()
        unknownKind.int(8)
        var bad = CacheByteReader(unknownKind.bytes)
        XCTAssertThrowsError(try bad.geometry())
        var twoPoints = CacheByteWriter()
        twoPoints.int(1)
        twoPoints.positions([Position(1, 2), Position(3, 4)])
        bad = CacheByteReader(twoPoints.bytes)
        XCTAssertThrowsError(try bad.geometry())
        var end = CacheByteReader([])
        XCTAssertThrowsError(try end.uint8())
    }
}

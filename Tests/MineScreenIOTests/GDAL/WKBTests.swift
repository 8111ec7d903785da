import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

final class WKBTests: XCTestCase {
    private func bytes(_ order: UInt8 = 1, _ type: UInt32, _ body: [Any]) -> [UInt8] {
        var out: [UInt8] = [order]
        func u32(_ v: UInt32) { withUnsafeBytes(of: order == 1 ? v.littleEndian : v.bigEndian) { out += $0 } }
        u32(type)
        for item in body {
            switch item {
            case let v as UInt32: u32(v)
            case let v as Double: withUnsafeBytes(of: order == 1 ? v.bitPattern.littleEndian : v.bitPattern.bigEndian) { out += $0 }
            case let v as [UInt8]: out += v
            default: fatalError()
            }
        }
        return out
    }

    func testRoundTripOfTheWriter() throws {
        let square = Polygon(rings: [[Position(0, 0), Position(1, 0), Position(1, 1), Position(0, 0)],
                                     [Position(0.2, 0.1), Position(0.3, 0.1), Position(0.3, 0.2), Position(0.2, 0.1)]])
        XCTAssertEqual(try WKB.decode(WKB.encode([square], multi: false)), .polygon(square))
        XCTAssertEqual(try WKB.decode(WKB.encode([square, square], multi: true)), .multiPolygon([square, square]))
    }

    func testZAndMAreDroppedAndBigEndianRead() throws {
        let ring: [Any] = [UInt32(1), UInt32(4), 1.0, 2.0, 9.0, 3.0, 4.0, 9.0, 5.0, 6.0, 9.0, 1.0, 2.0, 9.0]
        let expected = Geometry.polygon(Polygon(rings: [[Position(1, 2), Position(3, 4), Position(5, 6), Position(1, 2)]]))
        XCTAssertEqual(try WKB.decode(bytes(1, 1003, ring)), expected)  // ISO PolygonZ
        XCTAssertEqual(try WKB.decode(bytes(0, 2003, ring)), expected)  // ISO PolygonM, big-endian
        let zm: [Any] = [UInt32(1), UInt32(4), 1.0, 2.0, 9.0, 8.0, 3.0, 4.0, 9.0, 8.0, 5.0, 6.0, 9.0, 8.0, 1.0, 2.0, 9.0, 8.0]
        XCTAssertEqual(try WKB.decode(bytes(1, 3003, zm)), expected)
    }

    func testNonFiniteCoordinatesArriveAsDataAndAreRejectedBeforeGEOS() throws {
        let ring: [Any] = [UInt32(1), UInt32(4), 0.0, 0.0, Double.nan, 0.0, 1.0, Double.infinity, 0.0, 0.0]
        let geometry = try WKB.decode(bytes(1, 3, ring))
        let feature = Feature(index: 0, id: "bad", geometry: geometry)
        let validator = FeatureValidator(crs: ResolvedCRS(identifier: .cgcs2000, name: "CGCS2000", isGeographic: true), file: "x.shp", repair: false)
        guard case .failure(let rejection) = validator.check(feature, in: ThreadWorkspace()) else { return XCTFail("accepted NaN") }
        XCTAssertTrue(rejection.reason.lowercased().contains("finite"), rejection.reason)
    }

    func testOtherTypesAreKeptByName() throws {
        XCTAssertEqual(try WKB.decode(bytes(1, 2, [UInt32(2), 0.0, 0.0, 1.0, 1.0])), .lineString([Position(0, 0), Position(1, 1)]))
        XCTAssertEqual(try WKB.decode(bytes(1, 1, [3.0, 4.0])), .point(Position(3, 4)))
        XCTAssertEqual(try WKB.decode(bytes(1, 7, [UInt32(0)])), .unsupported(typeName: "GeometryCollection"))
        XCTAssertEqual(try WKB.decode(bytes(1, 10, [UInt32(0)])), .unsupported(typeName: "CurvePolygon"))
    }

    func testCorruptBlobsThrowInsteadOfAllocating() {
        XCTAssertThrowsError(try WKB.decode([]))
        XCTAssertThrowsError(try WKB.decode([7, 0, 0, 0, 0]))                          // byte order 7
        XCTAssertThrowsError(try WKB.decode(bytes(1, 3, [UInt32.max])))              // 4 billion rings
        XCTAssertThrowsError(try WKB.decode(bytes(1, 3, [UInt32(1), UInt32(3), 0.0]))) // ends early
        XCTAssertThrowsError(try WKB.decode(bytes(1, 1, [1.0, 2.0, [UInt8](arrayLiteral: 0)]))) // trailing byte
        // A MultiPolygon holding a point.
        XCTAssertThrowsError(try WKB.decode(bytes(1, 6, [UInt32(1), bytes(1, 1, [1.0, 2.0])])))
    }
}

import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

final class GEOSWrapperTests: XCTestCase {
    let geos = GEOSContext()

    func square(_ x: Double, _ y: Double, _ size: Double) -> Polygon {
        Polygon(rings: [[Position(x, y), Position(x + size, y), Position(x + size, y + size), Position(x, y + size), Position(x, y)]])
    }

    func testRoundTripThroughGEOSKeepsValues() throws {
        let withHole = Polygon(rings: square(0, 0, 10).rings + [square(2, 2, 3).rings[0].reversed()])
        let back = try geos.polygons(of: try geos.makeGeometry([withHole, square(20, 0, 1)]))
        XCTAssertEqual(back, [withHole, square(20, 0, 1)])
        XCTAssertEqual(try geos.planarArea(try geos.makeGeometry([withHole])), 100 - 9)
    }

    func testSTRtreeReturnsCandidatesByEnvelope() throws {
        let items = try (0..<10).map { try geos.makeGeometry([square(Double($0) * 10, 0, 5)]) }
        let tree = try STRtree(items, in: geos)
        XCTAssertEqual(try tree.query(try geos.makeGeometry([square(12, 1, 10)]), in: geos), [1, 2])
        XCTAssertEqual(try tree.query(try geos.makeGeometry([square(500, 500, 1)]), in: geos), [])
    }

    func testPreparedPredicatesAndTouchingEdges() throws {
        let block = try PreparedGeometry(try geos.makeGeometry([square(0, 0, 10)]), in: geos)
        XCTAssertTrue(try block.covers(try geos.makeGeometry([square(1, 1, 2)])))
        let neighbour = try geos.makeGeometry([square(10, 0, 10)])
        XCTAssertTrue(try block.intersects(neighbour))
        XCTAssertFalse(try geos.interiorsOverlap(block.base, neighbour))
        XCTAssertEqual(try geos.polygons(of: try geos.intersection(block.base, neighbour)), [])
    }

    func testInvalidGeometryIsReportedWithLocation() throws {
        let bowtie = Polygon(rings: [[Position(0, 0), Position(2, 2), Position(2, 0), Position(0, 2), Position(0, 0)]])
        let problem = try XCTUnwrap(try geos.validityProblem(try geos.makeGeometry([bowtie])))
        XCTAssertEqual(problem.reason, "Self-intersection")
        XCTAssertEqual(problem.location, Position(1, 1))
        let fixed = try geos.makeValid(try geos.makeGeometry([bowtie]))
        XCTAssertNil(try geos.validityProblem(fixed))
        XCTAssertEqual(try geos.planarArea(fixed), 2, accuracy: 1e-12)
    }

    func testGEOSErrorsCarryGEOSsMessage() {
        // A linear ring that does not close: GEOS refuses it and says why.
        let open = [Position(0, 0), Position(1, 0), Position(1, 1), Position(0, 1)]
        XCTAssertThrowsError(try geos.makeGeometry([Polygon(rings: [open])])) { error in
            let message = (error as? GEOSError)?.message ?? ""
            XCTAssertFalse(message.isEmpty)
            XCTAssertNotEqual(message, "no message from GEOS", "\(error)")
        }
    }
}

import Foundation
import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
import MineScreenTestSupport

/// GEOS geometries made on first use (`LazyGEOSGeometry`, `GEOSContext.ofThisThread`) and the STRtree built from
/// boxes alone: one geometry however many threads ask at once, and the tree answers what a brute-force box test does.
final class LazyGEOSGeometryTests: XCTestCase {
    func rectangle(_ x: Double, _ y: Double, _ w: Double, _ h: Double) -> Polygon {
        Polygon(rings: [[Position(x, y), Position(x + w, y), Position(x + w, y + h), Position(x, y + h), Position(x, y)]])
    }

    func testThreadsAskingAtOnceGetOneGeometryOfTheShape() throws {
        for round in 0..<50 {
            let shape = Geometry.polygon(rectangle(Double(round), 0, 3, 2))
            let lazy = LazyGEOSGeometry()
            let made = parallelMap(count: 64, threads: 8) { _, _ in try? lazy.geometry(of: shape) }
            let first = try XCTUnwrap(made[0])
            XCTAssertTrue(made.allSatisfy { $0 === first }, "round \(round): more than one geometry published")
            // Closed form: a 3 × 2 rectangle.
            XCTAssertEqual(try GEOSContext().planeArea(first), 6)
        }
    }

    func testAGeometryMadeAlreadyIsTheOneKept() throws {
        let geos = GEOSContext()
        let made = try geos.makeGeometry([rectangle(0, 0, 1, 1)])
        XCTAssertTrue(try LazyGEOSGeometry(made: made).geometry(of: .polygon(rectangle(5, 5, 1, 1))) === made)
    }
}

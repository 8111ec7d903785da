import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// SimplePolygon may only say "valid" where GEOS agrees; it should say so for ordinary polygons with holes.
final class SimplePolygonTests: XCTestCase {
    func ring(_ points: [(Double, Double)]) -> [Position] {
        let ps = points.map { Position($0.0, $0.1) }
        return ps + [ps[0]]
    }

    func testClosedFormCases() {
        let shell = ring([(0, 0), (10, 0), (10, 10), (0, 10)])
        let hole = ring([(2, 2), (2, 4), (4, 4), (4, 2)])
        XCTAssertEqual(SimplePolygon.isCertainlyValid(.polygon(Polygon(rings: [shell, hole]))), true)
        // A bow tie, a hole outside, a hole crossing the shell, a hole in a hole, a hole touching the shell.
        XCTAssertNil(SimplePolygon.isCertainlyValid(.polygon(Polygon(rings: [ring([(0, 0), (10, 10), (10, 0), (0, 10)])]))))
        XCTAssertNil(SimplePolygon.isCertainlyValid(.polygon(Polygon(rings: [shell, ring([(12, 2), (12, 4), (14, 4)])]))))
        XCTAssertNil(SimplePolygon.isCertainlyValid(.polygon(Polygon(rings: [shell, ring([(8, 2), (12, 2), (12, 4), (8, 4)])]))))
        XCTAssertNil(SimplePolygon.isCertainlyValid(.polygon(Polygon(rings: [shell, ring([(1, 1), (1, 6), (6, 6), (6, 1)]), hole]))))
        XCTAssertNil(SimplePolygon.isCertainlyValid(.polygon(Polygon(rings: [shell, ring([(0, 2), (2, 3), (0, 4)])]))))
    }

    /// Random star-shaped rings with holes, some made invalid on purpose (a hole pushed across the shell, a
    /// vertex pulled across the ring, a hole inside another): "valid" never contradicts GEOS, and most
    /// valid ones are proven without it.
    func testNeverContradictsGEOS() throws {
        var random = SeededRandom(seed: 11)
        let geos = GEOSContext()
        func star(_ cx: Double, _ cy: Double, _ radius: Double, _ vertices: Int) -> [Position] {
            randomStar(cx, cy, radius, vertices, spread: 0.6...1, using: &random)
        }
        var valid = 0, proven = 0
        for trial in 0..<600 {
            let (cx, cy) = (112.5, 36.2)
            var rings = [star(cx, cy, 0.01, Int.random(in: 3...300, using: &random))]
            for _ in 0..<Int.random(in: 0...3, using: &random) {
                let offset = trial % 4 == 0 ? 0.008 : 0.003
                rings.append(star(cx + .random(in: -offset...offset, using: &random), cy + .random(in: -offset...offset, using: &random),
                                  0.0015, Int.random(in: 3...40, using: &random)))
            }
            if trial % 5 == 0, rings[0].count > 6 {
                // A vertex pulled across the ring: usually a self-intersection.
                let k = Int.random(in: 1..<(rings[0].count - 1), using: &random)
                rings[0][k] = Position(2 * cx - rings[0][k].x, 2 * cy - rings[0][k].y)
            }
            let polygon = Polygon(rings: rings)
            let truth = try geos.validityProblem(try geos.makeGeometry([polygon])) == nil
            if truth { valid += 1 }
            if SimplePolygon.isCertainlyValid(.polygon(polygon)) == true {
                proven += 1
                XCTAssertTrue(truth, "trial \(trial)")
            }
        }
        XCTAssertGreaterThan(valid, 200)
        XCTAssertGreaterThan(Double(proven), 0.8 * Double(valid))
    }

    /// 10 000 holes in a lattice (each column overlapping in x): checked in about a second, not the
    /// quadratic minutes of comparing every hole with every other (214 s before); one hole moved inside
    /// another is still found, by GEOS once the quick proof has given up.
    func testTenThousandHolesAreCheckedInLinearTime() throws {
        func square(_ x: Double, _ y: Double, _ side: Double, clockwise: Bool) -> [Position] {
            let ring = [Position(x, y), Position(x + side, y), Position(x + side, y + side), Position(x, y + side), Position(x, y)]
            return clockwise ? ring.reversed() : ring
        }
        var rings = [square(112.8, 35.8, 0.4, clockwise: false)]
        for i in 0..<100 { for j in 0..<100 { rings.append(square(112.8 + 0.004 * Double(i) + 0.001, 35.8 + 0.004 * Double(j) + 0.001, 0.002, clockwise: true)) } }
        let validator = FeatureValidator(crs: ResolvedCRS(identifier: .cgcs2000, name: "CGCS2000", isGeographic: true), file: "holes.geojson", repair: false)
        let workspace = ThreadWorkspace()
        guard case .success = validator.check(Feature(index: 0, id: "holes", geometry: .polygon(Polygon(rings: rings))), in: workspace) else {
            return XCTFail("a valid polygon with 10 000 holes was rejected")
        }
        rings.append(square(112.8 + 0.0015, 35.8 + 0.0015, 0.0005, clockwise: true))
        guard case .failure(let rejection) = validator.check(Feature(index: 0, id: "nested", geometry: .polygon(Polygon(rings: rings))), in: workspace) else {
            return XCTFail("a hole inside another hole was accepted")
        }
        XCTAssertTrue(rejection.reason.hasPrefix("nested holes"), rejection.reason)
    }
}

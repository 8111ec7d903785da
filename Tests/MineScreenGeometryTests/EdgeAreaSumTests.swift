import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// Summing edge terms with shared edges cancelled must give what PROJ's `geod_polygonarea` gives for the
/// union (the outline alone) and for the parcels one by one.
final class EdgeAreaSumTests: XCTestCase {
    let geodesic = GeodesicArea.cgcs2000

    func ring(_ points: [(Double, Double)]) -> [Position] {
        let ps = points.map { Position($0.0, $0.1) }
        return ps + [ps[0]]
    }

    /// A 12 × 9 grid of 0.001° cells near Changzhi, walked in both directions, sums to the rectangle.
    func testGridCellsAddUpToTheirOutline() {
        let (x0, y0, step) = (112.9, 35.8, 0.001)
        var sum = EdgeAreaSum()
        var oneByOne = 0.0
        for i in 0..<12 {
            for j in 0..<9 {
                let (x, y) = (x0 + Double(i) * step, y0 + Double(j) * step)
                var cell = ring([(x, y), (x + step, y), (x + step, y + step), (x, y + step)])
                if (i + j) % 3 == 0 { cell.reverse() }
                sum.add([Polygon(rings: [cell])])
                oneByOne += geodesic.area([Polygon(rings: [cell])])
            }
        }
        // Closed outline with the cells' corners along its sides (the same vertices, hence the same edges).
        var outline: [Position] = []
        for i in 0..<12 { outline.append(Position(x0 + Double(i) * step, y0)) }
        for j in 0..<9 { outline.append(Position(x0 + 12 * step, y0 + Double(j) * step)) }
        for i in stride(from: 12, to: 0, by: -1) { outline.append(Position(x0 + Double(i) * step, y0 + 9 * step)) }
        for j in stride(from: 9, to: 0, by: -1) { outline.append(Position(x0, y0 + Double(j) * step)) }
        outline.append(outline[0])
        let expected = geodesic.area([Polygon(rings: [outline])])
        // Edge terms are ~1e10 m² each (edge to equator); their sum keeps ~1e-12 of the result.
        XCTAssertEqual(sum.area(geodesic), expected, accuracy: expected * 1e-10)
        XCTAssertEqual(oneByOne, expected, accuracy: expected * 1e-10)
        // Not a number that happens to fit: a cell more changes it by a cell's area.
        XCTAssertGreaterThan(expected, 1.0e6)
    }

    /// An island in a hole fills it: holed polygon + island = the polygon without its hole.
    func testHoleAndIslandCancel() {
        let outer = ring([(113.0, 36.0), (113.01, 36.0), (113.01, 36.01), (113.0, 36.01)])
        let hole = ring([(113.002, 36.002), (113.002, 36.005), (113.006, 36.005), (113.006, 36.002)])
        var sum = EdgeAreaSum()
        sum.add([Polygon(rings: [outer, hole])])
        sum.add([Polygon(rings: [hole])])
        XCTAssertEqual(sum.area(geodesic), geodesic.area([Polygon(rings: [outer])]), accuracy: 1e-6)
        var holed = EdgeAreaSum()
        holed.add([Polygon(rings: [outer, hole])])
        XCTAssertEqual(holed.area(geodesic), geodesic.area([Polygon(rings: [outer, hole])]), accuracy: 1e-6)
        XCTAssertTrue(EdgeAreaSum().isEmpty)
        XCTAssertEqual(EdgeAreaSum().area(geodesic), 0)
    }
}

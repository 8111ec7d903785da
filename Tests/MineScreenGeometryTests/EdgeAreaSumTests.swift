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

    /// Moving each distinct vertex once (projected planes) sums exactly the terms that moving both ends of each edge
    /// sums, bit for bit, on random stars and a grid of cells in a GK plane, and on an outline left open by
    /// degenerate input (a second vertex that starts no edge is moved on its own); each vertex is moved once.
    func testMovingEachVertexOnceSumsTheSameTerms() throws {
        var random = SeededRandom(seed: 4526)
        let inverse = TransverseMercatorInverse(centralMeridian: 114, scale: 1, falseEasting: 38_500_000, falseNorthing: 0)
        for round in 0..<20 {
            var sum = EdgeAreaSum()
            for k in 0..<(1 + round % 7) {
                sum.add([Polygon(rings: [randomStar(38_400_000 + Double(k) * 2500, 4_000_000, 500, 3 + round % 9, using: &random)])])
            }
            // A grid of cells sharing their inner edges, which cancel.
            for i in 0..<(1 + round % 5) {
                for j in 0..<(1 + round % 3) {
                    let (x, y) = (38_600_000 + Double(i) * 170.5, 3_990_000 + Double(j) * 93.25)
                    sum.add([Polygon(rings: [[Position(x, y), Position(x + 170.5, y), Position(x + 170.5, y + 93.25), Position(x, y + 93.25), Position(x, y)]])])
                }
            }
            if round % 4 == 0 { sum.add(edges: [(Position(38_300_000, 4_001_000), Position(38_300_500, 4_001_200))]) }
            var moves = 0
            let once = sum.area(movingVertices: { moves += 1; return inverse.lonLat($0) }, lonLatTerm: geodesic.edgeAreaTerm)
            let both = sum.area { a, b in geodesic.edgeAreaTerm(inverse.lonLat(a)!, inverse.lonLat(b)!) }
            XCTAssertEqual(once.bitPattern, both.bitPattern, "round \(round): \(once) vs \(both)")
            let outline = try XCTUnwrap(sum.outline)
            XCTAssertEqual(moves, Set(outline.flatMap { [[$0.0.x, $0.0.y], [$0.1.x, $0.1.y]] }).count, "round \(round)")
        }
    }
}

import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// The quick coverage test may only ever say "disjoint" when GEOS's relate agrees; it should say so
/// for ordinary neighbours in a coverage (that is where it saves time).
final class CoverageContactTests: XCTestCase {
    let geos = GEOSContext()

    func ring(_ points: [(Double, Double)]) -> [Position] {
        let ps = points.map { Position($0.0, $0.1) }
        return ps + [ps[0]]
    }

    func relateSaysOverlap(_ a: [Position], _ b: [Position]) throws -> Bool {
        try geos.interiorsOverlap(try geos.makeGeometry([Polygon(rings: [a])]), try geos.makeGeometry([Polygon(rings: [b])]))
    }

    func testNeighboursSharingAnEdgeOrAVertexAreDisjoint() throws {
        let left = ring([(0, 0), (1, 0), (1, 1), (0, 1)])
        let right = ring([(1, 0), (2, 0), (2, 1), (1, 1)])
        let corner = ring([(1, 1), (2, 1), (2, 2), (1, 2)])
        let rightClockwise = ring([(1, 0), (1, 1), (2, 1), (2, 0)])
        for other in [right, corner, rightClockwise] {
            XCTAssertEqual(CoverageContact.disjointInteriors(ring: left, ring: other), true)
            XCTAssertFalse(try relateSaysOverlap(left, other))
        }
    }

    func testEverythingUnusualIsLeftToRelate() {
        let square = ring([(0, 0), (2, 0), (2, 2), (0, 2)])
        let cases: [(String, [Position])] = [
            ("overlapping", ring([(1, 1), (3, 1), (3, 3), (1, 3)])),
            ("identical", square),
            ("identical, reversed", Array(square.reversed())),
            ("inside", ring([(0.5, 0.5), (1.5, 0.5), (1.5, 1.5), (0.5, 1.5)])),
            ("T-junction", ring([(2, 1), (3, 1), (3, 3), (2, 3)])),
            ("chord", ring([(0, 0), (2, 0), (2, 2)])),
            ("collinear part of an edge", ring([(2, 0), (3, 0), (3, 1), (2, 1)])),
            ("crossing", ring([(1, -1), (3, 1), (1, 3), (-1, 1)])),
        ]
        for (name, other) in cases {
            XCTAssertNotEqual(CoverageContact.disjointInteriors(ring: square, ring: other), true, name)
        }
    }

    /// A jittered grid coverage (shared vertices jittered once, so neighbours share edges exactly) and
    /// random overlapping quadrilaterals: the quick answer "disjoint" must always agree with relate.
    func testNeverContradictsRelate() throws {
        var random = SystemRandomNumberGenerator()
        let size = 8
        var jitter: [[Position]] = []
        for i in 0...size {
            jitter.append((0...size).map { j in
                let edge = i == 0 || j == 0 || i == size || j == size
                return Position(Double(i) + (edge ? 0 : Double.random(in: -0.3...0.3, using: &random)),
                                Double(j) + (edge ? 0 : Double.random(in: -0.3...0.3, using: &random)))
            })
        }
        var cells: [[Position]] = []
        for i in 0..<size { for j in 0..<size {
            let c = [jitter[i][j], jitter[i + 1][j], jitter[i + 1][j + 1], jitter[i][j + 1]]
            cells.append(c + [c[0]])
        } }
        var quick = 0
        for a in cells.indices { for b in cells.indices where b > a {
            let answer = CoverageContact.disjointInteriors(ring: cells[a], ring: cells[b])
            if answer == true { quick += 1; XCTAssertFalse(try relateSaysOverlap(cells[a], cells[b])) }
        } }
        XCTAssertEqual(quick, cells.count * (cells.count - 1) / 2, "every pair of a clean coverage is decided quickly")
        for _ in 0..<3000 {
            func quad() -> [Position] {
                let cx = Double.random(in: 0...3, using: &random), cy = Double.random(in: 0...3, using: &random)
                let ps = (0..<4).map { k -> Position in
                    let angle = Double(k) * .pi / 2 + Double.random(in: 0...1.2, using: &random)
                    let r = Double.random(in: 0.3...1.5, using: &random)
                    return Position(cx + r * cos(angle), cy + r * sin(angle))
                }
                return ps + [ps[0]]
            }
            let a = quad(), b = quad()
            if CoverageContact.disjointInteriors(ring: a, ring: b) == true {
                XCTAssertFalse(try relateSaysOverlap(a, b), "\(a) \(b)")
            }
        }
    }

    /// The quick "they overlap" may only ever say yes when relate does, also for polygons that merely touch
    /// (shared edges, a vertex on the other's edge) and for holes; it should say yes to plain overlaps.
    func testCertainOverlapNeverContradictsRelate() throws {
        var generator = SeededRandom(seed: 20261123)
        func star(_ cx: Double, _ cy: Double, _ n: Int, _ scale: Double) -> [Position] {
            let ps = (0..<n).map { k -> Position in
                let angle = Double(k) * 2 * .pi / Double(n)
                let r = scale * Double.random(in: 0.4...1.0, using: &generator)
                return Position(cx + r * cos(angle), cy + r * sin(angle))
            }
            return ps + [ps[0]]
        }
        var said = 0, overlapping = 0
        for trial in 0..<3000 {
            // Lon/lat magnitudes, as the red lines of a city layer.
            let (x0, y0) = (112.9, 35.8)
            let a = star(x0, y0, Int.random(in: 5...60, using: &generator), 0.01)
            var b = star(x0 + Double.random(in: -0.02...0.02, using: &generator), y0 + Double.random(in: -0.02...0.02, using: &generator),
                         Int.random(in: 5...60, using: &generator), 0.01)
            if trial % 5 == 0 {
                // b's vertices moved onto a's edges: contact without (or with hardly any) shared interior.
                b = b.enumerated().map { k, v in k % 2 == 0 ? v : Position((a[k % (a.count - 1)].x + a[k % (a.count - 1) + 1].x) / 2,
                                                                             (a[k % (a.count - 1)].y + a[k % (a.count - 1) + 1].y) / 2) }
                b[b.count - 1] = b[0]
            }
            var pa = Polygon(rings: [a])
            if trial % 7 == 0 { pa = Polygon(rings: [a, star(x0, y0, 8, 0.003).reversed()]) }
            let ga = try geos.makeGeometry([pa]), gb = try geos.makeGeometry([Polygon(rings: [b])])
            guard try geos.validityProblem(ga) == nil, try geos.validityProblem(gb) == nil else { continue }
            let truth = try geos.interiorsOverlap(ga, gb)
            if truth { overlapping += 1 }
            if CoverageContact.interiorsCertainlyMeet(.polygon(pa), .polygon(Polygon(rings: [b]))) {
                said += 1
                XCTAssertTrue(truth, "\(pa) \(b)")
            }
        }
        XCTAssertGreaterThan(overlapping, 500)
        XCTAssertGreaterThan(Double(said), 0.8 * Double(overlapping), "plain overlaps are settled without relate")
        // Closed form: a square's shared edge with its neighbour is contact, not overlap; a nested square overlaps.
        let square = Polygon(rings: [ring([(0, 0), (1, 0), (1, 1), (0, 1)])])
        XCTAssertFalse(CoverageContact.interiorsCertainlyMeet(.polygon(square), .polygon(Polygon(rings: [ring([(1, 0), (2, 0), (2, 1), (1, 1)])]))))
        XCTAssertTrue(CoverageContact.interiorsCertainlyMeet(.polygon(square), .polygon(Polygon(rings: [ring([(0.2, 0.2), (0.8, 0.2), (0.8, 0.8)])]))))
        // Inside the square but in its hole: no shared interior.
        let holed = Polygon(rings: [ring([(0, 0), (4, 0), (4, 4), (0, 4)]), ring([(1, 1), (1, 3), (3, 3), (3, 1)])])
        XCTAssertFalse(CoverageContact.interiorsCertainlyMeet(.polygon(holed), .polygon(Polygon(rings: [ring([(1.5, 1.5), (2.5, 1.5), (2.5, 2.5)])]))))
    }

    /// The convex separating-edge test: neighbours sharing an edge or a corner are apart, overlaps and
    /// a multipolygon whose second part overlaps are not shown apart; on a jittered grid coverage and on
    /// random convex quadrilaterals (edges and vertices shared on purpose) its "apart" never contradicts relate.
    func testConvexSeparationNeverContradictsRelate() throws {
        let left = ring([(0, 0), (1, 0), (1, 1), (0, 1)])
        XCTAssertTrue(CoverageContact.convexRingSeparates(left, from: ring([(1, 0), (2, 0), (2, 1), (1, 1)])))
        XCTAssertTrue(CoverageContact.convexRingSeparates(left, from: ring([(1, 1), (2, 1), (2, 2)])))
        XCTAssertTrue(CoverageContact.convexRingSeparates(Array(left.reversed()), from: ring([(1, 0), (1, 1), (2, 1), (2, 0)])))
        XCTAssertFalse(CoverageContact.convexRingSeparates(left, from: ring([(0.5, 0.5), (2, 0), (2, 1)])))
        let parts = Geometry.multiPolygon([Polygon(rings: [ring([(3, 0), (4, 0), (4, 1)])]), Polygon(rings: [ring([(0.2, 0.2), (0.8, 0.2), (0.5, 0.8)])])])
        XCTAssertFalse(CoverageContact.convexRingSeparates(left, from: try XCTUnwrap(CoverageContact.outerVertices(parts))))

        var random = SeededRandom(seed: 4)
        let size = 6
        var grid: [[Position]] = []
        for i in 0...size {
            grid.append((0...size).map { j in
                let edge = i == 0 || j == 0 || i == size || j == size
                return Position(112 + 0.001 * (Double(i) + (edge ? 0 : Double.random(in: -0.3...0.3, using: &random))),
                                36 + 0.001 * (Double(j) + (edge ? 0 : Double.random(in: -0.3...0.3, using: &random))))
            })
        }
        var cells: [[Position]] = []
        for i in 0..<size { for j in 0..<size {
            let c = [grid[i][j], grid[i + 1][j], grid[i + 1][j + 1], grid[i][j + 1]]
            cells.append(c + [c[0]])
        } }
        var apart = 0, pairs = 0
        for _ in 0..<4000 {
            var a = cells[Int.random(in: 0..<cells.count, using: &random)]
            var b = cells[Int.random(in: 0..<cells.count, using: &random)]
            if Bool.random(using: &random) {
                // A random convex quadrilateral around a grid vertex instead: overlaps and near-misses.
                let c = grid[Int.random(in: 1..<size, using: &random)][Int.random(in: 1..<size, using: &random)]
                let ps = (0..<4).map { k -> Position in
                    let angle = Double(k) * .pi / 2 + Double.random(in: 0...1.2, using: &random)
                    let r = 0.001 * Double.random(in: 0.2...1.2, using: &random)
                    return Position(c.x + r * cos(angle), c.y + r * sin(angle))
                }
                a = ps + [ps[0]]
                if Bool.random(using: &random) { swap(&a, &b) }
            }
            guard ConvexClip.isConvex(a), a != b else { continue }
            pairs += 1
            if CoverageContact.convexRingSeparates(a, from: b) {
                apart += 1
                XCTAssertFalse(try relateSaysOverlap(a, b), "\(a) \(b)")
            }
        }
        XCTAssertGreaterThan(pairs, 3000)
        XCTAssertGreaterThan(apart, pairs / 3)
    }
}

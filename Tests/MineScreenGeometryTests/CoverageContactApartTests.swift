import XCTest
@testable import MineScreenGeometry
@testable import MineScreenNative
import MineScreenTestSupport

/// The exact answers for shapes with settled boundaries (`interiorsOverlapExactly`, `blockContact`) may be nil
/// but never contradict GEOS's general relate, covers and intersects: on randomised scenes of notched
/// (non-convex) parcels of a coverage, shared edges and vertices, slightly overlapping and sliver-thin pairs,
/// nested shapes, holes and multipolygons. They must also settle the pairs they exist for: shapes apart,
/// nested or properly crossing.
final class CoverageContactApartTests: XCTestCase {
    let geos = GEOSContext()

    func closed(_ ps: [Position]) -> [Position] { ps + [ps[0]] }

    /// A star-shaped (mostly non-convex) ring around (cx, cy), counter-clockwise.
    func star(_ cx: Double, _ cy: Double, _ n: Int, _ scale: Double, _ random: inout SeededRandom) -> [Position] {
        closed((0..<n).map { k -> Position in
            let angle = Double(k) * 2 * .pi / Double(n)
            let r = scale * Double.random(in: 0.45...1.0, using: &random)
            return Position(cx + r * cos(angle), cy + r * sin(angle))
        })
    }

    func geometry(_ shape: Geometry) throws -> GEOSGeom { try geos.makeGeometry(shape.polygons ?? []) }

    func valid(_ shape: Geometry) throws -> Bool { try geos.validityProblem(try geometry(shape)) == nil }

    /// A jittered grid coverage in lon/lat magnitudes; about a third of the cells notched (one corner pushed
    /// towards the centre, leaving a sliver gap), as make_real.py draws farmland.
    func notchedCoverage(_ random: inout SeededRandom) -> [[Position]] {
        let size = 7, step = 0.001
        var grid: [[Position]] = []
        for i in 0...size {
            grid.append((0...size).map { j in
                let edge = i == 0 || j == 0 || i == size || j == size
                return Position(112.5 + step * (Double(i) + (edge ? 0 : Double.random(in: -0.3...0.3, using: &random))),
                                35.8 + step * (Double(j) + (edge ? 0 : Double.random(in: -0.3...0.3, using: &random))))
            })
        }
        var cells: [[Position]] = []
        for i in 0..<size { for j in 0..<size {
            var c = [grid[i][j], grid[i + 1][j], grid[i + 1][j + 1], grid[i][j + 1]]
            if Double.random(in: 0...1, using: &random) < 0.35 {
                let k = Int.random(in: 0..<4, using: &random)
                let centre = Position(c.map(\.x).reduce(0, +) / 4, c.map(\.y).reduce(0, +) / 4)
                let t = Double.random(in: 0.35...0.6, using: &random)
                c[k] = Position(c[k].x + t * (centre.x - c[k].x), c[k].y + t * (centre.y - c[k].y))
            }
            cells.append(closed(c))
        } }
        return cells
    }

    /// Pairs of the scenes below, each a (shape, shape) of valid polygons.
    func scenes(_ random: inout SeededRandom) throws -> [(Geometry, Geometry)] {
        var pairs: [(Geometry, Geometry)] = []
        let cells = notchedCoverage(&random)
        for a in cells.indices { for b in cells.indices where b > a && Int.random(in: 0..<4, using: &random) == 0 {
            pairs.append((.polygon(Polygon(rings: [cells[a]])), .polygon(Polygon(rings: [cells[b]]))))
        } }
        let (x0, y0) = (112.9, 35.8)
        for trial in 0..<2500 {
            var a = star(x0, y0, Int.random(in: 5...40, using: &random), 0.01, &random)
            var b = star(x0 + Double.random(in: -0.03...0.03, using: &random), y0 + Double.random(in: -0.03...0.03, using: &random),
                         Int.random(in: 5...40, using: &random), 0.01 * Double.random(in: 0.2...1.2, using: &random), &random)
            switch trial % 6 {
            case 0:
                // Touching at a vertex: b moved so that one of its vertices is one of a's.
                let (va, vb) = (a[Int.random(in: 0..<(a.count - 1), using: &random)], b[Int.random(in: 0..<(b.count - 1), using: &random)])
                b = b.map { Position($0.x + va.x - vb.x, $0.y + va.y - vb.y) }
            case 1:
                // Sharing an edge: b's first edge is a's first edge reversed.
                b[0] = a[1]
                b[1] = a[0]
                b[b.count - 1] = b[0]
            case 2:
                // Slightly overlapping or a sliver apart: b is a copy of a moved by about rounding-to-survey size.
                let shift = Double.random(in: -1e-7...1e-7, using: &random)
                b = a.map { Position($0.x + shift, $0.y + 1e-9) }
            case 3:
                // Nested: b shrunk about a's centre, sometimes into a hole of a.
                b = a.map { Position(x0 + 0.3 * ($0.x - x0), y0 + 0.3 * ($0.y - y0)) }
            case 4:
                // a notched inward at one vertex.
                let k = Int.random(in: 1..<(a.count - 1), using: &random)
                a[k] = Position(a[k].x + 0.5 * (x0 - a[k].x), a[k].y + 0.5 * (y0 - a[k].y))
            default:
                break
            }
            var pa = Polygon(rings: [a])
            if trial % 4 == 0 { pa.rings.append(star(x0, y0, 8, 0.004, &random).reversed()) }
            var shapeB = Geometry.polygon(Polygon(rings: [b]))
            if trial % 5 == 0 {
                let far = star(x0 + 0.05, y0 + 0.05, 6, 0.01, &random)
                shapeB = .multiPolygon([Polygon(rings: [b]), Polygon(rings: [far])])
            }
            let shapeA = Geometry.polygon(pa)
            guard try valid(shapeA), try valid(shapeB) else { continue }
            pairs.append((shapeA, shapeB))
        }
        return pairs
    }

    func testInteriorsOverlapExactlyNeverContradictsRelate() throws {
        var random = SeededRandom(seed: 20261206)
        var settled = 0, total = 0, settledOverlaps = 0, settledApart = 0
        for (a, b) in try scenes(&random) {
            total += 1
            guard let quick = CoverageContact.interiorsOverlapExactly(a, b) else { continue }
            settled += 1
            if quick { settledOverlaps += 1 } else { settledApart += 1 }
            XCTAssertEqual(quick, try geos.interiorsOverlap(try geometry(a), try geometry(b)), "\(a) \(b)")
            XCTAssertEqual(quick, CoverageContact.interiorsOverlapExactly(b, a), "symmetric")
        }
        XCTAssertGreaterThan(total, 2000)
        XCTAssertGreaterThan(settled, total / 3)
        XCTAssertGreaterThan(settledOverlaps, 200)
        XCTAssertGreaterThan(settledApart, 200)
    }

    func testBlockContactAgreesWithPreparedCoversAndIntersects() throws {
        var random = SeededRandom(seed: 7)
        var settled = 0, total = 0, covered = 0, crossing = 0, apart = 0
        for (a, b) in try scenes(&random) {
            for (block, feature) in [(a, b), (b, a)] {
                total += 1
                guard let blockPolygons = block.polygons, let quick = CoverageContact.blockContact(blockPolygons, feature) else { continue }
                settled += 1
                let prepared = try PreparedGeometry(try geometry(block), in: geos)
                let truth = (intersects: try prepared.intersects(try geometry(feature)), covered: try prepared.covers(try geometry(feature)))
                XCTAssertEqual(quick.intersects, truth.intersects, "\(block) \(feature)")
                XCTAssertEqual(quick.covered, truth.covered, "\(block) \(feature)")
                if quick.covered { covered += 1 } else if quick.intersects { crossing += 1 } else { apart += 1 }
            }
        }
        XCTAssertGreaterThan(settled, total / 3)
        XCTAssertGreaterThan(covered, 100)
        XCTAssertGreaterThan(crossing, 100)
        XCTAssertGreaterThan(apart, 100)
    }

    /// Closed forms: squares apart, nested, in a hole, crossing; a shared edge and a shared corner are not settled.
    func testSmallCases() {
        func square(_ x: Double, _ y: Double, _ s: Double) -> [Position] {
            closed([Position(x, y), Position(x + s, y), Position(x + s, y + s), Position(x, y + s)])
        }
        let big = Geometry.polygon(Polygon(rings: [square(0, 0, 4)]))
        let holed = Geometry.polygon(Polygon(rings: [square(0, 0, 4), Array(square(1, 1, 2).reversed())]))
        let inside = Geometry.polygon(Polygon(rings: [square(1.5, 1.5, 1)]))
        XCTAssertEqual(CoverageContact.interiorsOverlapExactly(big, .polygon(Polygon(rings: [square(5, 0, 1)]))), false)
        XCTAssertEqual(CoverageContact.interiorsOverlapExactly(big, inside), true)
        XCTAssertEqual(CoverageContact.interiorsOverlapExactly(holed, inside), false)
        XCTAssertEqual(CoverageContact.interiorsOverlapExactly(big, .polygon(Polygon(rings: [square(3, 3, 2)]))), true)
        XCTAssertNil(CoverageContact.interiorsOverlapExactly(big, .polygon(Polygon(rings: [square(4, 0, 1)]))))
        XCTAssertNil(CoverageContact.interiorsOverlapExactly(big, .polygon(Polygon(rings: [square(4, 4, 1)]))))
        let blockPolygons = [Polygon(rings: [square(0, 0, 4)])]
        XCTAssertTrue(CoverageContact.blockContact(blockPolygons, inside)! == (true, true))
        XCTAssertTrue(CoverageContact.blockContact(blockPolygons, .polygon(Polygon(rings: [square(3, 3, 2)])))! == (true, false))
        XCTAssertTrue(CoverageContact.blockContact(blockPolygons, .polygon(Polygon(rings: [square(5, 5, 2)])))! == (false, false))
        XCTAssertNil(CoverageContact.blockContact(blockPolygons, big), "the same square: shared edges")
        // A block with a hole holding part of the feature does not cover it; the block inside the feature's hole
        // does not meet it.
        XCTAssertTrue(CoverageContact.blockContact([Polygon(rings: [square(0, 0, 4), Array(square(1.2, 1.2, 0.5).reversed())])], inside)! == (true, false))
        XCTAssertTrue(CoverageContact.blockContact([Polygon(rings: [square(1.5, 1.5, 1)])], holed)! == (false, false))
    }
}

import XCTest
@testable import MineScreenKit

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
}

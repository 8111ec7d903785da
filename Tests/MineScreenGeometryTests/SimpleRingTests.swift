import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// The quick ring check may only ever say "valid" when GEOS agrees (GEOS is the oracle: the same
/// GEOSisValidDetail call the validator makes); it should say so for plainly simple parcels.
final class SimpleRingTests: XCTestCase {
    let geos = GEOSContext()

    func ring(_ points: [(Double, Double)]) -> [Position] {
        let ps = points.map { Position($0.0, $0.1) }
        return ps + [ps[0]]
    }

    func geosSaysValid(_ ring: [Position]) throws -> Bool {
        try geos.validityProblem(try geos.makeGeometry(.polygon(Polygon(rings: [ring])))) == nil
    }

    func testSquareIsValid() throws {
        let square = ring([(0, 0), (1, 0), (1, 1), (0, 1)])
        XCTAssertEqual(SimpleRing.isCertainlyValid(ring: square), true)
        XCTAssertEqual(SimpleRing.isCertainlyValid(ring: Array(square.reversed())), true)
        XCTAssertEqual(SimpleRing.isCertainlyValid(ring: ring([(112.1, 35.2), (112.1004, 35.2), (112.1001, 35.2003)])), true)
        // A straight-through vertex (180° turn) is still simple.
        XCTAssertEqual(SimpleRing.isCertainlyValid(ring: ring([(0, 0), (1, 0), (2, 0), (2, 1), (0, 1)])), true)
        XCTAssertTrue(try geosSaysValid(square))
    }

    func testUnusualRingsAreLeftToGEOS() throws {
        let cases: [(String, [Position])] = [
            ("bow-tie", ring([(0, 0), (1, 1), (1, 0), (0, 1)])),
            ("touches itself at a vertex", ring([(0, 0), (2, 0), (1, 1), (2, 2), (0, 2), (1, 1)])),
            ("vertex on another edge", ring([(0, 0), (4, 0), (4, 4), (3, 4), (2, 0), (1, 4), (0, 4)])),
            ("spike folding back", ring([(0, 0), (2, 0), (3, 0), (2, 0), (2, 2), (0, 2)])),
            ("collinear overlap", ring([(0, 0), (4, 0), (4, 1), (3, 1), (3, 0), (1, 0), (1, 1), (0, 1)])),
            ("zero area", ring([(0, 0), (1, 0), (2, 0)])),
            ("repeated position (valid, but GEOS's to judge)", ring([(0, 0), (1, 0), (1, 0), (1, 1), (0, 1)])),
            ("non-finite", ring([(0, 0), (1, 0), (.nan, 1), (0, 1)])),
            ("unclosed", [Position(0, 0), Position(1, 0), Position(1, 1), Position(0, 1)]),
        ]
        for (name, r) in cases {
            XCTAssertNil(SimpleRing.isCertainlyValid(ring: r), name)
        }
        XCTAssertFalse(try geosSaysValid(cases[0].1))
        XCTAssertFalse(try geosSaysValid(cases[1].1))
        let square = ring([(0, 0), (4, 0), (4, 4), (0, 4)])
        let hole = ring([(1, 1), (2, 1), (2, 2), (1, 2)])
        XCTAssertNil(SimpleRing.isCertainlyValid(.polygon(Polygon(rings: [square, hole]))))
        XCTAssertNil(SimpleRing.isCertainlyValid(.multiPolygon([Polygon(rings: [square])])))
        XCTAssertEqual(SimpleRing.isCertainlyValid(.polygon(Polygon(rings: [square]))), true)
        let long = (0..<70).map { k in Position(cos(Double(k) / 70 * 2 * .pi), sin(Double(k) / 70 * 2 * .pi)) }
        XCTAssertNil(SimpleRing.isCertainlyValid(ring: long + [long[0]]))
    }


    /// Many kinds of small ring in lon/lat and Gauss-Krüger magnitudes; "valid" must always agree with
    /// GEOS, and plainly simple (star-shaped) rings must nearly all be proven.
    func testNeverContradictsGEOS() throws {
        var random = SeededRandom(seed: 20_240_611)
        var starRings = 0, starProven = 0, proven = 0, invalidSeen = 0, total = 0
        var kinds: [String: (total: Int, proven: Int, invalid: Int)] = [:]

        func star(_ centre: Position, _ size: Double, _ count: Int, radii: ClosedRange<Double> = 0.3...1) -> [Position] {
            // Distinct angles in order, no gap of half a turn or more: the centre sees every vertex, so the
            // ring is simple.
            var angles: [Double] = []
            repeat {
                angles = (0..<count).map { _ in Double.random(in: 0..<(2 * .pi), using: &random) }.sorted()
            } while zip(angles, angles.dropFirst() + [angles[0] + 2 * .pi]).contains { $1 - $0 >= 0.9 * .pi }
            return angles.map { a in
                let r = size * Double.random(in: radii, using: &random)
                return Position(centre.x + r * cos(a), centre.y + r * sin(a))
            }
        }
        func closed(_ ps: [Position]) -> [Position] { ps + [ps[0]] }

        for round in 0..<6000 {
            let geographic = round % 3 != 0
            let centre = geographic
                ? Position(112 + Double.random(in: 0..<1, using: &random), 35 + Double.random(in: 0..<1, using: &random))
                : Position(38_500_000 + Double.random(in: 0..<100_000, using: &random), 3_900_000 + Double.random(in: 0..<100_000, using: &random))
            let size = (geographic ? 1e-3 : 100) * Double.random(in: 0.05...3, using: &random)
            let tiny = geographic ? 1e-9 : 1e-4
            let count = Int.random(in: 3...16, using: &random)
            var base = star(centre, size, count)
            let kind = round % 12
            var name: String
            switch kind {
            case 0, 1:
                name = "star"
            case 2:
                name = "convex"
                base = star(centre, size, count, radii: 1...1)
            case 3:
                name = "bow-tie"
                let a = base[0], b = base[base.count / 2]
                base = [a, b, Position(a.x, b.y), Position(b.x, a.y)]
            case 4:
                name = "spike"
                let k = Int.random(in: 0..<base.count, using: &random)
                let v = base[k], out = Position(v.x + (v.x - centre.x), v.y + (v.y - centre.y))
                let back = Bool.random(using: &random) ? v : Position((v.x + out.x) / 2, (v.y + out.y) / 2)
                base.insert(contentsOf: [out, back], at: k + 1)
            case 5:
                name = "repeated position"
                let k = Int.random(in: 0..<base.count, using: &random)
                base.insert(base[k], at: k)
            case 6:
                name = "touches at a vertex"
                guard base.count >= 5 else { continue }
                let k = Int.random(in: 0..<base.count, using: &random)
                let far = (k + base.count / 2) % base.count
                base.insert(base[far], at: k + 1)
            case 7:
                name = "vertex on an edge"
                guard base.count >= 5 else { continue }
                let k = Int.random(in: 0..<base.count, using: &random)
                let e = (k + base.count / 2) % base.count, f = (e + 1) % base.count
                let t = Double.random(in: 0.1...0.9, using: &random)
                // On the edge up to rounding: exactly on it, or a hair to either side.
                base[k] = Position(base[e].x + t * (base[f].x - base[e].x), base[e].y + t * (base[f].y - base[e].y))
            case 8:
                name = "collinear overlap"
                let x0 = centre.x, y0 = centre.y, s = size
                base = [Position(x0, y0), Position(x0 + 4 * s, y0), Position(x0 + 4 * s, y0 + s), Position(x0 + 3 * s, y0 + s),
                        Position(x0 + 3 * s, y0), Position(x0 + s, y0), Position(x0 + s, y0 + s), Position(x0, y0 + s)]
            case 9:
                name = "zero area"
                let a = base[0], b = base[1]
                base = (0..<count).map { _ in
                    let t = Double.random(in: -1...2, using: &random)
                    return Position(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y))
                }
                if Bool.random(using: &random) { base = [a, b, a, b] }
            case 10:
                name = "near-degenerate"
                let k = Int.random(in: 0..<base.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0:
                    // Two positions a hair apart.
                    base.insert(Position(base[k].x + tiny * Double.random(in: -1...1, using: &random),
                                         base[k].y + tiny * Double.random(in: -1...1, using: &random)), at: k + 1)
                case 1:
                    // A vertex a hair from a non-adjacent vertex or edge.
                    guard base.count >= 5 else { continue }
                    let far = (k + base.count / 2) % base.count
                    base[k] = Position(base[far].x + tiny * Double.random(in: -1...1, using: &random),
                                       base[far].y + tiny * Double.random(in: -1...1, using: &random))
                default:
                    // The whole ring a few hairs across.
                    base = star(centre, tiny * Double.random(in: 1...10, using: &random), count)
                }
            default:
                name = "random"
                base = (0..<Int.random(in: 3...7, using: &random)).map { _ in
                    Position(centre.x + size * Double.random(in: -1...1, using: &random),
                             centre.y + size * Double.random(in: -1...1, using: &random))
                }
            }
            let r = closed(base)
            guard r.count >= 4 else { continue }
            let quick = SimpleRing.isCertainlyValid(ring: r)
            let valid = try geosSaysValid(r)
            total += 1
            if quick == true { proven += 1 }
            if !valid { invalidSeen += 1 }
            kinds[name, default: (0, 0, 0)].total += 1
            if quick == true { kinds[name, default: (0, 0, 0)].proven += 1 }
            if !valid { kinds[name, default: (0, 0, 0)].invalid += 1 }
            if quick == true && !valid {
                XCTFail("\(name): proven valid but GEOS says invalid: \(r.map { "\($0.x) \($0.y)" })")
            }
            if name == "star" || name == "convex" {
                starRings += 1
                let problem = try geos.validityProblem(try geos.makeGeometry(.polygon(Polygon(rings: [r]))))
                XCTAssertTrue(valid, "\(name) ring should be simple: \(String(describing: problem)) \(r.map { "\($0.x) \($0.y)" })")
                if quick == true { starProven += 1 }
            }
        }
        print("SimpleRing:", total, "rings,", proven, "proven,", invalidSeen, "invalid;",
              kinds.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "; "))
        XCTAssertGreaterThan(invalidSeen, 1000)
        XCTAssertGreaterThanOrEqual(Double(starProven), 0.95 * Double(starRings))
    }
}

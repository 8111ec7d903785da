import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// `DrawnArea`: the area of a region with edges straight in its CRS, additive under cuts. Independent figures:
/// the trapezoid quadrangle (closed form for parallels and meridians), the densified trapezoid sum of TD/T 1055
/// (which converges to the drawn area), and Fixtures/drawn-area/oracle.json (Scripts/oracles/drawn_area_oracle.py).
final class DrawnAreaTests: XCTestCase {
    let drawn = DrawnArea()

    func testParallelsAndMeridiansGiveTheQuadrangle() {
        let ring = [Position(112, 36.5), Position(112 + 1.0 / 60, 36.5), Position(112 + 1.0 / 60, 36.5 + 1.0 / 60),
                    Position(112, 36.5 + 1.0 / 60), Position(112, 36.5)]
        let quadrangle = TrapezoidArea.cgcs2000.quadrangle(deltaLon: 1.0 / 60, lat1: 36.5, lat2: 36.5 + 1.0 / 60)
        XCTAssertRelative(drawn.lonLatRingArea(ring), quadrangle, 1e-13)
        // The 1′ cell of the domain notes: 2.7613 km².
        XCTAssertEqual(drawn.lonLatRingArea(ring) / 1e6, 2.7613, accuracy: 5e-5)
    }

    /// A sloping lon/lat edge cut at any point of it: the two terms add up to the whole edge's term.
    func testLonLatEdgeCutAnywhereAddsUp() {
        var random = SeededRandom(seed: 1055)
        for _ in 0..<2000 {
            let p = Position(Double.random(in: 100...120, using: &random), Double.random(in: 20...50, using: &random))
            let q = Position(p.x + Double.random(in: -0.5...0.5, using: &random), p.y + Double.random(in: -0.5...0.5, using: &random))
            let t = Double.random(in: 0.001...0.999, using: &random)
            let cut = Position(p.x + (q.x - p.x) * t, p.y + (q.y - p.y) * t)
            let reference = p.x - Double.random(in: 0...0.1, using: &random)
            let whole = drawn.lonLatEdgeTerm(from: p, to: q, reference: reference)
            let parts = drawn.lonLatEdgeTerm(from: p, to: cut, reference: reference) + drawn.lonLatEdgeTerm(from: cut, to: q, reference: reference)
            // The cut point itself is rounded to a double (~1e-14°); its area lever is the edge's length.
            let scale = TrapezoidArea.cgcs2000.quadrangle(deltaLon: max(abs(q.x - p.x), 1e-9) + abs(p.x - reference), lat1: min(p.y, q.y), lat2: max(p.y, q.y))
            XCTAssertEqual(parts, whole, accuracy: abs(scale) * 1e-12 + 1e-6, "\(p) \(q) \(t)")
        }
    }

    /// The TD/T 1055 strip sum cut ever finer along lon/lat-straight edges converges to the drawn area (its error
    /// shrinks with the square of the step): a 9 km block with steep edges.
    func testDenseTrapezoidSumConvergesToDrawnArea() {
        let ring = [Position(112.40, 36.45), Position(112.49, 36.46), Position(112.50, 36.51), Position(112.39, 36.52), Position(112.40, 36.45)]
        let exact = drawn.lonLatRingArea(ring)
        let coarse = TrapezoidArea.cgcs2000.ringArea(ring)
        let fine = TrapezoidArea.cgcs2000.ringArea(ring, maxLatitudeStep: 1e-4)
        XCTAssertGreaterThan(abs(coarse - exact), 1e-2, "one strip per edge is visibly off: the test can tell")
        XCTAssertEqual(fine, exact, accuracy: exact * 1e-11)
    }

    /// A straight edge in a Gauss-Krüger plane cut at any point: additive to rounding, for edges 1–60 km long.
    func testPlaneEdgeCutAnywhereAddsUp() throws {
        let workspace = ThreadWorkspace()
        let crs = CRSIdentifier(authority: "EPSG", code: "4547")
        let transformer = try workspace.transformer(from: crs, to: .cgcs2000)
        var random = SeededRandom(seed: 4547)
        for _ in 0..<200 {
            let p = Position(Double.random(in: 350_000...650_000, using: &random), Double.random(in: 3_900_000...4_300_000, using: &random))
            let length = Double.random(in: 1_000...60_000, using: &random), angle = Double.random(in: 0..<(2 * .pi), using: &random)
            let q = Position(p.x + length * cos(angle), p.y + length * sin(angle))
            let t = Double.random(in: 0.01...0.99, using: &random)
            let cut = Position(p.x + (q.x - p.x) * t, p.y + (q.y - p.y) * t)
            let reference = 114.0
            func term(_ a: Position, _ b: Position) throws -> Double {
                try drawn.planeEdgeTerm(from: a, to: b, reference: reference) { try transformer.transform(&$0) }
            }
            let whole = try term(p, q)
            // Scale: the strip from the reference meridian, about the edge's own term.
            XCTAssertEqual(try term(p, cut) + term(cut, q), whole, accuracy: max(abs(whole) * 1e-11, 1e-3), "\(p) \(q)")
        }
    }

    /// A Gauss-Krüger polygon: the exact plane-region area is the limit of TD/T 1055's ≤ 70 m trapezoid sum.
    func testPlaneRegionAgreesWithDensifiedTDT1055() throws {
        let workspace = ThreadWorkspace()
        let crs = CRSIdentifier(authority: "EPSG", code: "4547")
        let ring = [Position(420_000, 4_040_000), Position(431_000, 4_041_000), Position(433_000, 4_052_000),
                    Position(419_000, 4_049_000), Position(420_000, 4_040_000)]
        let exact = try drawn.area([Polygon(rings: [ring])], in: crs, workspace)
        let standard = try TDT1055Area.area([Polygon(rings: [ring])], crs: crs, workspace).area
        XCTAssertRelative(exact, standard, 5e-9)
        let geodesic = try workspace.ellipsoidalArea([Polygon(rings: [ring])], crs: crs)
        XCTAssertGreaterThan(abs(exact - geodesic), 1, "plane-straight and geodesic edges part on 11 km edges")
    }
}

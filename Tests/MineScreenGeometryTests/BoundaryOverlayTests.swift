import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// BoundaryOverlay with the plane shoelace term, so every sum is a plane area: squares whose overlaps are known
/// in closed form, then random star-shaped polygons against GEOS's overlay of the same polygons.
final class BoundaryOverlayTests: XCTestCase {
    let plane: (Position, Position) -> Double = { ($0.x * $1.y - $1.x * $0.y) / 2 }

    func square(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Polygon {
        Polygon(exterior: [Position(x0, y0), Position(x1, y0), Position(x1, y1), Position(x0, y1), Position(x0, y0)])
    }

    func measure(clip: Polygon, subjects: [(Polygon, Int)], layers: Int, minus: [Polygon] = []) throws -> BoundaryOverlay.Sums {
        var overlay = BoundaryOverlay(clip: [clip], layerCount: layers)
        // One group per layer: its subjects are unioned.
        for (polygon, layer) in subjects { overlay.addSubject([polygon], layer: layer, group: layer) }
        overlay.setMinus(rings: BoundaryOverlay.oriented(minus))
        return try XCTUnwrap(overlay.measure(term: plane))
    }

    func testTwoSquaresOverlapByTheirCorner() throws {
        let sums = try measure(clip: square(0, 0, 2, 2), subjects: [(square(1, 1, 3, 3), 0)], layers: 1)
        XCTAssertEqual(sums.layers[0], 1, accuracy: 1e-12)
        XCTAssertEqual(sums.rest, 1, accuracy: 1e-12)
        XCTAssertGreaterThan(sums.subjectPerimeter[0], 0)
    }

    /// Clockwise input is turned: the answer does not depend on the ring direction.
    func testRingDirectionDoesNotMatter() throws {
        let clockwise = Polygon(exterior: square(1, 1, 3, 3).exterior.reversed())
        let sums = try measure(clip: Polygon(exterior: square(0, 0, 2, 2).exterior.reversed()), subjects: [(clockwise, 0)], layers: 1)
        XCTAssertEqual(sums.layers[0], 1, accuracy: 1e-12)
    }

    /// Two overlapping squares of one layer count once where they overlap (1 + 1 − 0.25); another layer's
    /// strip beside them adds to `rest` only.
    func testOverlappingSubjectsOfALayerAreUnioned() throws {
        let sums = try measure(clip: square(0, 0, 2, 2),
                               subjects: [(square(1, 1, 3, 3), 0), (square(0.5, 0.5, 1.5, 1.5), 0), (square(-1, -1, 0.25, 2.5), 1)],
                               layers: 2)
        XCTAssertEqual(sums.layers[0], 1.75, accuracy: 1e-12)
        XCTAssertEqual(sums.layers[1], 0.5, accuracy: 1e-12)
        XCTAssertEqual(sums.rest, 2.25, accuracy: 1e-12)
    }

    /// `rest` leaves the minus region out: of the two subjects only the first remains, right of x = 1 (the minus
    /// region shares edges with the clip and the first subject: measured nudged).
    func testMinusRegionIsLeftOut() throws {
        let sums = try measure(clip: square(0, 0, 2, 2), subjects: [(square(1, 1, 3, 3), 0), (square(-1, -1, 0.5, 0.5), 1)],
                               layers: 2, minus: [square(0, 0, 1, 2)])
        XCTAssertEqual(sums.layers[0], 1, accuracy: 1e-8)
        XCTAssertEqual(sums.layers[1], 0.25, accuracy: 1e-8)
        XCTAssertEqual(sums.rest, 1, accuracy: 1e-8)
        let apart = try measure(clip: square(0, 0, 2, 2), subjects: [(square(1, 1, 3, 3), 0), (square(-1, -1, 0.5, 0.5), 1)],
                                layers: 2, minus: [square(0.25, -0.9, 1.5, 1.25)])
        XCTAssertEqual(apart.rest, 1 - 0.5 * 0.25 + 0.25 * 0.5, accuracy: 1e-12)
    }

    /// A clip inside a subject's hole meets nothing (no boundary at all); a hole inside the clip is left out.
    func testHoles() throws {
        let around = Polygon(exterior: square(-5, -5, 5, 5).exterior, holes: [square(-1, -1, 3, 3).exterior])
        let none = try measure(clip: square(0, 0, 2, 2), subjects: [(around, 0)], layers: 1)
        XCTAssertEqual(none.layers[0], 0)
        XCTAssertEqual(none.subjectPerimeter[0], 0)
        let inside = Polygon(exterior: square(-5, -5, 5, 5).exterior, holes: [square(0.5, 0.5, 1.5, 1.5).exterior])
        let sums = try measure(clip: square(0, 0, 2, 2), subjects: [(inside, 0)], layers: 1)
        XCTAssertEqual(sums.layers[0], 3, accuracy: 1e-12)
    }

    func testClipInsideASubjectIsWhollyCovered() throws {
        let sums = try measure(clip: square(0, 0, 2, 2), subjects: [(square(-1, -1, 3, 3), 0)], layers: 1)
        XCTAssertEqual(sums.layers[0], 4, accuracy: 1e-12)
    }

    /// Adjacent subjects share an edge and two vertices, the minus region shares an edge with one of them:
    /// the nudged measurement gives the closed-form areas to far below any reported digit.
    func testSharedEdgesAndVertices() throws {
        let sums = try measure(clip: square(0, 0, 2, 2),
                               subjects: [(square(0.5, 0.5, 1, 1.5), 0), (square(1, 0.5, 1.5, 1.5), 0), (square(1.5, 1.5, 3, 3), 1)],
                               layers: 2, minus: [square(-1, -1, 0.5, 3)])
        XCTAssertEqual(sums.layers[0], 1, accuracy: 1e-8)
        XCTAssertEqual(sums.layers[1], 0.25, accuracy: 1e-8)
        XCTAssertEqual(sums.rest, 1.25, accuracy: 1e-8)
    }

    /// The plane estimate per subject is in metres at the clip's latitude (within 1 %).
    func testSubjectEstimateIsInSquareMetres() throws {
        let degree = 1e-3
        let sums = try measure(clip: square(112, 36, 112 + 2 * degree, 36 + 2 * degree),
                               subjects: [(square(112 + degree, 36 + degree, 112 + 3 * degree, 36 + 3 * degree), 0)], layers: 1)
        let expected = degree * 111_320 * cos(36.001 * .pi / 180) * degree * 110_574
        XCTAssertEqual(sums.subjectArea[0], expected, accuracy: expected * 1e-3)
        XCTAssertEqual(sums.subjectPerimeter[0], 2 * degree * (111_320 * cos(36.001 * .pi / 180) + 110_574), accuracy: 1)
    }

    /// The outline of a 2 × 2 grid of cells is one ring around all four.
    func testOutlineRings() {
        var sum = EdgeAreaSum()
        for (x, y) in [(0.0, 0.0), (1, 0), (0, 1), (1, 1)] { sum.add([square(x, y, x + 1, y + 1)]) }
        let rings = BoundaryOverlay.rings(of: sum.outline ?? [])
        XCTAssertEqual(rings.count, 1)
        XCTAssertEqual(rings.first?.count, 9)
        XCTAssertEqual(twiceSignedArea(rings.first ?? []), 8, accuracy: 1e-12)
    }

    /// Random star-shaped polygons (non-convex, overlapping each other, crossing the clip many times) against
    /// GEOS: each layer's union inside the clip, and everything inside the clip less the minus region.
    func testRandomStarsAgainstGEOS() throws {
        var random = SeededRandom(seed: 20261123)
        func star(_ cx: Double, _ cy: Double, _ radius: Double, _ vertices: Int) -> Polygon {
            Polygon(exterior: randomStar(cx, cy, radius, vertices, spread: 0.35...1, using: &random))
        }
        let geos = GEOSContext()
        var checked = 0
        for scene in 0..<40 {
            let clip = star(5, 5, 4, 30)
            let subjects = (0..<8).map { k in (star(.random(in: 1...9, using: &random), .random(in: 1...9, using: &random), 2.5, 12 + k), k % 2) }
            let minus = star(.random(in: 3...7, using: &random), .random(in: 3...7, using: &random), 3, 20)
            var overlay = BoundaryOverlay(clip: [clip], layerCount: 2)
            for (polygon, layer) in subjects { overlay.addSubject([polygon], layer: layer, group: layer) }
            overlay.setMinus(rings: BoundaryOverlay.oriented([minus]))
            guard let sums = overlay.measure(term: plane) else {
                XCTFail("scene \(scene): no answer on random input")
                continue
            }
            let clipGeometry = try geos.makeGeometry([clip])
            for layer in 0..<2 {
                let union = try geos.union(try subjects.filter { $0.1 == layer }.map { try geos.makeGeometry([$0.0]) })
                let expected = try geos.planeArea(try geos.intersection(clipGeometry, union))
                XCTAssertEqual(sums.layers[layer], expected, accuracy: 1e-9 * 64, "scene \(scene) layer \(layer)")
            }
            let all = try geos.union(try subjects.map { try geos.makeGeometry([$0.0]) })
            let rest = try geos.planeArea(try geos.difference(try geos.intersection(clipGeometry, all), try geos.makeGeometry([minus])))
            XCTAssertEqual(sums.rest, rest, accuracy: 1e-9 * 64, "scene \(scene) rest")
            XCTAssertGreaterThan(rest, 0.5, "scene \(scene): the scene should leave something")
            checked += 1
        }
        XCTAssertEqual(checked, 40)
    }

    /// Two parcels along a 2 km east–west edge, one with a vertex in its middle that the other lacks (a
    /// T-junction). As separate groups the layer is the sum of the parcels' geodesic areas (PROJ's, of each
    /// parcel), as the overlay path adds a coverage's pieces; unioned, the sliver between the one geodesic and
    /// the two is lost (tens of m²).
    func testGroupsAddUpAcrossATJunction() throws {
        let geodesic = GeodesicArea.cgcs2000
        let west = 112.0, east = 112.022, south = 36.0, middle = 36.001, north = 36.002
        let lower = Polygon(exterior: [Position(west, south), Position(east, south), Position(east, middle), Position(west, middle), Position(west, south)])
        let upper = Polygon(exterior: [Position(west, middle), Position((west + east) / 2, middle), Position(east, middle),
                                       Position(east, north), Position(west, north), Position(west, middle)])
        let expected = geodesic.measure([lower]).area + geodesic.measure([upper]).area
        func layerArea(sameGroup: Bool) throws -> Double {
            var overlay = BoundaryOverlay(clip: [square(111.99, 35.99, 112.03, 36.01)], layerCount: 1)
            overlay.addSubject([lower], layer: 0, group: 0)
            overlay.addSubject([upper], layer: 0, group: sameGroup ? 0 : 1)
            return try XCTUnwrap(overlay.measure { -geodesic.edgeAreaTerm($0, $1) }).layers[0]
        }
        XCTAssertEqual(try layerArea(sameGroup: false), expected, accuracy: 1e-3)
        XCTAssertGreaterThan(abs(try layerArea(sameGroup: true) - expected), 1)
    }
}

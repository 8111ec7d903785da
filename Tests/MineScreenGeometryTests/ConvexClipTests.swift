import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// ConvexClip is our own Sutherland–Hodgman: its answers are checked against closed-form planar areas
/// and, on random shapes, against GEOS's intersection (an independent implementation).
final class ConvexClipTests: XCTestCase {
    func ring(_ points: [(Double, Double)]) -> [Position] {
        let ps = points.map { Position($0.0, $0.1) }
        return ps + [ps[0]]
    }

    /// Signed shoelace area of a closed ring, taken about its first vertex (so large coordinates keep their digits).
    func signedArea(_ ring: [Position]) -> Double {
        guard let origin = ring.first, ring.count > 3 else { return 0 }
        var sum = 0.0
        for k in 0..<(ring.count - 1) {
            let (ax, ay) = (ring[k].x - origin.x, ring[k].y - origin.y)
            let (bx, by) = (ring[k + 1].x - origin.x, ring[k + 1].y - origin.y)
            sum += ax * by - bx * ay
        }
        return sum / 2
    }

    /// Exterior minus holes, summed over the polygons.
    func area(_ polygons: [Polygon]) -> Double {
        polygons.reduce(0) { total, p in total + abs(signedArea(p.exterior)) - p.holes.reduce(0) { $0 + abs(signedArea($1)) } }
    }

    let unitSquare: [Position] = [Position(0, 0), Position(1, 0), Position(1, 1), Position(0, 1), Position(0, 0)]

    /// A 0.1 m window at Gauss-Krüger magnitudes (eastings 3.85e7 m): a shoelace sum on absolute coordinates
    /// loses its 0.01 m² in rounding and could turn every half-plane inside out (found in review).
    func testTinyWindowAtLargeCoordinatesKeepsItsSide() {
        let block = ring([(38511726.5, 4012400), (38511826.5, 4012400), (38511826.5, 4012500), (38511726.5, 4012500)])
        let tiny = ring([(38511826.4494, 4012447.6623), (38511826.5494, 4012447.6623), (38511826.5494, 4012447.7623), (38511826.4494, 4012447.7623)])
        // Closed form: the part of the square west of x = 38511826.5 is 0.0506 m × 0.1 m.
        for window in [tiny, Array(tiny.reversed())] {
            XCTAssertTrue(ConvexClip.isConvex(window))
            XCTAssertEqual(abs(signedArea(ConvexClip.clip(block, by: window))), 0.0506 * 0.1, accuracy: 1e-6)
        }
        let lonLatBlock = ring([(113.0, 36.0), (113.001, 36.0), (113.001, 36.001), (113.0, 36.001)])
        let lonLatTiny = ring([(113.0009995, 36.0005), (113.0010005, 36.0005), (113.0010005, 36.0005010), (113.0009995, 36.0005010)])
        XCTAssertEqual(abs(signedArea(ConvexClip.clip(lonLatBlock, by: lonLatTiny))), 0.5e-6 * 1e-6, accuracy: 1e-15)
    }

    /// One piece only when the block's outline crosses the window's boundary at most twice and no hole
    /// reaches it (closed-form cases).
    func testCutsInOnePiece() {
        let window = ring([(0, 0), (4, 0), (4, 2), (0, 2)])
        func poly(_ rings: [[(Double, Double)]]) -> [Polygon] { [Polygon(rings: rings.map { ring($0) })] }
        // A square overlapping one side: two crossings.
        XCTAssertTrue(ConvexClip.cutsInOnePiece(poly([[(3, -1), (6, -1), (6, 1), (3, 1)]]), by: window))
        // A U whose legs enter from below: four crossings, two pieces.
        let u = [(1.0, -2.0), (3.5, -2.0), (3.5, 1.0), (2.5, 1.0), (2.5, -1.0), (1.5, -1.0), (1.5, 1.0), (1.0, 1.0)]
        XCTAssertFalse(ConvexClip.cutsInOnePiece(poly([u]), by: window))
        // An edge passing through the window with both ends outside counts twice: a triangle cutting off a
        // corner crosses twice; a strip right across crosses four times (one piece, but left to GEOS).
        XCTAssertTrue(ConvexClip.cutsInOnePiece(poly([[(2, -1), (5, 1.5), (5, -1)]]), by: window))
        XCTAssertFalse(ConvexClip.cutsInOnePiece(poly([[(-1, 0.5), (5, 0.5), (5, 1.5), (-1, 1.5)]]), by: window))
        // Enclosing the window, or inside it: no crossing.
        XCTAssertTrue(ConvexClip.cutsInOnePiece(poly([[(-1, -1), (5, -1), (5, 3), (-1, 3)]]), by: window))
        XCTAssertTrue(ConvexClip.cutsInOnePiece(poly([[(1, 0.5), (2, 0.5), (2, 1.5), (1, 1.5)]]), by: window))
        // A hole inside the window is fine; a hole reaching its edge is not.
        XCTAssertTrue(ConvexClip.cutsInOnePiece(poly([[(-1, -1), (5, -1), (5, 3), (-1, 3)], [(1, 0.5), (1, 1.5), (2, 1.5), (2, 0.5)]]), by: window))
        XCTAssertFalse(ConvexClip.cutsInOnePiece(poly([[(-1, -1), (5, -1), (5, 3), (-1, 3)], [(3, 0.5), (3, 1.5), (5, 1.5), (5, 0.5)]]), by: window))
        // A vertex on the window's edge is left to GEOS.
        XCTAssertFalse(ConvexClip.cutsInOnePiece(poly([[(4, 1), (6, 0), (6, 2)]]), by: window))
    }

    // MARK: isConvex

    func testConvexRingsInBothOrientations() {
        let square = ring([(0, 0), (2, 0), (2, 2), (0, 2)])
        let withCollinearVertex = ring([(0, 0), (1, 0), (2, 0), (2, 2), (0, 2)])
        let triangle = ring([(112.1, 35.1), (112.2, 35.1), (112.15, 35.2)])
        for convex in [square, withCollinearVertex, triangle] {
            XCTAssertTrue(ConvexClip.isConvex(convex), "\(convex)")
            XCTAssertTrue(ConvexClip.isConvex(Array(convex.reversed())), "reversed \(convex)")
        }
    }

    func testNonConvexRingsAreRefused() {
        let cases: [(String, [Position])] = [
            ("concave L", ring([(0, 0), (2, 0), (2, 1), (1, 1), (1, 2), (0, 2)])),
            // Every corner turns the same way, but the ring goes round twice.
            ("pentagram", ring((0..<5).map { k in
                let angle = Double(2 * k % 5) * 2 * .pi / 5
                return (cos(angle), sin(angle))
            })),
            ("square traced twice", ring([(0, 0), (1, 0), (1, 1), (0, 1), (0, 0), (1, 0), (1, 1), (0, 1)])),
            ("collinear (no area)", ring([(0, 0), (1, 0), (2, 0), (3, 0)])),
            ("two points", ring([(0, 0), (1, 0)])),
            ("not closed", [Position(0, 0), Position(1, 0), Position(1, 1), Position(0, 1)]),
        ]
        for (name, r) in cases {
            XCTAssertFalse(ConvexClip.isConvex(r), name)
            XCTAssertFalse(ConvexClip.isConvex(Array(r.reversed())), name + " reversed")
        }
    }

    // MARK: clip, closed forms

    func testTriangleCrossingTheUnitSquare() {
        // The square's part below x + y = 1.5: 1 − 0.5²/2.
        let triangle = ring([(-0.5, 0), (1.5, 0), (-0.5, 2)])
        let cut = ConvexClip.clip(triangle, by: unitSquare)
        XCTAssertEqual(abs(signedArea(cut)), 0.875, accuracy: 1e-15)
        XCTAssertEqual(cut.first, cut.last)
        XCTAssertTrue(cut.allSatisfy { (-1e-15...1 + 1e-15).contains($0.x) && (-1e-15...1 + 1e-15).contains($0.y) })
    }

    func testSubjectEnclosingTheWindowGivesTheWindow() {
        let big = ring([(-5, -5), (5, -5), (5, 5), (-5, 5)])
        XCTAssertEqual(abs(signedArea(ConvexClip.clip(big, by: unitSquare))), 1, accuracy: 1e-15)
        let triangleWindow = ring([(0, 0), (3, 0), (0, 2)])
        XCTAssertEqual(abs(signedArea(ConvexClip.clip(big, by: triangleWindow))), 3, accuracy: 1e-15)
    }

    func testDisjointAndTouchingSubjectsLeaveNoArea() {
        XCTAssertEqual(ConvexClip.clip(ring([(3, 3), (4, 3), (4, 4), (3, 4)]), by: unitSquare), [])
        // Sharing the edge x = 1 only: nothing inside.
        XCTAssertEqual(abs(signedArea(ConvexClip.clip(ring([(1, 0), (2, 0), (2, 1), (1, 1)]), by: unitSquare))), 0)
    }

    func testNonConvexSubjectFallingIntoTwoPieces() throws {
        // A U (3×3 less the notch [1,2]×[1,3]) cut by the strip 2 ≤ y ≤ 2.5: two 1 × 0.5 pieces,
        // returned as one ring joined by a zero-width bridge.
        let u = ring([(0, 0), (3, 0), (3, 3), (2, 3), (2, 1), (1, 1), (1, 3), (0, 3)])
        let strip = ring([(-1, 2), (4, 2), (4, 2.5), (-1, 2.5)])
        let cut = ConvexClip.clip(u, by: strip)
        XCTAssertEqual(abs(signedArea(cut)), 1.0, accuracy: 1e-15)
        // GEOS agrees that it is two pieces of that total.
        let geos = ThreadWorkspace().geos
        let pieces = try geos.polygons(of: try geos.intersection(try geos.makeGeometry([Polygon(rings: [u])]),
                                                                  try geos.makeGeometry([Polygon(rings: [strip])])))
        XCTAssertEqual(pieces.count, 2)
        XCTAssertEqual(area(pieces), 1.0, accuracy: 1e-15)
    }

    func testWindowAndSubjectOrientationsDoNotMatter() {
        let triangle = ring([(-0.5, 0), (1.5, 0), (-0.5, 2)])
        let clockwiseSquare = Array(unitSquare.reversed())
        for subject in [triangle, Array(triangle.reversed())] {
            for window in [unitSquare, clockwiseSquare] {
                let cut = ConvexClip.clip(subject, by: window)
                XCTAssertEqual(abs(signedArea(cut)), 0.875, accuracy: 1e-15)
                // The cut keeps the subject's orientation.
                XCTAssertEqual(signedArea(cut) > 0, signedArea(subject) > 0)
            }
        }
    }

    func testPolygonsWithHoles() {
        // 4×4 with a 2×2 hole, cut to x ≥ 2: 8 − 2.
        let block = Polygon(rings: [ring([(0, 0), (4, 0), (4, 4), (0, 4)]), ring([(1, 1), (1, 3), (3, 3), (3, 1)])])
        let right = ring([(2, -1), (5, -1), (5, 5), (2, 5)])
        let cut = ConvexClip.clip([block], by: right)
        XCTAssertEqual(cut.count, 1)
        XCTAssertEqual(cut.first?.rings.count, 2)
        XCTAssertEqual(area(cut), 6, accuracy: 1e-14)

        // A second polygon away from the window is left out; a hole whose box misses the window too.
        let far = Polygon(rings: [ring([(10, 10), (11, 10), (11, 11), (10, 11)])])
        let holeLeft = Polygon(rings: [ring([(0, 0), (4, 0), (4, 4), (0, 4)]), ring([(0.2, 1), (0.2, 3), (1.5, 3), (1.5, 1)])])
        let both = ConvexClip.clip([holeLeft, far], by: right)
        XCTAssertEqual(both.count, 1)
        XCTAssertEqual(both.first?.rings.count, 1)
        XCTAssertEqual(area(both), 8, accuracy: 1e-14)

        // A window inside the hole: the exterior's cut and the hole's cut cancel.
        let inHole = ring([(1.5, 1.5), (2.5, 1.5), (2, 2.5)])
        XCTAssertEqual(area(ConvexClip.clip([block], by: inHole)), 0, accuracy: 1e-15)
        // Exterior cut only when the window misses the hole: the window itself.
        let corner = ring([(3.2, 3.2), (3.8, 3.2), (3.8, 3.8), (3.2, 3.8)])
        XCTAssertEqual(area(ConvexClip.clip([block], by: corner)), 0.36, accuracy: 1e-14)
    }

    // MARK: random shapes against GEOS


    /// A star-shaped (hence simple) ring of `n` vertices round `centre`.
    func star(_ centre: Position, radius: Double, n: Int, _ random: inout SeededRandom) -> [Position] {
        // One angle in each of n equal sectors: no gap reaches π, so the ring goes round `centre`.
        let angles = (0..<n).map { k in (Double(k) + Double.random(in: 0..<0.9, using: &random)) * 2 * .pi / Double(n) }
        let points = angles.map { a -> Position in
            let r = radius * Double.random(in: 0.25...1, using: &random)
            return Position(centre.x + r * cos(a), centre.y + r * sin(a))
        }
        return points + [points[0]]
    }

    /// Convex hull (Andrew's monotone chain, collinear points dropped), counter-clockwise, closed.
    func convexHull(_ points: [Position]) -> [Position] {
        let sorted = points.sorted { ($0.x, $0.y) < ($1.x, $1.y) }
        func cross(_ o: Position, _ a: Position, _ b: Position) -> Double { (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x) }
        var lower: [Position] = [], upper: [Position] = []
        for p in sorted {
            while lower.count >= 2, cross(lower[lower.count - 2], lower[lower.count - 1], p) <= 0 { lower.removeLast() }
            lower.append(p)
        }
        for p in sorted.reversed() {
            while upper.count >= 2, cross(upper[upper.count - 2], upper[upper.count - 1], p) <= 0 { upper.removeLast() }
            upper.append(p)
        }
        let hull = Array(lower.dropLast()) + Array(upper.dropLast())
        return hull + [hull[0]]
    }

    func testRandomPolygonsAgainstGEOS() throws {
        let geos = ThreadWorkspace().geos
        var random = SeededRandom(seed: 20_261_123)
        // lon/lat degrees near 112.x°E 35.x°N, and Gauss-Krüger metres with zone prefix.
        let settings: [(name: String, centre: Position, spread: Double, radius: ClosedRange<Double>)] = [
            ("lon/lat", Position(112.5, 35.5), 0.3, 0.0005...0.01),
            ("metres", Position(38_500_000, 3_930_000), 20_000, 5...800),
        ]
        for setting in settings {
            var partial = 0, empty = 0, whole = 0
            for trial in 0..<400 {
                let centre = Position(setting.centre.x + Double.random(in: -setting.spread...setting.spread, using: &random),
                                      setting.centre.y + Double.random(in: -setting.spread...setting.spread, using: &random))
                let radius = Double.random(in: setting.radius, using: &random)
                var subject = star(centre, radius: radius, n: Int.random(in: 5...40, using: &random), &random)
                if trial % 3 == 0 { subject.reverse() }
                // The window: hull of 3–15 points round a point near the subject, of a comparable size.
                let windowCentre = Position(centre.x + radius * Double.random(in: -1.2...1.2, using: &random),
                                            centre.y + radius * Double.random(in: -1.2...1.2, using: &random))
                let windowRadius = radius * Double.random(in: 0.2...1.5, using: &random)
                let points = (0..<Int.random(in: 3...15, using: &random)).map { _ in
                    Position(windowCentre.x + windowRadius * Double.random(in: -1...1, using: &random),
                             windowCentre.y + windowRadius * Double.random(in: -1...1, using: &random))
                }
                var window = convexHull(points)
                guard window.count >= 4 else { continue }
                if trial % 2 == 1 { window.reverse() }
                XCTAssertTrue(ConvexClip.isConvex(window), "\(setting.name) #\(trial): hull not convex")

                let cut = ConvexClip.clip(subject, by: window)
                let mine = abs(signedArea(cut))
                let expected = try geos.planeArea(try geos.intersection(try geos.makeGeometry([Polygon(rings: [subject])]),
                                                                        try geos.makeGeometry([Polygon(rings: [window])])))
                let windowArea = abs(signedArea(window))
                XCTAssertEqual(mine, expected, accuracy: windowArea * 1e-9, "\(setting.name) #\(trial)")
                if cut.isEmpty { XCTAssertEqual(expected, 0, accuracy: windowArea * 1e-12, "\(setting.name) #\(trial)") }
                if expected == 0 { empty += 1 } else if abs(expected - windowArea) <= windowArea * 1e-9 { whole += 1 } else { partial += 1 }

                // The same through the [Polygon] form, with a hole: the subject less a smaller copy of itself.
                let hole = subject.map { Position(centre.x + 0.2 * ($0.x - centre.x), centre.y + 0.2 * ($0.y - centre.y)) }.reversed()
                let holed = Polygon(rings: [subject, Array(hole)])
                let holedExpected = try geos.planeArea(try geos.intersection(try geos.makeGeometry([holed]),
                                                                             try geos.makeGeometry([Polygon(rings: [window])])))
                XCTAssertEqual(area(ConvexClip.clip([holed], by: window)), holedExpected, accuracy: windowArea * 1e-9,
                               "\(setting.name) #\(trial) with a hole")
            }
            // The trials must mostly cut something for the comparison to mean anything.
            XCTAssertGreaterThan(partial, 200, "\(setting.name): \(partial) partial, \(empty) empty, \(whole) whole")
            XCTAssertGreaterThan(empty, 5, setting.name)
        }
    }

    /// A U-shaped block whose legs enter a long convex parcel cuts it into two pieces; Sutherland–Hodgman joins
    /// them by bridges along the parcel's edge. `cutEdges` splits the bridges so that they cancel as geodesics:
    /// the edge sum equals PROJ's geodesic area of the two pieces (closed form: two rectangles), where the
    /// unsplit ring is metres off.
    func testCutInPiecesSumsToItsPiecesAsGeodesics() throws {
        let window = ring([(112.0, 36.0), (112.02, 36.0), (112.02, 36.001), (112.0, 36.001)])
        let u = ring([(112.002, 35.99), (112.016, 35.99), (112.016, 36.0005), (112.014, 36.0005), (112.014, 35.995),
                      (112.004, 35.995), (112.004, 36.0005), (112.002, 36.0005)])
        let block = [Polygon(exterior: u)]
        XCTAssertEqual(ConvexClip.cutShape(block, by: window), .pieces)
        let pieces = [Polygon(exterior: ring([(112.002, 36.0), (112.004, 36.0), (112.004, 36.0005), (112.002, 36.0005)])),
                      Polygon(exterior: ring([(112.014, 36.0), (112.016, 36.0), (112.016, 36.0005), (112.014, 36.0005)]))]
        let expected = GeodesicArea.cgcs2000.measure(pieces).area
        let (cut, edges) = ConvexClip.cutEdges(block, by: window)
        XCTAssertEqual(area(cut), area(pieces), accuracy: 1e-12)
        var split = EdgeAreaSum()
        split.add(edges: edges)
        XCTAssertEqual(split.area(GeodesicArea.cgcs2000), expected, accuracy: expected * 1e-10)
        var bridged = EdgeAreaSum()
        bridged.add(cut)
        XCTAssertGreaterThan(abs(bridged.area(GeodesicArea.cgcs2000) - expected), 0.01, "the bridges should matter here")
        // A whole cut is left as it is.
        let whole = [Polygon(exterior: ring([(112.001, 35.99), (112.003, 35.99), (112.003, 36.0005), (112.001, 36.0005)]))]
        XCTAssertEqual(ConvexClip.cutShape(whole, by: window), .onePiece)
        XCTAssertEqual(ConvexClip.cutEdges(whole, by: window).edges.count, 4)
    }
}

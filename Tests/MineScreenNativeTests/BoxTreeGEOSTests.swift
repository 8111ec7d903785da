import XCTest
@testable import MineScreenGeometry
@testable import MineScreenNative
import MineScreenTestSupport

/// A `BoxTree` over features' boxes answers what GEOS's STRtree over the same features' geometries answers, for
/// query geometries of every kind (non-convex polygons, lines, points, an empty geometry).
final class BoxTreeGEOSTests: XCTestCase {
    func testAnswersAsGEOSsTreeOverTheGeometries() throws {
        var random = SeededRandom(seed: 31)
        let geos = GEOSContext()
        func star(_ cx: Double, _ cy: Double, _ r: Double) -> [Position] {
            let n = Int.random(in: 3...9, using: &random)
            var ring = (0..<(2 * n)).map { k -> Position in
                let angle = Double(k) * .pi / Double(n)
                let radius = k % 2 == 0 ? r : r * Double.random(in: 0.2...0.9, using: &random)
                return Position((cx + radius * cos(angle) * 8).rounded() / 8, (cy + radius * sin(angle) * 8).rounded() / 8)
            }
            ring.append(ring[0])
            return ring
        }
        var shapes: [Geometry] = []
        for k in 0..<1_500 {
            let x = Double.random(in: 0...500, using: &random), y = Double.random(in: 0...500, using: &random)
            switch k % 10 {
            case 3: shapes.append(.lineString([Position(x, y), Position(x + 7, y - 3), Position(x + 2, y + 9)]))
            case 6: shapes.append(.point(Position(x.rounded(), y.rounded())))
            default: shapes.append(.polygon(Polygon(exterior: star(x, y, Double.random(in: 0.5...20, using: &random)))))
            }
        }
        let geometries = try shapes.map { try geos.makeGeometry($0) }
        let boxes = shapes.map { shape -> Box in
            var box = Box()
            shape.forEachPosition { box.add($0) }
            return box
        }
        let tree = BoxTree(boxes)
        let reference = try STRtree(geometries, in: geos)
        for q in 0..<400 {
            let x = Double.random(in: -20...520, using: &random), y = Double.random(in: -20...520, using: &random)
            let query: Geometry = switch q % 4 {
            case 0: .point(Position(x.rounded(), y.rounded()))
            case 1: .lineString([Position(x, y), Position(x + 40, y + 5)])
            default: .polygon(Polygon(exterior: star(x, y, Double.random(in: 1...60, using: &random))))
            }
            let geometry = try geos.makeGeometry(query)
            XCTAssertEqual(try tree.query(geometry, in: geos), try reference.query(geometry, in: geos), "query \(q)")
        }
        let empty = try geos.makeGeometry(.multiPolygon([]))
        XCTAssertEqual(try tree.query(empty, in: geos), try reference.query(empty, in: geos))
    }
}

import XCTest
@testable import MineScreenGeometry
import MineScreenTestSupport

/// The grid's neighbours are exactly the members whose boxes meet (touching counts), each pair found from both
/// sides, against a brute-force scan over every pair; on boxes of mixed sizes, shared edges and corners, points
/// and boxes far outside the grid.
final class BoxGridTests: XCTestCase {
    func testNeighboursAreExactlyTheMeetingBoxes() throws {
        var random = SeededRandom(seed: 14)
        for scene in 0..<6 {
            var boxes: [Box] = []
            for k in 0..<400 {
                var box = Box()
                if k % 10 == 0, let other = boxes.last {
                    // Sharing an edge or a corner exactly with the previous box.
                    box.add(Position(other.maxX, other.maxY))
                    box.add(Position(other.maxX + 0.5, other.maxY + (k % 20 == 0 ? 0.5 : -0.2)))
                } else {
                    let (x, y) = (Double.random(in: 0...20, using: &random), Double.random(in: 0...20, using: &random))
                    let size = scene % 2 == 0 ? Double.random(in: 0...1, using: &random) : Double.random(in: 0...6, using: &random)
                    box.add(Position(x, y))
                    box.add(Position(x + size * Double.random(in: 0...1, using: &random), y + size * Double.random(in: 0...1, using: &random)))
                }
                boxes.append(box)
            }
            boxes.append(Box())  // no box: never a neighbour
            var far = Box()
            far.add(Position(1e9, -1e9))
            far.add(Position(1e9 + 1, -1e9 + 1))
            boxes.append(far)
            let members = boxes.indices.filter { $0 % 7 != 3 }
            let grid = try XCTUnwrap(BoxGrid(boxes, members: members))
            var pairs = 0
            for k in boxes.indices {
                let expected = members.filter { $0 != k && boxes[$0].meets(boxes[k]) }
                XCTAssertEqual(grid.neighbours(of: k), expected, "scene \(scene), box \(k)")
                pairs += expected.count
            }
            XCTAssertGreaterThan(pairs, 100)
        }
        XCTAssertNil(BoxGrid([Box()], members: [0]))
    }
}

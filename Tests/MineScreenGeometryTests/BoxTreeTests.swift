import XCTest
@testable import MineScreenGeometry
import MineScreenTestSupport

/// The tree answers exactly the boxes that meet the query (touching counts), ascending, against a brute-force
/// scan: on boxes of mixed sizes on a coarse lattice (so that edges and corners coincide), points, empty boxes,
/// and layers from none to several levels deep.
final class BoxTreeTests: XCTestCase {
    func testQueriesAnswerExactlyTheMeetingBoxes() {
        var random = SeededRandom(seed: 19)
        func value(_ range: Int) -> Double { Double(Int.random(in: 0..<range, using: &random)) / 4 }
        for count in [0, 1, 15, 16, 17, 255, 256, 257, 5_000] {
            var boxes: [Box] = []
            for k in 0..<count {
                var box = Box()
                if k % 97 != 13 {
                    let x = value(800), y = value(800)
                    let wide = k % 11 == 0 ? 0 : value(k % 5 == 0 ? 200 : 12)
                    box.add(Position(x, y))
                    box.add(Position(x + wide, y + (k % 7 == 0 ? 0 : value(12))))
                }
                boxes.append(box)
            }
            let tree = BoxTree(boxes)
            XCTAssertEqual(tree.count, boxes.filter { !$0.isEmpty }.count)
            for q in 0..<300 {
                var query = Box()
                if q % 50 != 7 {
                    let x = value(900) - 25, y = value(900) - 25
                    query.add(Position(x, y))
                    query.add(Position(x + (q % 9 == 0 ? 0 : value(q % 4 == 0 ? 400 : 30)), y + value(30)))
                }
                let expected = boxes.indices.filter { boxes[$0].meets(query) }
                XCTAssertEqual(tree.query(query), expected, "\(count) boxes, query \(q)")
            }
        }
    }

    func testEveryItemIsFoundByItsOwnBox() {
        var random = SeededRandom(seed: 23)
        var boxes: [Box] = []
        for _ in 0..<3_000 {
            var box = Box()
            let x = Double.random(in: 112...114, using: &random), y = Double.random(in: 35...37, using: &random)
            box.add(Position(x, y))
            box.add(Position(x + Double.random(in: 0...0.01, using: &random), y + Double.random(in: 0...0.01, using: &random)))
            boxes.append(box)
        }
        let tree = BoxTree(boxes)
        for k in boxes.indices { XCTAssertTrue(tree.query(boxes[k]).contains(k)) }
    }
}

@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport
import XCTest

final class BlockExtentFilterTests: XCTestCase {
    private func box(_ x: Double, _ y: Double, _ size: Double = 0.01) -> ExtentRectangle {
        ExtentRectangle(minX: x, minY: y, maxX: x + size, maxY: y + size)
    }

    private func covers(_ rects: [ExtentRectangle], _ r: ExtentRectangle) -> Bool {
        rects.contains { $0.minX <= r.minX && $0.minY <= r.minY && $0.maxX >= r.maxX && $0.maxY >= r.maxY }
    }

    func testNeighboursJoinAndFarBlocksKeepTheirOwnRectangles() {
        let near = [box(113.00, 36.00), box(113.005, 36.005), box(113.011, 36.0)]
        let far = [box(110.0, 34.0), box(116.0, 39.0)]
        let rects = BlockExtentFilter.cluster(near + far)
        XCTAssertEqual(rects.count, 3)
        for r in near + far { XCTAssertTrue(covers(rects, r)) }
        // The far blocks are not inside one box spanning the province: total area stays small.
        let total = rects.reduce(0) { $0 + $1.area }
        XCTAssertLessThan(total, 0.01)
    }

    func testManyScatteredBlocksAreBoundedAndCovered() {
        var blocks: [ExtentRectangle] = []
        for i in 0..<40 { for j in 0..<40 { blocks.append(box(100 + Double(i) * 0.5, 25 + Double(j) * 0.5, 0.002)) } }
        let rects = BlockExtentFilter.cluster(blocks)
        XCTAssertLessThanOrEqual(rects.count, BlockExtentFilter.maximumRectangles)
        for r in blocks { XCTAssertTrue(covers(rects, r)) }
    }

    func testWideningIsAtLeastTheDistanceOnTheGround() {
        let filter = BlockExtentFilter(crs: .cgcs2000, isGeographic: true, rectangles: [box(113, 36)])
        let wide = filter.widened(byMetres: 1000).rectangles[0]
        // 1000 m is 0.00899° of latitude and 0.0111° of longitude at 36°N (closed forms on a 6371 km sphere,
        // ellipsoid differences well under the 10 % kept in hand).
        XCTAssertGreaterThan(113 - wide.minX, 1000 / (6_371_000 * .pi / 180 * cos(36.01 * .pi / 180)) * 0.99)
        XCTAssertGreaterThan(36 - wide.minY, 1000 / (6_371_000 * .pi / 180) * 0.99)
        XCTAssertLessThan(36 - wide.minY, 1000 / (6_371_000 * .pi / 180) * 1.1)
        let projected = BlockExtentFilter(crs: CRSIdentifier(authority: "EPSG", code: "4526"), isGeographic: false,
                                          rectangles: [ExtentRectangle(minX: 0, minY: 0, maxX: 10, maxY: 10)])
        XCTAssertEqual(projected.widened(byMetres: 5).rectangles, [ExtentRectangle(minX: -5, minY: -5, maxX: 15, maxY: 15)])
    }
}

import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// BlockRaster may only say "inside" where GEOS's prepared covers agrees and "outside" where prepared intersects
/// says no contact; on parcel-sized shapes it should decide most of them.
final class BlockRasterTests: XCTestCase {
    func testNeverContradictsGEOSAndDecidesMost() throws {
        var random = SeededRandom(seed: 77)
        let geos = GEOSContext()
        func star(_ cx: Double, _ cy: Double, _ radius: Double, _ vertices: Int) -> [Position] {
            randomStar(cx, cy, radius, vertices, using: &random)
        }
        var decided = 0, tried = 0
        for scene in 0..<12 {
            // A block of a few km at 36°N with a hole, as lon/lat.
            let (cx, cy) = (112.0 + Double(scene) * 0.1, 36.0)
            let block = [Polygon(rings: [star(cx, cy, 0.03, 40), Array(star(cx, cy, 0.006, 12).reversed())])]
            let raster = try XCTUnwrap(BlockRaster(block, cells: 16_000))
            let prepared = try PreparedGeometry(try geos.makeGeometry(block), in: geos)
            for _ in 0..<400 {
                let parcel = star(cx + .random(in: -0.035...0.035, using: &random), cy + .random(in: -0.035...0.035, using: &random),
                                  0.001, 6)
                var box = Box()
                box.add(parcel)
                let geometry = try geos.makeGeometry([Polygon(rings: [parcel])])
                tried += 1
                switch raster.locate(box) {
                case .inside:
                    decided += 1
                    XCTAssertTrue(try prepared.covers(geometry), "scene \(scene): \(parcel)")
                case .outside:
                    decided += 1
                    XCTAssertFalse(try prepared.intersects(geometry), "scene \(scene): \(parcel)")
                case .undecided:
                    break
                }
            }
        }
        XCTAssertGreaterThan(decided, tried / 2)
        // Far away, and a box around the whole block: outside and undecided.
        let square = [Polygon(exterior: [Position(0, 0), Position(1, 0), Position(1, 1), Position(0, 1), Position(0, 0)])]
        let raster = try XCTUnwrap(BlockRaster(square, cells: 100))
        var far = Box(), around = Box(), within = Box()
        far.add([Position(2, 2), Position(3, 3)])
        around.add([Position(-1, -1), Position(2, 2)])
        within.add([Position(0.4, 0.4), Position(0.6, 0.6)])
        XCTAssertEqual(raster.locate(far), .outside)
        XCTAssertEqual(raster.locate(around), .undecided)
        XCTAssertEqual(raster.locate(within), .inside)
    }
}

import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

final class RectifyEngineTests: XCTestCase {
    func engine() throws -> RectifyEngine {
        let mines = try InputLoader.load(path: Fixture.path("rectify/mines.geojson"), options: LoadOptions(threads: 1))
        return RectifyEngine(mines: mines, orebodies: nil, footprints: nil, rules: try RectifyRules.load(path: Fixture.path("rectify/rules.yaml")))
    }

    /// The fixture has two too-close pairs (the chain of three); one more than the limit refuses the file.
    func testTooManyClosePairsRefuseTheFileInsteadOfRunningForHours() throws {
        var limited = try engine()
        limited.maxClosePairs = 2
        XCTAssertEqual(try limited.run().groups.count, 1)
        limited.maxClosePairs = 1
        XCTAssertThrowsError(try limited.run()) { error in
            XCTAssertTrue((error as? InputError)?.description.contains("more than 1 pairs of licences") ?? false, "\(error)")
        }
    }

    /// Mines without an owner never share one: two ownerless licences 200 m apart are too close.
    func testMinesWithoutOwnerAreDistinctOwners() throws {
        var run = try engine()
        let chain = Set(["C1405002025017130000020", "C1405002025017130000021"])
        for k in run.mines.features.indices where chain.contains(run.mines.features[k].feature.property("采矿许可证号")?.stringValue ?? "") {
            run.mines.features[k].feature.properties.removeAll { $0.key == "采矿权人" }
        }
        let result = try run.run()
        let ownerless = result.results.filter { chain.contains($0.mine.id) }
        XCTAssertEqual(ownerless.count, 2)
        for mine in ownerless {
            XCTAssertEqual(mine.mine.owner, "")
            XCTAssertTrue(mine.reasons.contains { $0.code == "too-close" }, mine.mine.id)
        }
    }
}

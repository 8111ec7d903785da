import Foundation
import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// One `LoadedScreeningRules` shared by runs on several threads at once (as `minescreen serve` shares it): every
/// run gives the answer it gives alone, and the oracle's verdicts (Fixtures/screen/oracle.json, shapely + pyproj).
final class LoadedScreeningRulesTests: XCTestCase {
    func verdictsAndAreas(_ result: ScreenResult) -> [String] {
        result.results.map { "\($0.id) \($0.verdict.rawValue) \($0.area) \($0.conflict) \($0.reasons.map { "\($0.overlap.layer)=\($0.overlap.area)" })" }
    }

    func testConcurrentRunsOnSharedLayersAnswerAsOneRunAlone() throws {
        let loaded = try LoadedScreeningRules(rules: try ScreeningRules.load(path: Fixture.path("screen/rules.yaml")),
                                              options: .init(threads: 2))
        let files = [try Fixture.load("screen/blocks.geojson", idField: "code"), try Fixture.load("demo/blocks.geojson", idField: "code")]
        let alone = files.map { verdictsAndAreas(loaded.screen($0, options: ScreenRunOptions(threads: 1))) }
        XCTAssertNotEqual(alone[0], alone[1])
        let oracle = try XCTUnwrap(try Fixture.json("screen/oracle.json")["blocks"] as? [[String: Any]])
        XCTAssertEqual(loaded.screen(files[0], options: ScreenRunOptions(threads: 1)).results.map(\.verdict.rawValue),
                       oracle.map { $0["verdict"] as? String ?? "" })

        var together = [[String]](repeating: [], count: 8)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: together.count) { k in
            let answer = verdictsAndAreas(loaded.screen(files[k % 2], options: ScreenRunOptions(threads: 2)))
            lock.withLock { together[k] = answer }
        }
        for (k, answer) in together.enumerated() { XCTAssertEqual(answer, alone[k % 2], "run \(k)") }
    }
}

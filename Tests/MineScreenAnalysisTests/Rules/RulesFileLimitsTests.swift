import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

final class RulesFileLimitsTests: XCTestCase {
    private func flow(_ depth: Int) -> String { "layers: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n" }
    private func indented(_ depth: Int) -> String { (0..<depth).map { String(repeating: " ", count: $0) + "k\($0):\n" }.joined() }

    func testDepthIsCountedFromBracketsIndentationAndDashes() {
        // `layers:` is one level, each bracket one more.
        XCTAssertNil(RulesFileLimits.firstTooDeepLine(flow(63)))
        XCTAssertEqual(RulesFileLimits.firstTooDeepLine(flow(64))?.depth, 65)
        XCTAssertNil(RulesFileLimits.firstTooDeepLine(indented(64)))
        XCTAssertEqual(RulesFileLimits.firstTooDeepLine(indented(65))?.line, 65)
        XCTAssertEqual(RulesFileLimits.firstTooDeepLine("layers:\n  " + String(repeating: "- ", count: 100) + "x\n")?.line, 2)
        // Brackets in quotes and comments are text.
        let quoted = "name: '" + String(repeating: "[", count: 100) + "' # " + String(repeating: "{", count: 100) + "\n"
        XCTAssertNil(RulesFileLimits.firstTooDeepLine(quoted))
    }

    func testTheShippedRulesFileIsWithinBounds() throws {
        let text = try String(contentsOfFile: Fixture.path("screen/rules.yaml"), encoding: .utf8)
        XCTAssertNil(RulesFileLimits.firstTooDeepLine(text))
        XCTAssertEqual(try ScreeningRules.parse(text, file: Fixture.path("screen/rules.yaml")).layers.count, 5)
    }

    func testDeepAndHugeRulesAreErrorsNotCrashes() throws {
        XCTAssertThrowsError(try ScreeningRules.parse(flow(10_000), file: "deep.yaml")) { error in
            XCTAssertEqual(error as? InputError, .invalidArgument("deep.yaml:1: nested 65 levels deep; a rules file nests at most 64"))
        }
        let huge = "tolerance_m2: 1\n" + String(repeating: "#\n", count: RulesFileLimits.maxBytes / 2)
        XCTAssertThrowsError(try ScreeningRules.parse(huge, file: "huge.yaml")) { error in
            XCTAssertTrue("\(error)".contains("at most \(RulesFileLimits.maxBytes) bytes"), "\(error)")
        }
    }
}

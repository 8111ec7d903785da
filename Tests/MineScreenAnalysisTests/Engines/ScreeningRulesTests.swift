import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

final class ScreeningRulesTests: XCTestCase {
    let folder = Fixture.path("screen")

    func parse(_ yaml: String) throws -> ScreeningRules {
        try ScreeningRules.parse(yaml, file: folder + "/rules-test.yaml")
    }

    func testShippedRulesParse() throws {
        let rules = try ScreeningRules.load(path: Fixture.path("screen/rules.yaml"))
        XCTAssertEqual(rules.toleranceM2, 1)
        XCTAssertEqual(rules.minCleanAreaM2, 100_000)
        XCTAssertEqual(rules.layers.map(\.name), ["redline", "farmland", "railway", "rights", "dwellings"])
        XCTAssertEqual(rules.layers[1].idField, "BSM")
        XCTAssertEqual(rules.layers[2].bufferMetres, 1000)
        XCTAssertTrue(rules.layers[0].resolvedPath.hasSuffix("Fixtures/screen/redline.geojson"))
    }

    func assertRejected(_ yaml: String, mentions words: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try parse(yaml), file: file, line: line) { error in
            let text = "\(error)"
            for word in words { XCTAssertTrue(text.contains(word), "\(text) lacks \(word)", file: file, line: line) }
        }
    }

    func testErrorsNameTheKeyAndLine() {
        assertRejected("tolerance_m2: 1\nlayers:\n  - name: a\n    path: redline.geojson\n    bufer_m: 5\n",
                       mentions: ["rules-test.yaml:5", "bufer_m"])
        assertRejected("tolerance: 1\nlayers:\n  - name: a\n    path: redline.geojson\n", mentions: [":1", "tolerance"])
        assertRejected("tolerance_m2: -1\nlayers:\n  - name: a\n    path: redline.geojson\n", mentions: [":1", "tolerance_m2", "negative"])
        assertRejected("layers:\n  - name: a\n    path: redline.geojson\n    buffer_m: -300\n", mentions: [":4", "buffer_m", "negative"])
        assertRejected("layers:\n  - path: redline.geojson\n", mentions: [":2", "name"])
        assertRejected("layers:\n  - name: a\n    path: nowhere.geojson\n", mentions: [":3", "path", "nowhere.geojson"])
        assertRejected("layers:\n  - name: a\n    path: redline.geojson\n  - name: a\n    path: redline.geojson\n", mentions: [":4", "twice"])
        assertRejected("min_clean_area_m2: lots\nlayers:\n  - name: a\n    path: redline.geojson\n", mentions: [":1", "number"])
        assertRejected("layers: [\n", mentions: ["invalid YAML"])
    }
}

extension ScreeningRulesTests {
    func testDuplicateKeysAreErrors() {
        assertRejected("tolerance_m2: 1\ntolerance_m2: 2\nlayers:\n  - name: a\n    path: redline.geojson\n", mentions: [":2", "twice"])
    }
}

extension ScreeningRulesTests {
    func testLayerDatumParameters() throws {
        let rules = try parse("layers:\n  - name: rights\n    path: redline.geojson\n    towgs84: [24, -123, -94, 0.02, -0.25, -0.13, 1.1]\n")
        XCTAssertEqual(rules.layers[0].towgs84, [24, -123, -94, 0.02, -0.25, -0.13, 1.1])
        assertRejected("layers:\n  - name: a\n    path: redline.geojson\n    towgs84: [1, 2]\n", mentions: [":4", "towgs84"])
    }
}

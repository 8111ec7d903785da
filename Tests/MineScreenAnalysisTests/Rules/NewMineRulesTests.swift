import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// The plans' rules for new mines. Fixtures/new-mines from Scripts/oracles/make_new_mines_fixture.py: verdicts and
/// rules broken follow from the plans' minimum scales (just below breaks, at the minimum passes).
final class NewMineRulesTests: XCTestCase {
    func screen(_ rulesFile: String, _ blocksFile: String) throws -> ScreenResult {
        let rules = try ScreeningRules.load(path: Fixture.path("new-mines/\(rulesFile)"))
        let blocks = try Fixture.load("new-mines/\(blocksFile)", idField: "code")
        let layers = try rules.layers.map { rule -> ScreenLayer in
            let loaded = try InputLoader.load(path: rule.resolvedPath, options: LoadOptions(threads: 2))
            return ScreenLayer(layer: ConstraintLayer(name: rule.name, loaded: loaded), bufferMetres: nil)
        }
        return ScreenEngine(blocks: blocks, layers: layers, rules: rules).run(threads: 2)
    }

    func testEveryBlockGetsTheVerdictAndRulesThePlansGive() throws {
        let expected = try Fixture.json("new-mines/expected.json")
        let files = ["changzhi-rules.yaml": "changzhi-blocks.geojson", "datong-rules.yaml": "datong-blocks.geojson",
                     "deposit-rules.yaml": "deposit-blocks.geojson"]
        XCTAssertEqual(Set(expected.keys), Set(files.keys))
        for (rulesFile, blocksFile) in files {
            let byID = try XCTUnwrap(expected[rulesFile] as? [String: [String: Any]])
            let result = try screen(rulesFile, blocksFile)
            XCTAssertTrue(result.rejected.isEmpty, rulesFile)
            XCTAssertEqual(result.results.count, byID.count, rulesFile)
            for block in result.results {
                let e = try XCTUnwrap(byID[block.id], block.id)
                XCTAssertEqual(block.verdict.rawValue, e["verdict"] as? String, "\(rulesFile) \(block.id)")
                XCTAssertEqual(block.ruleReasons.map(\.rule.rawValue), e["rules"] as? [String], "\(rulesFile) \(block.id)")
                XCTAssertTrue(block.reasons.isEmpty, block.id)
            }
        }
    }

    func testReasonMembersNameTheMineralScaleAndMinimum() throws {
        let result = try screen("datong-rules.yaml", "datong-blocks.geojson")
        let lingqiu = try XCTUnwrap(result.results.first { $0.id == "DT-iron-lingqiu-20" }?.ruleReasons.first)
        XCTAssertEqual(lingqiu.mineral, "铁矿")
        XCTAssertEqual(lingqiu.scale, .number(20))
        XCTAssertEqual(lingqiu.minimum, .number(30))  // 灵丘县's own minimum, not the city's 10
        let missing = try XCTUnwrap(result.results.first { $0.id == "DT-iron-no-county" }?.ruleReasons.first)
        XCTAssertEqual(missing.field, "所在行政区")
    }

    func testScaleText() {
        XCTAssertEqual(NewMineRules.scale(.string("30")), 30)
        XCTAssertEqual(NewMineRules.scale(.string(" 30.0 ")), 30)
        XCTAssertEqual(NewMineRules.scale(.string("３０．５")), 30.5)
        XCTAssertEqual(NewMineRules.scale(.integer(120)), 120)
        for bad in ["30万吨", "1e3", "-5", "nan", "inf", ".5", "3.0.1", "", "0x10", "٣٠"] {
            XCTAssertNil(NewMineRules.scale(.string(bad)), bad)
        }
        XCTAssertNil(NewMineRules.scale(.bool(true)))
        XCTAssertNil(NewMineRules.scale(.number(-1)))
    }

    func testRulesFileErrorsNameKeyAndLine() {
        func message(_ yaml: String) -> String {
            do {
                _ = try ScreeningRules.parse(yaml, file: Fixture.path("new-mines/x.yaml"))
                return "parsed"
            } catch { return "\(error)" }
        }
        let head = "layers:\n  - name: redline\n    path: layer.geojson\nnew_mines:\n"
        let cases: [(String, String)] = [
            ("  min_design_scale:\n    煤炭: lots\n", "x.yaml:6: new_mines.min_design_scale.煤炭 must be a non-negative number"),
            ("  min_design_scale:\n    煤炭: -1\n", "x.yaml:6: new_mines.min_design_scale.煤炭 must be a non-negative number"),
            ("  no_new_small: [砂石]\n", "x.yaml:5: new_mines.no_new_small: 砂石 has no medium_scale"),
            ("  require_medium_deposit: maybe\n", "x.yaml:5: new_mines.require_medium_deposit must be true or false"),
            ("  minimum_scale: {}\n", "x.yaml:5: unknown key 'minimum_scale' in new_mines"),
            ("  fields:\n    minerals: 矿种\n", "x.yaml:6: unknown key 'minerals' in new_mines.fields"),
            ("  by_county:\n    灵丘县: 30\n", "x.yaml:6: new_mines.by_county.灵丘县 must be a mapping"),
            ("  - 煤炭\n", "x.yaml:5: new_mines must be a mapping"),
        ]
        for (body, expected) in cases {
            let text = message(head + body)
            XCTAssertTrue(text.contains(expected), "\(body) → \(text)")
        }
    }

    func testExampleRulesTranscribeThePlans() throws {
        let changzhi = try XCTUnwrap(try ScreeningRules.load(path: Fixture.path("new-mines/changzhi-rules.yaml")).newMines)
        XCTAssertEqual(changzhi.minDesignScale, ["煤炭": 120, "铁矿": 5, "水泥用灰岩": 30, "建筑用白云岩": 10, "建筑石料用灰岩": 50,
                                                 "陶瓷土": 10, "石英岩": 10])
        XCTAssertEqual(changzhi.noNewSmall, ["砂石"])
        let datong = try XCTUnwrap(try ScreeningRules.load(path: Fixture.path("new-mines/datong-rules.yaml")).newMines)
        XCTAssertEqual(datong.minDesignScale["铁矿"], 10)
        XCTAssertEqual(datong.byCounty, ["灵丘县": ["铁矿": 30]])
        XCTAssertEqual(datong.minDesignScale["石墨"], 0.6)
        XCTAssertEqual(datong.fields, NewMineRules.Fields())
    }
}

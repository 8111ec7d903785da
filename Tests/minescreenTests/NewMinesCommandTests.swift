import XCTest
import MineScreenTestSupport

/// `minescreen screen` with the plans' rules for new mines (Fixtures/new-mines, Scripts/oracles/make_new_mines_fixture.py).
final class NewMinesCommandTests: XCTestCase {
    func testJSONReasonsCarryExactlyTheIssueKeys() throws {
        let run = try CLI.run(["screen", "Fixtures/new-mines/changzhi-blocks.geojson", "--rules", "Fixtures/new-mines/changzhi-rules.yaml",
                               "--id-field", "code", "--name-field", M, "--format", "json"])
        XCTAssertEqual(run.status, 1, run.stderr)  // some blocks blocked, nothing rejected
        let json = try run.json()
        let expected = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: CLI.fixture("new-mines/expected.json"))))
                                      as? [String: Any])?["changzhi-rules.yaml"] as? [String: [String: Any]])
        let blocks = try XCTUnwrap(json["blocks"] as? [[String: Any]])
        XCTAssertEqual(blocks.count, expected.count)
        let keys: [String: Set<String>] = [
            "min-design-scale": ["rule", "mineral", "scale", "minimum", "message"],
            "no-new-small": ["rule", "mineral", "scale", "minimum", "message"],
            "missing-attribute": ["rule", "field", "message"],
            "bad-attribute": ["rule", "field", "value", "message"],
        ]
        for b in blocks {
            let id = try XCTUnwrap(b["id"] as? String)
            XCTAssertEqual(b["verdict"] as? String, expected[id]?["verdict"] as? String, id)
            let reasons = try XCTUnwrap(b["reasons"] as? [[String: Any]])
            XCTAssertEqual(reasons.map { $0["rule"] as? String }, (expected[id]?["rules"] as? [String])?.map { Optional($0) }, id)
            for r in reasons { XCTAssertEqual(Set(r.keys), keys[r["rule"] as! String], id) }
        }
        func reason(_ id: String) throws -> [String: Any] {
            try XCTUnwrap((blocks.first { $0["id"] as? String == id }?["reasons"] as? [[String: Any]])?.first, id)
        }
        let coal = try reason("CZ-0-below")
        XCTAssertEqual(coal["mineral"] as? String, "煤炭")
        XCTAssertEqual(coal["scale"] as? Double, 119.99)
        XCTAssertEqual(coal["minimum"] as? Double, 120)
        XCTAssertEqual(try reason("CZ-sand-small")["minimum"] as? Double, 50)
        XCTAssertEqual(try reason("CZ-no-scale")["field"] as? String, "设计生产规模")
        XCTAssertEqual(try reason("CZ-no-mineral")["field"] as? String, M)
        XCTAssertEqual(try reason("CZ-bad-scale")["value"] as? String, "120万吨/年")
        let newMines = try XCTUnwrap((json["rules"] as? [String: Any])?["new_mines"] as? [String: Any])
        XCTAssertEqual((newMines["min_design_scale"] as? [String: Any])?["煤炭"] as? Double, 120)
    }

    func testCountyOverrideAndDepositThroughTableAndCSV() throws {
        let datong = try CLI.run(["screen", "Fixtures/new-mines/datong-blocks.geojson", "--rules", "Fixtures/new-mines/datong-rules.yaml",
                                  "--id-field", "code", "--format", "csv"])
        XCTAssertEqual(datong.status, 1, datong.stderr)
        let lines = datong.stdout.split(whereSeparator: \.isNewline)
        XCTAssertTrue(lines[0].contains("rules_broken"))
        XCTAssertTrue(lines.contains { $0.hasPrefix("DT-iron-lingqiu-20,") && $0.contains(",blocked,") && $0.contains("below the minimum 30") }, datong.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("DT-iron-guangling-20,") && $0.contains(",clean,") }, datong.stdout)
        let deposit = try CLI.run(["screen", "Fixtures/new-mines/deposit-blocks.geojson", "--rules", "Fixtures/new-mines/deposit-rules.yaml",
                                   "--id-field", "code"])
        XCTAssertEqual(deposit.status, 1, deposit.stderr)
        XCTAssertTrue(deposit.stdout.split(whereSeparator: \.isNewline).contains { $0.hasPrefix("DP-small ") && $0.contains("blocked") && $0.contains("deposit size 小型") },
                      deposit.stdout)
        XCTAssertTrue(deposit.stdout.contains("Verdicts: 2 clean, 0 needs-cut, 5 blocked, 0 unverified"), deposit.stdout)
        let folder = try makeScratchFolder("newmines-html")
        defer { try? FileManager.default.removeItem(at: folder) }
        let html = folder.appendingPathComponent("dossier.html").path
        let dossier = try CLI.run(["screen", "Fixtures/new-mines/deposit-blocks.geojson", "--rules", "Fixtures/new-mines/deposit-rules.yaml",
                                   "--id-field", "code", "--format", "html", "-o", html])
        XCTAssertEqual(dossier.status, 1, dossier.stderr)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        XCTAssertTrue(page.contains("New-mine rule deposit-size: deposit size 小型"), "the block section names the rule")
    }

    func testRulesFileErrorExitsTwoWithKeyAndLine() throws {
        let folder = try makeScratchFolder("newmines")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(atPath: CLI.fixture("new-mines/layer.geojson"), toPath: folder.appendingPathComponent("layer.geojson").path)
        let rules = folder.appendingPathComponent("rules.yaml").path
        try "layers:\n  - name: redline\n    path: layer.geojson\nnew_mines:\n  min_design_scale:\n    煤炭: 一百二十\n".write(toFile: rules, atomically: true, encoding: .utf8)
        let run = try CLI.run(["screen", "Fixtures/new-mines/changzhi-blocks.geojson", "--rules", rules, "--id-field", "code"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("rules.yaml:6: new_mines.min_design_scale.煤炭 must be a non-negative number"), run.stderr)
    }

    let M = "开采矿种"
}

import Foundation
import XCTest
import MineScreenTestSupport

/// `rectify --candidates`: a `screen` run on Fixtures/candidates (Scripts/oracles/make_candidates_fixture.py) with its
/// `new_mines:` rules, then its JSON report as the candidates of `rectify` on Fixtures/rectify. Which blocks are listed
/// is written by hand from the rules in expected.json; areas there are pyproj Geod's.
final class RectifyCandidatesTests: XCTestCase {
    var scratch: URL!

    override func setUpWithError() throws {
        scratch = try makeScratchFolder("minescreen-candidates")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    func path(_ name: String) -> String { scratch.appendingPathComponent(name).path }

    var expected: [String: Any] {
        get throws {
            let data = try Data(contentsOf: URL(fileURLWithPath: CLI.fixture("candidates/expected.json")))
            return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
    }

    /// Screens the fixture blocks and returns the path of the JSON report (exit 3: the bow-tie and N9 are rejected).
    func screenReport() throws -> String {
        let out = path("screen.json")
        let run = try CLI.run(["screen", "Fixtures/candidates/blocks.geojson", "--rules", "Fixtures/candidates/rules.yaml",
                               "--id-field", "code", "--name-field", "名称", "--format", "json", "-o", out, "--quiet"])
        XCTAssertEqual(run.status, 3, run.stderr)
        return out
    }

    /// Fixtures/rectify/mines.geojson cut to the mines of the given fixture names (M01 …).
    func mines(_ fixtures: [String]) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: CLI.fixture("rectify/mines.geojson")))
        var all = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let features = try XCTUnwrap(all["features"] as? [[String: Any]])
        let licences = fixtures.map { "C14050020250171300000" + $0.dropFirst() }
        all["features"] = features.filter { f in licences.contains((f["properties"] as? [String: Any])?["采矿许可证号"] as? String ?? "") }
        XCTAssertEqual((all["features"] as? [Any])?.count, fixtures.count)
        let out = path("mines-\(fixtures.joined(separator: "-")).geojson")
        try JSONSerialization.data(withJSONObject: all).write(to: URL(fileURLWithPath: out))
        return out
    }

    func rectify(_ mines: String, candidates: String, format: String = "json", output: String? = nil) throws -> CLIRun {
        try CLI.run(["rectify", mines, "--rules", "Fixtures/rectify/rules.yaml", "--candidates", candidates, "--format", format, "--quiet"]
            + (output.map { ["-o", $0] } ?? []))
    }

    func testTheListIsTheCleanAndNeedsCutBlocksThatBreakNoNewMineRule() throws {
        let screen = try screenReport()
        // The screen run itself gives the verdicts the fixture was built for.
        let screened = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: screen))) as? [String: Any])
        let blocks = try XCTUnwrap(screened["blocks"] as? [[String: Any]])
        let want = try XCTUnwrap(try expected["blocks"] as? [String: [String: Any]])
        for block in blocks {
            let id = try XCTUnwrap(block["id"] as? String)
            XCTAssertEqual(block["verdict"] as? String, want[id]?["verdict"] as? String, id)
            XCTAssertNotNil(block["properties"] as? [String: Any], id)
        }
        XCTAssertEqual((block(blocks, "N1")?["properties"] as? [String: Any])?["地理位置"] as? String, "泽州县南村镇")

        let run = try rectify(try mines(["M03", "M04", "M07"]), candidates: screen)
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try run.json()
        let list = try XCTUnwrap(json["newMines"] as? [[String: Any]])
        XCTAssertEqual(list.map { $0["id"] as? String ?? "?" }, try XCTUnwrap(try expected["listed"] as? [String]))
        for mine in list {
            let id = try XCTUnwrap(mine["id"] as? String)
            let oracle = try XCTUnwrap(want[id])
            XCTAssertEqual(try XCTUnwrap(mine["area_km2"] as? Double), try XCTUnwrap(oracle["area_km2"] as? Double), accuracy: 1e-6, id)
            // area_km2 is screen's area_m2 / 1e6, not a figure of its own.
            XCTAssertEqual(mine["area_km2"] as? Double, (block(blocks, id)?["area_m2"] as? Double).map { $0 / 1e6 }, id)
            XCTAssertEqual(mine["verdict"] as? String, oracle["verdict"] as? String, id)
            if let clean = oracle["clean_km2"] as? Double {
                XCTAssertEqual(try XCTUnwrap(mine["clean_km2"] as? Double), clean, accuracy: clean * 1e-4, id)
            } else {
                XCTAssertNil(mine["clean_km2"], id)
            }
        }
        let n1 = try XCTUnwrap(list.first { $0["id"] as? String == "N1" })
        XCTAssertEqual(n1["name"] as? String, "泽州县南村灰岩矿")
        XCTAssertEqual(n1["mineral"] as? String, "水泥用灰岩")
        XCTAssertEqual(n1["resources"] as? Double, 1200)
        XCTAssertEqual(n1["location"] as? String, "泽州县南村镇")
        XCTAssertEqual(n1["year"] as? String, "2025")
        let n7 = try XCTUnwrap(list.first { $0["id"] as? String == "N7" })
        XCTAssertEqual(n7["resources"] as? String, "约300")
        XCTAssertEqual(n7["year"] as? NSNull, NSNull())
        // Every block not listed is named with why: the rule broken, the verdict, or screen's rejection.
        let candidates = try XCTUnwrap(json["candidates"] as? [String: Any])
        let notListed = try XCTUnwrap(candidates["notListed"] as? [[String: Any]])
        XCTAssertEqual(Set(notListed.compactMap { $0["id"] as? String }), Set(want.filter { $0.value["listed"] as? Bool == false }.keys))
        let reason = { (id: String) in notListed.first { $0["id"] as? String == id }?["reason"] as? String ?? "" }
        XCTAssertTrue(reason("N3").contains("deposit-size"), reason("N3"))
        XCTAssertTrue(reason("N4").contains("no-new-small"), reason("N4"))
        XCTAssertTrue(reason("N6").contains("missing-attribute"), reason("N6"))
        XCTAssertTrue(reason("N8").contains("unverified"), reason("N8"))
        XCTAssertTrue(reason("N9").contains("rejected by screen"), reason("N9"))
        XCTAssertEqual(candidates["blocks"] as? Int, 9)
        XCTAssertEqual(candidates["newMineRulesChecked"] as? Bool, true)
        // Three mines closed or led out (M03 no safety licence, M04 expired, M07 long stopped), three new: the balance holds.
        let summary = try XCTUnwrap(json["summary"] as? [String: Any])
        let balance = try XCTUnwrap(summary["balance"] as? [String: Any])
        XCTAssertEqual(balance["new"] as? Int, 3)
        XCTAssertEqual(balance["closed"] as? Int, 3)
        XCTAssertEqual(balance["ok"] as? Bool, true)
        // The keys rectify always had are still there.
        for key in ["mines", "groups", "summary", "rejected", "unlicensedFootprints", "rules"] { XCTAssertNotNil(json[key], key) }
    }

    func block(_ blocks: [[String: Any]], _ id: String) -> [String: Any]? { blocks.first { $0["id"] as? String == id } }

    func testMoreNewMinesThanClosedOnesBreaksTheBalance() throws {
        let screen = try screenReport()
        // M01 is kept and M03 closed: one closed against three new.
        let run = try rectify(try mines(["M01", "M03"]), candidates: screen)
        XCTAssertEqual(run.status, 0, run.stderr)
        let balance = try XCTUnwrap((try run.json()["summary"] as? [String: Any])?["balance"] as? [String: Any])
        XCTAssertEqual(balance["new"] as? Int, 3)
        XCTAssertEqual(balance["closed"] as? Int, 1)
        XCTAssertEqual(balance["ok"] as? Bool, false)
        let table = try rectify(try mines(["M01", "M03"]), candidates: screen, format: "table")
        XCTAssertEqual(table.status, 0, table.stderr)
        XCTAssertTrue(table.stdout.contains("Balance (关设并举): 3 new > 1 closed or exited: NOT ok"), table.stdout)
        XCTAssertTrue(table.stdout.contains("泽州县南村灰岩矿"), table.stdout)
        let csv = try rectify(try mines(["M01", "M03"]), candidates: screen, format: "csv")
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let lines = csv.stdout.split(separator: "\r\n")
        XCTAssertEqual(lines.filter { $0.contains(",new,") }.count, 3)
        XCTAssertTrue(lines.contains { $0.hasPrefix("balance,") && $0.contains(",not-ok,") }, csv.stdout)
    }

    func testWithoutCandidatesTheReportHasNoNewMineKeys() throws {
        let run = try CLI.run(["rectify", try mines(["M01"]), "--rules", "Fixtures/rectify/rules.yaml", "--format", "json", "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try run.json()
        XCTAssertNil(json["newMines"])
        XCTAssertNil((json["summary"] as? [String: Any])?["balance"])
    }

    func testAFileThatIsNotAScreenReportCannotRun() throws {
        let mines = try mines(["M01"])
        // Another command's JSON, broken JSON, a block without a verdict, no file at all: exit 2 naming the file.
        let overlap = path("overlap.json")
        XCTAssertEqual(try CLI.run(["rectify", mines, "--rules", "Fixtures/rectify/rules.yaml", "--format", "json", "-o", overlap, "--quiet"]).status, 0)
        try "{\"blocks\": [".write(toFile: path("cut.json"), atomically: true, encoding: .utf8)
        let screen = try String(contentsOfFile: try screenReport(), encoding: .utf8)
        try screen.replacingOccurrences(of: "\"verdict\" : \"clean\"", with: "\"verdict\" : \"fine\"")
            .replacingOccurrences(of: "\"verdict\": \"clean\"", with: "\"verdict\": \"fine\"")
            .write(toFile: path("tampered.json"), atomically: true, encoding: .utf8)
        for (file, message) in [(overlap, "not a minescreen screen JSON report"), (path("cut.json"), "invalid JSON"),
                                (path("tampered.json"), "has no verdict clean, needs-cut, blocked or unverified"),
                                (path("missing.json"), "no such file")] {
            let run = try rectify(mines, candidates: file)
            XCTAssertEqual(run.status, 2, "\(file): \(run.stdout)")
            XCTAssertTrue(run.stderr.contains(file) && run.stderr.contains(message), run.stderr)
        }
        // The candidates file is an input: writing the report over it is refused before anything is read.
        let copy = path("copy.json")
        try screen.write(toFile: copy, atomically: true, encoding: .utf8)
        let over = try rectify(mines, candidates: copy, output: copy)
        XCTAssertEqual(over.status, 2)
        XCTAssertTrue(over.stderr.contains("--candidates"), over.stderr)
        XCTAssertEqual(try String(contentsOfFile: copy, encoding: .utf8), screen)
    }

    func testWorkbookSheetHasAttachmentFourColumnsReadBackWithOpenpyxl() throws {
        let screen = try screenReport()
        let mines = try mines(["M01", "M03"])
        XCTAssertEqual(try rectify(mines, candidates: screen, format: "xlsx", output: path("lists.xlsx")).status, 0)
        XCTAssertEqual(try rectify(mines, candidates: screen, output: path("lists.json")).status, 0)
        let check = try CLI.runProgram("/usr/bin/env", ["python3", "Scripts/report-check/check_new_mines_sheet.py", path("lists.xlsx"), path("lists.json")])
        if check.status == 2, ProcessInfo.processInfo.environment["MINESCREEN_REQUIRE_TOOLS"] != "1" { throw XCTSkip(check.stdout) }
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
        let html = try rectify(mines, candidates: screen, format: "html", output: path("lists.html"))
        XCTAssertEqual(html.status, 0, html.stderr)
        let page = try String(contentsOfFile: path("lists.html"), encoding: .utf8)
        for required in ["拟新设置名单", "泽州县南村灰岩矿", "3 new &gt; 1 closed or exited: NOT ok"] {
            XCTAssertTrue(page.contains(required) || page.contains(required.replacingOccurrences(of: "&gt;", with: ">")), required)
        }
    }
}

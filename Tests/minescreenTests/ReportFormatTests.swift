import Foundation
import XCTest
import MineScreenTestSupport

/// `--format html` and `--format xlsx` as a reviewer receives them: the dossier rendered in a real
/// headless browser (Scripts/report-check/check_dossier.py, Chromium) and the workbook read by an
/// independent reader (check_workbook.py, openpyxl) and compared with the JSON of the same run.
/// Scripts/test installs Chromium, a CJK font, Pillow and openpyxl and sets MINESCREEN_REQUIRE_TOOLS=1,
/// so there these checks cannot be skipped; elsewhere they are skipped when the tools are missing.
final class ReportFormatTests: XCTestCase {
    var scratch: URL!

    override func setUpWithError() throws {
        scratch = try makeScratchFolder("minescreen-reports")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    func path(_ name: String) -> String { scratch.appendingPathComponent(name).path }

    /// Runs a Scripts/report-check script; exit 2 means its tools are missing.
    func check(_ script: String, _ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let run = try CLI.runProgram("/usr/bin/env", ["python3", "Scripts/report-check/\(script)"] + arguments)
        if run.status == 2, ProcessInfo.processInfo.environment["MINESCREEN_REQUIRE_TOOLS"] != "1" {
            throw XCTSkip("\(script): \(run.stdout)")
        }
        XCTAssertEqual(run.status, 0, "\(script) \(arguments.joined(separator: " ")):\n\(run.stdout)\(run.stderr)", file: file, line: line)
    }

    let screenArguments = ["screen", "Fixtures/demo/blocks.geojson", "--rules", "Fixtures/demo/rules.yaml", "--id-field", "code",
                           "--name-field", "name", "--quiet"]
    let overlapArguments = ["overlap", "Fixtures/overlap/blocks.geojson", "--layer", "redline=Fixtures/overlap/redline.geojson",
                            "--layer", "farmland=Fixtures/overlap/farmland.geojson", "--layer", "urban=Fixtures/overlap/urban.geojson",
                            "--id-field", "code", "--layer-id-field", "farmland=BSM", "--quiet"]
    let areaArguments = ["area", "Fixtures/changzhi-cs21.geojson", "--id-field", "code", "--declared-field", "declared_km2",
                         "--group-by", "county", "--group-by", "mineral", "--name-field", "name", "--quiet"]

    func html(_ arguments: [String], status: Int32) throws -> String {
        let run = try CLI.run(arguments + ["--format", "html", "-o", path("report.html")])
        XCTAssertEqual(run.status, status, run.stderr)
        return try String(contentsOfFile: path("report.html"), encoding: .utf8)
    }

    /// Self-contained: declared UTF-8, no scripts, nothing fetched from anywhere.
    func assertSelfContained(_ html: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"), file: file, line: line)
        XCTAssertTrue(html.contains("<meta charset=\"utf-8\">"), file: file, line: line)
        for fetch in ["<script", "<link", "<img", "src=", "url(http", "@import", "href=\"http"] {
            XCTAssertFalse(html.contains(fetch), "found \(fetch)", file: file, line: line)
        }
    }

    func testScreenDossierHasAMapPerBlockAndRendersInABrowser() throws {
        let json = try CLI.run(screenArguments + ["--format", "json"]).json()
        let blocks = try XCTUnwrap(json["blocks"] as? [[String: Any]])
        let page = try html(screenArguments, status: 1)
        assertSelfContained(page)
        XCTAssertEqual(page.components(separatedBy: "<svg ").count - 1, blocks.count)
        for b in blocks {
            let anchor = "block-\(b["index"] as? Int ?? -1)"
            XCTAssertTrue(page.contains("<a href=\"#\(anchor)\">\(b["id"] as? String ?? "?")</a>"), "summary links to \(anchor)")
            XCTAssertTrue(page.contains("id=\"\(anchor)\""))
            XCTAssertTrue(page.contains(">\(b["verdict"] as? String ?? "?")</span>"), "verdict badge")
        }
        for required in ["EPSG:4490", "ellipsoidal", "km²", "ha", "亩", "平顺县", "scalebar", "class=\"north\"", "点号", "clean remainder", "corridor"] {
            XCTAssertTrue(page.contains(required), "dossier lacks \(required)")
        }
        try check("check_dossier.py", [path("report.html"), "--maps", String(blocks.count)])
    }

    func testOverlapDossierRendersInABrowser() throws {
        let json = try CLI.run(overlapArguments + ["--format", "json"]).json()
        let blocks = try XCTUnwrap(json["blocks"] as? [[String: Any]])
        let page = try html(overlapArguments, status: 0)
        assertSelfContained(page)
        XCTAssertTrue(page.contains("overlap with redline"))
        try check("check_dossier.py", [path("report.html"), "--maps", String(blocks.count)])
    }

    func testAreaReportHasGroupTotalsAndAnOverviewMap() throws {
        let page = try html(areaArguments, status: 0)
        assertSelfContained(page)
        XCTAssertTrue(page.contains("Totals by county"))
        XCTAssertTrue(page.contains("Totals by mineral"))
        XCTAssertTrue(page.contains("164.9600"), "the Changzhi total")
        try check("check_dossier.py", [path("report.html"), "--maps", "1"])
    }

    /// Group totals against the published Changzhi table (declared) and the pyproj oracle (computed).
    func testAreaGroupingsMatchThePublishedTableAndTheOracle() throws {
        let json = try CLI.run(areaArguments + ["--format", "json"]).json()
        let groupings = try XCTUnwrap(json["groupings"] as? [[String: Any]])
        XCTAssertEqual(groupings.map { $0["field"] as? String }, ["county", "mineral"])
        let published: [String: Double] = ["沁源县": 4.15, "武乡县": 12.84, "黎城县": 47.84, "潞城区": 69.59,
                                           "上党区": 2.97, "壶关县": 4.12, "平顺县": 23.45]
        let counties = try XCTUnwrap(groupings[0]["groups"] as? [[String: Any]])
        XCTAssertEqual(counties.map { $0["key"] as? String ?? "" }, ["沁源县", "武乡县", "黎城县", "潞城区", "上党区", "壶关县", "平顺县"])
        let oracle = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: CLI.fixture("changzhi-cs21.oracle.json")))) as? [String: Any])?["counties"] as? [String: [String: Any]])
        for g in counties {
            let key = g["key"] as? String ?? ""
            XCTAssertEqual(g["declared_m2"] as? Double ?? 0, (published[key] ?? -1) * 1e6, accuracy: 1e-3, key)
            XCTAssertEqual(g["area_m2"] as? Double ?? 0, oracle[key]?["area_m2"] as? Double ?? -1, accuracy: 1e-2, key)
            XCTAssertEqual(g["count"] as? Int, oracle[key]?["count"] as? Int, key)
        }
        // Seeds: CS004/CS006 建筑用白云岩, CS010 制碱用灰岩, CS012 水泥用石灰岩, CS021 熔剂用石灰岩, the other 16 建筑石料用灰岩.
        let minerals = try XCTUnwrap(groupings[1]["groups"] as? [[String: Any]])
        let declared = Dictionary(uniqueKeysWithValues: minerals.map { ($0["key"] as? String ?? "", $0["declared_m2"] as? Double ?? 0) })
        XCTAssertEqual(declared["建筑用白云岩"] ?? 0, (7.65 + 3.83) * 1e6, accuracy: 1e-3)
        XCTAssertEqual(declared["制碱用灰岩"] ?? 0, 1.86e6, accuracy: 1e-3)
        XCTAssertEqual(minerals.reduce(0) { $0 + ($1["count"] as? Int ?? 0) }, 21)
    }

    func testWorkbooksEqualTheJSONOfTheSameRun() throws {
        for (command, arguments, status) in [("screen", screenArguments, Int32(1)), ("overlap", overlapArguments, 0), ("area", areaArguments, 0)] {
            let xlsx = path("\(command).xlsx"), json = path("\(command).json")
            let written = try CLI.run(arguments + ["--format", "xlsx", "-o", xlsx])
            XCTAssertEqual(written.status, status, written.stderr)
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: xlsx)).prefix(2), Data("PK".utf8), "a zip archive")
            XCTAssertEqual(try CLI.run(arguments + ["--format", "json", "-o", json]).status, status)
            try check("check_workbook.py", [xlsx, json, command])
        }
    }

    func testWorkbookNeedsAnOutputFile() throws {
        let run = try CLI.run(overlapArguments + ["--format", "xlsx"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("-o"), run.stderr)
    }
}

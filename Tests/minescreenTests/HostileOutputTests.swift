import Foundation
import XCTest
import MineScreenTestSupport

/// Hostile ids and rules files (Fixtures/hostile/outputs, made by Scripts/hostile/outputs.py) and hostile
/// command lines, driven through the binary.
final class HostileOutputTests: XCTestCase {
    let ids = CLI.fixture("hostile/outputs/hostile-ids.geojson")

    /// RFC 4180 rows of a CSV report (BOM and CRLF removed), parsed here, not by the tool.
    func csvRows(_ text: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], cell = "", quoted = false
        var characters = Array(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)[...]
        while let c = characters.popFirst() {
            if quoted {
                if c == "\"" {
                    if characters.first == "\"" { cell.append("\""); characters.removeFirst() } else { quoted = false }
                } else { cell.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { row.append(cell); cell = "" }
            else if c == "\r\n" || c == "\n" { row.append(cell); rows.append(row); row = []; cell = "" }
            else { cell.append(c) }
        }
        return rows
    }

    func testCSVReportPrefixesFormulaIdsAndKeepsNegativeNumbers() throws {
        let run = try CLI.run(["area", ids, "--declared-field", "declared", "--name-field", "name", "--format", "csv"])
        XCTAssertEqual(run.status, 3, run.stderr)  // one feature rejected
        let rows = csvRows(run.stdout)
        let header = try XCTUnwrap(rows.first)
        let id = try XCTUnwrap(header.firstIndex(of: "id")), diff = try XCTUnwrap(header.firstIndex(of: "diff_m2"))
        let byId = Dictionary(rows.dropFirst().map { ($0[id], $0) }, uniquingKeysWith: { a, _ in a })
        for formula in ["=1+1", "@SUM(A1)", "-2+3", "+cmd|' /C calc'!A0"] {
            XCTAssertNotNil(byId["'" + formula], "\(formula) must be written as '\(formula)")
            XCTAssertNil(byId[formula], formula)
        }
        XCTAssertNotNil(byId["长治一号"])
        let diffs = rows.dropFirst().map { $0[diff] }.filter { !$0.isEmpty }
        XCTAssertTrue(diffs.contains { $0.hasPrefix("-") }, "\(diffs)")
        for d in diffs { XCTAssertNotNil(Double(d), "a number stays a number: \(d)") }
    }

    func testTableAndStderrEscapeControlAndBidiCharacters() throws {
        let run = try CLI.run(["area", ids, "--name-field", "name"])
        XCTAssertEqual(run.status, 3, run.stderr)
        XCTAssertFalse(run.stdout.contains("\u{1B}"), "no raw ESC reaches the terminal")
        XCTAssertFalse(run.stdout.contains("\u{202E}"))
        XCTAssertTrue(run.stdout.contains("line\\nbreak"), run.stdout)
        XCTAssertTrue(run.stdout.contains("\\u{1B}[31mred"), run.stdout)
        XCTAssertTrue(run.stdout.contains("abc\\u{202E}evil"), run.stdout)
        XCTAssertTrue(run.stdout.contains("\\u{1B}[2Jgone"), "the rejection line: \(run.stdout)")
        XCTAssertTrue(run.stdout.contains("长治一号"))
        // Every data row is one line: 8 analysed features between the rules of the table.
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let rules = lines.indices.filter { lines[$0].hasPrefix("---") }
        XCTAssertEqual(rules.count, 2)
        XCTAssertEqual(rules[1] - rules[0] - 1, 8)
        let convert = try CLI.run(["convert", ids, FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID()).geojson").path])
        XCTAssertEqual(convert.status, 3)
        XCTAssertFalse(convert.stderr.contains("\u{1B}"), convert.stderr)
        XCTAssertTrue(convert.stderr.contains("id \\u{1B}[2Jgone: "), convert.stderr)
    }

    func testDeeplyNestedRulesFilesAreExit2NamingTheLine() throws {
        for (name, line) in [("deep-flow.yaml", 2), ("deep-dash.yaml", 3), ("deep-indent.yaml", 65)] {
            let run = try CLI.run(["screen", CLI.fixture("screen/blocks.geojson"), "--rules", CLI.fixture("hostile/outputs/" + name)])
            XCTAssertEqual(run.status, 2, "\(name): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains("\(name):\(line): nested 65 levels deep"), run.stderr)
        }
    }

    func testThousandsOfGroupByFlagsAndCellCodesAreAllRead() throws {
        let fields = (0..<3000).map { "field\($0)" }
        // Every grouping field must exist (a missing one is exit 2): one feature carrying all 3 000.
        let properties = fields.map { "\"\($0)\":\"g\"" }.joined(separator: ",")
        let wide = FileManager.default.temporaryDirectory.appendingPathComponent("wide-\(UUID()).geojson")
        defer { try? FileManager.default.removeItem(at: wide) }
        try Data(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"#.utf8 + Data(properties.utf8)
                 + Data(#"},"geometry":{"type":"Polygon","coordinates":[[[112,36],[112.01,36],[112.01,36.01],[112,36]]]}}]}"#.utf8))
            .write(to: wide)
        let area = try CLI.run(["area", wide.path, "--format", "json"] + fields.flatMap { ["--group-by", $0] })
        XCTAssertEqual(area.status, 0, String(area.stderr.prefix(2000)))
        let groupings = try XCTUnwrap(try area.json()["groupings"] as? [[String: Any]])
        XCTAssertEqual(groupings.compactMap { $0["field"] as? String }, fields)
        // 3 000 codes: 50 rows × 60 columns of 1′ cells south-west of 112°E 36°N, each given once.
        let codes = (0..<3000).map { k in String(format: "%03d%02d-%02d%02d", 111, k % 60, 35, k / 60 + 10) }
        let grid = try CLI.run(["grid", "--format", "json", "--cells"] + codes)
        XCTAssertEqual(grid.status, 0, String(grid.stderr.prefix(2000)))
        let block = try XCTUnwrap((try grid.json()["blocks"] as? [[String: Any]])?.first)
        XCTAssertEqual(block["cell_count"] as? Int, 3000)
    }

    func testFiveThousandLayerFlagsAreAllRead() throws {
        let folder = try makeScratchFolder("layers")
        defer { try? FileManager.default.removeItem(at: folder) }
        let far = folder.appendingPathComponent("far.geojson").path
        try Data(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"nothing":"far"},"geometry":{"type":"Polygon","coordinates":[[[100,30],[100.001,30],[100.001,30.001],[100,30]]]}}]}"#.utf8)
            .write(to: URL(fileURLWithPath: far))
        let count = 5000
        // Both spellings, and a per-layer option for the last layer.
        let flags = (0..<count).flatMap { k in k % 2 == 0 ? ["--layer", "l\(k)=\(far)"] : ["--layer=l\(k)=\(far)"] }
        let run = try CLI.run(["overlap", CLI.fixture("changzhi-cs21.geojson"), "--format", "json", "--threads", "2"] + flags
                              + ["--layer-id-field", "l\(count - 1)=nothing"])
        XCTAssertEqual(run.status, 0, String(run.stderr.prefix(2000)))
        let layers = try XCTUnwrap(try run.json()["layers"] as? [String])
        XCTAssertEqual(layers, (0..<count).map { "l\($0)" })
        let duplicate = try CLI.run(["overlap", CLI.fixture("changzhi-cs21.geojson"), "--layer", "a=\(far)", "--layer", "a=\(far)"])
        XCTAssertEqual(duplicate.status, 2)
        XCTAssertTrue(duplicate.stderr.contains("layer names must be unique"), duplicate.stderr)
        let unnamed = try CLI.run(["overlap", CLI.fixture("changzhi-cs21.geojson"), "--layer", "x=\(far)", "--layer-crs", "y=EPSG:4490"])
        XCTAssertEqual(unnamed.status, 2)
        XCTAssertTrue(unnamed.stderr.contains("no layer named y"), unnamed.stderr)
        let malformed = try CLI.run(["overlap", CLI.fixture("changzhi-cs21.geojson"), "--layer", "x=\(far)", "--layer=novalue"])
        XCTAssertEqual(malformed.status, 2)
        XCTAssertTrue(malformed.stderr.contains("--layer novalue: expected NAME=VALUE"), malformed.stderr)
        let missing = try CLI.run(["overlap", CLI.fixture("changzhi-cs21.geojson"), "--layer"])
        XCTAssertEqual(missing.status, 2)
    }
}

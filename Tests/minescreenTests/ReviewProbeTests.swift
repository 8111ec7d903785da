import Foundation
import XCTest
import MineScreenTestSupport

/// Regressions found by the hostile review of issue #13: a GDAL layer that is a FIFO must not hang the run,
/// the grid table's per-block lines escape control characters, and convert's corner-point CSV defuses
/// formula cells and reads them back unchanged.
final class ReviewProbeTests: XCTestCase {
    private let hostileIDs = CLI.fixture("hostile/review/formula-and-control-ids.geojson")
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try makeScratchFolder("review-probe")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// The binary under `timeout`, so a regression that blocks fails the test (exit 124) instead of hanging it.
    private func runBounded(_ arguments: [String]) throws -> CLIRun {
        try CLI.runProgram("/usr/bin/timeout", ["20", CLI.binary.path] + arguments)
    }

    private func makeFIFO(_ name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        XCTAssertEqual(mkfifo(path, 0o600), 0)
        return path
    }

    func testGDALLayerThatIsAFIFOIsRefusedInsteadOfAwaited() throws {
        let fifo = try makeFIFO("layer.gpkg")
        let run = try runBounded(["overlap", CLI.fixture("demo/blocks.geojson"), "--layer", "f=\(fifo)"])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains("layer.gpkg"), run.stderr)
        XCTAssertTrue(run.stderr.contains("not a regular file"), run.stderr)
    }

    func testFIFOReadWithInputFormatGDALIsRefused() throws {
        let fifo = try makeFIFO("blocks")
        let run = try runBounded(["area", fifo, "--input-format", "gdal"])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains("not a regular file"), run.stderr)
    }

    func testShapefileWhoseDbfIsAFIFOIsRefused() throws {
        for ext in ["shp", "shx", "prj", "cpg"] {
            try FileManager.default.copyItem(atPath: CLI.fixture("gdal/changzhi-cs21.\(ext)"),
                                             toPath: folder.appendingPathComponent("cut.\(ext)").path)
        }
        _ = try makeFIFO("cut.dbf")
        let run = try runBounded(["area", folder.appendingPathComponent("cut.shp").path])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains("cut.dbf is not a regular file"), run.stderr)
    }

    func testGridTableEscapesControlAndBidiCharactersInBlockLines() throws {
        let run = try CLI.run(["grid", hostileIDs, "--id-field", "code"])
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertFalse(run.stdout.contains("\u{1B}"), "ESC reached the terminal")
        XCTAssertFalse(run.stdout.contains("\u{202E}"), "U+202E reached the terminal")
        XCTAssertFalse(run.stdout.split(separator: "\n").contains { $0.hasPrefix("row") }, "a newline in an id split a line")
        XCTAssertTrue(run.stdout.contains("bad\\u{1B}[31mRED\\u{202E}evil\\nrow: 0 cells"), run.stdout)
    }

    func testConvertCornerPointCSVDefusesFormulasAndReadsThemBack() throws {
        // The block whose id holds a newline is left out: the CSV reader is line-based (see the review report).
        let source = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: hostileIDs))) as? [String: Any]
        let formulaOnly = ["type": "FeatureCollection", "features": Array((source?["features"] as? [Any] ?? []).prefix(2))] as [String: Any]
        let input = folder.appendingPathComponent("formula-ids.geojson")
        try JSONSerialization.data(withJSONObject: formulaOnly).write(to: input)
        let csv = folder.appendingPathComponent("blocks.csv").path
        let convert = try CLI.run(["convert", input.path, csv, "--id-field", "code", "--encoding", "utf-8", "--quiet"])
        XCTAssertEqual(convert.status, 0, convert.stderr)
        let text = try String(contentsOfFile: csv, encoding: .utf8)
        let cells = text.split(whereSeparator: \.isNewline).dropFirst().flatMap { CSVCells.split(String($0)) }
        for cell in cells {
            guard let first = cell.unicodeScalars.first else { continue }
            let isNumber = Double(cell) != nil
            XCTAssertFalse("=+-@\t\r".unicodeScalars.contains(first) && !isNumber, "formula cell written raw: \(cell)")
        }
        XCTAssertTrue(cells.contains("'=HYPERLINK(\"http://x\")"), "\(cells.prefix(12))")
        XCTAssertTrue(cells.contains("'+cmd|' /C calc'!A0"))
        XCTAssertTrue(cells.contains("'@SUM(1)"))
        XCTAssertTrue(cells.contains("'-2+3"))
        XCTAssertTrue(cells.contains("-1"), "a number is written as a number")

        let back = folder.appendingPathComponent("back.geojson").path
        let reread = try CLI.run(["convert", csv, back, "--quiet"])
        XCTAssertEqual(reread.status, 0, reread.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: back))) as? [String: Any]
        let properties = (json?["features"] as? [[String: Any]] ?? []).compactMap { $0["properties"] as? [String: Any] }
        let ids = properties.compactMap { $0["地块编号"] as? String }
        XCTAssertEqual(ids.prefix(2), ["=HYPERLINK(\"http://x\")", "-2+3"])
        XCTAssertEqual(properties.first?["地块名称"] as? String, "+cmd|' /C calc'!A0")
        XCTAssertEqual(properties.first?["county"] as? String, "@SUM(1)")
    }

    func testConvertCornerPointCSVWritesALineBreakInAnIdAsASpaceAndSaysSo() throws {
        let csv = folder.appendingPathComponent("blocks.csv").path
        let convert = try CLI.run(["convert", hostileIDs, csv, "--id-field", "code", "--encoding", "utf-8"])
        XCTAssertEqual(convert.status, 0, convert.stderr)
        XCTAssertTrue(convert.stderr.contains("has a line break, written as a space"), convert.stderr)
        let back = folder.appendingPathComponent("back.geojson").path
        let reread = try CLI.run(["convert", csv, back, "--quiet"])
        XCTAssertEqual(reread.status, 0, "every block reads back: \(reread.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: back))) as? [String: Any]
        let ids = (json?["features"] as? [[String: Any]] ?? []).compactMap { ($0["properties"] as? [String: Any])?["地块编号"] as? String }
        XCTAssertEqual(ids.last, "bad\u{1B}[31mRED\u{202E}evil row")
    }

    /// File and layer names are user text too: a name holding ESC or a line break must not reach the terminal
    /// raw in the header lines of the overlap, screen and check tables.
    func testTableHeaderLinesEscapeFileAndLayerNames() throws {
        let blocks = folder.appendingPathComponent("b\u{1B}[31mx\ny.geojson").path
        try FileManager.default.copyItem(atPath: CLI.fixture("demo/blocks.geojson"), toPath: blocks)
        let rules = folder.appendingPathComponent("r\u{1B}[31m.yaml").path
        try "layers:\n  - name: redline\n    path: \(CLI.fixture("demo/redline.geojson"))\n".write(toFile: rules, atomically: true, encoding: .utf8)
        let runs = [try CLI.run(["overlap", blocks, "--layer", "l\u{1B}[31m=\(CLI.fixture("demo/redline.geojson"))"]),
                    try CLI.run(["screen", blocks, "--rules", rules]),
                    try CLI.run(["check", blocks])]
        for run in runs {
            XCTAssertTrue([0, 1].contains(run.status), run.stderr)
            XCTAssertFalse(run.stdout.contains("\u{1B}"), "ESC reached the terminal:\n\(run.stdout.prefix(600))")
            XCTAssertTrue(run.stdout.contains("\\u{1B}[31m"), run.stdout)
        }
    }

    /// A --name-field no feature has is refused like --id-field (exit 2 naming the field and listing the file's
    /// fields), rather than leaving every name blank.
    func testNameFieldThatNoFeatureHasIsAnError() throws {
        let blocks = CLI.fixture("demo/blocks.geojson")
        let runs = [try CLI.run(["area", blocks, "--name-field", "nmae"]),
                    try CLI.run(["grid", blocks, "--name-field", "nmae"]),
                    try CLI.run(["overlap", blocks, "--name-field", "nmae", "--layer", "r=\(CLI.fixture("demo/redline.geojson"))"]),
                    try CLI.run(["screen", blocks, "--name-field", "nmae", "--rules", CLI.fixture("demo/rules.yaml")])]
        for run in runs {
            XCTAssertEqual(run.status, 2, run.stderr)
            XCTAssertTrue(run.stderr.contains("--name-field names the field nmae, which no feature has"), run.stderr)
        }
        XCTAssertEqual(try CLI.run(["area", blocks, "--name-field", "name"]).status, 0)
    }
}

/// RFC 4180 cells of one line, quotes removed: enough for the rows convert writes.
private enum CSVCells {
    static func split(_ line: String) -> [String] {
        var cells: [String] = [], current = "", quoted = false
        var chars = Array(line)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" { if chars.first == "\"" { current.append("\""); chars.removeFirst() } else { quoted = false } }
                else { current.append(c) }
            } else if c == "\"" { quoted = true } else if c == "," { cells.append(current); current = "" } else { current.append(c) }
        }
        cells.append(current)
        return cells.map { $0.trimmingCharacters(in: .whitespaces) }
    }
}

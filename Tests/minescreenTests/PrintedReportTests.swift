import Foundation
import XCTest
import MineScreenTestSupport

/// Reports as they are printed, signed and filed: the dossier printed to PDF by headless Chromium
/// (`--format pdf`) and the workbook printed by LibreOffice, read back with pdftotext and pdftoppm
/// (Scripts/report-check/check_print.py): every table's header row whole on a page, up to its last
/// column; each block on its own pages; no blank page. Scripts/test installs the programs and sets
/// MINESCREEN_REQUIRE_TOOLS=1, so there these checks cannot be skipped.
final class PrintedReportTests: XCTestCase {
    var scratch: URL!

    override func setUpWithError() throws {
        scratch = try makeScratchFolder("minescreen-print")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    func path(_ name: String) -> String { scratch.appendingPathComponent(name).path }

    var toolsRequired: Bool { ProcessInfo.processInfo.environment["MINESCREEN_REQUIRE_TOOLS"] == "1" }

    /// Runs a Scripts/report-check script; exit 2 means its tools are missing.
    func check(_ script: String, _ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let run = try CLI.runProgram("/usr/bin/env", ["python3", "Scripts/report-check/\(script)"] + arguments)
        if run.status == 2, !toolsRequired { throw XCTSkip("\(script): \(run.stdout)") }
        XCTAssertEqual(run.status, 0, "\(script) \(arguments.joined(separator: " ")):\n\(run.stdout)\(run.stderr)", file: file, line: line)
    }

    func requireChromium() throws {
        let found = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].contains { FileManager.default.isExecutableFile(atPath: $0) }
        if !found, !toolsRequired { throw XCTSkip("no headless Chromium installed") }
    }

    static let screen = ["screen", "Fixtures/demo/blocks.geojson", "--rules", "Fixtures/demo/rules.yaml", "--id-field", "code",
                         "--name-field", "name", "--quiet"]
    static let overlap = ["overlap", "Fixtures/overlap/blocks.geojson", "--layer", "redline=Fixtures/overlap/redline.geojson",
                          "--layer", "farmland=Fixtures/overlap/farmland.geojson", "--layer", "urban=Fixtures/overlap/urban.geojson",
                          "--id-field", "code", "--layer-id-field", "farmland=BSM", "--quiet"]
    static let area = ["area", "Fixtures/changzhi-cs21.geojson", "--id-field", "code", "--declared-field", "declared_km2",
                       "--group-by", "county", "--group-by", "mineral", "--name-field", "name", "--quiet"]
    /// Every dossier kind: command, arguments, exit status, blocks with a page of their own (0: an overview).
    static let kinds: [(String, [String], Int32, Int)] = [("screen", screen, 1, 8), ("overlap", overlap, 0, 7), ("area", area, 0, 0)]

    func testEveryPrintedDossierShowsEveryTableWhole() throws {
        try requireChromium()
        for (name, arguments, status, blocks) in Self.kinds {
            let html = path("\(name).html"), pdf = path("\(name).pdf")
            XCTAssertEqual(try CLI.run(arguments + ["--format", "html", "-o", html]).status, status, name)
            let printed = try CLI.run(arguments + ["--format", "pdf", "-o", pdf])
            XCTAssertEqual(printed.status, status, "\(name): \(printed.stderr)")
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: pdf)).prefix(5), Data("%PDF-".utf8), name)
            try check("check_print.py", ["dossier", html, pdf] + (blocks > 0 ? ["--blocks", String(blocks)] : []))
        }
    }

    /// On screen at 1280 px nothing scrolls sideways: long cells wrap instead (the summary's reasons were
    /// behind a scrollbar).
    func testDossiersNeedNoHorizontalScrollbarAt1280Pixels() throws {
        try requireChromium()
        for (name, arguments, status, _) in Self.kinds {
            let html = path("\(name)-screen.html")
            XCTAssertEqual(try CLI.run(arguments + ["--format", "html", "-o", html]).status, status, name)
            try check("check_print.py", ["screen", html, "--width", "1280"])
        }
    }

    /// 30 layers make a summary of 40 columns, too wide for any page: it is split into parts, each with the
    /// block column, on screen and on paper.
    func testASummaryWiderThanAnyPageIsSplitIntoParts() throws {
        try requireChromium()
        let layers = (1...30).flatMap { ["--layer", "l\($0)=Fixtures/overlap/redline.geojson"] }
        let arguments = ["overlap", "Fixtures/overlap/blocks.geojson", "--id-field", "code", "--quiet"] + layers
        let html = path("wide.html"), pdf = path("wide.pdf")
        XCTAssertEqual(try CLI.run(arguments + ["--format", "html", "-o", html]).status, 0)
        XCTAssertEqual(try CLI.run(arguments + ["--format", "pdf", "-o", pdf]).status, 0)
        try check("check_print.py", ["dossier", html, pdf])
        try check("check_print.py", ["screen", html, "--width", "1280"])
    }

    func testEveryPrintedWorkbookShowsEverySheetWhole() throws {
        for (name, arguments, status, _) in Self.kinds {
            let xlsx = path("\(name)-book.xlsx")
            XCTAssertEqual(try CLI.run(arguments + ["--format", "xlsx", "-o", xlsx]).status, status, name)
            try check("check_print.py", ["workbook", xlsx])
        }
    }

    func testPDFNeedsAnOutputFile() throws {
        let run = try CLI.run(Self.overlap + ["--format", "pdf"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("-o FILE.pdf"), run.stderr)
    }

    /// Without a browser the run stops before any analysis, says what it looked for, and writes nothing.
    func testPDFWithoutChromiumIsExitTwoNamingTheProgram() throws {
        let empty = path("empty-bin")
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let run = try CLI.runProgram("/usr/bin/env", ["-u", "MINESCREEN_CHROMIUM", "PATH=\(empty)", CLI.binary.path]
                                     + Self.overlap + ["--format", "pdf", "-o", path("x.pdf")])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("chromium"), run.stderr)
        XCTAssertTrue(run.stderr.contains("MINESCREEN_CHROMIUM"), run.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("x.pdf")))
    }

    /// A browser that fails leaves the previous PDF as it was and no temporary beside it.
    func testFailedPrintKeepsThePreviousFile() throws {
        let target = path("kept.pdf")
        try Data("%PDF-previous".utf8).write(to: URL(fileURLWithPath: target))
        let run = try CLI.runProgram("/usr/bin/env", ["MINESCREEN_CHROMIUM=/bin/false", CLI.binary.path]
                                     + Self.overlap + ["--format", "pdf", "-o", target])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("/bin/false"), run.stderr)
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "%PDF-previous")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted(), ["kept.pdf"])
    }

    /// Remainders as QGIS opens them: no vertex within 1e-9° of the one before (the demo's PS05 had two
    /// pairs 1e-10° apart), and their area, by pyproj's Geod on the rings written, equal to clean_m2 within
    /// 1e-9 of the block (Scripts/report-check/check_remainder.py).
    func testRemaindersHaveNoNearDuplicateVerticesAndKeepTheirArea() throws {
        let remainder = path("remainder.geojson"), json = path("screen.json")
        let run = try CLI.run(Self.screen + ["--remainder", remainder, "--format", "json", "-o", json])
        XCTAssertEqual(run.status, 1, run.stderr)
        try check("check_remainder.py", [remainder, json, "--tolerance", "1e-9"])
    }
}

import Foundation
import XCTest
import MineScreenTestSupport

/// The provenance outside JSON: a dossier section, a workbook sheet, and with `--provenance` lines after a
/// table and a CSV section after an empty line. Digests checked with `sha256sum`.
final class ProvenanceFormatsTests: XCTestCase {
    let blocks = "Fixtures/demo/blocks.geojson"
    let rules = "Fixtures/demo/rules.yaml"
    var scratch: URL!

    override func setUpWithError() throws {
        scratch = try makeScratchFolder("minescreen-provenance")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    func testTableOnRequestOnly() throws {
        let plain = try CLI.run(["area", blocks, "--quiet"])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertFalse(plain.stdout.contains("Provenance"))
        let run = try CLI.run(["area", blocks, "--quiet", "--provenance"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.hasPrefix(plain.stdout), "the table comes first, unchanged")
        let block = try XCTUnwrap(run.stdout.components(separatedBy: "\nProvenance:\n").last)
        XCTAssertTrue(block.contains("  blocks: \(blocks)  sha256 \(try ProvenanceTests.sha256sum(blocks)), \(try ProvenanceTests.size(blocks)) bytes, 8 features, 0 rejected, EPSG:4490"), block)
        XCTAssertTrue(block.contains("  command: minescreen area \(blocks) --quiet --provenance"), block)
        for name in ["minescreen", "geos", "proj", "gdal"] { XCTAssertTrue(block.contains("  software \(name): "), block) }
    }

    func testCSVSectionAfterAnEmptyLine() throws {
        let run = try CLI.run(["screen", blocks, "--rules", rules, "--format", "csv", "--quiet", "--provenance"])
        XCTAssertEqual(run.status, 1, run.stderr)
        let parts = run.stdout.components(separatedBy: "\r\n\r\n")
        XCTAssertEqual(parts.count, 2, run.stdout)
        let lines = parts[1].components(separatedBy: "\r\n").filter { !$0.isEmpty }
        XCTAssertEqual(lines.first, "item,value,sha256,bytes,features,rejected,crs")
        XCTAssertTrue(lines.contains("blocks,\(blocks),\(try ProvenanceTests.sha256sum(blocks)),\(try ProvenanceTests.size(blocks)),8,0,EPSG:4490"), parts[1])
        XCTAssertTrue(lines.contains("rules,\(rules),\(try ProvenanceTests.sha256sum(rules)),\(try ProvenanceTests.size(rules)),,,"), parts[1])
        let redline = CLI.fixture("demo/redline.geojson")
        let redlineDigest = try ProvenanceTests.sha256sum(redline)
        XCTAssertTrue(lines.contains { $0.hasPrefix("layer:redline,\(redline),\(redlineDigest),") }, parts[1])
    }

    func testDossierSection() throws {
        let out = scratch.appendingPathComponent("dossier.html").path
        let run = try CLI.run(["screen", blocks, "--rules", rules, "--format", "html", "-o", out, "--quiet"])
        XCTAssertEqual(run.status, 1, run.stderr)
        let html = try String(contentsOfFile: out, encoding: .utf8)
        let section = try XCTUnwrap(html.components(separatedBy: "<section id=\"provenance\"").last?.components(separatedBy: "</section>").first)
        XCTAssertTrue(html.contains("<h2>Provenance 来源</h2>"))
        XCTAssertTrue(section.contains("<td>blocks</td><td>\(blocks)</td><td>\(try ProvenanceTests.sha256sum(blocks))</td>"), section)
        XCTAssertTrue(section.contains("<td>rules</td><td>\(rules)</td><td>\(try ProvenanceTests.sha256sum(rules))</td>"), section)
    }

    func testWorkbookSheet() throws {
        let out = scratch.appendingPathComponent("book.xlsx").path
        let run = try CLI.run(["area", blocks, "--format", "xlsx", "-o", out, "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let workbook = try CLI.runProgram("/usr/bin/unzip", ["-p", out, "xl/workbook.xml"])
        XCTAssertTrue(workbook.stdout.contains("name=\"provenance\""), workbook.stdout)
        let sheets = try CLI.runProgram("/usr/bin/unzip", ["-p", out, "xl/worksheets/*.xml", "xl/sharedStrings.xml"])
        XCTAssertTrue(sheets.stdout.contains(try ProvenanceTests.sha256sum(blocks)))
    }
}

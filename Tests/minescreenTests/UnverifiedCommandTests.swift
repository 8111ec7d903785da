import XCTest
import MineScreenTestSupport

/// `minescreen screen` with rejected constraint-layer features (Fixtures/verdicts, Scripts/oracles/make_verdicts_fixture.py):
/// the blocks they may touch are `unverified` in every format, and the run exits 3 (features rejected).
final class UnverifiedCommandTests: XCTestCase {
    let blocks = "Fixtures/verdicts/blocks.geojson"

    func testJSONReasonsSummaryAndExitCode() throws {
        let run = try CLI.run(["screen", blocks, "--rules", "Fixtures/verdicts/rules-bowtie.yaml", "--id-field", "code", "--format", "json"])
        XCTAssertEqual(run.status, 3, run.stderr)
        let json = try run.json()
        let summary = try XCTUnwrap(json["summary"] as? [String: Any])
        XCTAssertEqual(summary["unverified"] as? Int, 1)
        XCTAssertEqual(summary["clean"] as? Int, 1)
        XCTAssertEqual(summary["blocked"] as? Int, 1)
        let byID = Dictionary(uniqueKeysWithValues: try XCTUnwrap(json["blocks"] as? [[String: Any]]).map { ($0["id"] as! String, $0) })
        XCTAssertEqual(byID["A"]?["verdict"] as? String, "unverified")
        XCTAssertEqual(byID["B"]?["verdict"] as? String, "clean")
        XCTAssertEqual(byID["C"]?["verdict"] as? String, "blocked")
        let reasons = try XCTUnwrap(byID["A"]?["reasons"] as? [[String: Any]])
        XCTAssertEqual(reasons.count, 1)
        XCTAssertEqual(Set(reasons[0].keys), ["layer", "rule", "rejected", "message"])
        XCTAssertEqual(reasons[0]["layer"] as? String, "bowtie")
        XCTAssertEqual(reasons[0]["rule"] as? String, "rejected-features")
        let rejected = try XCTUnwrap(reasons[0]["rejected"] as? [[String: Any]])
        XCTAssertEqual(rejected.map { $0["id"] as? String }, ["bad-A"])
        XCTAssertTrue((rejected[0]["file"] as? String)?.hasSuffix("bowtie.geojson") ?? false)
        XCTAssertTrue((rejected[0]["reason"] as? String)?.contains("self-intersection") ?? false, "\(rejected)")
        // C is blocked by geometry: its layer reason keeps the usual keys, and the rejected feature is listed beside it.
        let cReasons = try XCTUnwrap(byID["C"]?["reasons"] as? [[String: Any]])
        XCTAssertEqual(cReasons.map { $0["rule"] as? String }, [nil, "rejected-features"])
        for key in ["layer", "area_m2", "percent", "count", "features"] { XCTAssertNotNil(cReasons[0][key], key) }
    }

    func testNullGeometryMakesEveryBlockUnverified() throws {
        let run = try CLI.run(["screen", blocks, "--rules", "Fixtures/verdicts/rules-null.yaml", "--id-field", "code", "--format", "json"])
        XCTAssertEqual(run.status, 3, run.stderr)
        let verdicts = try XCTUnwrap(try run.json()["blocks"] as? [[String: Any]]).map { $0["verdict"] as? String }
        XCTAssertEqual(verdicts, ["unverified", "unverified", "unverified"])
    }

    func testCorridorBufferDecidesWhetherARejectedFeatureIsNear() throws {
        let wide = try CLI.run(["screen", blocks, "--rules", "Fixtures/verdicts/rules-corridor-500.yaml", "--id-field", "code", "--format", "csv"])
        XCTAssertEqual(wide.status, 3, wide.stderr)
        XCTAssertTrue(wide.stdout.split(whereSeparator: \.isNewline).contains { $0.hasPrefix("B,") && $0.contains(",unverified,") && $0.contains("points: rejected one-point may touch") },
                      wide.stdout)
        let narrow = try CLI.run(["screen", blocks, "--rules", "Fixtures/verdicts/rules-corridor-100.yaml", "--id-field", "code", "--format", "csv"])
        XCTAssertEqual(narrow.status, 3, narrow.stderr)
        XCTAssertFalse(narrow.stdout.contains("unverified"), narrow.stdout)
    }

    func testEveryFormatShowsUnverified() throws {
        let args = ["screen", blocks, "--rules", "Fixtures/verdicts/rules-bowtie.yaml", "--id-field", "code"]
        let table = try CLI.run(args)
        XCTAssertEqual(table.status, 3, table.stderr)
        XCTAssertTrue(table.stdout.contains("Verdicts: 1 clean, 0 needs-cut, 1 blocked, 1 unverified"), table.stdout)
        XCTAssertTrue(table.stdout.split(whereSeparator: \.isNewline).contains { $0.contains("A ") && $0.contains("unverified") && $0.contains("bowtie: rejected bad-A may touch") },
                      table.stdout)
        let geojson = try CLI.run(args + ["--format", "geojson"])
        let features = try XCTUnwrap(try geojson.json()["features"] as? [[String: Any]])
        let a = try XCTUnwrap(features.first { ($0["properties"] as? [String: Any])?["id"] as? String == "A" }?["properties"] as? [String: Any])
        XCTAssertEqual(a["verdict"] as? String, "unverified")
        XCTAssertEqual(a["reasons"] as? String, "bowtie")
        let folder = try makeScratchFolder("unverified")
        defer { try? FileManager.default.removeItem(at: folder) }
        let html = folder.appendingPathComponent("dossier.html").path
        XCTAssertEqual(try CLI.run(args + ["--format", "html", "-o", html]).status, 3)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        XCTAssertTrue(page.contains(".badge.unverified{"), "the badge has its own colour")
        XCTAssertTrue(page.contains("class=\"badge unverified\""), "A's badge")
        XCTAssertTrue(page.contains("bad-A"))
        let book = folder.appendingPathComponent("book.xlsx").path
        XCTAssertEqual(try CLI.run(args + ["--format", "xlsx", "-o", book]).status, 3)
        let unzip = try CLI.runProgram("/usr/bin/unzip", ["-p", book, "xl/sharedStrings.xml"])
        let sheet = try CLI.runProgram("/usr/bin/unzip", ["-p", book, "xl/worksheets/sheet1.xml"])
        XCTAssertTrue((unzip.stdout + sheet.stdout).contains("unverified"), "workbook names the verdict")
    }

    /// 20 000 features of unknown location: every block unverified, 50 named per block with the total in the message,
    /// and the run stays quick (no 20 000 × blocks listing).
    func testManyRejectedFeaturesAreCountedNotCopiedIntoEveryBlock() throws {
        let folder = try makeScratchFolder("many-rejected")
        defer { try? FileManager.default.removeItem(at: folder) }
        let features = (0..<20_000).map { "{\"type\":\"Feature\",\"properties\":{\"code\":\"n\($0)\"},\"geometry\":null}" }
        try ("{\"type\":\"FeatureCollection\",\"features\":[" + features.joined(separator: ",") + "]}")
            .write(to: folder.appendingPathComponent("nulls.geojson"), atomically: true, encoding: .utf8)
        let rules = folder.appendingPathComponent("rules.yaml").path
        try "layers:\n  - name: nulls\n    path: nulls.geojson\n    id_field: code\n".write(toFile: rules, atomically: true, encoding: .utf8)
        let started = Date()
        let run = try CLI.run(["screen", CLI.fixture("verdicts/blocks.geojson"), "--rules", rules, "--id-field", "code", "--format", "json"])
        XCTAssertLessThan(Date().timeIntervalSince(started), 60)
        XCTAssertEqual(run.status, 3, run.stderr)
        for block in try XCTUnwrap(try run.json()["blocks"] as? [[String: Any]]) {
            XCTAssertEqual(block["verdict"] as? String, "unverified")
            let reason = try XCTUnwrap((block["reasons"] as? [[String: Any]])?.first)
            XCTAssertEqual((reason["rejected"] as? [Any])?.count, 50)
            XCTAssertTrue((reason["message"] as? String)?.hasPrefix("20000 rejected features of layer nulls") ?? false, "\(reason)")
        }
    }

    /// `overlap` counts, per block and layer, the rejected features that may touch the block.
    func testOverlapCountsRejectedFeaturesNearEachBlock() throws {
        let args = ["overlap", blocks, "--id-field", "code", "--layer", "bowtie=Fixtures/verdicts/bowtie.geojson", "--layer-id-field", "bowtie=code"]
        let run = try CLI.run(args + ["--format", "json"])
        XCTAssertEqual(run.status, 3, run.stderr)
        let expected = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: CLI.fixture("verdicts/expected.json"))))
                                      as? [String: Any])?["rules-bowtie.yaml"] as? [String: Any])
        let near = try XCTUnwrap(expected["near"] as? [String: [String]])
        for block in try XCTUnwrap(try run.json()["blocks"] as? [[String: Any]]) {
            let id = try XCTUnwrap(block["id"] as? String)
            let bowtie = try XCTUnwrap((block["overlaps"] as? [String: Any])?["bowtie"] as? [String: Any])
            XCTAssertEqual(bowtie["rejected_nearby"] as? Int, near[id]?.count, id)
        }
        let csv = try CLI.run(args + ["--format", "csv"])
        let lines = csv.stdout.split(whereSeparator: \.isNewline)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false)
        let column = try XCTUnwrap(header.firstIndex(of: "bowtie_rejected_nearby"))
        let rowA = try XCTUnwrap(lines.first { $0.hasPrefix("A,") }).split(separator: ",", omittingEmptySubsequences: false)
        XCTAssertEqual(rowA[column], "1")
        let table = try CLI.run(args)
        XCTAssertTrue(table.stdout.split(whereSeparator: \.isNewline).contains { $0.hasPrefix("A ") && $0.contains("+1 rejected nearby") }, table.stdout)
        XCTAssertFalse(table.stdout.split(whereSeparator: \.isNewline).contains { $0.hasPrefix("B ") && $0.contains("rejected nearby") }, table.stdout)
    }
}

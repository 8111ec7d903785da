import XCTest

/// Exit codes and messages for bad input, as documented in --help and the README.
final class BadInputTests: XCTestCase {
    func testRejectedFeaturesExitThreeAndAreListed() throws {
        let run = try CLI.run(["area", "Fixtures/bad/mixed.geojson", "--format", "json"])
        XCTAssertEqual(run.status, 3, run.stderr)
        let json = try run.json()
        let rejected = try XCTUnwrap(json["rejected"] as? [[String: Any]])
        XCTAssertEqual(rejected.compactMap { $0["index"] as? Int }, [1, 3, 4])
        for r in rejected {
            XCTAssertNotNil(r["id"] as? String)
            XCTAssertTrue((r["file"] as? String)?.hasSuffix("mixed.geojson") ?? false)
            XCTAssertFalse((r["reason"] as? String ?? "").isEmpty)
        }
        XCTAssertEqual((json["features"] as? [Any])?.count, 3)
    }

    func testNonFiniteCoordinateRejectsOnlyItsFeature() throws {
        let run = try CLI.run(["area", "Fixtures/bad/non-finite.geojson", "--format", "json"])
        XCTAssertEqual(run.status, 3)
        let reason = try XCTUnwrap((try run.json()["rejected"] as? [[String: Any]])?.first?["reason"] as? String)
        XCTAssertTrue(reason.contains("non-finite"), reason)
    }

    func testRepairTurnsRejectionIntoRepaired() throws {
        let run = try CLI.run(["area", "Fixtures/bad/self-intersection.geojson", "--format", "json", "--repair"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let features = try XCTUnwrap(try run.json()["features"] as? [[String: Any]])
        XCTAssertEqual(features.first { $0["id"] as? String == "bad" }?["repaired"] as? Bool, true)
    }

    func testSyntaxErrorIsOneLineWithLineAndColumn() throws {
        let run = try CLI.run(["area", "Fixtures/bad/not-json.geojson"])
        XCTAssertEqual(run.status, 2)
        XCTAssertEqual(run.stdout, "")
        let lines = run.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, run.stderr)
        XCTAssertTrue(run.stderr.contains("Fixtures/bad/not-json.geojson:5:36"), run.stderr)
    }

    func testMissingFileAndUnknownCRSExitTwo() throws {
        let missing = try CLI.run(["area", "Fixtures/bad/missing.geojson"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("missing.geojson"))
        XCTAssertEqual(missing.stderr.split(separator: "\n").count, 1)
        let unknown = try CLI.run(["area", "Fixtures/bad/unknown-crs.geojson"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("unknown CRS"), unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("unknown-crs.geojson"), unknown.stderr)
        let badFlag = try CLI.run(["area", "Fixtures/cell-1min.geojson", "--crs", "EPSG:99999"])
        XCTAssertEqual(badFlag.status, 2)
    }

    func testOldDatumsAreRefusedNotGuessed() throws {
        for crs in ["EPSG:2383", "EPSG:4214", "EPSG:4610"] {  // Xi'an 1980 GK, Beijing 1954, Xi'an 1980
            let run = try CLI.run(["area", "Fixtures/cell-1min.geojson", "--crs", crs])
            XCTAssertEqual(run.status, 2, crs)
            XCTAssertTrue(run.stderr.contains("7 parameters"), run.stderr)
        }
        // WGS 84 based CRSs are accepted (centimetres from CGCS2000).
        XCTAssertEqual(try CLI.run(["area", "Fixtures/cell-1min.geojson", "--crs", "EPSG:4326"]).status, 0)
    }

    func testUsageErrorsExitTwoAndHelpDocumentsExitCodes() throws {
        XCTAssertEqual(try CLI.run(["area"]).status, 2)
        XCTAssertEqual(try CLI.run(["area", "x.geojson", "--unit", "acres"]).status, 2)
        XCTAssertEqual(try CLI.run(["overlap", "Fixtures/cell-1min.geojson"]).status, 2)
        let help = try CLI.run(["--help"])
        XCTAssertEqual(help.status, 0)
        for code in ["0", "2", "3"] { XCTAssertTrue(help.stdout.contains("  \(code)  "), help.stdout) }
    }
}

/// Progress goes to stderr only on a terminal, never into results.
final class ProgressTests: XCTestCase {
    func testProgressOnlyOnATerminalAndNotWithQuiet() throws {
        let script = "/usr/bin/script"
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: script), "util-linux script not installed")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("p-\(UUID()).csv").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let command = "\(CLI.binary.path) overlap Fixtures/overlap/blocks.geojson --layer r=Fixtures/overlap/redline.geojson --format csv -o \(output)"
        let onTerminal = try CLI.runProgram(script, ["-qc", command, "/dev/null"])
        XCTAssertTrue(onTerminal.stdout.contains("overlap: 7/7"), "status \(onTerminal.status) out \(onTerminal.stdout.debugDescription) err \(onTerminal.stderr.debugDescription)")
        let quiet = try CLI.runProgram(script, ["-qc", command + " --quiet", "/dev/null"])
        XCTAssertFalse(quiet.stdout.contains("overlap:"), quiet.stdout)
        XCTAssertEqual(Array(try Data(contentsOf: URL(fileURLWithPath: output)).prefix(5)), [0xEF, 0xBB, 0xBF, 0x69, 0x64])  // BOM, "id"
        // Not a terminal: nothing on stderr at all.
        XCTAssertEqual(try CLI.run(["overlap", "Fixtures/overlap/blocks.geojson", "--layer", "r=Fixtures/overlap/redline.geojson"]).stderr, "")
    }
}

extension BadInputTests {
    func testMetreCoordinatesWithoutCRSGetOneFileLevelHint() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("metres-\(UUID()).geojson").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let ring = "[[38512000,4018000],[38513000,4018000],[38513000,4019000],[38512000,4018000]]"
        let feature = #"{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[\#(ring)]}}"#
        try #"{"type":"FeatureCollection","features":[\#(feature),\#(feature)]}"#.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try CLI.run(["area", path, "--format", "json"])
        XCTAssertEqual(run.status, 3)
        XCTAssertEqual(run.stderr.components(separatedBy: "\n").filter { $0.contains("--crs EPSG:4526") }.count, 1, run.stderr)
        XCTAssertEqual(try CLI.run(["area", path, "--crs", "EPSG:4526", "--format", "json"]).status, 0)
    }
}

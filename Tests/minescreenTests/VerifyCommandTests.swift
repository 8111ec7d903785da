import Foundation
import XCTest
import MineScreenTestSupport

/// `minescreen verify REPORT.json`: 0 when inputs and figures are unchanged, 1 naming a changed layer or
/// an edited figure, 2 on a missing input or a report without provenance. Runs on copies of
/// Fixtures/overlap in a scratch folder, so inputs can be edited.
final class VerifyCommandTests: XCTestCase {
    var scratch: URL!

    override func setUpWithError() throws {
        scratch = try makeScratchFolder("minescreen-verify-test")
        for name in ["blocks.geojson", "redline.geojson", "farmland.geojson"] {
            try FileManager.default.copyItem(atPath: CLI.fixture("overlap/\(name)"), toPath: path(name))
        }
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    func path(_ name: String) -> String { scratch.appendingPathComponent(name).path }

    /// An overlap report written with -o, as a user keeps it.
    func makeReport() throws -> String {
        let report = path("report.json")
        let run = try CLI.run(["overlap", path("blocks.geojson"), "--layer", "redline=\(path("redline.geojson"))",
                               "--layer", "farmland=\(path("farmland.geojson"))", "--format", "json", "-o", report, "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        return report
    }

    func testUnchangedRunVerifiesAndLeavesTheReportAlone() throws {
        let report = try makeReport()
        let before = try Data(contentsOf: URL(fileURLWithPath: report))
        let run = try CLI.run(["verify", report])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        XCTAssertTrue(run.stdout.contains("verified"), run.stdout)
        // The re-run wrote to a temporary file, not over the report it checks.
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: report)), before)
    }

    func testEditedLayerIsNamed() throws {
        let report = try makeReport()
        // Drop the redline's last feature: its bytes change, and so may the figures.
        var layer = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path("redline.geojson")))) as? [String: Any])
        var features = try XCTUnwrap(layer["features"] as? [Any])
        features.removeLast()
        layer["features"] = features
        try JSONSerialization.data(withJSONObject: layer).write(to: URL(fileURLWithPath: path("redline.geojson")))
        let run = try CLI.run(["verify", report])
        XCTAssertEqual(run.status, 1, run.stdout + run.stderr)
        XCTAssertTrue(run.stdout.contains("changed input layer:redline \(path("redline.geojson"))"), run.stdout)
        XCTAssertFalse(run.stdout.contains("layer:farmland"), run.stdout)
        XCTAssertFalse(run.stdout.contains("changed input blocks"), run.stdout)
    }

    func testEditedFigureIsNamedByItsJSONPath() throws {
        let report = try makeReport()
        var json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])
        var blocks = try XCTUnwrap(json["blocks"] as? [[String: Any]])
        let area = try XCTUnwrap(blocks[1]["area_m2"] as? Double)
        blocks[1]["area_m2"] = area * (1 + 1e-7)
        json["blocks"] = blocks
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: report))
        let run = try CLI.run(["verify", report])
        XCTAssertEqual(run.status, 1, run.stdout + run.stderr)
        XCTAssertTrue(run.stdout.contains("$.blocks[1].area_m2"), run.stdout)
        XCTAssertFalse(run.stdout.contains("changed input"), run.stdout)
    }

    /// Within 1e-9 relative a figure is the same.
    func testFigureWithinToleranceVerifies() throws {
        let report = try makeReport()
        var json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])
        var blocks = try XCTUnwrap(json["blocks"] as? [[String: Any]])
        let area = try XCTUnwrap(blocks[0]["area_m2"] as? Double)
        blocks[0]["area_m2"] = area * (1 + 1e-11)
        json["blocks"] = blocks
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: report))
        let run = try CLI.run(["verify", report])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
    }

    func testMissingInputIsExit2() throws {
        let report = try makeReport()
        try FileManager.default.removeItem(atPath: path("farmland.geojson"))
        let run = try CLI.run(["verify", report])
        XCTAssertEqual(run.status, 2, run.stdout + run.stderr)
        XCTAssertTrue(run.stderr.contains("layer:farmland \(path("farmland.geojson"))"), run.stderr)
    }

    func testReportWithoutProvenanceIsExit2() throws {
        let report = try makeReport()
        var json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])
        json.removeValue(forKey: "provenance")
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: report))
        let run = try CLI.run(["verify", report])
        XCTAssertEqual(run.status, 2, run.stdout + run.stderr)
        XCTAssertTrue(run.stderr.contains("no provenance"), run.stderr)
        let notJSON = try CLI.run(["verify", "Fixtures/demo/rules.yaml"])
        XCTAssertEqual(notJSON.status, 2, notJSON.stderr)
    }

    /// `--output=FILE` and `--format=json` written with `=` are replaced too: the report is not rewritten.
    func testEqualsFormOfOutputOptions() throws {
        let report = path("equals.json")
        let made = try CLI.run(["area", path("blocks.geojson"), "--format=json", "--output=\(report)", "--quiet"])
        XCTAssertEqual(made.status, 0, made.stderr)
        let before = try Data(contentsOf: URL(fileURLWithPath: report))
        let run = try CLI.run(["verify", report])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: report)), before)
    }

    /// A report whose command is not a reporting command (here verify itself) is not re-run: no loop.
    func testForeignCommandIsRefused() throws {
        let report = try makeReport()
        var json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: report))) as? [String: Any])
        var provenance = try XCTUnwrap(json["provenance"] as? [String: Any])
        provenance["command"] = ["verify", report]
        json["provenance"] = provenance
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: report))
        let run = try CLI.run(["verify", report])
        XCTAssertEqual(run.status, 2, run.stdout + run.stderr)
        XCTAssertTrue(run.stderr.contains("is not one of"), run.stderr)
    }

    /// screen with --remainder: the re-run writes its remainders to a temporary, not over the user's file.
    func testScreenRemainderIsNotOverwritten() throws {
        let demo = scratch.appendingPathComponent("demo")
        try FileManager.default.copyItem(atPath: CLI.fixture("demo"), toPath: demo.path)
        let remainder = demo.appendingPathComponent("remainder.geojson").path
        let report = demo.appendingPathComponent("screen.json").path
        let made = try CLI.run(["screen", demo.appendingPathComponent("blocks.geojson").path, "--rules",
                                demo.appendingPathComponent("rules.yaml").path, "--format", "json", "-o", report,
                                "--remainder", remainder, "--quiet"])
        XCTAssertEqual(made.status, 1, made.stderr)
        try Data("kept".utf8).write(to: URL(fileURLWithPath: remainder))
        let run = try CLI.run(["verify", report])
        XCTAssertEqual(run.status, 0, run.stdout + run.stderr)
        XCTAssertEqual(try String(contentsOfFile: remainder, encoding: .utf8), "kept")
    }
}

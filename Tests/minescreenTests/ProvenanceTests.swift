import Foundation
import XCTest

/// The `provenance` block of every command's JSON report: software versions, the command, the start time,
/// and every input with the SHA-256 `sha256sum` gives for it, its size, feature counts and CRS.
final class ProvenanceTests: XCTestCase {
    /// `sha256sum PATH`, run from the repository root as the CLI runs.
    static func sha256sum(_ path: String) throws -> String {
        let run = try CLI.runProgram("/usr/bin/sha256sum", [path])
        XCTAssertEqual(run.status, 0, run.stderr)
        return String(run.stdout.prefix(64))
    }

    static func size(_ path: String) throws -> Int {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : CLI.repositoryRoot.appendingPathComponent(path)
        return try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
    }

    /// Runs a command with `--format json` and checks its provenance; returns the inputs by role.
    @discardableResult
    func provenance(_ arguments: [String], status: Int32, roles: [String: String], rules: String? = nil,
                    file: StaticString = #filePath, line: UInt = #line) throws -> [String: [String: Any]] {
        let command = arguments + ["--format", "json", "--quiet"]
        let run = try CLI.run(command)
        XCTAssertEqual(run.status, status, run.stderr, file: file, line: line)
        let provenance = try XCTUnwrap(try run.json()["provenance"] as? [String: Any], file: file, line: line)
        XCTAssertEqual(provenance["command"] as? [String], command, file: file, line: line)
        let software = try XCTUnwrap(provenance["software"] as? [String: String], file: file, line: line)
        XCTAssertEqual(Set(software.keys), ["minescreen", "geos", "proj", "gdal"], file: file, line: line)
        let started = try XCTUnwrap(provenance["started"] as? String, file: file, line: line)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let date = try XCTUnwrap(formatter.date(from: started), started, file: file, line: line)
        XCTAssertTrue(started.hasSuffix("Z"), started, file: file, line: line)
        XCTAssertLessThan(abs(date.timeIntervalSinceNow), 600, file: file, line: line)
        let duration = try XCTUnwrap(provenance["duration_s"] as? Double, file: file, line: line)
        XCTAssertGreaterThanOrEqual(duration, 0, file: file, line: line)
        let inputs = try XCTUnwrap(provenance["inputs"] as? [[String: Any]], file: file, line: line)
        var byRole: [String: [String: Any]] = [:]
        for input in inputs { byRole[input["role"] as? String ?? "?"] = input }
        XCTAssertEqual(Set(byRole.keys), Set(roles.keys), file: file, line: line)
        for (role, path) in roles {
            let input = try XCTUnwrap(byRole[role], file: file, line: line)
            XCTAssertEqual(input["path"] as? String, path, role, file: file, line: line)
            XCTAssertEqual(input["sha256"] as? String, try Self.sha256sum(path), role, file: file, line: line)
            XCTAssertEqual(input["bytes"] as? Int, try Self.size(path), role, file: file, line: line)
            XCTAssertNotNil(input["features"] as? Int, role, file: file, line: line)
            XCTAssertNotNil(input["rejected"] as? Int, role, file: file, line: line)
            XCTAssertNotNil(input["crs"] as? String, role, file: file, line: line)
        }
        if let rules {
            let recorded = try XCTUnwrap(provenance["rules"] as? [String: Any], file: file, line: line)
            XCTAssertEqual(recorded["path"] as? String, rules, file: file, line: line)
            XCTAssertEqual(recorded["sha256"] as? String, try Self.sha256sum(rules), file: file, line: line)
        } else {
            XCTAssertNil(provenance["rules"], file: file, line: line)
        }
        return byRole
    }

    func testArea() throws {
        let inputs = try provenance(["area", "Fixtures/bad/mixed.geojson"], status: 3, roles: ["blocks": "Fixtures/bad/mixed.geojson"])
        // Features as read: every member of the file's features array, the rejected ones among them.
        let text = try String(contentsOf: URL(fileURLWithPath: CLI.fixture("bad/mixed.geojson")), encoding: .utf8)
        let features = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["features"] as? [Any])
        XCTAssertEqual(inputs["blocks"]?["features"] as? Int, features.count)
        XCTAssertGreaterThan(inputs["blocks"]?["rejected"] as? Int ?? 0, 0)
    }

    func testOverlap() throws {
        try provenance(["overlap", "Fixtures/overlap/blocks.geojson", "--layer", "redline=Fixtures/overlap/redline.geojson",
                        "--layer", "farmland=Fixtures/overlap/farmland.geojson"], status: 0,
                       roles: ["blocks": "Fixtures/overlap/blocks.geojson", "layer:redline": "Fixtures/overlap/redline.geojson",
                               "layer:farmland": "Fixtures/overlap/farmland.geojson"])
    }

    /// Inputs read side by side are listed as given, whichever finishes first: the big farmland layer first,
    /// small layers after it, on two threads, several times.
    func testOverlapListsInputsInTheOrderGiven() throws {
        let layers = [("farmland", "Fixtures/demo/farmland.geojson"), ("redline", "Fixtures/demo/redline.geojson"),
                      ("urban", "Fixtures/demo/urban.geojson")]
        for _ in 0..<3 {
            let run = try CLI.run(["overlap", "Fixtures/demo/blocks.geojson"] + layers.flatMap { ["--layer", "\($0.0)=\($0.1)"] }
                                  + ["--threads", "2", "--format", "json", "--quiet"])
            XCTAssertEqual(run.status, 0, run.stderr)
            let inputs = try XCTUnwrap((try run.json()["provenance"] as? [String: Any])?["inputs"] as? [[String: Any]])
            XCTAssertEqual(inputs.compactMap { $0["role"] as? String }, ["blocks"] + layers.map { "layer:\($0.0)" })
        }
    }

    func testScreen() throws {
        let demo = CLI.fixture("demo")
        var roles = ["blocks": "Fixtures/demo/blocks.geojson"]
        for name in ["redline", "farmland", "urban", "railway", "expressway", "rights", "dwellings"] {
            roles["layer:\(name)"] = "\(demo)/\(name).geojson"
        }
        try provenance(["screen", "Fixtures/demo/blocks.geojson", "--rules", "Fixtures/demo/rules.yaml"], status: 1,
                       roles: roles, rules: "Fixtures/demo/rules.yaml")
    }

    func testGridBlocksAndCellsFile() throws {
        try provenance(["grid", "Fixtures/grid/blocks.geojson", "--id-field", "code"], status: 1,
                       roles: ["blocks": "Fixtures/grid/blocks.geojson"])
        try provenance(["grid", "--cells-file", "Fixtures/grid/cells.txt"], status: 0, roles: ["cells": "Fixtures/grid/cells.txt"])
    }

    func testCheck() throws {
        try provenance(["check", "Fixtures/check/fix5/square-tdt.txt"], status: 0, roles: ["blocks": "Fixtures/check/fix5/square-tdt.txt"])
    }

    func testRectify() throws {
        try provenance(["rectify", "Fixtures/rectify/mines.geojson", "--rules", "Fixtures/rectify/rules.yaml",
                        "--orebodies", "Fixtures/rectify/orebodies.geojson", "--footprints", "Fixtures/rectify/footprints.geojson"],
                       status: 3, roles: ["mines": "Fixtures/rectify/mines.geojson", "orebodies": "Fixtures/rectify/orebodies.geojson",
                                          "footprints": "Fixtures/rectify/footprints.geojson"],
                       rules: "Fixtures/rectify/rules.yaml")
    }

    /// A file over 4 MiB is hashed on another thread while it is parsed: the report still waits for its digest.
    func testLargeFileHashedWhileParsed() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("minescreen-large-\(UUID().uuidString).geojson").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var text = try String(contentsOfFile: CLI.fixture("demo/farmland.geojson"), encoding: .utf8)
        text += String(repeating: " ", count: 5 << 20)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try provenance(["area", path], status: 0, roles: ["blocks": path])
    }

    /// A Shapefile: the digest of the .shp, each sidecar listed with its own `sha256sum`.
    func testShapefileListsSidecars() throws {
        let run = try CLI.run(["area", "Fixtures/gdal/changzhi-cs21.shp", "--format", "json", "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let provenance = try XCTUnwrap(try run.json()["provenance"] as? [String: Any])
        let input = try XCTUnwrap((provenance["inputs"] as? [[String: Any]])?.first)
        XCTAssertEqual(input["sha256"] as? String, try Self.sha256sum("Fixtures/gdal/changzhi-cs21.shp"))
        let files = try XCTUnwrap(input["files"] as? [[String: Any]])
        XCTAssertEqual(files.compactMap { $0["path"] as? String },
                       ["cpg", "dbf", "prj", "shx"].map { "Fixtures/gdal/changzhi-cs21.\($0)" })
        for file in files {
            let path = try XCTUnwrap(file["path"] as? String)
            XCTAssertEqual(file["sha256"] as? String, try Self.sha256sum(path), path)
        }
    }

    /// A FileGDB folder: the digest of the listing `sha256sum` prints for its files in name order.
    func testFileGDBFolderDigest() throws {
        let folder = "Fixtures/gdal/changzhi-cs21.gdb"
        let run = try CLI.run(["area", folder, "--format", "json", "--quiet"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let provenance = try XCTUnwrap(try run.json()["provenance"] as? [String: Any])
        let input = try XCTUnwrap((provenance["inputs"] as? [[String: Any]])?.first)
        let listing = try CLI.runProgram("/bin/sh", ["-c", "cd \(folder) && LC_ALL=C sha256sum $(LC_ALL=C ls) | sha256sum"])
        XCTAssertEqual(input["sha256"] as? String, String(listing.stdout.prefix(64)))
    }
}

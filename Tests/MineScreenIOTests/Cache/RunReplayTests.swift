import Foundation
import XCTest
@testable import MineScreenSupport
@testable import MineScreenNative
@testable import MineScreenIO
import MineScreenTestSupport

/// `RunReplay`: which arguments make its key, the entry's encoding, and the check that inputs are unchanged.
final class RunReplayTests: XCTestCase {
    func testOnlyWhereTheReportGoesAndWhatStderrShowsIsLeftOutOfTheKey() {
        let command = ["overlap", "b.geojson", "--layer", "r=r.geojson", "-o", "x.json", "--output=y.json", "--cache", "c",
                       "--cache-max-mb", "5", "--quiet", "--timings", "--format", "json"]
        XCTAssertEqual(RunReplay.relevantArguments(command), ["overlap", "b.geojson", "--layer", "r=r.geojson", "--format", "json"])
        let key = RunReplay.key(command: command, directory: "/d", environment: [:])
        XCTAssertEqual(key, RunReplay.key(command: ["overlap", "b.geojson", "--layer", "r=r.geojson", "--format", "json"],
                                          directory: "/d", environment: ["HOME": "/root"]))
        XCTAssertNotEqual(key, RunReplay.key(command: command, directory: "/e", environment: [:]))
        XCTAssertNotEqual(key, RunReplay.key(command: command + ["--method", "tdt1055"], directory: "/d", environment: [:]))
        XCTAssertNotEqual(key, RunReplay.key(command: command, directory: "/d", environment: ["MINESCREEN_CORRIDORS_PER_BLOCK": "1"]))
        XCTAssertNotEqual(key, RunReplay.key(command: command, directory: "/d", environment: ["PROJ_DATA": "/other/proj"]))
        XCTAssertNotEqual(key, RunReplay.key(command: command, directory: "/d", environment: ["SHAPE_ENCODING": ""]))
        XCTAssertNotEqual(key, RunReplay.key(command: command, directory: "/d", environment: [:], build: "another build"))
    }

    func testEntriesReadBackAsWrittenAndDamageIsRefused() throws {
        let input = ProvenanceLog.Input(role: "layer:farm", path: "f.shp", sha256: String(repeating: "a", count: 64), bytes: 12,
                                        features: 3, rejected: nil, crs: "EPSG:4526",
                                        files: [ProvenanceLog.FileDigest(path: "f.dbf", sha256: String(repeating: "b", count: 64), bytes: 5)],
                                        sequence: 0)
        let entry = RunReplay.Entry(inputs: [input], rules: ProvenanceLog.FileDigest(path: "r.yaml", sha256: "c", bytes: 1),
                                    warnings: ["w1", "白 w2"], blocks: 8, exitCode: 3,
                                    report: .json(.object([("blocks", .array([.object([("id", .string("B1")), ("area", .number(0.1 + 0.2)),
                                                                                        ("bsm", .integer(140_421_000_000_000_001)),
                                                                                        ("nan", .number(.nan)), ("clean", .bool(true)),
                                                                                        ("note", .null)])]))])))
        let bytes = RunReplay.encode(entry)
        let back = try RunReplay.decode(bytes)
        // NaN is not equal to itself: the rest compared as values, the figures by their bits.
        XCTAssertEqual(RunReplay.encode(back), bytes)
        // The report encoded beforehand (while it is written out) makes the same entry.
        XCTAssertEqual(RunReplay.encode(entry, encodedReport: RunReplay.encodeReport(entry.report)), bytes)
        var csv = entry
        csv.report = .text("id,area\r\nB1,0.30000000000000004\r\n")
        XCTAssertEqual(try RunReplay.decode(RunReplay.encode(csv)), csv)
        XCTAssertThrowsError(try RunReplay.decode(Array(bytes.dropLast())))
        XCTAssertThrowsError(try RunReplay.decode(bytes + [0]))
    }

    func testInputsAreUnchangedOnlyWhileEveryFileHashesAsRecorded() throws {
        let folder = try makeScratchFolder("run-replay")
        defer { try? FileManager.default.removeItem(at: folder) }
        let blocks = folder.appendingPathComponent("blocks.geojson").path, rules = folder.appendingPathComponent("rules.yaml").path
        try Data("blocks".utf8).write(to: URL(fileURLWithPath: blocks))
        try Data("rules".utf8).write(to: URL(fileURLWithPath: rules))
        // The digests an independent tool gives: sha256sum's of the two texts.
        let input = ProvenanceLog.Input(role: "blocks", path: blocks,
                                        sha256: "2a12da17d27cd05ab0f3148816c1b4a702334202e82c5ad0dff734cb45db8017", bytes: 6,
                                        features: 1, rejected: 0, crs: nil, files: [], sequence: 0)
        var entry = RunReplay.Entry(inputs: [input], rules: nil, warnings: [], blocks: 1, exitCode: 0, report: .text(""))
        XCTAssertTrue(RunReplay.inputsUnchanged(entry))
        entry.rules = ProvenanceLog.FileDigest(path: rules, sha256: "6c621d1a05138a7888d37d9269a9da8e2e11e4aced2f6cfd24b05ab1b9e61bb0", bytes: 5)
        XCTAssertTrue(RunReplay.inputsUnchanged(entry))
        try Data("rulez".utf8).write(to: URL(fileURLWithPath: rules))
        XCTAssertFalse(RunReplay.inputsUnchanged(entry), "a changed rules file")
        entry.rules = nil
        // A GeoPackage-style write-ahead log beside an input: its own bytes no longer say what it holds.
        try Data("pending".utf8).write(to: URL(fileURLWithPath: blocks + "-wal"))
        XCTAssertFalse(RunReplay.inputsUnchanged(entry), "writes pending in a -wal file")
        XCTAssertFalse(RunReplay.canReplay(entry.inputs))
        try FileManager.default.removeItem(atPath: blocks + "-wal")
        XCTAssertTrue(RunReplay.inputsUnchanged(entry))
        XCTAssertTrue(RunReplay.canReplay(entry.inputs))
        try FileManager.default.removeItem(atPath: blocks)
        XCTAssertFalse(RunReplay.inputsUnchanged(entry), "a missing input")
        XCTAssertFalse(RunReplay.canReplay([]))
    }
}

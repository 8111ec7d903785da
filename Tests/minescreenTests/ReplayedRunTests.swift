import Foundation
import XCTest

/// `--cache` keeps the whole report of a JSON or CSV run: the same command over inputs that hash as they did is
/// answered from it without reading them (only hashing), with the first run's exit code and warnings; any input
/// changed, the entry damaged, or another format, and the run computes.
extension CacheCommandTests {
    /// The cache's whole-report entries (their payload names the format).
    func runEntries(_ cache: String) throws -> [String] { try entries(cache, marked: "minescreen run replay 1") }

    /// The entries of `cache` whose payload names `marker`.
    func entries(_ cache: String, marked marker: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: cache).filter { name in
            name.hasSuffix(".entry")
                && (try? Data(contentsOf: URL(fileURLWithPath: cache + "/" + name)))?.range(of: Data(marker.utf8)) != nil
        }
    }

    /// The entries of `cache` that hold one block's result: not a whole run's, nor what a run keeps to prepare its
    /// layers (contacts, coverage memos, overlaps between blocks, layer snapshots and notes of their last read).
    func blockEntries(_ cache: String) throws -> [String] {
        let others = try ["minescreen run replay 1", "minescreen block contacts 1", "minescreen coverage memo 2",
                          "minescreen block pairs 1", "minescreen layer snapshot 1", "minescreen layer last read 2"]
            .flatMap { try entries(cache, marked: $0) }
        return try FileManager.default.contentsOfDirectory(atPath: cache).filter { $0.hasSuffix(".entry") && !others.contains($0) }.sorted()
    }

    /// The `read` figure of `--timings` on stderr.
    func readSeconds(_ stderr: String) throws -> Double {
        let line = try XCTUnwrap(stderr.split(separator: "\n").first { $0.hasPrefix("timing\tread\t") }, stderr)
        return try XCTUnwrap(Double(line.split(separator: "\t")[2]))
    }

    func testUnchangedInputsAreReplayedWithTheExitCodeAndWarnings() throws {
        let cache = path("cache")
        // An empty layer gives a warning; screening these blocks finds conflicts (exit 1).
        try Data(#"{"type":"FeatureCollection","features":[]}"#.utf8).write(to: URL(fileURLWithPath: path("empty.geojson")))
        let overlap = overlapArguments(["--layer", "empty=\(path("empty.geojson"))", "--format", "json", "--quiet", "--timings"])
        let plain = try CLI.run(overlap + ["-o", path("plain.json")])
        let first = try CLI.run(overlap + ["-o", path("first.json"), "--cache", cache])
        // Another file modification time, the same bytes: still the same input.
        let farmland = try Data(contentsOf: URL(fileURLWithPath: path("farmland.geojson")))
        try farmland.write(to: URL(fileURLWithPath: path("farmland.geojson")))
        let second = try CLI.run(overlap + ["-o", path("second.json"), "--cache", cache])
        for run in [plain, first, second] { XCTAssertEqual(run.status, 0, run.stderr) }
        let warning = try XCTUnwrap(plain.stderr.split(separator: "\n").first { $0.contains("warning:") }, plain.stderr)
        XCTAssertTrue(second.stderr.contains(warning), second.stderr)
        XCTAssertEqual(second.stderr.components(separatedBy: "warning:").count, plain.stderr.components(separatedBy: "warning:").count)
        XCTAssertGreaterThan(try readSeconds(first.stderr), 0)
        XCTAssertEqual(try readSeconds(second.stderr), 0, "the second run read its inputs: \(second.stderr)")
        let report = try String(contentsOfFile: path("second.json"), encoding: .utf8)
        try assertSameReport(try String(contentsOfFile: path("plain.json"), encoding: .utf8), report, "replayed overlap")
        XCTAssertEqual(try cacheCounts(report).hits, 8)
        XCTAssertEqual(try cacheCounts(report).misses, 0)

        let screen = screenArguments(["--format", "csv", "--quiet", "--timings", "--provenance"])
        let screened = try CLI.run(screen + ["-o", path("s1.csv"), "--cache", cache])
        let replayed = try CLI.run(screen + ["-o", path("s2.csv"), "--cache", cache])
        XCTAssertEqual(screened.status, 1, screened.stderr)
        XCTAssertEqual(replayed.status, 1, replayed.stderr)
        XCTAssertEqual(try readSeconds(replayed.stderr), 0, replayed.stderr)
        // The CSV report is the same; the provenance rows after it name this run (its start, its duration).
        func body(_ file: String) throws -> String {
            let text = try String(contentsOfFile: path(file), encoding: .utf8)
            return String(text[..<(try XCTUnwrap(text.range(of: "\r\n\r\n"))).lowerBound])
        }
        XCTAssertEqual(try body("s1.csv"), try body("s2.csv"))
        // Without --provenance a CSV run hashes its inputs all the same, to be replayed.
        let plainCSV = screenArguments(["--format", "csv", "--quiet", "--timings", "--cache", cache])
        XCTAssertEqual(try CLI.run(plainCSV + ["-o", path("s3.csv")]).status, 1)
        let replayedCSV = try CLI.run(plainCSV + ["-o", path("s4.csv")])
        XCTAssertEqual(replayedCSV.status, 1, replayedCSV.stderr)
        XCTAssertEqual(try readSeconds(replayedCSV.stderr), 0, replayedCSV.stderr)
        XCTAssertEqual(try String(contentsOfFile: path("s3.csv"), encoding: .utf8), try String(contentsOfFile: path("s4.csv"), encoding: .utf8))
    }

    func testChangedOrDamagedRunEntriesAreComputedAgain() throws {
        let cache = path("cache")
        let arguments = screenArguments(["--format", "json", "--quiet", "--timings"])
        XCTAssertTrue([0, 1].contains(try CLI.run(arguments + ["-o", path("a.json"), "--cache", cache]).status))
        // A rules value changed: the rules file is an input; the run computes (every block: the rules are in the keys).
        let rules = try String(contentsOfFile: path("rules.yaml"), encoding: .utf8)
        try rules.replacingOccurrences(of: "tolerance_m2: 1\n", with: "tolerance_m2: 2\n").write(toFile: path("rules.yaml"), atomically: true, encoding: .utf8)
        let changed = try CLI.run(arguments + ["-o", path("b.json"), "--cache", cache])
        XCTAssertGreaterThan(try readSeconds(changed.stderr), 0, "a changed rules file was not read")
        let plain = try run(screenArguments(["--format", "json"]), output: "plain.json")
        try assertSameReport(plain, try String(contentsOfFile: path("b.json"), encoding: .utf8), "after the rules changed")
        // Every whole-report entry truncated: the next run computes, through the blocks' entries, the same report.
        for name in try runEntries(cache) {
            let file = URL(fileURLWithPath: cache + "/" + name)
            let bytes = try Data(contentsOf: file)
            try bytes.prefix(bytes.count / 2).write(to: file)
        }
        let damaged = try CLI.run(arguments + ["-o", path("c.json"), "--cache", cache])
        XCTAssertGreaterThan(try readSeconds(damaged.stderr), 0, "a damaged entry was replayed")
        let report = try String(contentsOfFile: path("c.json"), encoding: .utf8)
        try assertSameReport(plain, report, "after the entry was damaged")
        XCTAssertEqual(try cacheCounts(report).hits, 8)
        // A GeoJSON run is never replayed: it reads its inputs every time.
        for output in ["d.geojson", "e.geojson"] {
            let run = try CLI.run(screenArguments(["--format", "geojson", "--quiet", "--timings", "-o", path(output), "--cache", cache]))
            XCTAssertGreaterThan(try readSeconds(run.stderr), 0)
        }
    }

    func testAShapefileLayerIsReplayedOnlyWhileItsSidecarsAreUnchanged() throws {
        let cache = path("cache")
        for ending in ["shp", "shx", "dbf", "prj", "cpg"] {
            try FileManager.default.copyItem(atPath: CLI.fixture("gdal/changzhi-cs21.\(ending)"), toPath: path("zones.\(ending)"))
        }
        let arguments = ["overlap", path("blocks.geojson"), "--layer", "zones=\(path("zones.shp"))", "--format", "json", "--quiet",
                         "--timings", "--cache", cache]
        XCTAssertEqual(try CLI.run(arguments + ["-o", path("a.json")]).status, 0)
        XCTAssertEqual(try readSeconds(try CLI.run(arguments + ["-o", path("b.json")]).stderr), 0)
        // Another code page file (the .shp itself unchanged): the layer is read again, and kept again.
        try Data("UTF8".utf8).write(to: URL(fileURLWithPath: path("zones.cpg")))
        let changed = try CLI.run(arguments + ["-o", path("c.json")])
        XCTAssertEqual(changed.status, 0, changed.stderr)
        XCTAssertGreaterThan(try readSeconds(changed.stderr), 0, "a changed sidecar was not noticed")
        XCTAssertEqual(try readSeconds(try CLI.run(arguments + ["-o", path("d.json")]).stderr), 0)
    }
}

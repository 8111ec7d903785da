import Foundation
import XCTest
import MineScreenTestSupport

/// `minescreen screen` as a user runs it: `--timings` books its work to phases (not all to "other"), and
/// without corridors or a remainder its conflict is `overlap`'s on the same layers (Fixtures/overlap).
final class ScreenTimingsTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = try makeScratchFolder("screen-timings")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// The three layers of Fixtures/overlap as screening rules without corridors.
    func plainRules() throws -> String {
        let path = folder.appendingPathComponent("rules.yaml").path
        try """
        tolerance_m2: 0
        min_clean_area_m2: 0
        layers:
          - name: redline
            path: \(CLI.fixture("overlap/redline.geojson"))
          - name: farmland
            path: \(CLI.fixture("overlap/farmland.geojson"))
            id_field: BSM
          - name: urban
            path: \(CLI.fixture("overlap/urban.geojson"))
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func phases(_ stderr: String) -> [String: Double] {
        var seconds: [String: Double] = [:]
        for line in stderr.split(separator: "\n") where line.hasPrefix("timing\t") {
            let fields = line.split(separator: "\t")
            if fields.count == 3 { seconds[String(fields[1])] = Double(fields[2]) }
        }
        return seconds
    }

    func testScreenBooksItsWorkToPhasesOnBothPaths() throws {
        // Without corridors (the area-only path) and with them (the general path).
        for (blocks, rules) in [("Fixtures/overlap/blocks.geojson", try plainRules()),
                                ("Fixtures/screen/blocks.geojson", "Fixtures/screen/rules.yaml")] {
            let run = try CLI.run(["screen", blocks, "--rules", rules, "--id-field", "code", "--format", "json", "--quiet", "--timings"])
            XCTAssertEqual(run.status, 1, run.stderr)
            let seconds = phases(run.stderr)
            for phase in ["read", "index", "intersect", "write", "other", "total"] {
                XCTAssertNotNil(seconds[phase], "\(rules): phase \(phase) missing in \(run.stderr)")
            }
            XCTAssertGreaterThan(seconds["index"] ?? 0, 0, "\(rules): \(run.stderr)")
            XCTAssertGreaterThan(seconds["intersect"] ?? 0, 0, "\(rules): \(run.stderr)")
            let sum = seconds.filter { $0.key != "total" }.values.reduce(0, +)
            XCTAssertEqual(sum, seconds["total"] ?? 0, accuracy: 0.01, "\(rules): the phases add up to the total")
        }
    }

    func testConflictWithoutCorridorsIsOverlaps() throws {
        let screen = try CLI.run(["screen", "Fixtures/overlap/blocks.geojson", "--rules", try plainRules(), "--id-field", "code",
                                  "--format", "json"])
        XCTAssertEqual(screen.status, 1, screen.stderr)
        let overlap = try CLI.run(["overlap", "Fixtures/overlap/blocks.geojson", "--layer", "redline=Fixtures/overlap/redline.geojson",
                                   "--layer", "farmland=Fixtures/overlap/farmland.geojson", "--layer", "urban=Fixtures/overlap/urban.geojson",
                                   "--id-field", "code", "--layer-id-field", "farmland=BSM", "--format", "json"])
        XCTAssertLessThanOrEqual(overlap.status, 1, overlap.stderr)
        let screened = try XCTUnwrap(try screen.json()["blocks"] as? [[String: Any]])
        let overlapped = try XCTUnwrap(try overlap.json()["blocks"] as? [[String: Any]])
        XCTAssertEqual(screened.compactMap { $0["id"] as? String }, overlapped.compactMap { $0["id"] as? String })
        XCTAssertFalse(screened.isEmpty)
        var conflicted = 0
        for (s, o) in zip(screened, overlapped) {
            let area = try XCTUnwrap(o["area_m2"] as? Double)
            let conflict = try XCTUnwrap(o["conflict_m2"] as? Double)
            if conflict > 0 { conflicted += 1 }
            XCTAssertEqual(try XCTUnwrap(s["conflict_m2"] as? Double), conflict, accuracy: area * 1e-6, "\(s["id"] ?? "?")")
        }
        XCTAssertGreaterThan(conflicted, 0, "the fixture must have conflicts for the comparison to mean something")
    }
}

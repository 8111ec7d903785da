import Foundation
import XCTest

/// Damaged and incomplete layers (made by Scripts/hostile/inputs.sh into Fixtures/hostile/inputs) must
/// never read as smaller or empty layers: that would certify blocks clean. Each is an exit-2 error naming
/// the file, or its unreadable features are rejected one by one.
final class DamagedInputTests: XCTestCase {
    private let blocks = "Fixtures/changzhi-cs21.geojson"

    /// Cut copies of the 21 Changzhi zones, and what the message must say (GDAL's own words or the count).
    private let damaged: [(file: String, says: String)] = [
        ("Fixtures/hostile/inputs/truncated-table.gdb", "filegdbtable"),
        ("Fixtures/hostile/inputs/truncated-header.gdb", "filegdbtable"),
        ("Fixtures/hostile/inputs/header-only.fgb", "declares 21 features but GDAL read 0"),
        ("Fixtures/hostile/inputs/cut-features.fgb", "parsing feature"),
        ("Fixtures/hostile/inputs/empty-dbf.shp", "empty-dbf.dbf is 0 bytes"),
        ("Fixtures/hostile/inputs/short-dbf.shp", "declares 21 records but holds only 10"),
    ]

    func testDamagedConstraintLayerStopsOverlap() throws {
        // The zones against themselves: every block would overlap, so an empty read would show as clean.
        let sound = try CLI.run(["overlap", blocks, "--id-field", "code", "--layer", "zones=Fixtures/gdal/changzhi-cs21.gdb"])
        XCTAssertEqual(sound.status, 0, sound.stderr)
        for (file, says) in damaged {
            let run = try CLI.run(["overlap", blocks, "--id-field", "code", "--layer", "zones=\(file)", "--format", "json"])
            XCTAssertEqual(run.status, 2, "\(file): \(run.stderr)")
            XCTAssertEqual(run.stdout, "", file)
            XCTAssertTrue(run.stderr.contains(file), run.stderr)
            XCTAssertTrue(run.stderr.contains(says), "\(file): \(run.stderr)")
        }
    }

    func testDamagedConstraintLayerStopsScreen() throws {
        for (file, _) in damaged {
            let rules = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID()).yaml").path
            defer { try? FileManager.default.removeItem(atPath: rules) }
            try "layers:\n  - name: zones\n    path: \(CLI.fixture(String(file.dropFirst("Fixtures/".count))))\n"
                .write(toFile: rules, atomically: true, encoding: .utf8)
            let run = try CLI.run(["screen", blocks, "--id-field", "code", "--rules", rules])
            XCTAssertEqual(run.status, 2, "\(file): \(run.stderr)")
            XCTAssertFalse(run.stdout.contains("clean"), run.stdout)
            XCTAssertTrue(run.stderr.contains((file as NSString).lastPathComponent), run.stderr)
        }
    }

    func testDamagedBlocksStopArea() throws {
        // The .dbf cut to 0 bytes used to drop the declared areas (and --declared-field) without a word.
        for (file, _) in damaged {
            let run = try CLI.run(["area", file, "--declared-field", "declared_k"])
            XCTAssertEqual(run.status, 2, "\(file): \(run.stderr)")
            XCTAssertEqual(run.stdout, "", file)
        }
    }

    func testShapesCutFromTheShpAreRejectedOneByOne() throws {
        // short-shp.shp is cut half way; its .shx still indexes 21 shapes. ogrinfo (Fixtures/hostile/inputs/
        // ogrinfo.txt) reads the first 10 with geometry: the other 11 must be listed, not dropped.
        let run = try CLI.run(["overlap", blocks, "--id-field", "code", "--layer", "zones=Fixtures/hostile/inputs/short-shp.shp",
                               "--layer-id-field", "zones=code", "--format", "json"])
        XCTAssertEqual(run.status, 3, run.stderr)
        let rejected = try XCTUnwrap(try run.json()["rejected"] as? [[String: Any]])
        XCTAssertEqual(rejected.map { $0["id"] as? String }, (11...21).map { String(format: "CS%03d", $0) })
        for r in rejected {
            XCTAssertEqual(r["file"] as? String, "Fixtures/hostile/inputs/short-shp.shp")
            XCTAssertTrue((r["reason"] as? String ?? "").contains("GDAL"), "\(r)")
        }
    }

    func testDeletedRecordIsNotDamage() throws {
        // GDAL counts a deleted .dbf record in the layer's feature count and skips it when reading.
        let run = try CLI.run(["area", "Fixtures/hostile/inputs/deleted-record.shp", "--id-field", "code", "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let ids = try XCTUnwrap(try run.json()["features"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        XCTAssertEqual(ids, (1...21).filter { $0 != 4 }.map { String(format: "CS%03d", $0) })
    }

    func testEmptyLayerIsWarnedAboutAndRuns() throws {
        let file = "Fixtures/hostile/inputs/empty.geojson"
        let asLayer = try CLI.run(["overlap", blocks, "--id-field", "code", "--layer", "zones=\(file)"])
        XCTAssertEqual(asLayer.status, 0, asLayer.stderr)
        XCTAssertTrue(asLayer.stderr.contains("\(file): the layer has no features"), asLayer.stderr)
        let asBlocks = try CLI.run(["area", file])
        XCTAssertEqual(asBlocks.status, 0, asBlocks.stderr)
        XCTAssertTrue(asBlocks.stderr.contains("\(file): the layer has no features"), asBlocks.stderr)
        // A layer with features says nothing of the kind.
        let sound = try CLI.run(["area", blocks])
        XCTAssertFalse(sound.stderr.contains("no features"), sound.stderr)
    }
}

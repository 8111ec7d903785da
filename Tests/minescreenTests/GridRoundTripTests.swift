import Foundation
import XCTest
import MineScreenTestSupport

/// On-grid blocks read back: from grid's own GeoJSON (Fixtures/grid/cells.txt, cells in
/// Fixtures/grid/expected.json) and from a 坐标文件 written to 0.1 mm (Fixtures/grid/blocks-0.1mm.txt,
/// Scripts/oracles/make_grid_roundtrip_fixture.py). Rounding slivers of ~1e-8 of a cell are no partial cells.
final class GridRoundTripTests: XCTestCase {
    func oracle(_ name: String) throws -> [String: [String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: CLI.fixture(name)))
        return try XCTUnwrap((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["blocks"] as? [String: [String: Any]])
    }

    func assertOnGridWithoutPartials(_ run: CLIRun, expected: [String: [String: Any]], ids: [String],
                                     file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(run.status, 0, run.stderr, file: file, line: line)
        let blocks = try XCTUnwrap(try run.json()["blocks"] as? [[String: Any]], file: file, line: line)
        XCTAssertEqual(blocks.compactMap { $0["id"] as? String }, ids, file: file, line: line)
        for b in blocks {
            let id = b["id"] as? String ?? "?"
            XCTAssertEqual(b["cells"] as? [String], expected[id]?["cells"] as? [String], id, file: file, line: line)
            XCTAssertEqual(b["partial_cells"] as? [String], [], id, file: file, line: line)
            XCTAssertEqual((b["off_grid_corners"] as? [Any])?.count, 0, id, file: file, line: line)
        }
    }

    func testOwnGeoJSONReadsBackWithIdsAndNoPartialCells() throws {
        let dir = try makeScratchFolder("grid-rt")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("blocks.geojson").path
        let built = try CLI.run(["grid", "--cells-file", "Fixtures/grid/cells.txt", "-o", out])
        XCTAssertEqual(built.status, 0, built.stderr)
        // The block id is the Feature's own `id` member too, so no --id-field is needed to read it back.
        let written = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        XCTAssertEqual((written["features"] as? [[String: Any]])?.compactMap { $0["id"] as? String }, ["KC01", "KC02"])
        try assertOnGridWithoutPartials(try CLI.run(["grid", out, "--format", "json"]),
                                        expected: try oracle("grid/expected.json"), ids: ["KC01", "KC02"])
        let table = try CLI.run(["grid", out])
        XCTAssertFalse(table.stdout.contains("partial:"), table.stdout)
    }

    func testCoordinateFileToTenthMillimetreHasNoPartialCells() throws {
        let expected = try oracle("grid/blocks-0.1mm.json")
        // The oracle shows the slivers are there (shapely), and far below the 0.01″ tolerance (6.7e-4 of a cell).
        for (_, x) in expected {
            let outside = try XCTUnwrap(x["largest_fraction_outside"] as? Double)
            XCTAssertTrue(outside > 0 && outside < 1e-7, "\(outside)")
        }
        try assertOnGridWithoutPartials(try CLI.run(["grid", "Fixtures/grid/blocks-0.1mm.txt", "--format", "json"]),
                                        expected: expected, ids: ["GR01", "GR02"])
        // With no tolerance at all the slivers are partial cells again: the threshold is the tolerance.
        let strict = try CLI.run(["grid", "Fixtures/grid/blocks-0.1mm.txt", "--grid-tolerance", "0", "--format", "json"])
        let partials = try XCTUnwrap(try strict.json()["blocks"] as? [[String: Any]]).flatMap { $0["partial_cells"] as? [String] ?? [] }
        XCTAssertFalse(partials.isEmpty)
    }

    func testWrappedCellsFileLineStaysInItsBlockAndBareCodesFirstExitTwo() throws {
        let dir = try makeScratchFolder("grid-wrap")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("cells.txt").path
        try "KA: 11300-3618 11301-3618 11302-3618\n  11303-3618\n".write(toFile: file, atomically: true, encoding: .utf8)
        let run = try CLI.run(["grid", "--cells-file", file, "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let blocks = try XCTUnwrap(try run.json()["blocks"] as? [[String: Any]])
        XCTAssertEqual(blocks.compactMap { $0["id"] as? String }, ["KA"])
        XCTAssertEqual(blocks.first?["cell_count"] as? Int, 4)
        try "11300-3618\nKA: 11301-3618\n".write(toFile: file, atomically: true, encoding: .utf8)
        let mixed = try CLI.run(["grid", "--cells-file", file])
        XCTAssertEqual(mixed.status, 2)
        XCTAssertTrue(mixed.stderr.contains("cells.txt:2: block KA starts after codes without a block id on line 1"), mixed.stderr)
    }
}

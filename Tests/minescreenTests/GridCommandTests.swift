import Foundation
import XCTest
import MineScreenTestSupport

/// `minescreen grid` against Fixtures/grid/expected.json (Scripts/oracles/make_grid_fixture.py).
final class GridCommandTests: XCTestCase {
    func expected() throws -> [String: [String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: CLI.fixture("grid/expected.json")))
        return try XCTUnwrap((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["blocks"] as? [String: [String: Any]])
    }

    func testJSONContractAndExitOneForOffGridBlocks() throws {
        let run = try CLI.run(["grid", "Fixtures/grid/blocks.geojson", "--id-field", "code", "--format", "json"])
        XCTAssertEqual(run.status, 1, run.stderr)
        let json = try run.json()
        XCTAssertEqual(json["crs"] as? String, "EPSG:4490")
        XCTAssertEqual(json["area_method"] as? String, "graticule")
        XCTAssertEqual(json["unit"] as? String, "m2")
        let blocks = try XCTUnwrap(json["blocks"] as? [[String: Any]])
        XCTAssertEqual(blocks.compactMap { $0["id"] as? String }, ["KC01", "KC02", "KC03"])
        let expected = try expected()
        for b in blocks {
            let id = try XCTUnwrap(b["id"] as? String), x = try XCTUnwrap(expected[id])
            XCTAssertEqual(b["cells"] as? [String], x["cells"] as? [String], id)
            XCTAssertEqual(b["cell_count"] as? Int, x["cell_count"] as? Int, id)
            XCTAssertEqual(Set(try XCTUnwrap(b["partial_cells"] as? [String])), Set(try XCTUnwrap(x["partial_cells"] as? [String: Double]).keys), id)
            let corners = try XCTUnwrap(b["off_grid_corners"] as? [[String: Any]])
            XCTAssertEqual(corners.count, (x["off_grid_corners"] as? [Any])?.count, id)
            for c in corners {
                XCTAssertEqual((c["at"] as? [Double])?.count, 2)
                XCTAssertFalse((c["message"] as? String ?? "").isEmpty)
            }
            let cellsArea = try XCTUnwrap(x["cells_area_m2"] as? Double), blockArea = try XCTUnwrap(x["block_area_m2"] as? Double)
            XCTAssertEqual(try XCTUnwrap(b["cells_area_m2"] as? Double), cellsArea, accuracy: cellsArea * 1e-12, id)
            XCTAssertEqual(try XCTUnwrap(b["block_area_m2"] as? Double), blockArea, accuracy: blockArea * 1e-9, id)
        }
        XCTAssertEqual((json["rejected"] as? [Any])?.count, 0)
    }

    func testTableNamesCRSMethodAndOffGridCorners() throws {
        let run = try CLI.run(["grid", "Fixtures/grid/blocks-4547.geojson", "--id-field", "code"])
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertTrue(run.stdout.contains("CRS: EPSG:4490"), run.stdout)
        XCTAssertTrue(run.stdout.contains("EPSG:4547"), run.stdout)
        XCTAssertTrue(run.stdout.contains("Area: graticule"), run.stdout)
        XCTAssertTrue(run.stdout.contains("more than half"), run.stdout)
        XCTAssertTrue(run.stdout.contains("longitude 112°33′01.000″ is +1.000″ off the whole minute"), run.stdout)
        let kc01 = try XCTUnwrap(run.stdout.split(separator: "\n").first { $0.hasPrefix("KC01 ") })
        XCTAssertTrue(kc01.contains("33.2115") && kc01.contains("on grid"), String(kc01))  // 33211516.16 m² (oracle)
        let named = try CLI.run(["grid", "Fixtures/grid/blocks.geojson", "--id-field", "code", "--name-field", "name", "--format", "json"])
        XCTAssertEqual((try named.json()["blocks"] as? [[String: Any]])?.compactMap { $0["name"] as? String },
                       ["L形勘查区块", "环形勘查区块", "偏离经纬网区块"])
    }

    func testCellsFileGivesOnGridBlocksAndExitZero() throws {
        let run = try CLI.run(["grid", "--cells-file", "Fixtures/grid/cells.txt", "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let blocks = try XCTUnwrap(try run.json()["blocks"] as? [[String: Any]])
        let expected = try expected()
        XCTAssertEqual(blocks.count, 2)
        for b in blocks {
            let id = try XCTUnwrap(b["id"] as? String)
            XCTAssertEqual(b["cells"] as? [String], expected[id]?["cells"] as? [String], id)
            XCTAssertEqual((b["off_grid_corners"] as? [Any])?.count, 0, id)
        }
    }

    func testCellsWriteDissolvedGeoJSONWithHoles() throws {
        let codes = try XCTUnwrap(try expected()["KC02"]?["cells"] as? [String])
        let run = try CLI.run(["grid", "--cells"] + codes + ["--block-id", "KC02"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try run.json()
        XCTAssertEqual(json["type"] as? String, "FeatureCollection")
        XCTAssertTrue(run.stdout.contains("urn:ogc:def:crs:EPSG::4490"))
        let feature = try XCTUnwrap((json["features"] as? [[String: Any]])?.first)
        let geometry = try XCTUnwrap(feature["geometry"] as? [String: Any])
        XCTAssertEqual(geometry["type"] as? String, "Polygon")
        let rings = try XCTUnwrap(geometry["coordinates"] as? [[[Double]]])
        XCTAssertEqual(rings.map(\.count), [5, 5])  // 4 corners and a 4-corner hole, each closed
        let properties = try XCTUnwrap(feature["properties"] as? [String: Any])
        XCTAssertEqual(properties["id"] as? String, "KC02")
        XCTAssertEqual(properties["cell_count"] as? Int, 12)
        let area = try XCTUnwrap(try expected()["KC02"]?["cells_area_m2"] as? Double)
        XCTAssertEqual(try XCTUnwrap(properties["area_m2"] as? Double), area, accuracy: area * 1e-12)
        // Written GeoJSON reads back on the grid.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("grid-\(UUID()).geojson").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try run.stdout.write(toFile: path, atomically: true, encoding: .utf8)
        let again = try CLI.run(["grid", path, "--format", "json"])
        XCTAssertEqual(again.status, 0, again.stdout + again.stderr)
        XCTAssertEqual((try again.json()["blocks"] as? [[String: Any]])?.first?["cells"] as? [String], codes)
    }

    func testCellsFallingApartAreAMultiPolygonWithAWarning() throws {
        let run = try CLI.run(["grid", "--cells", "11230-3618,11232-3619", "11231-3620"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("block block: its 3 cells form 3 separate parts"), run.stderr)
        let geometry = (try run.json()["features"] as? [[String: Any]])?.first?["geometry"] as? [String: Any]
        XCTAssertEqual(geometry?["type"] as? String, "MultiPolygon")
        XCTAssertEqual((geometry?["coordinates"] as? [Any])?.count, 3)
    }

    func testBadCodesAndUsageExitTwo() throws {
        let bad = try CLI.run(["grid", "--cells", "11230-3618", "11299-3618"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("'11299-3618'") && bad.stderr.contains("minutes must be 00–59"), bad.stderr)
        let dir = try makeScratchFolder("grid")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("cells.txt").path
        try "KC9: 11230-3618\nKC9: J49E023019-9901\n".write(toFile: file, atomically: true, encoding: .utf8)
        let badFile = try CLI.run(["grid", "--cells-file", file])
        XCTAssertEqual(badFile.status, 2)
        XCTAssertTrue(badFile.stderr.contains("cells.txt:2: cell code 'J49E023019-9901'"), badFile.stderr)
        XCTAssertEqual(try CLI.run(["grid"]).status, 2)
        XCTAssertEqual(try CLI.run(["grid", "Fixtures/grid/blocks.geojson", "--cells", "11230-3618"]).status, 2)
        XCTAssertEqual(try CLI.run(["grid", "Fixtures/grid/blocks.geojson", "--grid-tolerance", "-1"]).status, 2)
        XCTAssertEqual(try CLI.run(["grid", "Fixtures/grid/missing.geojson"]).status, 2)
    }

    func testToleranceAndRejectedFeatures() throws {
        let loose = try CLI.run(["grid", "Fixtures/grid/blocks.geojson", "--grid-tolerance", "1.5", "--format", "json"])
        XCTAssertEqual(loose.status, 0, loose.stderr)
        // A file with a rejected feature exits 3, whatever the grid says.
        let rejected = try CLI.run(["grid", "Fixtures/bad/self-intersection.geojson", "--format", "json"])
        XCTAssertEqual(rejected.status, 3, rejected.stderr)
        XCTAssertEqual((try rejected.json()["rejected"] as? [Any])?.count, 1)
    }
}

import Foundation
import XCTest

/// `minescreen` on the ogr2ogr copies in Fixtures/gdal, against the pyproj oracle of the GeoJSON they came from.
final class GDALInputTests: XCTestCase {
    private func areas(_ path: String, _ extra: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws -> [String: Double] {
        let run = try CLI.run(["area", path, "--id-field", "code", "--format", "json"] + extra)
        XCTAssertEqual(run.status, 0, run.stderr, file: file, line: line)
        let features = try XCTUnwrap(try run.json(file: file, line: line)["features"] as? [[String: Any]], file: file, line: line)
        return Dictionary(uniqueKeysWithValues: features.compactMap { f in
            (f["id"] as? String).flatMap { id in (f["area_m2"] as? Double).map { (id, $0) } }
        })
    }

    func testGeoJSONShapefileAndGeoPackageGiveTheOracleAreas() throws {
        let oracle = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: CLI.fixture("changzhi-cs21.oracle.json")))) as? [String: Any])?["zones"] as? [String: Double])
        let sources = ["Fixtures/changzhi-cs21.geojson", "Fixtures/gdal/changzhi-cs21.shp", "Fixtures/gdal/changzhi-cs21.gpkg",
                       "Fixtures/gdal/changzhi-cs21.fgb", "Fixtures/gdal/changzhi-cs21.gdb", "Fixtures/gdal/changzhi-cs21-4526.shp"]
        for source in sources {
            let measured = try areas(source)
            XCTAssertEqual(Set(measured.keys), Set(oracle.keys), source)
            for (id, expected) in oracle {
                XCTAssertEqual(try XCTUnwrap(measured[id], "\(source) \(id)"), expected, accuracy: expected * 1e-6, "\(source) \(id)")
            }
        }
    }

    func testProjectedShapefileNamesItsCRS() throws {
        let run = try CLI.run(["area", "Fixtures/gdal/changzhi-cs21-4526.shp", "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try run.json()["crs"] as? String, "EPSG:4526")
    }

    func testGBKShapefileWithoutCodePage() throws {
        let run = try CLI.run(["area", "Fixtures/gdal/changzhi-cs21-nocpg.shp", "--id-field", "code", "--group-by", "county"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("沁源县"), run.stdout)
        XCTAssertTrue(run.stdout.contains("164.9600"), run.stdout)
        XCTAssertTrue(run.stderr.contains("read as GBK"), run.stderr)
        // With a .cpg saying GBK, GDAL recodes and nothing needs saying.
        let withCPG = try CLI.run(["area", "Fixtures/gdal/changzhi-cs21.shp", "--id-field", "code", "--group-by", "county"])
        XCTAssertTrue(withCPG.stdout.contains("沁源县"), withCPG.stdout)
        XCTAssertEqual(withCPG.stderr, "")
    }

    func testShapefileWithoutPrjNeedsCRS() throws {
        let run = try CLI.run(["area", "Fixtures/gdal/changzhi-cs21-noprj.shp"])
        XCTAssertEqual(run.status, 2)
        XCTAssertEqual(run.stdout, "")
        XCTAssertTrue(run.stderr.contains("Fixtures/gdal/changzhi-cs21-noprj.shp"), run.stderr)
        XCTAssertTrue(run.stderr.contains("no .prj"), run.stderr)
        XCTAssertTrue(run.stderr.contains("--crs"), run.stderr)
        let given = try CLI.run(["area", "Fixtures/gdal/changzhi-cs21-noprj.shp", "--crs", "EPSG:4490", "--format", "json"])
        XCTAssertEqual(given.status, 0, given.stderr)
        XCTAssertEqual(try XCTUnwrap(try given.json()["total_m2"] as? Double), 164.96e6, accuracy: 1)
    }

    func testOverlapOfAShapefileAgainstAGeoPackageLayer() throws {
        // The zones against themselves: every zone overlaps exactly itself.
        let run = try CLI.run(["overlap", "Fixtures/gdal/changzhi-cs21.shp", "--id-field", "code",
                               "--layer", "zones=Fixtures/gdal/changzhi-cs21.gpkg", "--layer-id-field", "zones=code", "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let blocks = try XCTUnwrap(try run.json()["blocks"] as? [[String: Any]])
        XCTAssertEqual(blocks.count, 21)
        for block in blocks {
            let zones = try XCTUnwrap((block["overlaps"] as? [String: Any])?["zones"] as? [String: Any])
            XCTAssertEqual(zones["features"] as? [String], [try XCTUnwrap(block["id"] as? String)])
            XCTAssertEqual(try XCTUnwrap(zones["percent"] as? Double), 100, accuracy: 1e-6)
        }
    }
}

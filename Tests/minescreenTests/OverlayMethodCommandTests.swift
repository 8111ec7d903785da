import XCTest

/// `overlap --method` and `screen --method` (and the default method's remainder) as a user runs them, against Fixtures/drawn-area/oracle.json
/// (Scripts/oracles/drawn_area_oracle.py: shapely overlays, the area element integrated by Gauss-Legendre).
final class OverlayMethodCommandTests: XCTestCase {
    func oracle(_ plane: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: CLI.fixture("drawn-area/oracle.json")))
        return try XCTUnwrap((try JSONSerialization.jsonObject(with: data) as? [String: Any])?[plane] as? [String: Any])
    }

    func testOverlapTDT1055MatchesOracleAndNamesTheMethod() throws {
        let expected = try oracle("lonlat")
        let blockArea = try XCTUnwrap(expected["area_m2"] as? Double)
        let arguments = ["overlap", "Fixtures/drawn-area/blocks-lonlat.geojson", "--id-field", "id",
                         "--layer", "red=Fixtures/drawn-area/red-lonlat.geojson", "--layer", "farm=Fixtures/drawn-area/farm-lonlat.geojson",
                         "--layer-id-field", "red=id", "--layer-id-field", "farm=id", "--method", "tdt1055"]
        let run = try CLI.run(arguments + ["--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try run.json()
        XCTAssertEqual(json["areaMethod"] as? String, "tdt1055")
        XCTAssertTrue((json["areaMethodDetail"] as? String ?? "").contains("as drawn"))
        let block = try XCTUnwrap((json["blocks"] as? [[String: Any]])?.first)
        XCTAssertEqual(try XCTUnwrap(block["area_m2"] as? Double), blockArea, accuracy: blockArea * 1e-9)
        XCTAssertEqual(try XCTUnwrap(block["conflict_m2"] as? Double), try XCTUnwrap(expected["conflict_m2"] as? Double), accuracy: blockArea * 1e-9)
        let perLayer = try XCTUnwrap(expected["layers"] as? [String: Double])
        let overlaps = try XCTUnwrap(block["overlaps"] as? [String: [String: Any]])
        XCTAssertEqual(overlaps.count, 2)
        for (name, o) in overlaps {
            XCTAssertEqual(try XCTUnwrap(o["area_m2"] as? Double), try XCTUnwrap(perLayer[name]), accuracy: blockArea * 1e-9, name)
        }
        let table = try CLI.run(arguments)
        XCTAssertEqual(table.status, 0, table.stderr)
        XCTAssertTrue(table.stdout.contains("Area: tdt1055: "), table.stdout)
        let csv = try CLI.run(arguments + ["--format", "csv"])
        XCTAssertTrue(csv.stdout.contains(",tdt1055"), csv.stdout)
        let htmlPath = FileManager.default.temporaryDirectory.appendingPathComponent("drawn-\(UUID()).html").path
        defer { try? FileManager.default.removeItem(atPath: htmlPath) }
        let html = try CLI.run(arguments + ["--format", "html", "-o", htmlPath])
        XCTAssertEqual(html.status, 0, html.stderr)
        XCTAssertTrue(try String(contentsOfFile: htmlPath, encoding: .utf8).contains("tdt1055: TD/T 1055-2019 Appendix D area element integrated"))
    }

    func testScreenTDT1055RemainderIsCleanArea() throws {
        for plane in ["lonlat", "gk"] {
            let expected = try oracle(plane)
            let blockArea = try XCTUnwrap(expected["area_m2"] as? Double)
            let remainderPath = FileManager.default.temporaryDirectory.appendingPathComponent("drawn-\(UUID()).geojson").path
            defer { try? FileManager.default.removeItem(atPath: remainderPath) }
            let run = try CLI.run(["screen", "Fixtures/drawn-area/blocks-\(plane).geojson", "--id-field", "id",
                                   "--rules", "Fixtures/drawn-area/rules-\(plane).yaml", "--method", "tdt1055",
                                   "--format", "json", "--remainder", remainderPath])
            XCTAssertEqual(run.status, 1, run.stderr)  // needs-cut
            let json = try run.json()
            XCTAssertEqual(json["areaMethod"] as? String, "tdt1055")
            let block = try XCTUnwrap((json["blocks"] as? [[String: Any]])?.first)
            let clean = try XCTUnwrap(block["clean_m2"] as? Double)
            XCTAssertEqual(clean, try XCTUnwrap(expected["clean_m2"] as? Double), accuracy: blockArea * 1e-9, plane)
            let file = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: remainderPath))) as? [String: Any])
            XCTAssertEqual(file["areaMethod"] as? String, "tdt1055")
            let properties = try XCTUnwrap((file["features"] as? [[String: Any]])?.first?["properties"] as? [String: Any])
            let written = try XCTUnwrap(properties["geometry_area_m2"] as? Double)
            XCTAssertEqual(written, clean, accuracy: blockArea * 1e-9, plane)
            XCTAssertEqual(written, try XCTUnwrap(expected["remainder_m2"] as? Double), accuracy: blockArea * 1e-9, plane)
        }
    }

    /// Default method, block with 6–9 km edges cut by two layers: the written remainder measured on its own
    /// (geodesic, as pyproj's Geod would) is the reported clean area; the oracle's figures are pyproj's.
    func testDefaultScreenRemainderMeasuresCleanArea() throws {
        for plane in ["lonlat", "gk"] {
            let expected = try oracle(plane)
            let blockArea = try XCTUnwrap(expected["ellipsoidal_area_m2"] as? Double)
            let remainderPath = FileManager.default.temporaryDirectory.appendingPathComponent("default-\(UUID()).geojson").path
            defer { try? FileManager.default.removeItem(atPath: remainderPath) }
            let run = try CLI.run(["screen", "Fixtures/drawn-area/blocks-\(plane).geojson", "--id-field", "id",
                                   "--rules", "Fixtures/drawn-area/rules-\(plane).yaml", "--format", "json", "--remainder", remainderPath])
            XCTAssertEqual(run.status, 1, run.stderr)
            XCTAssertEqual(try run.json()["areaMethod"] as? String, "ellipsoidal")
            let block = try XCTUnwrap((try run.json()["blocks"] as? [[String: Any]])?.first)
            let clean = try XCTUnwrap(block["clean_m2"] as? Double)
            XCTAssertEqual(clean, try XCTUnwrap(expected["ellipsoidal_clean_m2"] as? Double), accuracy: blockArea * 1e-9, plane)
            let file = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: remainderPath))) as? [String: Any])
            let properties = try XCTUnwrap((file["features"] as? [[String: Any]])?.first?["properties"] as? [String: Any])
            let written = try XCTUnwrap(properties["geometry_area_m2"] as? Double)
            XCTAssertEqual(written, clean, accuracy: blockArea * 1e-6, plane)
            XCTAssertEqual(written, try XCTUnwrap(expected["ellipsoidal_remainder_m2"] as? Double), accuracy: blockArea * 1e-8, plane)
        }
    }

    func testPlanarIsRefusedWithExit2() throws {
        let overlap = try CLI.run(["overlap", "Fixtures/drawn-area/blocks-lonlat.geojson", "--layer", "red=Fixtures/drawn-area/red-lonlat.geojson",
                                   "--method", "planar"])
        XCTAssertEqual(overlap.status, 2)
        XCTAssertTrue(overlap.stderr.contains("--method planar"), overlap.stderr)
        let screen = try CLI.run(["screen", "Fixtures/drawn-area/blocks-lonlat.geojson", "--rules", "Fixtures/drawn-area/rules-lonlat.yaml",
                                  "--method", "planar"])
        XCTAssertEqual(screen.status, 2)
        XCTAssertEqual(screen.stdout, "")
    }
}

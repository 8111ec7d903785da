import XCTest

/// Hostile inputs for areas (Fixtures/hostile/areas, made by Scripts/hostile/areas.py), run as a user would.
final class AreasHostileTests: XCTestCase {
    func screen(_ blocks: String, rules: String, method: String) throws -> (block: [String: Any], remainder: [String: Any]) {
        let remainderPath = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID()).geojson").path
        defer { try? FileManager.default.removeItem(atPath: remainderPath) }
        let run = try CLI.run(["screen", "Fixtures/hostile/areas/\(blocks)", "--id-field", "id", "--rules", "Fixtures/hostile/areas/\(rules)",
                               "--method", method, "--format", "json", "--remainder", remainderPath])
        XCTAssertEqual(run.status, 1, run.stderr)  // needs-cut
        let json = try run.json()
        XCTAssertEqual((json["rejected"] as? [Any])?.count, 0)
        let block = try XCTUnwrap((json["blocks"] as? [[String: Any]])?.first)
        let file = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: remainderPath))) as? [String: Any])
        let properties = try XCTUnwrap((file["features"] as? [[String: Any]])?.first?["properties"] as? [String: Any])
        return (block, properties)
    }

    /// A block digitised with 40 000 vertices: cut vertices are placed on its edges through a grid, not by comparing
    /// every piece vertex with every edge (that took 4 minutes); remainder and clean still agree.
    func testDenseBlockScreensQuicklyAndAddsUp() throws {
        for method in ["ellipsoidal", "tdt1055"] {
            let (block, remainder) = try screen("dense-block.geojson", rules: "rules-dense.yaml", method: method)
            let area = try XCTUnwrap(block["area_m2"] as? Double), clean = try XCTUnwrap(block["clean_m2"] as? Double)
            XCTAssertGreaterThan(clean, 0)
            XCTAssertLessThan(clean, area)
            XCTAssertEqual(try XCTUnwrap(remainder["geometry_area_m2"] as? Double), clean, accuracy: area * 1e-9, method)
        }
    }

    /// A Gauss-Krüger block 20° of longitude from its zone's central meridian, cut by a layer in the same plane:
    /// where the projection bends most, the plane-edge integral stays additive, and agrees with TD/T 1055's
    /// ≤ 70 m trapezoid sum from `area`.
    func testFarFromCentralMeridianStaysAdditive() throws {
        for method in ["ellipsoidal", "tdt1055"] {
            let (block, remainder) = try screen("far-from-zone-gk.geojson", rules: "rules-far.yaml", method: method)
            let area = try XCTUnwrap(block["area_m2"] as? Double), clean = try XCTUnwrap(block["clean_m2"] as? Double)
            XCTAssertEqual(try XCTUnwrap(remainder["geometry_area_m2"] as? Double), clean, accuracy: area * 1e-9, method)
            if method == "tdt1055" {
                let standard = try CLI.run(["area", "Fixtures/hostile/areas/far-from-zone-gk.geojson", "--method", "tdt1055", "--format", "json"])
                XCTAssertEqual(standard.status, 0, standard.stderr)
                let measured = try XCTUnwrap((try standard.json()["features"] as? [[String: Any]])?.first?["area_m2"] as? Double)
                XCTAssertEqual(area, measured, accuracy: measured * 1e-9)
            }
        }
    }

    /// Edges of 150–400 km, a thin 4° triangle, repeated points and a 1 mm sliver: every block is measured with
    /// finite figures, overlaps never above the block, nothing rejected or crashed, with either method.
    func testLongEdgesAndDegenerateBlocks() throws {
        for method in ["ellipsoidal", "tdt1055"] {
            for (blocks, layer) in [("long-edges", "long-layer"), ("degenerate", "dense-layer")] {
                let run = try CLI.run(["overlap", "Fixtures/hostile/areas/\(blocks).geojson", "--id-field", "id",
                                       "--layer", "w=Fixtures/hostile/areas/\(layer).geojson", "--method", method, "--format", "json"])
                XCTAssertEqual(run.status, 0, "\(method) \(blocks): \(run.stderr)")
                let json = try run.json()
                let results = try XCTUnwrap(json["blocks"] as? [[String: Any]])
                XCTAssertEqual(results.count, 2, "\(method) \(blocks)")
                for b in results {
                    let area = try XCTUnwrap(b["area_m2"] as? Double), conflict = try XCTUnwrap(b["conflict_m2"] as? Double)
                    XCTAssertTrue(area.isFinite && area > 0, "\(method) \(b)")
                    XCTAssertTrue(conflict.isFinite && conflict >= 0 && conflict <= area, "\(method) \(b)")
                }
            }
        }
    }
}

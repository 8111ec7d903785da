import Foundation
import XCTest

/// `area --method tdt1055` against Scripts/oracles/tdt1055_changzhi.py (pyproj densification; the Appendix D
/// series in the script's own Python, and Karney on the same points).
final class TDT1055CommandTests: XCTestCase {
    func testJSONNamesTheMethodAndMatchesTheOracle() throws {
        let run = try CLI.run(["area", "Fixtures/changzhi-cs21.geojson", "--id-field", "code", "--method", "tdt1055", "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try run.json()
        XCTAssertEqual(json["areaMethod"] as? String, "tdt1055")
        XCTAssertTrue((json["areaMethodDetail"] as? String ?? "").contains("70 m"))
        let oracle = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: CLI.fixture("changzhi-cs21.tdt1055.oracle.json")))) as? [String: Any])?["zones"] as? [String: [String: Any]])
        let features = try XCTUnwrap(json["features"] as? [[String: Any]])
        XCTAssertEqual(features.count, 21)
        for f in features {
            let id = try XCTUnwrap(f["id"] as? String)
            let expected = try XCTUnwrap(oracle[id]?["tdt1055_m2"] as? Double)
            // The same series on the same ≤ 70 m points, in Python: PROJ round-off apart.
            XCTAssertEqual(try XCTUnwrap(f["area_m2"] as? Double), expected, accuracy: expected * 1e-10, id)
            // Trapezoids vs Karney on the same points: ≤ 2e-8 apart here (see TDT1055AreaTests).
            let karney = try XCTUnwrap(oracle[id]?["karney_dense_m2"] as? Double)
            XCTAssertEqual(try XCTUnwrap(f["area_m2"] as? Double), karney, accuracy: karney * 1e-7, id)
            XCTAssertEqual(f["plane"] as? String, "EPSG:\(try XCTUnwrap(oracle[id]?["epsg"] as? Int))", id)
        }
    }

    /// docs/area-methods.md's table shows printed figures beside the oracle's: they must be the same cents.
    func testPrintedSquareMetresAreTheOraclesCents() throws {
        let run = try CLI.run(["area", "Fixtures/changzhi-cs21.geojson", "--id-field", "code", "--method", "tdt1055", "--unit", "m2"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let oracle = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: CLI.fixture("changzhi-cs21.tdt1055.oracle.json")))) as? [String: Any])
        let zones = try XCTUnwrap(oracle["zones"] as? [String: [String: Any]])
        let rows = Dictionary(run.stdout.split(separator: "\n").compactMap { line -> (String, [String])? in
            let cells = line.split(separator: " ").map(String.init)
            return cells.count >= 2 ? (cells[0], cells) : nil
        }, uniquingKeysWith: { a, _ in a })
        for (id, zone) in zones {
            let expected = String(format: "%.2f", try XCTUnwrap(zone["tdt1055_m2"] as? Double))
            XCTAssertEqual(rows[id]?[1], expected, id)
        }
        let total = String(format: "%.2f", try XCTUnwrap((oracle["total"] as? [String: Double])?["tdt1055_m2"]))
        XCTAssertEqual(rows["TOTAL"]?[1], total)
        XCTAssertEqual(total, "164959999.46")  // docs/area-methods.md's table
    }

    func testTableRoundsAsTheStandardDoes() throws {
        let m2 = try CLI.run(["area", "Fixtures/cell-1min.geojson", "--method", "tdt1055", "--unit", "m2"])
        XCTAssertEqual(m2.status, 0, m2.stderr)
        XCTAssertTrue(m2.stdout.contains("Area: tdt1055: TD/T 1055-2019"), m2.stdout)
        // The cell's meridians stay meridians in the plane; its parallels are bent by ≤ 70 m chords, which
        // the closed form 2761311.17 m² (cell_1min.py) does not see: about 0.02 m² apart.
        XCTAssertTrue(m2.stdout.contains("2761311.1"), m2.stdout)
        let km2 = try CLI.run(["area", "Fixtures/cell-1min.geojson", "--method", "tdt1055"])
        XCTAssertTrue(km2.stdout.contains("2.7613"), km2.stdout)
    }
}

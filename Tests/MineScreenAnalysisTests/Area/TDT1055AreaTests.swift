import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// Expected values come from Scripts/oracles/tdt1055_changzhi.py (pyproj densification; the Appendix D
/// series in its own Python, and Karney areas) and Scripts/oracles/cell_1min.py (closed-form authalic
/// quadrangle), never from this code.
final class TDT1055AreaTests: XCTestCase {
    func testTrapezoidSeriesMatchesTheClosedFormQuadrangle() throws {
        let cell = try Fixture.json("cell-1min.json")
        let closed = try XCTUnwrap(cell["area_m2_closed_form"] as? Double)
        let area = TrapezoidArea.cgcs2000.quadrangle(deltaLon: 1.0 / 60, lat1: 36.5, lat2: 36.5 + 1.0 / 60)
        // The series stops at e⁸: ~1e-11 relative is what is left.
        XCTAssertRelative(area, closed, 1e-10)
        XCTAssertEqual(AreaUnit.km2.format(squareMetres: area), "2.7613")
        // The ring sum of the cell's four corners is the same quadrangle: parallels and meridians exactly.
        let corners = try XCTUnwrap(cell["corners"] as? [[Double]]).map { Position($0[0], $0[1]) }
        XCTAssertRelative(TrapezoidArea.cgcs2000.ringArea(corners), closed, 1e-10)
        XCTAssertRelative(TrapezoidArea.cgcs2000.ringArea(corners.reversed()), closed, 1e-10)
    }

    func testChangzhiZonesMatchThePyprojOracle() throws {
        let oracle = try Fixture.json("changzhi-cs21.tdt1055.oracle.json")
        let zones = try XCTUnwrap(oracle["zones"] as? [String: [String: Any]])
        let layer = try Fixture.load("changzhi-cs21.geojson", idField: "code")
        let workspace = ThreadWorkspace()
        var total = 0.0
        for checked in layer.features {
            let id = checked.feature.id
            let expected = try XCTUnwrap(zones[id], id)
            let polygons = try XCTUnwrap(checked.shape.polygons)
            let (dense, plane) = try TDT1055Area.densifiedLonLat(polygons, crs: layer.crs.identifier, workspace)
            XCTAssertEqual(plane.epsgCode, expected["epsg"] as? Int, id)
            // The same ≤ 70 m rule in both: the same number of points.
            XCTAssertEqual(dense.reduce(0) { $0 + $1.rings.reduce(0) { $0 + $1.count - 1 } }, expected["densified_points"] as? Int, id)
            // Karney on our densified ring against Karney on pyproj's: only PROJ round-off apart.
            let karney = try XCTUnwrap(expected["karney_dense_m2"] as? Double)
            XCTAssertRelative(GeodesicArea.cgcs2000.area(dense), karney, 1e-10, id)
            // The same series on the same points, written twice (Swift here, Python in the oracle): only PROJ
            // round-off of the densified points apart (5e-13 when made).
            let (area, _) = try TDT1055Area.area(polygons, crs: layer.crs.identifier, workspace)
            XCTAssertRelative(area, try XCTUnwrap(expected["tdt1055_m2"] as? Double), 1e-10, id)
            // The trapezoid sum reads every ≤ 70 m edge as straight in lon/lat, Karney as a geodesic: a 70 m
            // east-west geodesic bows ~0.07 mm poleward, and what the north and south sides do not cancel
            // is 6e-10 … 1.9e-8 of a zone here (CS021 the most). 1e-7 is the standard's own claim for densified
            // rings; any slip in the series shows against Karney: its second term alone (B ≈ e²/6) is 1e-3.
            XCTAssertRelative(area, karney, 1e-7, id)
            total += area
        }
        let totals = try XCTUnwrap(oracle["total"] as? [String: Double])
        XCTAssertRelative(total, try XCTUnwrap(totals["tdt1055_m2"]), 1e-10)
    }

    func testGaussKrugerInputIsDensifiedInItsOwnPlane() throws {
        let oracle = try XCTUnwrap(try Fixture.json("changzhi-cs21.tdt1055.oracle.json")["own_plane"] as? [String: Any])
        let blocks = try XCTUnwrap(oracle["blocks"] as? [String: [String: Any]])
        var options = AreaOptions()
        options.method = .tdt1055
        let result = AreaAnalysis.run(try Fixture.load("overlap/epsg4547/blocks.geojson"), options: options, threads: 2)
        XCTAssertEqual(result.features.count, blocks.count)
        for f in result.features {
            let expected = try XCTUnwrap(blocks[f.id], f.id)
            XCTAssertEqual(f.plane?.description, "EPSG:4547")
            XCTAssertRelative(f.area, try XCTUnwrap(expected["tdt1055_m2"] as? Double), 1e-10, f.id)
            XCTAssertRelative(f.area, try XCTUnwrap(expected["karney_dense_m2"] as? Double), 1e-7, f.id)
        }
    }

    func testAreaAnalysisNamesMethodAndPlane() throws {
        var options = AreaOptions()
        options.method = .tdt1055
        let result = AreaAnalysis.run(try Fixture.load("changzhi-cs21.geojson", idField: "code"), options: options, threads: 2)
        XCTAssertEqual(result.features.count, 21)
        XCTAssertEqual(Set(result.features.compactMap { $0.plane?.description }), ["EPSG:4546", "EPSG:4547"])
        let report = AreaReport(result: result, unit: .m2)
        XCTAssertTrue(report.table.contains("tdt1055 m²"), report.table)
        XCTAssertTrue(report.table.contains("TD/T 1055-2019"), report.table)
    }
}

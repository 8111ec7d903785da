import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// Expected values come from Scripts/oracles (pyproj Geod, closed-form ellipsoid formulas), never from this code.
final class AreaAnalysisTests: XCTestCase {
    func measure(_ fixture: String, _ configure: (inout AreaOptions) -> Void = { _ in }) throws -> AreaResult {
        var options = AreaOptions()
        configure(&options)
        return AreaAnalysis.run(try Fixture.load(fixture), options: options, threads: 2)
    }

    func testChangzhiZonesMatchTheirOracleAndTheSeedTable() throws {
        let oracle = try Fixture.json("changzhi-cs21.oracle.json")
        let zones = try XCTUnwrap(oracle["zones"] as? [String: Double])
        let result = try measure("changzhi-cs21.geojson") { $0.declaredField = "declared_km2"; $0.groupBy = "county" }
        XCTAssertEqual(result.features.count, 21)
        XCTAssertTrue(result.rejected.isEmpty)
        for f in result.features {
            XCTAssertRelative(f.area, try XCTUnwrap(zones[f.id]), 1e-6, f.id)
            // The published table, to its two decimals in km².
            XCTAssertEqual(AreaUnit.km2.format(squareMetres: f.area), String(format: "%.4f", try XCTUnwrap(f.declared) / 1e6), f.id)
        }
        XCTAssertEqual(AreaUnit.km2.format(squareMetres: result.total), "164.9600")
        XCTAssertRelative(result.total, try XCTUnwrap(oracle["total_m2"] as? Double), 1e-9)
    }

    func testCountyGroupsAddUp() throws {
        let oracle = try XCTUnwrap(try Fixture.json("changzhi-cs21.oracle.json")["counties"] as? [String: [String: Any]])
        let result = try measure("changzhi-cs21.geojson") { $0.groupBy = "county" }
        XCTAssertEqual(result.groups.map(\.key), ["沁源县", "武乡县", "黎城县", "潞城区", "上党区", "壶关县", "平顺县"])
        for group in result.groups {
            let expected = try XCTUnwrap(oracle[group.key])
            XCTAssertEqual(group.count, expected["count"] as? Int)
            XCTAssertRelative(group.area, try XCTUnwrap(expected["area_m2"] as? Double), 1e-9, group.key)
        }
        XCTAssertRelative(result.groups.reduce(0) { $0 + $1.area }, result.total, 1e-12)
    }

    func testPlanarAreaUsesTheFeaturesGaussKrugerZone() throws {
        let oracle = try XCTUnwrap(try Fixture.json("changzhi-cs21.planar.oracle.json")["zones"] as? [String: [String: Any]])
        let result = try measure("changzhi-cs21.geojson") { $0.method = .planar }
        let ellipsoidal = try measure("changzhi-cs21.geojson")
        for (f, e) in zip(result.features, ellipsoidal.features) {
            let expected = try XCTUnwrap(oracle[f.id])
            XCTAssertEqual(f.plane?.epsgCode, expected["epsg"] as? Int, f.id)
            XCTAssertRelative(f.area, try XCTUnwrap(expected["area_m2"] as? Double), 1e-9, f.id)
            // domain.md: planar exceeds ellipsoidal by 5e-5..5e-4 in Changzhi.
            XCTAssertGreaterThan(f.area, e.area)
        }
    }

    func testOneMinuteCellMatchesClosedForm() throws {
        let oracle = try Fixture.json("cell-1min.json")
        let result = try measure("cell-1min.geojson")
        let area = try XCTUnwrap(result.features.first?.area)
        // Vertex-based geodesic area (edges as geodesics) against pyproj on the same ring...
        XCTAssertRelative(area, try XCTUnwrap(oracle["area_m2_geodesic_edges"] as? Double), 1e-9)
        // ...and against the closed-form quadrangle between parallels, which differs by the edge bulge only.
        XCTAssertRelative(area, try XCTUnwrap(oracle["area_m2_closed_form"] as? Double), 1e-6)
        XCTAssertEqual(AreaUnit.km2.format(squareMetres: area), "2.7613")
    }

    func testSameAreaWhateverTheCRSOfTheFile() throws {
        // The cell moved to EPSG:4526/4547 by PROJ gives the same geodesic area (vertices map back to lon/lat).
        let workspace = ThreadWorkspace()
        let lonLat = try Fixture.load("cell-1min.geojson").features[0].shape.polygons!
        let reference = try workspace.ellipsoidalArea(lonLat, crs: .cgcs2000)
        for code in ["4526", "4547", "4546"] {
            let crs = CRSIdentifier(authority: "EPSG", code: code)
            let projected = try workspace.reproject(lonLat, from: .cgcs2000, to: crs)
            XCTAssertRelative(try workspace.ellipsoidalArea(projected, crs: crs), reference, 1e-9, code)
        }
    }

    func testUnitsFollowMNRRounding() {
        XCTAssertEqual(AreaUnit.km2.format(squareMetres: 2_450_000), "2.4500")
        XCTAssertEqual(AreaUnit.ha.format(squareMetres: 2_450_000), "245.0000")
        XCTAssertEqual(AreaUnit.mu.format(squareMetres: 666.6666666), "1.00")
        XCTAssertEqual(AreaUnit.m2.format(squareMetres: 1.005), "1.00")
        XCTAssertEqual(AreaUnit.km2.format(squareMetres: -0.00001), "0.0000")
    }
}

extension AreaAnalysisTests {
    /// Oracle: Fixtures/xian80/oracle.json (pyproj through the same +towgs84 bound CRS).
    func testOldDatumWithUserParametersMatchesPyproj() throws {
        let oracle = try Fixture.json("xian80/oracle.json")
        let parameters = try XCTUnwrap(oracle["towgs84"] as? [Double])
        let layer = try InputLoader.load(path: Fixture.path("xian80/block-2383.geojson"),
                                         options: LoadOptions(threads: 1, towgs84: parameters))
        let result = AreaAnalysis.run(layer, options: AreaOptions(), threads: 1)
        XCTAssertRelative(result.total, try XCTUnwrap(oracle["area_m2"] as? Double), 1e-9)
        let lonLat = try ThreadWorkspace().lonLat(try XCTUnwrap(layer.features[0].shape.polygons), from: layer.crs.identifier)
        let expected = try XCTUnwrap(oracle["lonlat"] as? [[Double]])
        for (p, e) in zip(lonLat[0].exterior, expected) {
            XCTAssertEqual(p.x, e[0], accuracy: 1e-9)
            XCTAssertEqual(p.y, e[1], accuracy: 1e-9)
        }
        // Without the parameters the file is refused, not guessed.
        XCTAssertThrowsError(try Fixture.load("xian80/block-2383.geojson")) { error in
            guard case InputError.unsupportedDatum = error else { return XCTFail("\(error)") }
        }
    }
}

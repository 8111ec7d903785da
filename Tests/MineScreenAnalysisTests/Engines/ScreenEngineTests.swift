import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// Oracle: Fixtures/screen/oracle.json from Scripts/oracles/make_screen_fixture.py (shapely + pyproj,
/// corridors in a block-centred transverse Mercator).
final class ScreenEngineTests: XCTestCase {
    func screen(keepRemainder: Bool = true) throws -> ScreenResult {
        let rules = try ScreeningRules.load(path: Fixture.path("screen/rules.yaml"))
        let blocks = try Fixture.load("screen/blocks.geojson", idField: "code")
        let layers = try rules.layers.map { rule -> ScreenLayer in
            let loaded = try InputLoader.load(path: rule.resolvedPath, options: LoadOptions(
                idField: rule.idField, accepted: rule.bufferMetres == nil ? .polygonsOnly : .anyFeatureGeometry, threads: 2))
            return ScreenLayer(layer: ConstraintLayer(name: rule.name, loaded: loaded), bufferMetres: rule.bufferMetres)
        }
        return ScreenEngine(blocks: blocks, layers: layers, rules: rules, keepRemainder: keepRemainder).run(threads: 2)
    }

    func testVerdictsReasonsAndAreasMatchOracle() throws {
        let oracle = try XCTUnwrap(try Fixture.json("screen/oracle.json")["blocks"] as? [[String: Any]])
        let result = try screen()
        XCTAssertTrue(result.rejected.isEmpty)
        XCTAssertEqual(result.results.map(\.id), oracle.compactMap { $0["id"] as? String })
        for (block, expected) in zip(result.results, oracle) {
            XCTAssertEqual(block.verdict.rawValue, expected["verdict"] as? String, block.id)
            XCTAssertRelative(block.area, try XCTUnwrap(expected["area_m2"] as? Double), 1e-6, block.id)
            let reasons = try XCTUnwrap(expected["reasons"] as? [[String: Any]])
            XCTAssertEqual(block.reasons.map(\.overlap.layer), reasons.compactMap { $0["layer"] as? String }, block.id)
            for (reason, e) in zip(block.reasons, reasons) {
                let corridor = e["min_distance_m"] != nil
                XCTAssertRelative(reason.overlap.area, try XCTUnwrap(e["area_m2"] as? Double), corridor ? 1e-4 : 1e-6, "\(block.id) \(reason.overlap.layer)")
                XCTAssertEqual(reason.overlap.featureIDs, e["features"] as? [String], block.id)
                XCTAssertEqual(reason.overlap.count, e["count"] as? Int, block.id)
                if let d = e["min_distance_m"] as? Double {
                    XCTAssertEqual(try XCTUnwrap(reason.minDistanceMetres), d, accuracy: max(1e-3, d * 1e-4), block.id)
                }
            }
            let conflict = try XCTUnwrap(expected["conflict_m2"] as? Double)
            XCTAssertEqual(block.conflict, conflict, accuracy: max(1e-3, conflict * 1e-4), block.id)
            // The identity the report promises, to 1e-9 relative.
            XCTAssertEqual(block.clean + block.conflict, block.area, accuracy: block.area * 1e-9, block.id)
            let others = try XCTUnwrap(expected["overlapsWith"] as? [[String: Any]])
            XCTAssertEqual(block.overlapsWith.map(\.id), others.compactMap { $0["id"] as? String }, block.id)
            for (mine, theirs) in zip(block.overlapsWith, others) {
                XCTAssertRelative(mine.area, try XCTUnwrap(theirs["area_m2"] as? Double), 1e-6, block.id)
            }
        }
    }

    func testRemaindersAreValidAndAddUpToCleanArea() throws {
        let oracle = try XCTUnwrap(try Fixture.json("screen/oracle.json")["blocks"] as? [[String: Any]])
        let result = try screen()
        let workspace = ThreadWorkspace()
        for (block, expected) in zip(result.results, oracle) {
            let parts = try XCTUnwrap(expected["remainder_parts_m2"] as? [Double])
            let remainder = try XCTUnwrap(block.remainder, block.id)
            XCTAssertEqual(remainder.count, parts.count, block.id)
            let measured = remainder.map { GeodesicArea.cgcs2000.area([$0]) }.sorted(by: >)
            for (a, b) in zip(measured, parts) { XCTAssertRelative(a, b, 1e-4, block.id) }
            XCTAssertEqual(try XCTUnwrap(block.remainderArea), block.clean, accuracy: max(1e-2, block.area * 1e-6), block.id)
            XCTAssertNil(try workspace.geos.validityProblem(try workspace.geos.makeGeometry(remainder)), block.id)
        }
        let k06 = try XCTUnwrap(result.results.first { $0.id == "K06" })
        XCTAssertEqual(k06.remainder?.count, 2)
    }

    func testCorridorWidthIsAGroundDistance() throws {
        // A 1000 m buffer of a meridian, cut by two parallels, is 2000 m × the meridian arc between them
        // (Fixtures/corridor-width.json, pyproj Geod and the geod program): widths must be ground distances.
        let oracle = try Fixture.json("corridor-width.json")
        let expected = try XCTUnwrap(oracle["corridor_area_m2"] as? Double)
        let workspace = ThreadWorkspace()
        let line = Geometry.lineString([Position(113.3, 36.0), Position(113.3, 36.6)])
        let strip = Polygon(rings: [[Position(113.25, 36.29), Position(113.35, 36.29), Position(113.35, 36.31),
                                     Position(113.25, 36.31), Position(113.25, 36.29)]])
        let plane = ScreenEngine.blockCentredPlane([strip])
        let moved = try ScreenEngine.reproject(line, from: .cgcs2000, to: plane.identifier, workspace)
        let corridor = try workspace.geos.buffer(try workspace.geos.makeGeometry(moved), width: 1000, quadrantSegments: 64)
        // The strip's edges are parallels: densify them in lon/lat so they stay parallels in the plane.
        let dense = densified([strip], maxSegment: 1e-4)
        let stripInPlane = try workspace.geos.makeGeometry(try workspace.reproject(dense, from: .cgcs2000, to: plane.identifier))
        let piece = try workspace.geos.intersection(stripInPlane, corridor, gridSize: 1e-5)
        let area = workspace.geodesic.area(try workspace.faithfulLonLat(try workspace.geos.polygons(of: piece), from: plane))
        XCTAssertRelative(area, expected, 1e-4)
        XCTAssertRelative(area, expected, 1e-6, "tighter than the issue asks")
    }
}

import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// Default (`ellipsoidal`) screening of a block with 6–9 km edges cut by two layers: the written remainder's own
/// geodesic area is `clean_m2`, because vertices a cut puts on the block's edges are placed on its geodesic edges
/// (`BlockBoundaryPlacement`). Oracle: Fixtures/drawn-area/oracle.json, "ellipsoidal_*" (pyproj Geod and shapely in
/// Scripts/oracles/drawn_area_oracle.py), whose "vertex_effect_m2" is what the remainder measured beyond clean
/// before: 2.3e-6 of the block in lon/lat, 8e-7 in the Gauss-Krüger plane.
final class RemainderGeodesicTests: XCTestCase {
    func screen(_ plane: String, corridor: Double? = nil, farmPlane: String? = nil, method: AreaMethod = .ellipsoidal) throws -> BlockScreening {
        let blocks = try Fixture.load("drawn-area/blocks-\(plane).geojson", idField: "id")
        let layers = try ["red", "farm"].map { name in
            let file = "drawn-area/\(name)-\(name == "farm" ? farmPlane ?? plane : plane).geojson"
            return ScreenLayer(layer: ConstraintLayer(name: name, loaded: try Fixture.load(file, idField: "id")),
                               bufferMetres: name == "red" ? corridor : nil)
        }
        let rules = ScreeningRules(toleranceM2: 0, minCleanAreaM2: 0, layers: [], file: "test")
        var engine = ScreenEngine(blocks: blocks, layers: layers, rules: rules, keepRemainder: true)
        engine.areaMethod = method
        return try XCTUnwrap(engine.run(threads: 1).results.first)
    }

    /// Layers in two CRSs (red in the Gauss-Krüger plane, farm in lon/lat): the conflict is formed in the
    /// block-centred plane, where the farm pieces' edges along the block (straight in lon/lat) and the block's
    /// (straight in the plane) part by up to 0.4 m; the union is clipped to the block there. Before, the remainder
    /// measured 5e-5 of the block more than clean with either method.
    func testRemainderMeasuresCleanAreaWithLayersInTwoCRSs() throws {
        let block = try screen("gk", farmPlane: "lonlat")
        XCTAssertEqual(GeodesicArea.cgcs2000.area(try XCTUnwrap(block.remainder)), block.clean, accuracy: block.area * 1e-8)
        let drawn = try screen("gk", farmPlane: "lonlat", method: .tdt1055)
        XCTAssertEqual(DrawnArea().lonLatArea(try XCTUnwrap(drawn.remainder)), drawn.clean, accuracy: drawn.area * 1e-8)
        XCTAssertEqual(try XCTUnwrap(drawn.remainderArea), drawn.clean, accuracy: drawn.area * 1e-8)
    }

    func testRemainderMeasuresCleanAreaOnLongEdges() throws {
        let oracle = try Fixture.json("drawn-area/oracle.json")
        for plane in ["lonlat", "gk"] {
            let expected = try XCTUnwrap(oracle[plane] as? [String: Any])
            let block = try screen(plane)
            let area = try XCTUnwrap(expected["ellipsoidal_area_m2"] as? Double)
            XCTAssertEqual(block.area, area, accuracy: area * 1e-12, plane)
            XCTAssertEqual(block.clean, try XCTUnwrap(expected["ellipsoidal_clean_m2"] as? Double), accuracy: area * 1e-9, plane)
            let written = try XCTUnwrap(block.remainder)
            XCTAssertEqual(try XCTUnwrap(block.remainderArea), GeodesicArea.cgcs2000.area(written))
            XCTAssertEqual(GeodesicArea.cgcs2000.area(written), block.clean, accuracy: area * 1e-8, plane)
            XCTAssertEqual(GeodesicArea.cgcs2000.area(written), try XCTUnwrap(expected["ellipsoidal_remainder_m2"] as? Double),
                           accuracy: area * 1e-8, plane)
        }
        let effect = try XCTUnwrap((oracle["lonlat"] as? [String: Any])?["vertex_effect_m2"] as? Double)
        XCTAssertGreaterThan(effect, 2e-6 * 49e6, "the scene is one where vertices on the edges matter")
    }

    /// A corridor moves the conflict into the block-centred plane, where the block was densified to 10 m pieces
    /// along its lon/lat edges: the pieces' vertices on those chains are placed on the geodesic edges too.
    func testRemainderMeasuresCleanAreaWithCorridor() throws {
        for plane in ["lonlat", "gk"] {
            let block = try screen(plane, corridor: 150)
            XCTAssertGreaterThan(block.conflict, 0)
            let written = try XCTUnwrap(block.remainder)
            XCTAssertEqual(GeodesicArea.cgcs2000.area(written), block.clean, accuracy: block.area * 1e-8, plane)
        }
    }

    /// A parcel inside the block touching its 9 km top edge (a parallel) at one vertex: covered whole, so its area
    /// was the layer's recorded one, while the remainder's vertex there goes onto the geodesic edge (0.9 m north
    /// of the parallel mid-edge). The parcel is measured with the same placement, so the two still tile the block.
    func testParcelTouchingTheBlockMidEdge() throws {
        let folder = try makeScratchFolder("touch")
        defer { try? FileManager.default.removeItem(at: folder) }
        func write(_ name: String, _ ring: String) throws -> String {
            let path = folder.appendingPathComponent(name).path
            try ("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"id\":\"\(name)\"},"
                 + "\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[\(ring)]}}]}").write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let options = LoadOptions(idField: "id", threads: 1)
        let blocks = try InputLoader.load(path: try write("block", "[[112.40,36.45],[112.50,36.45],[112.50,36.50],[112.40,36.50],[112.40,36.45]]"),
                                          options: options)
        let parcel = try InputLoader.load(path: try write("parcel", "[[112.45,36.50],[112.44,36.49],[112.46,36.49],[112.45,36.50]]"),
                                          options: options)
        let layer = ConstraintLayer(name: "parcel", loaded: parcel)
        let rules = ScreeningRules(toleranceM2: 0, minCleanAreaM2: 0, layers: [], file: "test")
        let block = try XCTUnwrap(ScreenEngine(blocks: blocks, layers: [ScreenLayer(layer: layer, bufferMetres: nil)], rules: rules,
                                               keepRemainder: true).run(threads: 1).results.first)
        XCTAssertGreaterThan(block.conflict, 5e5)
        XCTAssertEqual(GeodesicArea.cgcs2000.area(try XCTUnwrap(block.remainder)), block.clean, accuracy: block.area * 1e-9)
    }

    /// A clean Gauss-Krüger block with 6–9 km edges: its remainder is the block as it was measured (vertex by vertex
    /// for `ellipsoidal`; for `tdt1055` as drawn in the layers' plane, here lon/lat), not its plane lines densified.
    func testCleanBlockRemainderIsTheBlockAsMeasured() throws {
        let blocks = try Fixture.load("drawn-area/blocks-gk.geojson", idField: "id")
        let far = ConstraintLayer(name: "far", loaded: try Fixture.load("hostile/areas/long-layer.geojson", idField: "id"))
        let rules = ScreeningRules(toleranceM2: 0, minCleanAreaM2: 0, layers: [], file: "test")
        for method in [AreaMethod.ellipsoidal, .tdt1055] {
            var engine = ScreenEngine(blocks: blocks, layers: [ScreenLayer(layer: far, bufferMetres: nil)], rules: rules, keepRemainder: true)
            engine.areaMethod = method
            let block = try XCTUnwrap(engine.run(threads: 1).results.first)
            XCTAssertEqual(block.verdict, .clean)
            // 1e-8: the written corners are rounded to 1e-10° (0.07 m² here); the plane lines densified would be 40–200 m² off.
            XCTAssertEqual(try XCTUnwrap(block.remainderArea), block.area, accuracy: block.area * 1e-8, method.rawValue)
        }
    }

    /// The map itself: a vertex on a lon/lat block edge goes onto the geodesic between the edge's corners, a
    /// vertex off the edge is left alone.
    func testVertexOnEdgeGoesOntoGeodesic() throws {
        let ring = [Position(112.0, 36.4), Position(112.2, 36.45), Position(112.1, 36.6), Position(112.0, 36.4)]
        let placement = BlockBoundaryPlacement()
        XCTAssertTrue(placement.add(plane: .cgcs2000, inPlane: [Polygon(rings: [ring])], lonLat: [Polygon(rings: [ring])],
                                    original: [Polygon(rings: [ring])], maxSegment: nil, tolerance: 4e-10))
        let onEdge = Position(112.0 + 0.2 * 0.3, 36.4 + 0.05 * 0.3), inside = Position(112.1, 36.45)
        var converted = [Polygon(rings: [[onEdge, inside]])]
        placement.place(&converted, inPlane: [Polygon(rings: [[onEdge, inside]])], plane: .cgcs2000)
        let moved = converted[0].rings[0][0]
        XCTAssertEqual(converted[0].rings[0][1], inside)
        XCTAssertNotEqual(moved, onEdge)
        // On the geodesic: the thin triangle corner–vertex–corner has no area; as drawn it has.
        let geod = GeodesicArea.cgcs2000
        XCTAssertLessThan(geod.ringArea([ring[0], moved, ring[1], ring[0]]), 1e-3)
        XCTAssertGreaterThan(geod.ringArea([ring[0], onEdge, ring[1], ring[0]]), 100, "the vertex as drawn is off the geodesic: the test can tell")
    }
}

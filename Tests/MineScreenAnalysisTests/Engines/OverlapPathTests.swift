import XCTest
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
import MineScreenTestSupport

/// Which `OverlapPath` each layer takes, decided once while the run prepares its layers, by the rules the
/// paths document: area-only shortcuts only when ellipsoidal areas alone are asked for, edge sums only for a
/// coverage, boundary measurement only with every layer in one plane; lon/lat or projected alike.
/// Fixtures/overlap-fastpath: red lines whose patches overlap each other, farmland parcels that form a coverage,
/// the same scene in EPSG:4490 (lon/lat) and EPSG:4526 (Gauss-Krüger).
final class OverlapPathTests: XCTestCase {
    func prepared(_ variant: String, output: OverlapOutput, method: AreaMethod = .ellipsoidal) throws -> OverlapEngine {
        let folder = "overlap-fastpath/\(variant)"
        let layers = try [("redline", nil), ("farmland", "BSM")].map { name, idField in
            ConstraintLayer(name: name, loaded: try Fixture.load("\(folder)/\(name).geojson", idField: idField))
        }
        var engine = OverlapEngine(blocks: try Fixture.load("\(folder)/blocks.geojson", idField: "code"), layers: layers, output: output)
        engine.areaMethod = method
        engine.prepareLayers(threads: 1)
        return engine
    }

    func testAreasAloneTakeTheShortcutsTheLayersAllow() throws {
        let lonLat = try prepared("epsg4490", output: .areas)
        XCTAssertEqual(lonLat.layerStates.map(\.isCoverage), [false, true])
        XCTAssertEqual(lonLat.layerStates.map(\.path), [.convexClip, .edgeSums])
        XCTAssertTrue(lonLat.measuredOnBoundaries)

        let projected = try prepared("epsg4526", output: .areas)
        XCTAssertEqual(projected.layerStates.map(\.isCoverage), [false, true])
        XCTAssertEqual(projected.layerStates.map(\.path), [.convexClip, .edgeSums], "a Gauss-Krüger coverage sums edges too")
        XCTAssertTrue(projected.measuredOnBoundaries)
    }

    func testGeometrySnappedUnionsAndDrawnAreasTakeGEOS() throws {
        for variant in ["epsg4490", "epsg4526"] {
            for output in [OverlapOutput.geometry, .areasWithSnappedUnions] {
                let engine = try prepared(variant, output: output)
                XCTAssertEqual(engine.layerStates.map(\.path), [.geos, .geos], "\(variant) \(output)")
                XCTAssertFalse(engine.measuredOnBoundaries, "\(variant) \(output)")
            }
            let drawn = try prepared(variant, output: .areas, method: .tdt1055)
            XCTAssertEqual(drawn.layerStates.map(\.path), [.geos, .geos], "\(variant) tdt1055")
            XCTAssertFalse(drawn.measuredOnBoundaries, "\(variant) tdt1055")
        }
    }

    /// Screening's general path keeps snap-rounded unions; its area-only path measures as `overlap` does.
    func testScreenEnginesChooseTheirOutputs() throws {
        let engine = try prepared("epsg4490", output: .areas)
        let layers = engine.layers.map { ScreenLayer(layer: $0, bufferMetres: nil) }
        let screen = ScreenEngine(blocks: engine.blocks, layers: layers, rules: ScreeningRules(toleranceM2: 0, minCleanAreaM2: 0, layers: [], file: "test"))
        XCTAssertEqual(screen.plainEngine.output, .areasWithSnappedUnions)
        XCTAssertEqual(screen.areaOnlyEngine.output, .areas)
    }

    /// Before `prepareLayers` a layer counts as a coverage, and its path is the one a coverage would take.
    func testUnpreparedLayerTakesTheCoveragePath() throws {
        let engine = try prepared("epsg4490", output: .areas)
        let unprepared = OverlapEngine(blocks: engine.blocks, layers: engine.layers)
        XCTAssertEqual(unprepared.state(of: engine.layers[0]).path, .edgeSums)
        XCTAssertEqual(OverlapEngine(blocks: engine.blocks, layers: engine.layers, output: .geometry).state(of: engine.layers[0]).path, .geos)
    }

    /// Geodesic edge terms are summed only for blocks strictly between 0° and 180° E, taken to lon/lat from a
    /// projected plane first; never in a block-centred plane.
    func testEdgeTermsOnlyBetweenThePrimeMeridianAndTheAntimeridian() throws {
        let workspace = ThreadWorkspace()
        let lonLat = ResolvedCRS(identifier: .cgcs2000, name: "CGCS2000", isGeographic: true)
        func block(_ minX: Double, _ maxX: Double, in plane: ResolvedCRS = lonLat) throws -> [Polygon] {
            let ring = [Position(minX, 30), Position(maxX, 30), Position(maxX, 31), Position(minX, 31), Position(minX, 30)]
            return try workspace.reproject([Polygon(rings: [ring])], from: .cgcs2000, to: plane.identifier)
        }
        XCTAssertTrue(try OverlapPath.sumsEdgeTerms(for: block(116, 117), in: lonLat, workspace))
        XCTAssertFalse(try OverlapPath.sumsEdgeTerms(for: block(0, 1), in: lonLat, workspace))
        XCTAssertFalse(try OverlapPath.sumsEdgeTerms(for: block(-1, 1), in: lonLat, workspace))
        XCTAssertFalse(try OverlapPath.sumsEdgeTerms(for: block(179.5, 180), in: lonLat, workspace))
        XCTAssertFalse(try OverlapPath.sumsEdgeTerms(for: block(179.5, 180.5), in: lonLat, workspace))
        // EPSG:4526 (3° zone 38, 114° E, with the prefix) and UTM zone 31 N on WGS 84 (3° E), both in metres.
        let zone38 = ResolvedCRS(identifier: CRSIdentifier(authority: "EPSG", code: "4526"), name: "GK 38", isGeographic: false)
        XCTAssertTrue(try OverlapPath.sumsEdgeTerms(for: block(113.5, 114.5, in: zone38), in: zone38, workspace))
        let utm31 = ResolvedCRS(identifier: CRSIdentifier(authority: "EPSG", code: "32631"), name: "UTM 31N", isGeographic: false)
        XCTAssertTrue(try OverlapPath.sumsEdgeTerms(for: block(1, 2, in: utm31), in: utm31, workspace))
        XCTAssertFalse(try OverlapPath.sumsEdgeTerms(for: block(-0.5, 0.5, in: utm31), in: utm31, workspace))
        var centred = zone38
        centred.isBlockCentred = true
        XCTAssertFalse(try OverlapPath.sumsEdgeTerms(for: block(113.5, 114.5, in: zone38), in: centred, workspace))
    }
}

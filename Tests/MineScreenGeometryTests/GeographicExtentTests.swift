import Foundation
import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// Antimeridian crossings, poles and over-wide features (issue #13): Fixtures/hostile/geometry from
/// Scripts/hostile/geometry.py, areas from pyproj.Geod on the CGCS2000 ellipsoid.
final class GeographicExtentTests: XCTestCase {
    func expected(_ file: String) throws -> [String: Any] {
        try XCTUnwrap(try Fixture.json("hostile/geometry/expected.json")[file] as? [String: Any], file)
    }

    /// Each file's bad features are rejected with their reason, the others analysed with pyproj's area.
    func testRejectionsAndSurvivorsMatchTheFixtures() throws {
        for file in ["antimeridian-layer.geojson", "globe-block.geojson", "pole-and-span.geojson", "utm60-antimeridian.geojson"] {
            let spec = try expected(file)
            let layer = try Fixture.load("hostile/geometry/" + file)
            let reasons = try XCTUnwrap(spec["rejected"] as? [String: String])
            XCTAssertEqual(Set(layer.rejected.map(\.id)), Set(reasons.keys), file)
            for rejection in layer.rejected {
                let reason = try XCTUnwrap(reasons[rejection.id])
                XCTAssertTrue(rejection.reason.hasPrefix(reason), "\(file) \(rejection.id): \(rejection.reason)")
                XCTAssertTrue(rejection.file.hasSuffix(file))
                if let also = spec["rejected_also_contains"] as? String {
                    XCTAssertTrue(rejection.reason.contains(also), "\(file) \(rejection.id): \(rejection.reason)")
                }
            }
            XCTAssertEqual(layer.features.map(\.feature.id), spec["analysed"] as? [String], file)
            let areas = spec["area_m2"] as? [String: Double] ?? [:]
            let result = AreaAnalysis.run(layer, options: AreaOptions(), threads: 1)
            for row in result.features {
                let oracle = try XCTUnwrap(areas[row.id], "\(file) \(row.id)")
                XCTAssertRelative(row.area, oracle, 1e-9, "\(file) \(row.id)")
            }
        }
    }

    /// The overlay reads edges as straight in longitude: an accepted crossing would be a band round the
    /// globe covering the blocks at 0°E and 113°E. Rejected, it leaves them clean.
    func testAntimeridianLayerFeatureDoesNotCoverBlocksAtZeroAndOneHundredThirteenEast() throws {
        let rules = try ScreeningRules.load(path: Fixture.path("hostile/geometry/rules.yaml"))
        let blocks = try Fixture.load("hostile/geometry/blocks-0-113.geojson")
        let layers = try rules.layers.map { rule in
            ScreenLayer(layer: ConstraintLayer(name: rule.name, loaded: try InputLoader.load(path: rule.resolvedPath, options: LoadOptions(threads: 1))), bufferMetres: rule.bufferMetres)
        }
        let result = ScreenEngine(blocks: blocks, layers: layers, rules: rules).run(threads: 1)
        let areas = try XCTUnwrap(try expected("blocks-0-113.geojson")["area_m2"] as? [String: Double])
        XCTAssertEqual(result.results.map(\.id), ["B0", "B113"])
        for block in result.results {
            XCTAssertEqual(block.verdict, .clean, block.id)
            XCTAssertEqual(block.conflict, 0, block.id)
            XCTAssertRelative(block.area, try XCTUnwrap(areas[block.id]), 1e-9, block.id)
        }
        XCTAssertEqual(Set(result.rejected.map(\.id)), ["AM1", "AM-split"])
        XCTAssertTrue(result.rejected.allSatisfy { $0.layer == "antimeridian" })
    }

    /// The criterion itself: an edge jumping more than 180° of longitude crosses; exactly ±180 does not;
    /// 70° of span passes and a hair more does not; the pole is exact.
    func testCriterionBoundaries() {
        func problem(_ ring: [(Double, Double)]) -> String? {
            GeographicExtent.problem([ring.map { Position($0.0, $0.1) }[...]], converted: false)
        }
        XCTAssertNil(problem([(179.9, 0), (180, 0), (180, 0.1), (179.9, 0.1), (179.9, 0)]))
        XCTAssertNil(problem([(-180, 0), (-179.9, 0), (-179.9, 0.1), (-180, 0.1), (-180, 0)]))
        XCTAssertTrue(problem([(179.9, 0), (-179.9, 0), (-179.9, 0.1), (179.9, 0.1), (179.9, 0)])?.hasPrefix("crosses the antimeridian: the edge from 179.9,0 to -179.9,0 jumps 359.8°") == true)
        XCTAssertNil(problem([(70, 30), (140, 30), (140, 30.01), (70, 30.01), (70, 30)]))
        XCTAssertNil(problem([(78.3, 30), (148.3, 30), (148.3, 30.01), (78.3, 30.01), (78.3, 30)]))
        XCTAssertTrue(problem([(70, 30), (140.000001, 30), (140.000001, 30.01), (70, 30.01), (70, 30)])?.hasPrefix("spans 70.000001° of longitude") == true)
        XCTAssertNil(problem([(10, 85), (20, 85), (15, 89.999999), (10, 85)]))
        XCTAssertTrue(problem([(10, -85), (15, -90), (20, -85), (10, -85)])?.hasPrefix("touches a pole (position 2: 15,-90)") == true)
        // Separate paths (rings, lines, points) are not joined by an edge: only the span counts across them.
        XCTAssertNil(GeographicExtent.problem([[Position(100, 0)], [Position(110, 0)]], converted: false))
    }

    /// Corridor layers take lines and points: the same rules hold for them.
    func testLinesAndPointsAcrossTheAntimeridianAreRejected() throws {
        let text = """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","id":"line","properties":{},"geometry":{"type":"LineString","coordinates":[[179.5,10],[-179.5,10]]}},
        {"type":"Feature","id":"points","properties":{},"geometry":{"type":"MultiPoint","coordinates":[[179.5,10],[-179.5,10]]}},
        {"type":"Feature","id":"road","properties":{},"geometry":{"type":"LineString","coordinates":[[113,36],[113.1,36.1]]}}]}
        """
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("antimeridian-lines-\(UUID()).geojson")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let layer = try InputLoader.load(path: url.path, options: LoadOptions(accepted: .anyFeatureGeometry, threads: 1))
        XCTAssertEqual(layer.features.map(\.feature.id), ["road"])
        XCTAssertEqual(layer.rejected.map(\.id), ["line", "points"])
        guard layer.rejected.count == 2 else { return }
        XCTAssertTrue(layer.rejected[0].reason.hasPrefix("crosses the antimeridian: the edge from 179.5,10 to -179.5,10"), layer.rejected[0].reason)
        XCTAssertTrue(layer.rejected[1].reason.hasPrefix("crosses the antimeridian: parts at -179.5,10 and 179.5,10"), layer.rejected[1].reason)
    }

    /// The whole globe is rejected by one pass over its positions, before GEOS, densification or a
    /// block-centred projection (it hung `screen` for minutes before).
    func testWholeGlobeIsRejectedAtOnce() throws {
        let globe = Feature(index: 0, id: "GLOBE", geometry: .polygon(Polygon(rings: [[
            Position(-180, -90), Position(180, -90), Position(180, 90), Position(-180, 90), Position(-180, -90)]])))
        let validator = FeatureValidator(crs: ResolvedCRS(identifier: .cgcs2000, name: "CGCS2000", isGeographic: true), file: "globe.geojson", repair: true)
        guard case .failure(let rejection) = validator.check(globe, in: ThreadWorkspace()) else { return XCTFail("the globe was accepted") }
        XCTAssertTrue(rejection.reason.hasPrefix("touches a pole (position 1: -180,-90)"), rejection.reason)
    }
}

import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// A rejected constraint-layer feature never lets a block it may touch be certified clean.
/// Fixtures/verdicts from Scripts/oracles/make_verdicts_fixture.py; expectations follow from the construction.
final class UnverifiedVerdictTests: XCTestCase {
    func screen(_ rulesFile: String) throws -> ScreenResult {
        let rules = try ScreeningRules.load(path: Fixture.path("verdicts/\(rulesFile)"))
        let blocks = try Fixture.load("verdicts/blocks.geojson", idField: "code")
        let layers = try rules.layers.map { rule -> ScreenLayer in
            let loaded = try InputLoader.load(path: rule.resolvedPath, options: LoadOptions(
                idField: rule.idField, accepted: rule.bufferMetres == nil ? .polygonsOnly : .anyFeatureGeometry, threads: 2))
            return ScreenLayer(layer: ConstraintLayer(name: rule.name, loaded: loaded), bufferMetres: rule.bufferMetres)
        }
        return ScreenEngine(blocks: blocks, layers: layers, rules: rules).run(threads: 2)
    }

    func testEachRulesFileGivesTheExpectedVerdictsAndNearbyFeatures() throws {
        let expected = try Fixture.json("verdicts/expected.json")
        XCTAssertEqual(expected.count, 4)
        for (rulesFile, value) in expected {
            let e = try XCTUnwrap(value as? [String: Any])
            let near = try XCTUnwrap(e["near"] as? [String: [String]])
            let result = try screen(rulesFile)
            XCTAssertEqual(result.results.map(\.id), ["A", "B", "C"], rulesFile)
            for block in result.results {
                XCTAssertEqual(block.verdict.rawValue, e[block.id] as? String, "\(rulesFile) \(block.id)")
                XCTAssertEqual(block.rejectedNearby.flatMap { $0.rejected.map(\.id) }, near[block.id], "\(rulesFile) \(block.id)")
                for n in block.rejectedNearby { XCTAssertEqual(n.layer, result.layers[0].layer.name) }
            }
            XCTAssertFalse(result.rejected.isEmpty, rulesFile)
        }
    }

    func testRejectionCarriesExtentWhenCoordinatesCanBeRead() throws {
        let bowtie = try Fixture.load("verdicts/bowtie.geojson", idField: "code")
        let badA = try XCTUnwrap(bowtie.rejected.first { $0.id == "bad-A" })
        let box = try XCTUnwrap(badA.extent)
        XCTAssertEqual(box, LonLatBox(minLon: 112.005, minLat: 36.505, maxLon: 112.015, maxLat: 36.515))
        let lost = try XCTUnwrap(try Fixture.load("verdicts/nullgeom.geojson", idField: "code").rejected.first)
        XCTAssertEqual(lost.id, "lost")
        XCTAssertNil(lost.extent)
    }

    func testPaddingIsAtLeastTheGroundDistance() {
        // 1000 m at 60°N: a degree of longitude is 111 320 × cos 60° ≈ 55 660 m (sphere, GRS80 a): the box must
        // grow by at least 1000/55 660 ≈ 0.01797° east and west and 1000/110 574 ≈ 0.00904° north and south.
        let box = LonLatBox(minLon: 10, minLat: 59.9, maxLon: 10.1, maxLat: 60).padded(metres: 1000)
        XCTAssertLessThanOrEqual(box.minLon, 10 - 1000 / (111_320 * cos(60 * .pi / 180)))
        XCTAssertGreaterThanOrEqual(box.maxLat, 60 + 1000 / 110_574.0)
        XCTAssertGreaterThanOrEqual(box.maxLon, 10.1 + 1000 / (111_320 * cos(60 * .pi / 180)))
    }

    func testReportsShowTheVerdictAndTheReason() throws {
        let report = ScreenReport(result: try screen("rules-bowtie.yaml"), unit: .m2)
        let text = JSONWriter.string(report.json, pretty: false)
        XCTAssertTrue(text.contains("\"rule\":\"rejected-features\""), text)
        XCTAssertTrue(report.table.contains("Verdicts: 1 clean, 0 needs-cut, 1 blocked, 1 unverified"), report.table)
        XCTAssertTrue(report.table.contains("bowtie: rejected bad-A may touch"), report.table)
        let csvLines = report.csv.split(whereSeparator: \.isNewline)
        XCTAssertTrue(csvLines[0].contains("rejected_nearby"))
        XCTAssertTrue(csvLines.contains { $0.hasPrefix("A,") && $0.contains(",unverified,") && $0.contains("bowtie: rejected bad-A may touch") }, report.csv)
        let sheets = report.sheets
        XCTAssertTrue(sheets[0].rows.contains { row in
            if case .text("A") = row[0], case .text("unverified") = row[2] { return true } else { return false }
        })
    }

    /// The cell index finds exactly what testing every box would (brute force is the oracle), for boxes small,
    /// large (over many cells) and of unknown location, and lists at most 50 per layer while counting all.
    func testIndexAgreesWithTestingEveryBox() throws {
        var generator = SystemRandomNumberGenerator()
        var rejected: [Rejection] = []
        for k in 0..<3000 {
            let lon = Double.random(in: 111.5...112.5, using: &generator), lat = Double.random(in: 36...37, using: &generator)
            let size = k % 100 == 0 ? 2.0 : Double.random(in: 0...0.05, using: &generator)
            let extent = k % 500 == 7 ? nil : LonLatBox(minLon: lon, minLat: lat, maxLon: lon + size, maxLat: lat + size)
            rejected.append(Rejection(index: k, id: "r\(k)", file: "layer.geojson", reason: "test", extent: extent))
        }
        let loaded = LoadedLayer(path: "layer.geojson", crs: ResolvedCRS(identifier: .cgcs2000, name: "CGCS2000", isGeographic: true),
                                 crsSource: "test", features: [], rejected: rejected, inputCount: rejected.count)
        let layer = ScreenLayer(layer: ConstraintLayer(name: "L", loaded: loaded), bufferMetres: 200)
        let index = RejectedFeatureIndex([layer])
        for _ in 0..<200 {
            let lon = Double.random(in: 111.4...112.6, using: &generator), lat = Double.random(in: 35.9...37.1, using: &generator)
            let size = Double.random(in: 0.001...0.3, using: &generator)
            let ring = [Position(lon, lat), Position(lon + size, lat), Position(lon + size, lat + size), Position(lon, lat + size), Position(lon, lat)]
            let block = LonLatBox(minLon: lon, minLat: lat, maxLon: lon + size, maxLat: lat + size)
            let expected = rejected.filter { r in r.extent.map { $0.padded(metres: 250).meets(block) } ?? true }.map(\.index)
            let found = index.near([Polygon(rings: [ring])])
            XCTAssertEqual(found.first?.total ?? 0, expected.count)
            XCTAssertEqual(found.first?.rejected.map(\.index) ?? [], Array(expected.prefix(50)))
        }
    }

    /// A projected layer's rejected feature: its box in CGCS2000 lon/lat as pyproj gives it
    /// (Fixtures/verdicts/bowtie-gk.extent.json); a feature outside its CRS has no known location.
    func testProjectedRejectionExtentMatchesPyproj() throws {
        let oracle = try Fixture.json("verdicts/bowtie-gk.extent.json")
        let layer = try Fixture.load("verdicts/bowtie-gk.geojson", idField: "code")
        XCTAssertEqual(layer.rejected.map(\.id), ["gk-bad", "gk-nowhere"])
        let box = try XCTUnwrap(layer.rejected[0].extent)
        let e = try XCTUnwrap(oracle["gk-bad"] as? [String: Double])
        XCTAssertEqual(box.minLon, try XCTUnwrap(e["minLon"]), accuracy: 1e-9)
        XCTAssertEqual(box.minLat, try XCTUnwrap(e["minLat"]), accuracy: 1e-9)
        XCTAssertEqual(box.maxLon, try XCTUnwrap(e["maxLon"]), accuracy: 1e-9)
        XCTAssertEqual(box.maxLat, try XCTUnwrap(e["maxLat"]), accuracy: 1e-9)
        XCTAssertNil(layer.rejected[1].extent, layer.rejected[1].reason)
    }

    /// A patch drawn across 180° takes the short way round (as the antimeridian check reads it): its box is
    /// 0.02° wide across ±180°, meets a block at 179.995° and not one at 0° or 113°; growth past 180° wraps.
    func testBoxesAcrossTheAntimeridian() throws {
        let drawnAcross = try XCTUnwrap(LonLatBox([Position(179.99, 10), Position(-179.99, 10), Position(-179.99, 10.01),
                                                   Position(179.99, 10.01)], wrapping: true))
        XCTAssertEqual(drawnAcross, LonLatBox(minLon: 179.99, minLat: 10, maxLon: -179.99, maxLat: 10.01))
        let split = try XCTUnwrap(LonLatBox([Position(179.99, 20), Position(180, 20), Position(-180, 20), Position(-179.99, 20)], wrapping: true))
        XCTAssertEqual(split.minLon, 179.99)
        XCTAssertEqual(split.maxLon, -179.99)
        func block(_ lon: Double) -> LonLatBox { LonLatBox(minLon: lon, minLat: 10.002, maxLon: lon + 0.005, maxLat: 10.007) }
        XCTAssertTrue(drawnAcross.meets(block(179.991)))
        XCTAssertTrue(drawnAcross.meets(block(-179.995)))
        XCTAssertFalse(drawnAcross.meets(block(0)))
        XCTAssertFalse(drawnAcross.meets(block(113)))
        // Plain boxes stay plain; 112°E data never wraps.
        XCTAssertEqual(LonLatBox([Position(112, 36), Position(112.5, 36.2)], wrapping: true),
                       LonLatBox(minLon: 112, minLat: 36, maxLon: 112.5, maxLat: 36.2))
        // 1 km east of a box ending at 179.999° at the equator reaches past 180°: ~0.009° onto the other side.
        let grown = LonLatBox(minLon: 179.99, minLat: 0, maxLon: 179.999, maxLat: 0.001).padded(metres: 1000)
        XCTAssertTrue(grown.crossesAntimeridian)
        XCTAssertGreaterThanOrEqual(grown.maxLon, -180 + (1000 / 111_320.0 - 0.001))
        XCTAssertTrue(grown.meets(LonLatBox(minLon: -179.995, minLat: 0, maxLon: -179.994, maxLat: 0.001)))
    }
}

import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// One file per kind of bad input (Fixtures/bad, made by Scripts/oracles/make_bad_corpus.py).
final class FeatureValidationTests: XCTestCase {
    func testEachBadCaseIsRejectedWithItsReasonAndTheGoodFeatureSurvives() throws {
        let expected = try XCTUnwrap(try Fixture.json("bad/expected.json")["features"] as? [String: [String: Any]])
        let okArea = try XCTUnwrap(try Fixture.json("bad/expected.json")["ok_area_m2"] as? Double)
        XCTAssertGreaterThanOrEqual(expected.count, 9)
        for (name, spec) in expected where spec["rejected_index"] != nil {
            let layer = try Fixture.load("bad/" + name)
            XCTAssertEqual(layer.rejected.count, 1, name)
            let rejection = try XCTUnwrap(layer.rejected.first, name)
            XCTAssertEqual(rejection.index, spec["rejected_index"] as? Int, name)
            XCTAssertEqual(rejection.id, "bad", name)
            XCTAssertTrue(rejection.file.hasSuffix(name), name)
            let reason = try XCTUnwrap(spec["reason_contains"] as? String)
            XCTAssertTrue(rejection.reason.contains(reason), "\(name): \(rejection.reason)")
            XCTAssertEqual(layer.features.map(\.feature.id), ["ok"], name)
            let area = AreaAnalysis.run(layer, options: AreaOptions(), threads: 1)
            XCTAssertRelative(area.total, okArea, 1e-9, name)
        }
    }

    func testSelfIntersectionNamesTheCrossingPoint() throws {
        let spec = try XCTUnwrap((try Fixture.json("bad/expected.json")["features"] as? [String: [String: Any]])?["self-intersection.geojson"])
        let point = try XCTUnwrap(spec["point"] as? [Double])
        let reason = try XCTUnwrap(try Fixture.load("bad/self-intersection.geojson").rejected.first?.reason)
        let numbers = try XCTUnwrap(reason.split(separator: " ").last).split(separator: ",").compactMap { Double($0) }
        XCTAssertEqual(numbers.count, 2, reason)
        XCTAssertEqual(numbers[0], point[0], accuracy: 1e-9)
        XCTAssertEqual(numbers[1], point[1], accuracy: 1e-9)
    }

    func testMixedBatchKeepsGoing() throws {
        let spec = try XCTUnwrap((try Fixture.json("bad/expected.json")["features"] as? [String: [String: Any]])?["mixed.geojson"])
        let layer = try Fixture.load("bad/mixed.geojson")
        XCTAssertEqual(layer.rejected.map(\.index), spec["rejected_indices"] as? [Int])
        XCTAssertEqual(layer.features.map(\.feature.id), spec["analysed_ids"] as? [String])
        let reasons = try XCTUnwrap(spec["reasons"] as? [String: String])
        for r in layer.rejected { XCTAssertTrue(r.reason.contains(reasons[String(r.index)]!), r.reason) }
        XCTAssertEqual(layer.inputCount, layer.features.count + layer.rejected.count)
    }

    func testRepairMakesValidAndMarksIt() throws {
        let layer = try Fixture.load("bad/self-intersection.geojson", repair: true)
        XCTAssertTrue(layer.rejected.isEmpty)
        let repaired = try XCTUnwrap(layer.features.first { $0.feature.id == "bad" })
        XCTAssertTrue(repaired.repairNote?.contains("self-intersection") ?? false)
        let workspace = ThreadWorkspace()
        XCTAssertNil(try workspace.geos.validityProblem(repaired.geometry))
        // A bowtie becomes its two triangles: area > 0.
        XCTAssertGreaterThan(try workspace.ellipsoidalArea(repaired.shape.polygons!, crs: .cgcs2000), 0)
    }

    func testFileLevelProblemsAreInputErrors() {
        XCTAssertThrowsError(try Fixture.load("bad/not-json.geojson")) { error in
            guard case let InputError.syntax(_, line, column, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(line, 5)
            XCTAssertEqual(column, 36)
        }
        XCTAssertThrowsError(try Fixture.load("bad/unknown-crs.geojson")) { error in
            XCTAssertTrue("\(error)".contains("unknown CRS"), "\(error)")
        }
        XCTAssertThrowsError(try Fixture.load("bad/no-such-file.geojson")) { error in
            guard case InputError.cannotRead = error else { return XCTFail("\(error)") }
        }
    }

    func testProjectedOutOfRangeIsRejected() throws {
        let text = #"{"type":"FeatureCollection","crs":"EPSG:4526","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[38500000,4000000],[38501000,4000000],[38501000,99000000],[38500000,4000000]]]}}]}"#
        let file = try GeoJSONReader().parse(bytes: Array(text.utf8), path: "p.geojson")
        let workspace = ThreadWorkspace()
        let crs = try InputLoader.resolve(file.crs, file: "p.geojson", in: workspace)
        let result = FeatureValidator(crs: crs, file: "p.geojson", repair: false).check(file.features[0], in: workspace)
        guard case .failure(let rejection) = result else { return XCTFail("accepted") }
        XCTAssertTrue(rejection.reason.contains("out-of-range"), rejection.reason)
    }
}

extension FeatureValidationTests {
    func testMetreCoordinatesInALonLatFileGetAHint() {
        XCTAssertEqual(FeatureValidator.projectedHint(Position(38_512_345.67, 4_012_345.67)),
                       "looks like CGCS2000 Gauss-Krüger easting with zone prefix 38: try --crs EPSG:4526")
        XCTAssertTrue(FeatureValidator.projectedHint(Position(4_012_345.67, 38_512_345.67))?.contains("swap the axes") ?? false)
        XCTAssertTrue(FeatureValidator.projectedHint(Position(512_345.67, 4_012_345.67))?.contains("without a zone prefix") ?? false)
        XCTAssertNil(FeatureValidator.projectedHint(Position(200.5, 36.3)))
    }
}

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

extension FeatureValidationTests {
    /// A projected layer whose box round-trips on a sampled grid skips the per-vertex round trip; the answers
    /// must be those of the per-vertex check, feature by feature, on random layers in GK zone 38 (with prefix),
    /// within the zone, far beyond it, and with one feature thrown out of the CRS.
    func testCheckedPlaneBoxGivesThePerVertexAnswers() throws {
        var random = SeededRandom(seed: 4526)
        let workspace = ThreadWorkspace()
        let crs = try InputLoader.resolve(CRSIdentifier(authority: "EPSG", code: "4526"), file: "gk", in: workspace)
        var certified = 0, uncertified = 0
        for scene in 0..<12 {
            // Half-widths of the layer around the central meridian: 50 km, 600 km (out of the 3° zone, still in
            // the CRS), 4 000 km (out of the CRS's round trip).
            let spread = [50_000.0, 600_000, 4_000_000][scene % 3]
            var features: [Feature] = []
            for k in 0..<40 {
                let cx = 38_500_000 + Double.random(in: -spread...spread, using: &random)
                let cy = 4_000_000 + Double.random(in: -spread / 2...spread / 2, using: &random)
                var ring = (0..<6).map { i -> Position in
                    let angle = Double(i) / 6 * 2 * .pi
                    return Position(cx + 300 * cos(angle), cy + 300 * sin(angle))
                }
                if scene % 4 == 3, k == 7 { ring[2] = Position(ring[2].x, 99_000_000) }
                ring.append(ring[0])
                features.append(Feature(index: k, id: "f\(k)", geometry: .polygon(Polygon(rings: [ring]))))
            }
            let box = FeatureValidator.coordinateCheckedBox(of: features, crs: crs, workspace)
            if box == nil { uncertified += 1 } else { certified += 1 }
            if spread == 50_000 && scene % 4 != 3 { XCTAssertNotNil(box, "scene \(scene)") }
            if scene % 4 == 3 || spread == 4_000_000 { XCTAssertNil(box, "scene \(scene)") }
            var plain = FeatureValidator(crs: crs, file: "gk", repair: false)
            var boxed = plain
            boxed.checkedPlaneBox = box
            plain.checkedPlaneBox = nil
            for feature in features {
                switch (plain.check(feature, in: workspace), boxed.check(feature, in: workspace)) {
                case (.success, .success): break
                case (.failure(let a), .failure(let b)): XCTAssertEqual(a.reason, b.reason, "scene \(scene) \(feature.id)")
                default: XCTFail("scene \(scene) \(feature.id): the box changed the answer")
                }
            }
        }
        XCTAssertGreaterThan(certified, 0)
        XCTAssertGreaterThan(uncertified, 0)
    }
}

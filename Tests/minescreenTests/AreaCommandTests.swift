import XCTest

final class AreaCommandTests: XCTestCase {
    func testChangzhiTablePrintsTheSeedTotal() throws {
        let run = try CLI.run(["area", "Fixtures/changzhi-cs21.geojson", "--declared-field", "declared_km2", "--group-by", "county"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stderr, "")
        let total = try XCTUnwrap(run.stdout.split(separator: "\n").first { $0.hasPrefix("TOTAL") })
        XCTAssertTrue(total.contains("164.9600"), String(total))
        XCTAssertTrue(run.stdout.contains("EPSG:4490"))
        XCTAssertTrue(run.stdout.contains("ellipsoidal"))
        XCTAssertTrue(run.stdout.contains("km²"))
        XCTAssertTrue(run.stdout.contains("黎城县"))
    }

    func testJSONContract() throws {
        let run = try CLI.run(["area", "Fixtures/changzhi-cs21.geojson", "--id-field", "code", "--declared-field", "declared_km2",
                               "--declared-unit", "km2", "--group-by", "county", "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try run.json()
        XCTAssertEqual(json["crs"] as? String, "EPSG:4490")
        XCTAssertEqual(json["areaMethod"] as? String, "ellipsoidal")
        let oracle = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: CLI.fixture("changzhi-cs21.oracle.json")))) as? [String: Any])?["zones"] as? [String: Double])
        let features = try XCTUnwrap(json["features"] as? [[String: Any]])
        XCTAssertEqual(features.count, 21)
        for f in features {
            let id = try XCTUnwrap(f["id"] as? String)
            let area = try XCTUnwrap(f["area_m2"] as? Double)
            let declared = try XCTUnwrap(f["declared_m2"] as? Double)
            XCTAssertEqual(area, try XCTUnwrap(oracle[id]), accuracy: oracle[id]! * 1e-6)
            XCTAssertEqual(try XCTUnwrap(f["diff_m2"] as? Double), area - declared, accuracy: 1e-6)
        }
        let groups = try XCTUnwrap(json["groups"] as? [[String: Any]])
        XCTAssertEqual(groups.count, 7)
        XCTAssertEqual(groups.compactMap { $0["count"] as? Int }.reduce(0, +), 21)
        XCTAssertEqual(try XCTUnwrap(json["total_m2"] as? Double), 164.96e6, accuracy: 1)
        XCTAssertEqual((json["rejected"] as? [Any])?.count, 0)
    }

    func testUnitsAndCSV() throws {
        let ha = try CLI.run(["area", "Fixtures/cell-1min.geojson", "--unit", "ha"])
        XCTAssertTrue(ha.stdout.contains("276.1311"), ha.stdout)
        let mu = try CLI.run(["area", "Fixtures/cell-1min.geojson", "--unit", "mu"])
        XCTAssertTrue(mu.stdout.contains("4141.97"), mu.stdout)  // 2761311.17 m² / (10000/15)
        let csv = try CLI.run(["area", "Fixtures/changzhi-cs21.geojson", "--format", "csv", "--group-by", "county"])
        XCTAssertTrue(csv.stdout.hasPrefix("\u{FEFF}id,group,area_m2"), String(csv.stdout.prefix(40)))
        XCTAssertEqual(csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count, 22)
    }

    func testPlanarNamesThePlane() throws {
        let run = try CLI.run(["area", "Fixtures/changzhi-cs21.geojson", "--method", "planar", "--format", "json"])
        let json = try run.json()
        XCTAssertEqual(json["areaMethod"] as? String, "planar")
        let planes = Set((json["features"] as? [[String: Any]] ?? []).compactMap { $0["plane"] as? String })
        XCTAssertEqual(planes, ["EPSG:4546", "EPSG:4547"])
    }

    func testOutputFileAndQuiet() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("minescreen-\(UUID()).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try CLI.run(["area", "Fixtures/cell-1min.geojson", "--format", "json", "-o", path, "--quiet"])
        XCTAssertEqual(run.status, 0)
        XCTAssertEqual(run.stdout, "")
        XCTAssertTrue(try String(contentsOfFile: path).contains("\"total_m2\""))
    }
}

extension AreaCommandTests {
    func testDeclaredTotalsOnlyCompareFeaturesThatDeclare() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("declared-\(UUID()).geojson").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let cell = try String(contentsOfFile: CLI.fixture("cell-1min.geojson"))
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(cell.utf8)) as? [String: Any])
        let geometry = try XCTUnwrap((json["features"] as? [[String: Any]])?.first?["geometry"])
        func feature(_ declared: Any?) -> [String: Any] {
            ["type": "Feature", "properties": declared.map { ["d": $0] } ?? [:], "geometry": geometry]
        }
        let file: [String: Any] = ["type": "FeatureCollection", "features": [feature(2.7613), feature("nan"), feature(nil)]]
        try JSONSerialization.data(withJSONObject: file).write(to: URL(fileURLWithPath: path))
        let run = try CLI.run(["area", path, "--declared-field", "d", "--format", "json"])
        let out = try run.json()
        let features = try XCTUnwrap(out["features"] as? [[String: Any]])
        XCTAssertNotNil(features[0]["declared_m2"])
        XCTAssertNil(features[1]["declared_m2"], "NaN is not a declared area")
        XCTAssertEqual(try XCTUnwrap(out["declared_total_m2"] as? Double), 2.7613e6, accuracy: 1e-6)
        let table = try CLI.run(["area", path, "--declared-field", "d"])
        let total = try XCTUnwrap(table.stdout.split(separator: "\n").first { $0.hasPrefix("TOTAL") })
        // 2.7613113 computed vs 2.7613 declared for the one feature that declares: diff 0.0000, not 5.5226.
        XCTAssertTrue(total.hasSuffix("0.0000"), String(total))
        XCTAssertFalse(table.stdout.contains("nan"))
    }
}

extension AreaCommandTests {
    func testNameFieldShowsNamesBesideIDs() throws {
        let table = try CLI.run(["area", "Fixtures/changzhi-cs21.geojson", "--id-field", "code", "--name-field", "name"])
        XCTAssertEqual(table.status, 0)
        let header = try XCTUnwrap(table.stdout.split(separator: "\n").first { $0.hasPrefix("id") })
        XCTAssertTrue(header.hasPrefix("id     name"), String(header))
        XCTAssertTrue(table.stdout.contains("CS013  集中开采区013"), table.stdout)
        let json = try CLI.run(["area", "Fixtures/changzhi-cs21.geojson", "--name-field", "name", "--format", "json"]).json()
        XCTAssertEqual((json["features"] as? [[String: Any]])?.first?["name"] as? String, "集中开采区001")
    }
}

extension AreaCommandTests {
    func testCSVWithSquareMetresHasOneAreaColumnAndHelpListsOnlyAreaFormats() throws {
        let csv = try CLI.run(["area", "Fixtures/cell-1min.geojson", "--format", "csv", "--unit", "m2"])
        XCTAssertTrue(csv.stdout.hasPrefix("\u{FEFF}id,area_m2,declared_m2"), csv.stdout)
        XCTAssertEqual(try CLI.run(["area", "Fixtures/cell-1min.geojson", "--format", "geojson"]).status, 2)
        // --format offers no geojson (--input-format does: that is about reading).
        let help = try CLI.run(["area", "--help"]).stdout
        let format = try XCTUnwrap(help.range(of: "--format <format>")).upperBound
        let formatHelp = help[format...].prefix { $0 != "-" }
        XCTAssertTrue(formatHelp.contains("table"), String(formatHelp))
        XCTAssertFalse(formatHelp.contains("geojson"), String(formatHelp))
    }
}

/// A 坐标文件's own header fields serve as the name and the declared area (hectares) by default.
final class SurveyDefaultsTests: XCTestCase {
    func testCoordinateFileNameAndDeclaredAreaAreUsedByDefault() throws {
        // Oracle: the file's 面积 column is its Gauss-Krüger plane area in ha to 4 decimals
        // (Scripts/oracles/make_survey_formats.py), so declared = planar_m2 to 0.5 m² (1e-4 ha / 2).
        let oracle = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: CLI.fixture("coordfile/changzhi-cs21.oracle.json")))) as? [String: Any])?["blocks"] as? [String: [String: Any]])
        let run = try CLI.run(["area", "Fixtures/coordfile/changzhi-cs21-gbk.txt", "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let features = try XCTUnwrap(try run.json()["features"] as? [[String: Any]])
        XCTAssertEqual(features.count, 21)
        for f in features {
            let id = f["id"] as? String ?? "?"
            XCTAssertEqual(f["declared_m2"] as? Double ?? 0, oracle[id]?["planar_m2"] as? Double ?? -1, accuracy: 0.5, id)
            XCTAssertEqual(f["name"] as? String, "集中开采区" + id.dropFirst(2), id)
        }
        let table = try CLI.run(["area", "Fixtures/coordfile/changzhi-cs21-gbk.txt"])
        XCTAssertTrue(table.stdout.contains("declared km²") && table.stdout.contains("集中开采区001"), table.stdout)
    }
}

/// Rejected 坐标文件 blocks are found the way the file is read: by header line, points as X (northing), Y (easting).
final class SurveyRejectionTests: XCTestCase {
    func testRejectionsNameTheLineAndTheFilesAxisOrder() throws {
        // Oracle: Fixtures/check/expected.json (made by hand/shapely): CK03's crossing at [X, Y] = [4024500, 38420500].
        let expected = try XCTUnwrap(((try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: CLI.fixture("check/expected.json")))) as? [String: Any])?["files"] as? [String: Any])?["bad-blocks.txt"] as? [String: [[String: Any]]])
        let at = try XCTUnwrap(expected["CK03"]?.first?["at"] as? [Double])
        let run = try CLI.run(["area", "Fixtures/check/bad-blocks.txt", "--format", "json"])
        XCTAssertEqual(run.status, 3, run.stderr)
        let rejected = try XCTUnwrap(try run.json()["rejected"] as? [[String: Any]])
        let reason = try XCTUnwrap(rejected.first { $0["id"] as? String == "CK03" }?["reason"] as? String)
        XCTAssertTrue(reason.hasPrefix("line "), reason)
        XCTAssertTrue(reason.contains("at X \(formatNumber(at[0])), Y \(formatNumber(at[1]))"), reason)
        for r in rejected { XCTAssertTrue((r["reason"] as? String ?? "").hasPrefix("line "), "\(r)") }
        // The same file as an overlap layer (whose features keep only their id property) names the lines too.
        let layer = try CLI.run(["overlap", "Fixtures/check/bad-blocks.txt", "--layer", "survey=Fixtures/check/bad-blocks.txt",
                                 "--format", "json"])
        XCTAssertEqual(layer.status, 3, layer.stderr)
        let layerRejected = try XCTUnwrap(try layer.json()["rejected"] as? [[String: Any]]).filter { $0["layer"] as? String == "survey" }
        XCTAssertEqual(layerRejected.count, rejected.count)
        for r in layerRejected { XCTAssertTrue((r["reason"] as? String ?? "").hasPrefix("line "), "\(r)") }
    }

    func formatNumber(_ v: Double) -> String { v == v.rounded() ? String(Int64(v)) : String(v) }
}

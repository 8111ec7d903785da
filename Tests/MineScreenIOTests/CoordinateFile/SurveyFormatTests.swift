import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// Oracles: Fixtures/coordfile/changzhi-cs21.oracle.json and Fixtures/check/expected.json, both from
/// Scripts/oracles/make_survey_formats.py (pyproj, shapely); Fixtures/changzhi-cs21.oracle.json for the GeoJSON.
final class SurveyFormatTests: XCTestCase {
    func testChangzhiAreasAgreeAcrossGeoJSONCoordinateFileAndCSV() throws {
        let survey = try XCTUnwrap(try Fixture.json("coordfile/changzhi-cs21.oracle.json")["blocks"] as? [String: [String: Any]])
        let lonLat = try XCTUnwrap(try Fixture.json("changzhi-cs21.oracle.json")["zones"] as? [String: Double])
        var byFormat: [String: [String: Double]] = [:]
        for name in ["changzhi-cs21.geojson", "coordfile/changzhi-cs21-gbk.txt", "cornercsv/changzhi-cs21.csv", "cornercsv/changzhi-cs21-gbk.csv"] {
            let layer = try Fixture.load(name, idField: name.hasSuffix(".geojson") ? "code" : nil)
            XCTAssertEqual(layer.rejected.count, 0, name)
            XCTAssertEqual(layer.features.count, 21, name)
            if !name.hasSuffix(".geojson") {
                XCTAssertEqual(layer.crs.identifier.description, "EPSG:4526", name)
                XCTAssertEqual(layer.features.first?.feature.property("地块名称"), .string("集中开采区001"), name)
            }
            let areas = AreaAnalysis.run(layer, options: AreaOptions(), threads: 1)
            byFormat[name] = Dictionary(uniqueKeysWithValues: areas.features.map { ($0.id, $0.area) })
            for f in areas.features {
                // Survey files against the oracle of their own (rounded, projected) vertices; all against the GeoJSON's.
                if !name.hasSuffix(".geojson") {
                    XCTAssertRelative(f.area, try XCTUnwrap(survey[f.id]?["area_m2"] as? Double), 1e-9, "\(name) \(f.id)")
                }
                XCTAssertRelative(f.area, try XCTUnwrap(lonLat[f.id]), 1e-6, "\(name) \(f.id)")
            }
        }
        for (id, area) in byFormat["changzhi-cs21.geojson"]! {
            XCTAssertRelative(try XCTUnwrap(byFormat["coordfile/changzhi-cs21-gbk.txt"]?[id]), area, 1e-6, id)
            XCTAssertRelative(try XCTUnwrap(byFormat["cornercsv/changzhi-cs21.csv"]?[id]), area, 1e-6, id)
        }
    }

    func testCoordinateFileBlockHeaderBecomesChineseAndLegacyProperties() throws {
        let file = try InputLoader.read(path: Fixture.path("coordfile/blocks-utf8.txt")).file
        let f = file.features[0]
        XCTAssertEqual(f.id, "CS101")
        for (key, value) in [("地块编号", JSONValue.string("CS101")), ("地块名称", .string("集中开采区101")), ("地块用途", .string("采矿用地")),
                             ("图幅号", .string("")), ("地类编码", .string("")), ("code", .string("CS101")), ("name", .string("集中开采区101"))] {
            XCTAssertEqual(f.property(key), value, key)
        }
        XCTAssertEqual(f.property("地块面积"), f.property("area_ha"))
        XCTAssertNotNil(f.property("地块面积")?.numberValue)
        // Raw points as written: CS104's ring is not closed in the file, and the raw form still shows it.
        let raw = try XCTUnwrap(file.raw)
        XCTAssertEqual(raw.declaredZone, GaussKrugerZone(epsg: 4526))
        let unclosed = try XCTUnwrap(raw.blocks.first { $0.id == "CS104" }?.rings.first?.points)
        XCTAssertNotEqual(unclosed.first, unclosed.last)
        XCTAssertNotNil(unclosed.first?.line)
    }

    func testFormatDetectionFromContent() throws {
        func detect(_ relative: String) throws -> InputFormat { InputFormat.detect(try GeoJSONReader.readFileBytes(path: Fixture.path(relative))) }
        XCTAssertEqual(try detect("changzhi-cs21.geojson"), .geojson)
        XCTAssertEqual(try detect("coordfile/blocks-gbk.txt"), .coordfile)
        XCTAssertEqual(try detect("coordfile/changzhi-cs21-gbk.txt"), .coordfile)
        XCTAssertEqual(try detect("cornercsv/changzhi-cs21.csv"), .csv)
        XCTAssertEqual(try detect("cornercsv/changzhi-cs21-gbk.csv"), .csv)
        XCTAssertEqual(InputFormat.detect(Array("block,point,X,Y\n".utf8)), .csv)
        XCTAssertEqual(InputFormat.detect(Array("nonsense".utf8)), .geojson)
    }

    func testCSVSwappedAxesAreReportedWithFileAndLineNeverFixed() throws {
        let layer = try Fixture.load("check/swapped.csv")
        XCTAssertEqual(layer.features.map(\.feature.id), ["S1"])
        let rejected = try XCTUnwrap(layer.rejected.first)
        XCTAssertEqual(rejected.id, "S2")
        XCTAssertTrue(rejected.reason.contains("swapped.csv:7"), rejected.reason)
        XCTAssertTrue(rejected.reason.contains("swapped"), rejected.reason)
        // A file that is swapped throughout has no zone to read: a file error naming the line.
        let text = "block,point,X,Y\nA,1,38500000,4000000\nA,2,38501000,4000000\nA,3,38501000,4001000\nA,4,38500000,4000000\n"
        XCTAssertThrowsError(try CornerPointCSVReader().parse(bytes: Array(text.utf8), path: "all.csv")) { error in
            XCTAssertTrue("\(error)".contains("all.csv:2"), "\(error)")
        }
    }

    func testCSVZoneFromPrefixAndUnprefixedNeedsCRS() throws {
        let prefixed = "地块编号,点号,圈号,X,Y\nA,J1,1,4000000,39500000\nA,J2,1,4000000,39501000\nA,J3,1,4001000,39501000\nA,J4,1,4001000,39500000\n"
        let file = try CornerPointCSVReader().parse(bytes: Array(prefixed.utf8), path: "p.csv")
        XCTAssertEqual(file.crs.description, "EPSG:4527")
        // An open corner-point list is closed by the reader; its raw form stays open.
        XCTAssertEqual(planarArea(try XCTUnwrap(file.features[0].geometry?.polygons)), 1_000_000)
        XCTAssertEqual(file.raw?.blocks[0].rings[0].points.count, 4)
        let plain = prefixed.replacingOccurrences(of: ",39", with: ",")
        XCTAssertThrowsError(try CornerPointCSVReader().parse(bytes: Array(plain.utf8), path: "u.csv")) { error in
            guard case InputError.unknownCRS = error else { return XCTFail("\(error)") }
        }
        let given = try CornerPointCSVReader().parse(bytes: Array(plain.utf8), path: "u.csv", crsOverride: CRSIdentifier(authority: "EPSG", code: "4548"))
        XCTAssertEqual(given.crs.description, "EPSG:4548")
        XCTAssertNil(given.features[0].readProblem)
        let badLine = "block,point,X,Y\nA,1,4000000,abc\n"
        let bad = try? CornerPointCSVReader().parse(bytes: Array(badLine.utf8), path: "b.csv", crsOverride: CRSIdentifier(authority: "EPSG", code: "4548"))
        XCTAssertTrue(bad?.features[0].readProblem?.contains("b.csv:2") ?? false)
    }

    func testZoneArithmetic() {
        // EPSG registry: 4526 = CGCS2000 3° GK zone 38 (prefixed), 4547 = CM 114°E (no prefix), 4497 = 6° zone 19.
        XCTAssertEqual(GaussKrugerZone(epsg: 4526), GaussKrugerZone(width: 3, zone: 38, prefixed: true))
        XCTAssertEqual(GaussKrugerZone(epsg: 4547)?.centralMeridian, 114)
        XCTAssertEqual(GaussKrugerZone(epsg: 4497)?.centralMeridian, 111)
        XCTAssertEqual(GaussKrugerZone(prefixOf: 38_512_345.67)?.epsg, 4526)
        XCTAssertEqual(GaussKrugerZone(prefixOf: 19_500_000)?.epsg, 4497)
        XCTAssertNil(GaussKrugerZone(prefixOf: 4_012_345.67))
        XCTAssertEqual(GaussKrugerZone.threeDegree(longitude: 113.2, prefixed: true)?.epsg, 4526)
    }

    func testCheckCorpusMatchesTheHandWrittenExpectations() throws {
        let expected = try XCTUnwrap(try Fixture.json("check/expected.json")["files"] as? [String: [String: [[String: Any]]]])
        for (name, blocks) in expected {
            let result = try CoordinateCheck.run(path: Fixture.path("check/" + name))
            XCTAssertEqual(Set(result.blocks.map(\.id)), Set(blocks.keys), name)
            for block in result.blocks {
                let want = try XCTUnwrap(blocks[block.id])
                XCTAssertEqual(block.problems.map(\.code), want.compactMap { $0["code"] as? String }, "\(name) \(block.id): \(block.problems)")
                for (got, w) in zip(block.problems, want) {
                    XCTAssertEqual(got.at, w["at"] as? [Double], "\(name) \(block.id) \(got.code)")
                    if let line = w["line"] as? Int { XCTAssertTrue(got.message.contains("\(name):\(line)"), got.message) }
                }
            }
        }
    }

    func testCheckRawClosureOnGeoJSONAndAreaInTheZonePlane() throws {
        // Planar area of the Changzhi 坐标文件 blocks equals the declared header figure (shapely, 4 decimals of ha);
        // only the two zones west of 112.5°E (outside zone 38) are findings.
        let oracle = try XCTUnwrap(try Fixture.json("coordfile/changzhi-cs21.oracle.json")["blocks"] as? [String: [String: Any]])
        let result = try CoordinateCheck.run(path: Fixture.path("coordfile/changzhi-cs21-gbk.txt"))
        for block in result.blocks {
            let outside = try XCTUnwrap(oracle[block.id]?["outside_zone38_band"] as? Bool)
            XCTAssertEqual(Set(block.problems.map(\.code)), outside ? ["zone-mismatch"] : [], block.id)
        }
        let text = #"{"type":"Feature","id":"g","properties":{"ha":1},"geometry":{"type":"Polygon","coordinates":[[[112,36],[112.01,36],[112.01,36.01],[112,36]]]}}"#
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("check-\(UUID()).geojson").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let geo = try CoordinateCheck.run(path: path, options: CheckOptions(declaredField: "ha", declaredUnit: .ha))
        XCTAssertEqual(geo.blocks[0].problems.map(\.code), ["area-mismatch"])
        XCTAssertNil(geo.blocks[0].problems[0].at)
    }
}

extension SurveyFormatTests {
    func testCSVTitleRowAndUnitsInHeaderNames() throws {
        let text = "某矿区拐点坐标表,,,\n地块编号,点号,X（m）,Y(米)\nA,J1,4000000,38500000\nA,J2,4000000,38501000\nA,J3,4001000,38501000\nA,J1,4000000,38500000\n"
        XCTAssertEqual(InputFormat.detect(Array(text.utf8)), .csv)
        let file = try CornerPointCSVReader().parse(bytes: Array(text.utf8), path: "t.csv")
        XCTAssertEqual(file.features.map(\.id), ["A"])
        XCTAssertEqual(file.raw?.blocks[0].rings[0].points.first?.line, 3)
        XCTAssertThrowsError(try CornerPointCSVReader().parse(bytes: Array("a,b\n1,2\n".utf8), path: "n.csv")) { error in
            XCTAssertTrue("\(error)".hasPrefix("n.csv:1:"), "\(error)")
        }
    }

    func testLargeGBKCoordinateFileIsRecognisedWhereverTheSampleEnds() throws {
        // Every block name is Chinese, so any 4096-byte cut may fall inside a two-byte GBK character.
        var lines = ["[属性描述]", "坐标系=2000国家大地坐标系", "几度分带=3", "带号=38", "[地块坐标]"]
        for k in 0..<200 {
            lines.append("5,100.0000,K\(k),长治市测试地块名称\(k),面,,采矿用地,,@")
            for (x, y) in [(0.0, 0.0), (0, 1000), (1000, 1000), (1000, 0), (0, 0)] {
                lines.append("J,1,\(4_000_000 + x),\(38_500_000 + y + Double(k) * 2000)")
            }
        }
        let utf8 = lines.joined(separator: "\r\n")
        for shift in 0..<4 {
            let text = String(repeating: " ", count: shift) + utf8
            let gbk = try TextEncoding.gbk.encode(text)
            XCTAssertEqual(InputFormat.detect(gbk), .coordfile, "shift \(shift)")
        }
    }

    func testEmptyCoordinateFileIsAnErrorNamingTheFile() {
        XCTAssertThrowsError(try CoordinateFileReader().parse(bytes: Array("[属性描述]\n带号=38\n".utf8), path: "e.txt")) { error in
            XCTAssertTrue("\(error)".contains("e.txt"), "\(error)")
        }
    }
}

extension SurveyFormatTests {
    func testSwappedColumnsInACoordinateFileAreReportedNotFixed() throws {
        let text = "[属性描述]\n坐标系=2000国家大地坐标系\n几度分带=3\n带号=38\n[地块坐标]\n5,0,A,a,面,,,,@\nJ1,1,38500000,4000000\nJ2,1,38501000,4000000\nJ3,1,38501000,4001000\nJ4,1,38500000,4001000\nJ1,1,38500000,4000000\n"
        let file = try CoordinateFileReader().parse(bytes: Array(text.utf8), path: "s.txt")
        XCTAssertTrue(file.features[0].readProblem?.contains("line 7") ?? false, file.features[0].readProblem ?? "")
        XCTAssertTrue(file.features[0].readProblem?.contains("swapped") ?? false)
        XCTAssertEqual(file.raw?.blocks[0].malformedCode, "swapped-axes")
        XCTAssertTrue(file.raw?.blocks[0].malformed?.hasPrefix("s.txt:7:") ?? false)
    }
}

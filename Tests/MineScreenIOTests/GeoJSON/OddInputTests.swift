import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// Valid JSON that is odd GeoJSON: each oddity fails its own feature at most, never the file.
final class OddInputTests: XCTestCase {
    let square = "[[[113,36],[113.01,36],[113.01,36.01],[113,36.01],[113,36]]]"

    func feature(_ geometry: String, _ properties: String = "{}") -> String {
        #"{"type":"Feature","properties":\#(properties),"geometry":\#(geometry)}"#
    }

    func collection(_ features: [String]) -> String {
        #"{"type":"FeatureCollection","features":[\#(features.joined(separator: ","))]}"#
    }

    func testNonObjectGeometryFailsItsFeatureOnly() throws {
        let file = try parseGeoJSON(collection([feature("\"abc\""), feature("42"), feature("[1,2]"),
                                                feature(#"{"type":"Polygon","coordinates":\#(square)}"#)]))
        XCTAssertEqual(file.features.count, 4)
        XCTAssertEqual(file.features[0].readProblem, "geometry is not a GeoJSON object")
        XCTAssertEqual(file.features[2].readProblem, "geometry is not a GeoJSON object")
        XCTAssertNil(file.features[3].readProblem)
    }

    func testDeepNestingIsBoundedAndLocal() throws {
        let deepCoordinates = String(repeating: "[", count: 12) + "1,2" + String(repeating: "]", count: 12)
        var gc = #"{"type":"Polygon","coordinates":\#(square)}"#
        for _ in 0..<2000 { gc = #"{"type":"GeometryCollection","geometries":[\#(gc)]}"# }
        let deepProperty = String(repeating: #"{"a":"#, count: 3000) + "1" + String(repeating: "}", count: 3000)
        let file = try parseGeoJSON(collection([
            feature(#"{"type":"Polygon","coordinates":\#(deepCoordinates)}"#),
            feature(gc),
            feature(#"{"type":"Polygon","coordinates":\#(square)}"#, #"{"deep":\#(deepProperty),"after":"kept"}"#),
        ]))
        XCTAssertEqual(file.features.count, 3)
        XCTAssertEqual(file.features[0].readProblem, "coordinate arrays nested too deep")
        XCTAssertNotNil(file.features[1].readProblem ?? (file.features[1].geometry?.typeName == "GeometryCollection" ? "" : nil))
        XCTAssertEqual(file.features[2].property("after"), .string("kept"))
    }

    func testSkippedMembersOfEveryShape() throws {
        let text = #"{"bbox":[1,[2,{"a":[3,{"b":"}]\"x"}]}]],"type":"Feature","extra":{"k":[{},[],{"q":null}],"t":true,"f":false},"properties":{"x":-0.5e-3},"geometry":{"bbox":{"z":[[]]},"type":"Polygon","coordinates":\#(square)}}"#
        let file = try parseGeoJSON(text)
        XCTAssertEqual(file.features[0].property("x"), .number(-0.0005))
        XCTAssertEqual(file.features[0].geometry?.polygons?.count, 1)
    }

    func testLongIntegerIDsStayExact() throws {
        let text = collection([#"{"type":"Feature","id":1404260000012345,"properties":{"BSM":140426000001234567},"geometry":null}"#])
        XCTAssertEqual(try parseGeoJSON(text).features[0].id, "1404260000012345")
        XCTAssertEqual(try parseGeoJSON(text, idField: "BSM").features[0].id, "140426000001234567")
        var out = ""
        JSONWriter.write(.integer(140426000001234567), into: &out)
        XCTAssertEqual(out, "140426000001234567")
    }

    func testEmptyPartOfAMultiPolygonIsDropped() throws {
        let file = try parseGeoJSON(#"{"type":"MultiPolygon","coordinates":[[],\#(square)]}"#)
        let workspace = ThreadWorkspace()
        let crs = try InputLoader.resolve(file.crs, file: "x", in: workspace)
        guard case .success(let checked) = FeatureValidator(crs: crs, file: "x", repair: false).check(file.features[0], in: workspace) else {
            return XCTFail("rejected")
        }
        XCTAssertEqual(checked.shape.polygons?.count, 1)
    }
}

extension OddInputTests {
    func testGBKGeoJSONIsDecodedWithAWarning() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gbk-\(UUID()).geojson").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        // "红线" in GBK is BA EC CF DF.
        var bytes = Array(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":""#.utf8)
        bytes += [0xBA, 0xEC, 0xCF, 0xDF]
        bytes += Array(#""},"geometry":{"type":"Polygon","coordinates":\#(square)}}]}"#.utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let layer = try InputLoader.load(path: path, options: LoadOptions(threads: 1))
        XCTAssertEqual(layer.features.first?.feature.property("name"), .string("红线"))
        XCTAssertTrue(layer.warnings.contains { $0.contains("GBK") })
    }
}

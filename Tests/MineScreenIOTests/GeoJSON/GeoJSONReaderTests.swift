import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

final class GeoJSONReaderTests: XCTestCase {
    let square = "[[[113,36],[113.01,36],[113.01,36.01],[113,36.01],[113,36]]]"

    func testFeatureCollectionKeepsPropertiesAndIDs() throws {
        let text = """
        {"type":"FeatureCollection","features":[
          {"type":"Feature","id":"CS001","properties":{"县":"沁源县","面积":2.45,"note":null,"ok":true,"esc":"a\\"b\\u4e2d\\ud83d\\ude00"},
           "geometry":{"type":"Polygon","coordinates":\(square)}},
          {"type":"Feature","id":7,"properties":{"code":"X"},"geometry":{"type":"Polygon","coordinates":\(square)}},
          {"type":"Feature","properties":null,"geometry":{"coordinates":\(square),"type":"Polygon"}}
        ]}
        """
        let file = try parseGeoJSON(text)
        XCTAssertEqual(file.features.map(\.id), ["CS001", "7", "2"])
        XCTAssertEqual(file.crs, .crs84)
        let first = file.features[0]
        XCTAssertEqual(first.property("县"), .string("沁源县"))
        XCTAssertEqual(first.property("面积"), .number(2.45))
        XCTAssertEqual(first.property("note"), .null)
        XCTAssertEqual(first.property("ok"), .bool(true))
        XCTAssertEqual(first.property("esc"), .string("a\"b中😀"))
        XCTAssertEqual(first.properties.map(\.key), ["县", "面积", "note", "ok", "esc"])
        // Key order inside the geometry object does not matter.
        XCTAssertEqual(file.features[2].geometry, file.features[0].geometry)
        guard case .polygon(let polygon) = try XCTUnwrap(first.geometry) else { return XCTFail("not a polygon") }
        XCTAssertEqual(polygon.exterior.count, 5)
        XCTAssertEqual(polygon.exterior[1], Position(113.01, 36))
    }

    func testIDFieldWinsOverFeatureID() throws {
        let text = #"{"type":"FeatureCollection","features":[{"type":"Feature","id":"a","properties":{"BSM":140426000001},"geometry":null}]}"#
        XCTAssertEqual(try parseGeoJSON(text, idField: "BSM").features[0].id, "140426000001")
        XCTAssertEqual(try parseGeoJSON(text, idField: "missing").features[0].id, "a")
    }

    func testSingleFeatureAndBareGeometry() throws {
        let feature = try parseGeoJSON(#"{"type":"Feature","properties":{"a":1},"geometry":{"type":"Polygon","coordinates":\#(square)}}"#)
        XCTAssertEqual(feature.features.count, 1)
        XCTAssertEqual(feature.features[0].id, "0")
        let bare = try parseGeoJSON(#"{"type":"MultiPolygon","coordinates":[\#(square),\#(square)]}"#)
        XCTAssertEqual(bare.features.count, 1)
        XCTAssertEqual(bare.features[0].geometry?.polygons?.count, 2)
    }

    func testLegacyCRSForms() throws {
        let forms: [(String, String)] = [
            (#"{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4490"}}"#, "EPSG:4490"),
            (#""EPSG:4526""#, "EPSG:4526"),
            (#"{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}}"#, "OGC:CRS84"),
            (#"{"type":"EPSG","properties":{"code":4547}}"#, "EPSG:4547"),
        ]
        for (member, expected) in forms {
            let file = try parseGeoJSON(#"{"type":"FeatureCollection","crs":\#(member),"features":[]}"#)
            XCTAssertEqual(file.crs.description, expected, member)
            XCTAssertEqual(file.crsSource, "crs member")
        }
        let overridden = try GeoJSONReader(crsOverride: CRSIdentifier.parse("EPSG:4547"))
            .parse(bytes: Array(#"{"type":"FeatureCollection","crs":"EPSG:4490","features":[]}"#.utf8), path: "x")
        XCTAssertEqual(overridden.crs.description, "EPSG:4547")
    }

    func testUnrecognisedCRSMemberIsAnInputError() {
        XCTAssertThrowsError(try parseGeoJSON(#"{"type":"FeatureCollection","crs":{"type":"link","properties":{}},"features":[]}"#)) { error in
            guard case InputError.unknownCRS = error else { return XCTFail("\(error)") }
        }
    }

    func testSyntaxErrorReportsLineAndColumn() {
        let text = "{\"type\":\"FeatureCollection\",\n\"features\":[\n  {\"type\":\"Feature\" \"geometry\":null}\n]}"
        XCTAssertThrowsError(try parseGeoJSON(text)) { error in
            guard case let InputError.syntax(_, line, column, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(line, 3)
            XCTAssertEqual(column, 21) // the '"' of "geometry", where a ',' was expected
        }
    }

    func testOverflowingNumberBecomesInfinityNotASyntaxError() throws {
        let file = try parseGeoJSON(#"{"type":"Polygon","coordinates":[[[1e400,36],[113.01,36],[113.01,36.01],[113,36]]]}"#)
        guard case .polygon(let p) = try XCTUnwrap(file.features[0].geometry) else { return XCTFail() }
        XCTAssertEqual(p.exterior[0].x, .infinity)
    }

    func testMalformedCoordinatesFailTheFeatureOnly() throws {
        let text = #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[113],[1,2],[3,4],[113]]]}},{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[["a",1]]]}}]}"#
        let file = try parseGeoJSON(text)
        XCTAssertEqual(file.features[0].readProblem, "a position with fewer than 2 numbers")
        XCTAssertTrue(file.features[1].readProblem?.contains("non-number") ?? false)
    }

    /// The fast number path must agree with the C library's correctly rounded strtod.
    func testNumberParsingMatchesStrtod() throws {
        var generator = SystemRandomNumberGenerator()
        var texts = ["0", "-0", "1", "112.0166666666666667", "38512345.67", "4012345.6789", "1e-7", "2.5E+3",
                     "0.1", "123456789012345678901234", "36.516666666666666", "-0.000001", "9007199254740993"]
        for _ in 0..<2000 {
            let v = Double.random(in: -1e8...1e8, using: &generator)
            texts.append("\(v)")
            texts.append(String(format: "%.10f", Double.random(in: 70...140, using: &generator)))
        }
        for text in texts {
            let file = try parseGeoJSON(#"{"type":"Point","coordinates":[\#(text),0]}"#)
            guard case .point(let p) = try XCTUnwrap(file.features[0].geometry) else { return XCTFail() }
            XCTAssertEqual(p.x, strtod(text, nil), text)
        }
    }

    func testByteOrderMarkIsAccepted() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"type":"FeatureCollection","features":[]}"#.utf8)
        XCTAssertEqual(try GeoJSONReader().parse(bytes: bytes, path: "x").features.count, 0)
    }
}

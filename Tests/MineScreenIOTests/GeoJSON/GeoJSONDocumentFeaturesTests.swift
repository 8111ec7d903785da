import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenIO

/// `FeatureFile(geoJSON:path:)` must give what the GeoJSON text of the same document reads back as: reports write
/// GeoPackages and Shapefiles from it, and those files must not depend on whether the document went through text.
final class GeoJSONDocumentFeaturesTests: XCTestCase {
    func testSameAsTheTextReadBack() throws {
        let square: JSONValue = .array([.array([at(113, 36), at(113.01, 36), at(113.01, 36.01), at(113, 36.01), at(113, 36)])])
        let hole: JSONValue = .array([.array([at(113.002, 36.002), at(113.004, 36.002), at(113.004, 36.004), at(113.002, 36.002)])])
        let properties: JSONValue = .object([
            ("name", .string("白马寺 \"北\"\n")), ("area_m2", .number(1_234_567.891_234_5)), ("whole", .number(42)),
            ("negative_zero", .number(-0.0)), ("huge", .number(1e20)), ("beyond_2_53", .number(9_007_199_254_740_994)),
            ("not_a_number", .number(.nan)), ("infinite", .number(-.infinity)), ("count", .integer(7)),
            ("flag", .bool(true)), ("nothing", .null), ("list", .array([.number(1.5), .number(2), .string("x")])),
            ("nested", .object([("inner", .number(3))])),
        ])
        let document: JSONValue = .object([
            ("type", .string("FeatureCollection")),
            ("crs", .object([("type", .string("name")), ("properties", .object([("name", .string("urn:ogc:def:crs:EPSG::4490"))]))])),
            ("units", .string("m2")),
            ("features", .array([
                feature(id: .string("B01"), properties: properties, geometry: .object([("type", .string("Polygon")), ("coordinates", square)])),
                feature(id: nil, properties: .object([("id", .string("B02"))]),
                        geometry: .object([("type", .string("MultiPolygon")),
                                           ("coordinates", .array([.array(square.arrayItems + hole.arrayItems), square]))])),
                feature(id: .number(17), properties: .object([]), geometry: .null),
                feature(id: .string("P"), properties: .null, geometry: .object([("type", .string("Point")), ("coordinates", at(113, 36))])),
                feature(id: .string("bad"), properties: .object([]),
                        geometry: .object([("type", .string("Polygon")), ("coordinates", .array([.array([.array([.string("113"), .number(36)])])]))])),
            ])),
        ])

        let direct = try FeatureFile(geoJSON: document, path: "out.gpkg")
        let text = JSONWriter.string(document, pretty: false) + "\n"
        let readBack = try GeoJSONReader().parse(bytes: Array(text.utf8), path: "out.gpkg")

        XCTAssertEqual(direct.crs, readBack.crs)
        XCTAssertEqual(direct.crs, CRSIdentifier.parse("EPSG:4490"))
        XCTAssertEqual(direct.crsSource, readBack.crsSource)
        XCTAssertEqual(direct.features.count, 5)
        XCTAssertEqual(direct.features.count, readBack.features.count)
        for (a, b) in zip(direct.features, readBack.features) {
            XCTAssertEqual(a.index, b.index)
            XCTAssertEqual(a.id, b.id)
            XCTAssertEqual(a.properties.map(\.key), b.properties.map(\.key), a.id)
            XCTAssertEqual(a.properties.map(\.value), b.properties.map(\.value), a.id)
            XCTAssertEqual(a.geometry?.polygons, b.geometry?.polygons, a.id)
            XCTAssertEqual(a.geometry?.typeName, b.geometry?.typeName, a.id)
            XCTAssertEqual(a.readProblem != nil, b.readProblem != nil, a.id)
        }
        // The values a GDAL field type is chosen by: an integral number is an integer, a non-finite one is null.
        XCTAssertEqual(direct.features[0].property("whole"), .integer(42))
        XCTAssertEqual(direct.features[0].property("not_a_number"), .null)
        XCTAssertEqual(direct.features[0].property("area_m2"), .number(1_234_567.891_234_5))
        XCTAssertEqual(direct.features[1].geometry?.polygons?.count, 2)
        XCTAssertNotNil(direct.features[4].readProblem)
    }

    func testNoCRSMemberIsCRS84AndAnUnknownOneIsAnError() throws {
        let plain: JSONValue = .object([("type", .string("FeatureCollection")), ("features", .array([]))])
        XCTAssertEqual(try FeatureFile(geoJSON: plain, path: "x.gpkg").crs, .crs84)
        let odd: JSONValue = .object([("type", .string("FeatureCollection")), ("crs", .object([("type", .string("link"))])), ("features", .array([]))])
        XCTAssertThrowsError(try FeatureFile(geoJSON: odd, path: "x.gpkg")) { error in
            XCTAssertTrue("\(error)".contains("x.gpkg"), "\(error)")
        }
        let text = JSONWriter.string(odd, pretty: false)
        XCTAssertThrowsError(try GeoJSONReader().parse(bytes: Array(text.utf8), path: "x.gpkg"))
    }

    private func at(_ x: Double, _ y: Double) -> JSONValue { .array([.number(x), .number(y)]) }

    private func feature(id: JSONValue?, properties: JSONValue, geometry: JSONValue) -> JSONValue {
        .object([("type", .string("Feature"))] + (id.map { [("id", $0)] } ?? []) + [("properties", properties), ("geometry", geometry)])
    }
}

private extension JSONValue {
    var arrayItems: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }
}

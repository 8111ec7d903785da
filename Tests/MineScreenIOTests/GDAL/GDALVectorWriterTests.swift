import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

final class GDALVectorWriterTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try makeScratchFolder("gdal-writer")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func out(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Largest vertex distance between two feature lists, in CRS units, pairing features by id.
    private func maxShift(_ a: [Feature], _ b: [Feature]) throws -> Double {
        var worst = 0.0
        let byID = Dictionary(uniqueKeysWithValues: b.map { ($0.id, $0) })
        for f in a {
            let g = try XCTUnwrap(byID[f.id], f.id)
            let pa = try XCTUnwrap(f.geometry?.polygons), pb = try XCTUnwrap(g.geometry?.polygons)
            XCTAssertEqual(pa.map { $0.rings.map(\.count) }, pb.map { $0.rings.map(\.count) }, f.id)
            for (p, q) in zip(pa, pb) {
                for (r, s) in zip(p.rings, q.rings) {
                    for (u, v) in zip(r, s) { worst = max(worst, abs(u.x - v.x), abs(u.y - v.y)) }
                }
            }
        }
        return worst
    }

    func testGeoPackageRoundTripKeepsCoordinatesAndProperties() throws {
        let source = try GDALVectorReader.read(path: Fixture.path("gdal/changzhi-cs21.gpkg"), idField: "code")
        let path = out("zones.gpkg")
        let summary = try GDALVectorWriter.write(features: source.features, crs: source.crs, to: path)
        XCTAssertEqual(summary.featureCount, 21)
        XCTAssertTrue(summary.renamedFields.isEmpty)
        let back = try GDALVectorReader.read(path: path, idField: "code")
        XCTAssertEqual(back.crs, .cgcs2000)
        XCTAssertEqual(back.features.count, 21)
        // 1e-9° is 0.1 mm; GeoPackage keeps the doubles exactly.
        XCTAssertLessThanOrEqual(try maxShift(source.features, back.features), 1e-9)
        for (a, b) in zip(source.features, back.features) {
            XCTAssertEqual(a.properties.map(\.key), b.properties.map(\.key))
            XCTAssertEqual(a.properties.map(\.value), b.properties.map(\.value), a.id)
        }
        XCTAssertEqual(back.features.first?.property("county"), .string("沁源县"))
        XCTAssertEqual(back.features.first?.property("declared_km2"), .number(2.45))
        // Areas still match the oracle after the trip.
        let zones = try XCTUnwrap(try Fixture.json("changzhi-cs21.oracle.json")["zones"] as? [String: Double])
        let result = AreaAnalysis.run(try InputLoader.load(path: path, options: LoadOptions(idField: "code", threads: 2)),
                                      options: AreaOptions(), threads: 2)
        for f in result.features { XCTAssertRelative(f.area, try XCTUnwrap(zones[f.id]), 1e-9, f.id) }
    }

    func testShapefileInAProjectedCRS() throws {
        let source = try GDALVectorReader.read(path: Fixture.path("gdal/changzhi-cs21-4526.shp"), idField: "code")
        let path = out("zones-4526.shp")
        try GDALVectorWriter.write(features: source.features, crs: source.crs, to: path)
        for sidecar in ["shx", "dbf", "prj", "cpg"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: out("zones-4526." + sidecar)), sidecar)
        }
        XCTAssertEqual(try String(contentsOfFile: out("zones-4526.cpg"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines), "UTF-8")
        let back = try GDALVectorReader.readLayer(path: path, idField: "code")
        XCTAssertEqual(back.file.crs, CRSIdentifier(authority: "EPSG", code: "4526"))
        XCTAssertLessThanOrEqual(try maxShift(source.features, back.file.features), 0.001)  // metres
        XCTAssertEqual(back.file.features.first?.property("county"), .string("沁源县"))
        XCTAssertFalse(back.warnings.contains { $0.contains("GBK") })
    }

    func testShapefileFieldNamesAndTypes() throws {
        let square = Geometry.polygon(Polygon(rings: [[Position(112, 36), Position(112.01, 36), Position(112.01, 36.01), Position(112, 36)]]))
        let long = String(repeating: "很长的名字", count: 20)  // 100 characters, 300 bytes: more than a DBF field holds
        let features = [
            Feature(index: 0, id: "a", properties: [("declared_km2", .number(1.5)), ("declared_kmx", .integer(7)),
                                                   ("县名称字段", .string("沁源县")), ("count", .integer(3)), ("flag", .bool(true)),
                                                   ("mixed", .integer(1)), ("note", .null), ("text", .string(long))], geometry: square),
            Feature(index: 1, id: "b", properties: [("declared_km2", .integer(2)), ("mixed", .string("x")), ("note", .string("备注"))],
                    geometry: .multiPolygon([Polygon(rings: [[Position(113, 36), Position(113.01, 36), Position(113.01, 36.01), Position(113, 36)]])])),
        ]
        let path = out("fields.shp")
        let summary = try GDALVectorWriter.write(features: features, crs: .cgcs2000, to: path)
        let renamed = Dictionary(uniqueKeysWithValues: summary.renamedFields.map { ($0.property, $0.field) })
        XCTAssertEqual(renamed["declared_km2"], "declared_k")
        XCTAssertEqual(renamed["declared_kmx"], "declared_1")
        XCTAssertEqual(renamed["县名称字段"], "县名称")  // 9 bytes: a fourth character would not fit in 10
        let back = try GDALVectorReader.read(path: path)
        XCTAssertEqual(back.features.count, 2)
        let a = back.features[0], b = back.features[1]
        XCTAssertEqual(a.property("declared_k"), .number(1.5))
        XCTAssertEqual(b.property("declared_k"), .number(2))   // integers mixed with fractions: Real
        XCTAssertEqual(a.property("declared_1"), .integer(7))
        XCTAssertEqual(a.property("县名称"), .string("沁源县"))
        XCTAssertEqual(a.property("count"), .integer(3))
        XCTAssertEqual(b.property("mixed"), .string("x"))      // text wins: numbers written as their text
        XCTAssertEqual(a.property("mixed"), .string("1"))
        XCTAssertEqual(b.property("note"), .string("备注"))
        XCTAssertEqual(b.geometry?.polygons?.count, 1)
        // The text field is as wide as DBF allows; GDAL cuts the rest and says so.
        let text = try XCTUnwrap(a.property("text")?.stringValue)
        XCTAssertTrue(long.hasPrefix(text.prefix(80)), text)
        XCTAssertLessThanOrEqual(text.utf8.count, 254)
    }

    func testRefusesWhatItCannotWrite() throws {
        let line = Feature(index: 4, id: "L1", geometry: .lineString([Position(0, 0), Position(1, 1)]))
        let path = out("lines.gpkg")
        XCTAssertThrowsError(try GDALVectorWriter.write(features: [line], crs: .cgcs2000, to: path)) { error in
            XCTAssertTrue("\(error)".contains("feature 4 (id L1) is LineString"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        let nan = Feature(index: 0, id: "n", geometry: .polygon(Polygon(rings: [[Position(0, 0), Position(.nan, 0), Position(1, 1), Position(0, 0)]])))
        XCTAssertThrowsError(try GDALVectorWriter.write(features: [nan], crs: .cgcs2000, to: path))
        XCTAssertThrowsError(try GDALVectorWriter.write(features: [], crs: .cgcs2000, to: out("x.kml")))
    }

    func testXian80LayerIsRefusedLikeAnyOther() throws {
        // Only the .prj matters here: the loader must refuse the datum before looking at coordinates.
        let square = Geometry.polygon(Polygon(rings: [[Position(500000, 4000000), Position(501000, 4000000), Position(501000, 4001000), Position(500000, 4000000)]]))
        let path = out("xian80.gpkg")
        try GDALVectorWriter.write(features: [Feature(index: 0, id: "a", geometry: square)], crs: CRSIdentifier(authority: "EPSG", code: "2383"), to: path)
        XCTAssertThrowsError(try InputLoader.load(path: path, options: LoadOptions(threads: 1))) { error in
            guard case InputError.unsupportedDatum = error else { return XCTFail("\(error)") }
        }
    }

    func testEmptyGeometryIsRejectedAsEmpty() throws {
        let square = Geometry.polygon(Polygon(rings: [[Position(112, 36), Position(112.01, 36), Position(112.01, 36.01), Position(112, 36)]]))
        let path = out("empty.gpkg")
        try GDALVectorWriter.write(features: [Feature(index: 0, id: "ok", geometry: square),
                                              Feature(index: 1, id: "e", geometry: .multiPolygon([]))], crs: .cgcs2000, to: path)
        let layer = try InputLoader.load(path: path, options: LoadOptions(threads: 1))
        XCTAssertEqual(layer.features.count, 1)
        XCTAssertEqual(layer.rejected.map(\.reason), ["empty geometry"])
    }

    func testExistingFilesAreOverwrittenOnlyWhenAsked() throws {
        let square = Geometry.polygon(Polygon(rings: [[Position(112, 36), Position(112.01, 36), Position(112.01, 36.01), Position(112, 36)]]))
        let path = out("again.shp")
        try GDALVectorWriter.write(features: [Feature(index: 0, id: "a", properties: [("n", .integer(1))], geometry: square)], crs: .cgcs2000, to: path)
        XCTAssertThrowsError(try GDALVectorWriter.write(features: [], crs: .cgcs2000, to: path)) { error in
            XCTAssertEqual(error as? InputError, .cannotWrite(file: path, why: "exists (not overwritten)"))
        }
        let two = (0..<2).map { Feature(index: $0, id: "\($0)", properties: [("m", .string("x"))], geometry: square) }
        try GDALVectorWriter.write(features: two, crs: .cgcs2000, to: path, overwrite: true)
        let back = try GDALVectorReader.read(path: path)
        XCTAssertEqual(back.features.count, 2)
        XCTAssertEqual(back.features[0].properties.map(\.key), ["m"])
    }
}

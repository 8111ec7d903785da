import Foundation
import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
import MineScreenTestSupport

/// The columnar (Arrow stream) reader against the per-feature reader, which the oracle tests of
/// GDALVectorReaderTests hold to the pyproj areas: on every fixture format both must give the same features,
/// ids, properties and coordinates bit for bit, the same rejections and the same errors.
/// Fixtures: Fixtures/gdal (Scripts/oracles/make_gdal_fixtures.sh), Fixtures/gdal-typed
/// (Scripts/oracles/make_typed_gdal_fixtures.sh), Fixtures/hostile/inputs.
final class GDALColumnarReadingTests: XCTestCase {
    static let wellFormed = ["gdal/changzhi-cs21.shp", "gdal/changzhi-cs21-cp936.shp", "gdal/changzhi-cs21-nocpg.shp",
                             "gdal/changzhi-cs21-4526.shp", "gdal/changzhi-cs21-tm1125.shp", "gdal/changzhi-cs21.gpkg",
                             "gdal/changzhi-cs21.fgb", "gdal/changzhi-cs21.gdb", "gdal/two-layers.gpkg",
                             "gdal-typed/typed-noflag.gpkg", "gdal-typed/typed-noflag.fgb", "gdal-typed/typed.shp"]
    /// Layers the columnar path must leave to the per-feature path (a date field; a boolean field).
    static let steppedAside = ["gdal-typed/typed.gpkg", "gdal-typed/typed-nodate.gpkg", "gdal-typed/typed.fgb"]
    static let odd = ["gdal/odd.gpkg", "gdal/changzhi-cs21-noprj.shp"]
    static let hostile = ["cut-features.fgb", "truncated-table.gdb", "deleted-record.shp", "header-only.fgb",
                          "short-shp.shp", "empty-dbf.shp", "truncated-header.gdb", "short-dbf.shp"]

    func testColumnarPathTakesEveryWellFormedFixture() throws {
        for name in Self.wellFormed {
            XCTAssertNotNil(try columnar(Fixture.path(name)), "\(name): the Arrow path stepped aside")
        }
        for name in Self.steppedAside {
            XCTAssertNil(try columnar(Fixture.path(name)), "\(name): a date or boolean field must send the layer to the per-feature path")
        }
    }

    func testBothPathsReadEveryFixtureAlike() throws {
        for name in Self.wellFormed + Self.steppedAside + Self.odd {
            let path = Fixture.path(name)
            let crs: CRSIdentifier? = name.contains("noprj") ? .cgcs2000 : nil
            let fast = try GDALVectorReader.readLayer(path: path, idField: nil, crsOverride: crs)
            let slow = try readingFeatureByFeature { try GDALVectorReader.readLayer(path: path, idField: nil, crsOverride: crs) }
            XCTAssertEqual(fast.warnings, slow.warnings, name)
            assertSame(fast.file.features, slow.file.features, name)
        }
    }

    /// Shapefiles read in two halves at once give what one read gives (the threshold lowered so that the
    /// 21-zone fixtures split); one with a deleted record is read in one piece.
    func testShapefilesReadInHalvesAsInOnePiece() throws {
        let saved = GDALColumnarReading.halvesFrom
        GDALColumnarReading.halvesFrom = 2
        defer { GDALColumnarReading.halvesFrom = saved }
        for name in Self.wellFormed.filter({ $0.hasSuffix(".shp") }) {
            let path = Fixture.path(name)
            let halves = try GDALVectorReader.readLayer(path: path, threads: 2)
            let slow = try readingFeatureByFeature { try GDALVectorReader.readLayer(path: path) }
            XCTAssertEqual(halves.warnings, slow.warnings, name)
            assertSame(halves.file.features, slow.file.features, name)
            let session = GDALSession()
            let layer = try XCTUnwrap(try GDALDataset.openForReading(path, session: session).layers.first)
            let count = try XCTUnwrap(layer.cheapFeatureCount)
            XCTAssertNotNil(GDALColumnarReading.rawFeaturesInHalves(path: path, openOptions: [], layerName: layer.name,
                                                                    count: count, fields: layer.fields), "\(name): not read in halves")
        }
        for name in Self.hostile.filter({ $0.hasSuffix(".shp") }) {
            let path = Fixture.path("hostile/inputs/" + name)
            let halves = Result { try GDALVectorReader.readLayer(path: path, threads: 2) }
            let slow = readingFeatureByFeature { Result { try GDALVectorReader.readLayer(path: path) } }
            switch (halves, slow) {
            case let (.success(a), .success(b)): assertSame(a.file.features, b.file.features, name)
            case let (.failure(a), .failure(b)): XCTAssertEqual("\(a)", "\(b)", name)
            default: XCTFail("\(name): one read failed, the other did not: \(halves) / \(slow)")
            }
        }
    }

    /// A layer told to read one field (`OGRLayer.readsOnly`) still goes through the Arrow path, with that field's
    /// values as a read of every field gives them.
    func testOneFieldReadsThroughTheArrowPath() throws {
        for name in Self.wellFormed {
            let session = GDALSession()
            let dataset = try GDALDataset.openForReading(Fixture.path(name), session: session)
            let layer = try XCTUnwrap(dataset.layers.first(where: \.hasGeometry))
            let fields = layer.fields
            let all = try XCTUnwrap(GDALColumnarReading.rawFeatures(layer, fields: fields, session: session), name)
            let k = fields.count - 1
            XCTAssertTrue(layer.readsOnly([fields[k]], geometry: true), name)
            let one = try XCTUnwrap(GDALColumnarReading.rawFeatures(layer, fields: [fields[k]], session: session), "\(name): stepped aside")
            XCTAssertEqual(one.map { String(reflecting: $0.values) }, all.map { String(reflecting: [$0.values[k]]) }, name)
            XCTAssertEqual(one.map { String(reflecting: $0.geometry) }, all.map { String(reflecting: $0.geometry) }, name)
        }
    }

    func testTypedFixtureValuesAsWritten() throws {
        // What ogr2ogr wrote (Scripts/oracles/make_typed_gdal_fixtures.sh), read through the Arrow path.
        let features = try GDALVectorReader.read(path: Fixture.path("gdal-typed/typed-noflag.gpkg")).features
        XCTAssertEqual(features.map(\.id), ["1", "2", "3", "4", "5", "6", "7", "8"])
        XCTAssertEqual(features[0].property("name"), .string("长治一号"))
        XCTAssertEqual(features[0].property("big"), .integer(9_007_199_254_740_993))
        XCTAssertEqual(features[1].property("n"), .integer(-2_147_483_648))
        XCTAssertEqual(features[1].property("share"), .number(1e-300))
        XCTAssertEqual(features[2].property("name"), .null)
        XCTAssertNil(features[3].geometry)
        XCTAssertNil(features[4].geometry)  // GeoJSON's empty polygon: ogr2ogr writes no geometry
        XCTAssertEqual(features[5].geometry?.typeName, "Point")
        // The circular arc is linearised by GDAL, as the per-feature path does it.
        XCTAssertGreaterThan(features[6].geometry?.polygons?.first?.exterior.count ?? 0, 20)
        XCTAssertEqual(features[7].readProblem, "empty geometry")
    }

    func testDamagedFilesFailOrRejectAlike() throws {
        for name in Self.hostile {
            let path = Fixture.path("hostile/inputs/" + name)
            let fast = Result { try GDALVectorReader.readLayer(path: path, crsOverride: .cgcs2000) }
            let slow = Result { try readingFeatureByFeature { try GDALVectorReader.readLayer(path: path, crsOverride: .cgcs2000) } }
            switch (fast, slow) {
            case (.success(let a), .success(let b)):
                XCTAssertEqual(a.warnings, b.warnings, name)
                assertSame(a.file.features, b.file.features, name)
            case (.failure(let a), .failure(let b)):
                XCTAssertEqual("\(a)", "\(b)", name)
            default:
                XCTFail("\(name): Arrow path \(fast), per-feature path \(slow)")
            }
        }
    }

    func testShapefileTextIsRecodedHereOnlyWhereGDALWouldRecodeIt() throws {
        // testBothPathsReadEveryFixtureAlike holds the recoded text to GDAL's own recoding (the per-feature path).
        for (name, encoding) in [("gdal/changzhi-cs21.shp", "GBK"), ("gdal/changzhi-cs21-cp936.shp", "CP936"),
                                 ("gdal-typed/typed.shp", "GBK"), ("gdal/changzhi-cs21-nocpg.shp", nil),
                                 ("gdal/changzhi-cs21-noprj.shp", nil), ("gdal/changzhi-cs21.gpkg", nil)] {
            let session = GDALSession()
            let dataset = try GDALDataset.openForReading(Fixture.path(name), session: session)
            let layer = try XCTUnwrap(dataset.layers.first)
            let found = ShapefileRecoding.unrecodedLayer(layer, path: Fixture.path(name), session: session)
            XCTAssertEqual(found?.1.sourceEncoding, encoding, name)
        }
        let names = try GDALVectorReader.read(path: Fixture.path("gdal/changzhi-cs21.shp"), idField: "code").features
            .compactMap { $0.property("name")?.labelText }
        XCTAssertEqual(names.prefix(3), ["集中开采区001", "集中开采区002", "集中开采区003"])  // as in Fixtures/changzhi-cs21.geojson
    }

    // MARK: helpers

    /// The columnar reader's features for the first layer with geometry, or nil when it steps aside.
    private func columnar(_ path: String) throws -> [RawFeature]? {
        let session = GDALSession()
        let dataset = try GDALDataset.openForReading(path, session: session)
        let layer = try XCTUnwrap(dataset.layers.first(where: \.hasGeometry))
        return GDALColumnarReading.rawFeatures(layer, fields: layer.fields, session: session)
    }

    /// Equal in every field; doubles compared by their exact printed form (so -0.0 and 0.0 differ).
    private func assertSame(_ a: [Feature], _ b: [Feature], _ name: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, name, file: file, line: line)
        for (x, y) in zip(a, b) {
            XCTAssertEqual(x.index, y.index, name, file: file, line: line)
            XCTAssertEqual(x.id, y.id, name, file: file, line: line)
            XCTAssertEqual(String(reflecting: x.properties), String(reflecting: y.properties), "\(name) \(x.id)", file: file, line: line)
            XCTAssertEqual(String(reflecting: x.geometry), String(reflecting: y.geometry), "\(name) \(x.id)", file: file, line: line)
            XCTAssertEqual(x.readProblem, y.readProblem, "\(name) \(x.id)", file: file, line: line)
        }
    }
}

/// `body` with GDAL layers read feature by feature (`MINESCREEN_GDAL_READ=features`): the reader the faster paths
/// are held to.
func readingFeatureByFeature<T>(_ body: () throws -> T) rethrows -> T {
    setenv("MINESCREEN_GDAL_READ", "features", 1)
    defer { unsetenv("MINESCREEN_GDAL_READ") }
    return try body()
}

import Foundation
import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenIO
import MineScreenTestSupport

/// `LoadOptions.keepsProperties` false (constraint layers of overlap, screen, serve): features keep no property
/// once the id field has given their ids (`Feature.hasIdField` says it was there), and ids are read as before.
final class KeptPropertiesTests: XCTestCase {
    func testOnlyTheIdFieldIsKeptWhenAsked() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kept-\(UUID().uuidString).geojson")
        defer { try? FileManager.default.removeItem(at: file) }
        let square = #"{"type":"Polygon","coordinates":[[[112,36],[112.001,36],[112.001,36.001],[112,36.001],[112,36]]]}"#
        let features = (0..<3).map { k in
            #"{"type":"Feature","id":"f\#(k)","properties":{"DLMC":"旱地","BSM":"14042100000000000\#(k)","n":\#(k)},"geometry":\#(square)}"#
        }
        try Data(#"{"type":"FeatureCollection","features":[\#(features.joined(separator: ","))]}"#.utf8).write(to: file)
        for idField in ["BSM", nil] as [String?] {
            var options = LoadOptions(idField: idField)
            let all = try InputLoader.load(path: file.path, options: options)
            options.keepsProperties = false
            let trimmed = try InputLoader.load(path: file.path, options: options)
            XCTAssertEqual(trimmed.features.map(\.feature.id), all.features.map(\.feature.id))
            XCTAssertEqual(all.features.map { $0.feature.properties.map(\.key) }, Array(repeating: ["DLMC", "BSM", "n"], count: 3))
            XCTAssertEqual(trimmed.features.map { $0.feature.properties.map(\.key) }, Array(repeating: [], count: 3))
            XCTAssertEqual(trimmed.features.map(\.feature.hasIdField), Array(repeating: idField != nil, count: 3))
        }
        XCTAssertEqual(try InputLoader.load(path: file.path, options: LoadOptions(idField: "BSM")).features.map(\.feature.id),
                       ["140421000000000000", "140421000000000001", "140421000000000002"])
        // An id field no feature has: the error lists the fields there are, as with all properties kept.
        var missing = LoadOptions(idField: "CODE")
        missing.keepsProperties = false
        XCTAssertThrowsError(try InputLoader.load(path: file.path, options: missing)) { error in
            XCTAssertTrue("\(error)".contains("its fields: DLMC, BSM, n"), "\(error)")
        }
    }

    /// The same through GDAL (a Shapefile of the 21 Changzhi zones: fields id, code, name, county, mineral, declared_k).
    /// GBK Shapefiles (GDAL recodes them: only the id field is read) and one GDAL does not recode (all are read),
    /// GeoPackage, FlatGeobuf and FileGDB (Unicode text: only the id field is read); ids in Chinese too.
    func testGDALLayersKeepOnlyTheIdFieldWhenAsked() throws {
        for name in ["changzhi-cs21.shp", "changzhi-cs21-cp936.shp", "changzhi-cs21-nocpg.shp", "changzhi-cs21.gpkg",
                     "changzhi-cs21.fgb", "changzhi-cs21.gdb"] {
            let path = Fixture.path("gdal/" + name)
            for idField in ["code", "name"] {
                var options = LoadOptions(idField: idField, threads: 2)
                let all = try InputLoader.load(path: path, options: options)
                options.keepsProperties = false
                let trimmed = try InputLoader.load(path: path, options: options)
                XCTAssertEqual(trimmed.features.map(\.feature.id), all.features.map(\.feature.id), name)
                XCTAssertEqual(String(reflecting: trimmed.features.map(\.feature.geometry)), String(reflecting: all.features.map(\.feature.geometry)), name)
                // A Shapefile's DBF cuts declared_km2 to ten characters.
                let declared = name.hasSuffix(".shp") ? "declared_k" : "declared_km2"
                XCTAssertEqual(Set(all.features.map { $0.feature.properties.map(\.key) }), [["id", "code", "name", "county", "mineral", declared]], name)
                XCTAssertEqual(Set(trimmed.features.map { $0.feature.properties.map(\.key) }), [[]], name)
                XCTAssertTrue(trimmed.features.allSatisfy(\.feature.hasIdField), name)
            }
            XCTAssertTrue(try InputLoader.load(path: path, options: LoadOptions(idField: "name")).features.contains { $0.feature.id == "集中开采区001" }, name)
            var options = LoadOptions(idField: "CODE", threads: 2)
            options.keepsProperties = false
            XCTAssertThrowsError(try InputLoader.load(path: path, options: options)) { error in
                XCTAssertTrue("\(error)".contains("its fields: id, code, name, county, mineral, declared_k"), "\(name): \(error)")
            }
        }
    }
}

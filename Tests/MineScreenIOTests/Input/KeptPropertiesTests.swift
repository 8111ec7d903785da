import Foundation
import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenIO
import MineScreenTestSupport

/// `LoadOptions.keepsProperties` false (constraint layers of overlap, screen, serve): every feature keeps only
/// its id field's property, and ids are read as before.
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
            XCTAssertEqual(trimmed.features.map { $0.feature.properties.map(\.key) }, Array(repeating: idField.map { [$0] } ?? [], count: 3))
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
    func testGDALLayersKeepOnlyTheIdFieldWhenAsked() throws {
        let path = try Fixture.path("gdal/changzhi-cs21.shp")
        var options = LoadOptions(idField: "code", threads: 2)
        let all = try InputLoader.load(path: path, options: options)
        options.keepsProperties = false
        let trimmed = try InputLoader.load(path: path, options: options)
        XCTAssertEqual(trimmed.features.map(\.feature.id), all.features.map(\.feature.id))
        XCTAssertEqual(Set(all.features.map { $0.feature.properties.map(\.key) }), [["id", "code", "name", "county", "mineral", "declared_k"]])
        XCTAssertEqual(Set(trimmed.features.map { $0.feature.properties.map(\.key) }), [["code"]])
        options.idField = "CODE"
        XCTAssertThrowsError(try InputLoader.load(path: path, options: options)) { error in
            XCTAssertTrue("\(error)".contains("its fields: id, code, name, county, mineral, declared_k"), "\(error)")
        }
    }
}

import Foundation
import XCTest

/// An option naming a field that no feature has would silently change the results (index ids, no
/// declared figures, one group): exit 2 naming the option, the field, the file and the fields it has.
final class NamedFieldTests: XCTestCase {
    private let zones = "Fixtures/changzhi-cs21.geojson"

    private func assertMissingField(_ arguments: [String], option: String, file: String,
                                    sourceFile: StaticString = #filePath, line: UInt = #line) throws {
        let run = try CLI.run(arguments)
        XCTAssertEqual(run.status, 2, run.stderr, file: sourceFile, line: line)
        XCTAssertEqual(run.stdout, "", file: sourceFile, line: line)
        for part in [file, option, "cdoe", "no feature has", "code, name, county"] {
            XCTAssertTrue(run.stderr.contains(part), "\(part) in \(run.stderr)", file: sourceFile, line: line)
        }
    }

    func testIdFieldNoFeatureHas() throws {
        try assertMissingField(["area", zones, "--id-field", "cdoe"], option: "--id-field", file: zones)
        try assertMissingField(["area", "Fixtures/gdal/changzhi-cs21.shp", "--id-field", "cdoe"], option: "--id-field",
                               file: "Fixtures/gdal/changzhi-cs21.shp")
        let present = try CLI.run(["area", zones, "--id-field", "code"])
        XCTAssertEqual(present.status, 0, present.stderr)
    }

    func testLayerIdFieldNoFeatureHas() throws {
        try assertMissingField(["overlap", zones, "--layer", "zones=Fixtures/gdal/changzhi-cs21.gpkg", "--layer-id-field", "zones=cdoe"],
                               option: "--layer-id-field zones", file: "Fixtures/gdal/changzhi-cs21.gpkg")
    }

    func testRulesIdFieldNoFeatureHas() throws {
        let rules = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID()).yaml").path
        defer { try? FileManager.default.removeItem(atPath: rules) }
        try "layers:\n  - name: zones\n    path: \(CLI.fixture("changzhi-cs21.geojson"))\n    id_field: cdoe\n"
            .write(toFile: rules, atomically: true, encoding: .utf8)
        try assertMissingField(["screen", zones, "--rules", rules], option: "id_field of layer zones", file: "changzhi-cs21.geojson")
    }

    func testCheckOptionsNoFeatureHas() throws {
        try assertMissingField(["check", zones, "--id-field", "cdoe"], option: "--id-field", file: zones)
        try assertMissingField(["check", zones, "--id-field", "code", "--declared-field", "cdoe"], option: "--declared-field", file: zones)
    }

    func testDeclaredFieldAndGroupByNoFeatureHas() throws {
        try assertMissingField(["area", zones, "--declared-field", "cdoe"], option: "--declared-field", file: zones)
        try assertMissingField(["area", zones, "--group-by", "cdoe"], option: "--group-by", file: zones)
        let present = try CLI.run(["area", zones, "--declared-field", "declared_km2", "--group-by", "county"])
        XCTAssertEqual(present.status, 0, present.stderr)
    }
}

import Foundation
import XCTest
@testable import MineScreenKit

/// Paths into the repository's Fixtures/ and helpers to read oracle JSON written by Scripts/oracles.
enum Fixture {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ relative: String) -> String { root.appendingPathComponent("Fixtures/" + relative).path }

    static func json(_ relative: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path(relative)))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func load(_ relative: String, idField: String? = nil, crs: CRSIdentifier? = nil, repair: Bool = false,
                     accepted: AcceptedGeometry = .polygonsOnly) throws -> LoadedLayer {
        try InputLoader.load(path: path(relative), options: LoadOptions(idField: idField, crsOverride: crs, repair: repair,
                                                                         accepted: accepted, threads: 2))
    }
}

/// Parses GeoJSON text held in a test.
func parseGeoJSON(_ text: String, idField: String? = nil) throws -> FeatureFile {
    try GeoJSONReader(idField: idField).parse(bytes: Array(text.utf8), path: "test.geojson")
}

func XCTAssertRelative(_ actual: Double, _ expected: Double, _ tolerance: Double, _ message: String = "",
                       file: StaticString = #filePath, line: UInt = #line) {
    let scale = max(abs(expected), 1e-300)
    XCTAssert(abs(actual - expected) / scale <= tolerance,
              "\(message) \(actual) vs \(expected): relative \(abs(actual - expected) / scale) > \(tolerance)", file: file, line: line)
}

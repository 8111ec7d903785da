import Foundation
import XCTest
import MineScreenKit

/// Paths into the repository's Fixtures/ and helpers to read oracle JSON written by Scripts/oracles.
public enum Fixture {
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func path(_ relative: String) -> String { root.appendingPathComponent("Fixtures/" + relative).path }

    public static func json(_ relative: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path(relative)))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    public static func load(_ relative: String, idField: String? = nil, crs: CRSIdentifier? = nil, repair: Bool = false,
                     accepted: AcceptedGeometry = .polygonsOnly) throws -> LoadedLayer {
        try InputLoader.load(path: path(relative), options: LoadOptions(idField: idField, crsOverride: crs, repair: repair,
                                                                         accepted: accepted, threads: 2))
    }
}

/// Parses GeoJSON text held in a test.
public func parseGeoJSON(_ text: String, idField: String? = nil) throws -> FeatureFile {
    try GeoJSONReader(idField: idField).parse(bytes: Array(text.utf8), path: "test.geojson")
}

public func XCTAssertRelative(_ actual: Double, _ expected: Double, _ tolerance: Double, _ message: String = "",
                       file: StaticString = #filePath, line: UInt = #line) {
    let scale = max(abs(expected), 1e-300)
    XCTAssert(abs(actual - expected) / scale <= tolerance,
              "\(message) \(actual) vs \(expected): relative \(abs(actual - expected) / scale) > \(tolerance)", file: file, line: line)
}

/// An empty folder of its own under the temporary directory, for one test (named `prefix-` and a UUID); the test
/// removes it when done.
public func makeScratchFolder(_ prefix: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

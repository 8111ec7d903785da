import Foundation
import XCTest
import MineScreenKit  // deliberately not @testable: the README's snippet must compile against the public API alone

/// The library snippet of README.md, compiled and run here against the overlap fixture's oracle
/// (Fixtures/overlap/oracle.json from Scripts/oracles/make_overlap_fixture.py: shapely + pyproj Geod).
final class ReadmeLibrarySnippetTests: XCTestCase {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testSnippetRunsAndMatchesTheOracle() throws {
        // The snippet's paths are relative to the repository root, as a user in a checkout types them.
        let previous = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(Self.repositoryRoot.path))
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }

        // README snippet: begin
        // Blocks and a constraint layer: the CRS comes from each file, every feature is checked or rejected.
        let blocks = try InputLoader.load(path: "Fixtures/overlap/blocks.geojson", options: LoadOptions(idField: "code"))
        let redline = ConstraintLayer(
            name: "redline",
            loaded: try InputLoader.load(path: "Fixtures/overlap/redline.geojson", options: LoadOptions()))

        // Areas in m²: ellipsoidal (geodesic, CGCS2000) by default; `.tdt1055` or `.planar` on request.
        var options = AreaOptions()
        options.method = .ellipsoidal
        let areas = AreaAnalysis.run(blocks, options: options)
        for feature in areas.features { print(feature.id, feature.area) }

        // Per block: the union of what the red line covers (with the patches' ids) and the clean rest, in m².
        let overlap = OverlapEngine(blocks: blocks, layers: [redline]).run()
        for block in overlap.results {
            print(block.id, block.overlaps[0].area, block.overlaps[0].featureIDs, block.clean)
        }
        for rejected in areas.rejected + overlap.rejected { print(rejected.id, rejected.file, rejected.reason) }
        // README snippet: end

        let oracleURL = Self.repositoryRoot.appendingPathComponent("Fixtures/overlap/oracle.json")
        let oracle = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: oracleURL)) as? [String: Any])
        let expected = try XCTUnwrap(oracle["blocks"] as? [[String: Any]])
        XCTAssertEqual(areas.features.map(\.id), expected.compactMap { $0["id"] as? String })
        XCTAssertEqual(overlap.results.map(\.id), expected.compactMap { $0["id"] as? String })
        XCTAssertTrue(areas.rejected.isEmpty && overlap.rejected.isEmpty)
        for (k, block) in expected.enumerated() {
            let id = try XCTUnwrap(block["id"] as? String)
            let area = try XCTUnwrap(block["area_m2"] as? Double)
            let red = try XCTUnwrap((block["overlaps"] as? [String: [String: Any]])?["redline"])
            let redArea = try XCTUnwrap(red["area_m2"] as? Double)
            XCTAssertEqual(areas.features[k].area, area, accuracy: area * 1e-6, id)
            XCTAssertEqual(overlap.results[k].area, area, accuracy: area * 1e-6, id)
            XCTAssertEqual(overlap.results[k].overlaps[0].area, redArea, accuracy: max(1e-3, redArea * 1e-6), id)
            XCTAssertEqual(overlap.results[k].overlaps[0].featureIDs, red["features"] as? [String], id)
            XCTAssertEqual(overlap.results[k].clean, area - redArea, accuracy: max(1e-3, area * 1e-6), id)
        }
    }

    /// README.md shows the lines between the markers above, unindented: the two may not drift apart.
    func testReadmeShowsThisSnippet() throws {
        let source = try String(contentsOfFile: #filePath, encoding: .utf8).components(separatedBy: "\n")
        let begin = try XCTUnwrap(source.firstIndex { $0.hasSuffix("// README snippet: begin") })
        let end = try XCTUnwrap(source.firstIndex { $0.hasSuffix("// README snippet: end") })
        let indent = String(source[begin].prefix { $0 == " " })
        let body = source[(begin + 1)..<end].map { $0.hasPrefix(indent) ? String($0.dropFirst(indent.count)) : $0 }
        let expected = (["import MineScreenKit", ""] + body).joined(separator: "\n")

        let readme = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let blocks = readme.components(separatedBy: "```swift\n").dropFirst().map { $0.components(separatedBy: "\n```")[0] }
        XCTAssertEqual(blocks.count, 1, "README.md should hold one Swift snippet")
        XCTAssertEqual(blocks.first, expected)
    }
}

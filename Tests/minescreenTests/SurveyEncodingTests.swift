import Foundation
import XCTest

/// A 坐标文件 with one byte that is neither UTF-8 nor GBK is still read as a 坐标文件: the block holding the
/// byte is rejected naming its line (or, outside the blocks, the run stops naming the line), never an
/// "invalid JSON" without a line. And a GeoJSON file whose text mentions [地块坐标] stays GeoJSON.
final class SurveyEncodingTests: XCTestCase {
    private let source = "Fixtures/coordfile/changzhi-cs21-gbk.txt"

    /// The GBK fixture with 0xFF inserted after the first 3 bytes of line `line` (from 1).
    private func withBadByte(line: Int) throws -> String {
        var lines = try Data(contentsOf: URL(fileURLWithPath: CLI.fixture("coordfile/changzhi-cs21-gbk.txt")))
            .split(separator: 0x0A, omittingEmptySubsequences: false).map { [UInt8]($0) }
        lines[line - 1].insert(0xFF, at: 3)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-byte-\(UUID()).txt").path
        try Data(lines.joined(separator: [0x0A])).write(to: URL(fileURLWithPath: path))
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testBadByteInAPointLineRejectsItsBlock() throws {
        // Line 15 is point J2 of CS001 (line 13 is its header line).
        let path = try withBadByte(line: 15)
        let area = try CLI.run(["area", path, "--format", "json"])
        XCTAssertEqual(area.status, 3, area.stderr)
        let json = try area.json()
        let rejected = try XCTUnwrap(json["rejected"] as? [[String: Any]])
        XCTAssertEqual(rejected.compactMap { $0["id"] as? String }, ["CS001"])
        let reason = try XCTUnwrap(rejected.first?["reason"] as? String)
        XCTAssertTrue(reason.contains("line 15") && reason.contains("0xFF"), reason)
        XCTAssertEqual((json["features"] as? [Any])?.count, 20)

        let check = try CLI.run(["check", path])
        XCTAssertEqual(check.status, 1, check.stderr)
        XCTAssertTrue(check.stdout.contains("\(path):15"), check.stdout)
        // The unbroken file reads all 21.
        let sound = try CLI.run(["area", source, "--format", "json"])
        XCTAssertEqual((try sound.json()["features"] as? [Any])?.count, 21)
    }

    func testBadByteInTheHeaderSectionStopsNamingTheLine() throws {
        // Line 3 is 数据产生单位=…: no block to reject, so the run stops (exit 2) at file:line.
        let path = try withBadByte(line: 3)
        let run = try CLI.run(["area", path])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("\(path):3:"), run.stderr)
        XCTAssertFalse(run.stderr.contains("JSON"), run.stderr)
    }

    func testGeoJSONMentioningTheSectionNameStaysGeoJSON() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mentions-\(UUID()).geojson").path
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        try """
        {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": "A", "note": "坐标见 [地块坐标]"},
         "geometry": {"type": "Polygon", "coordinates": [[[112, 36], [112.01, 36], [112.01, 36.01], [112, 36]]]}}]}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try CLI.run(["area", path, "--id-field", "code", "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual((try run.json()["features"] as? [[String: Any]])?.first?["id"] as? String, "A")
    }
}

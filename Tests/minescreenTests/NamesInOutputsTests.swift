import Foundation
import XCTest

/// `--name-field` names reach every output, CSV and GeoJSON (blocks, overlaps, remainders) as well as the
/// tables, JSON, HTML and workbook: a name is read from the input, so the test compares with the input file.
final class NamesInOutputsTests: XCTestCase {
    /// code → name as the demo input holds them.
    func demoNames() throws -> [String: String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: CLI.fixture("demo/blocks.geojson")))
        let features = try XCTUnwrap((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["features"] as? [[String: Any]])
        var names: [String: String] = [:]
        for f in features {
            let p = try XCTUnwrap(f["properties"] as? [String: Any])
            names[try XCTUnwrap(p["code"] as? String)] = try XCTUnwrap(p["name"] as? String)
        }
        return names
    }

    let screen = ["screen", "Fixtures/demo/blocks.geojson", "--rules", "Fixtures/demo/rules.yaml", "--id-field", "code",
                  "--name-field", "name", "--quiet"]

    func testScreenCSVHasANameColumn() throws {
        let names = try demoNames()
        let run = try CLI.run(screen + ["--format", "csv"])
        XCTAssertEqual(run.status, 1, run.stderr)
        let lines = run.stdout.replacingOccurrences(of: "\u{FEFF}", with: "").components(separatedBy: "\r\n").filter { !$0.isEmpty }
        XCTAssertEqual(lines[0].split(separator: ",").prefix(2), ["id", "name"])
        XCTAssertEqual(lines.count - 1, names.count)
        for line in lines.dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            XCTAssertEqual(cells[1], names[cells[0]], line)
        }
    }

    func testScreenGeoJSONAndRemaindersCarryNames() throws {
        let names = try demoNames()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("minescreen-names-\(UUID().uuidString).geojson")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let run = try CLI.run(screen + ["--format", "geojson", "--remainder", scratch.path])
        XCTAssertEqual(run.status, 1, run.stderr)
        for document in [try run.json(), try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: scratch)) as? [String: Any])] {
            let features = try XCTUnwrap(document["features"] as? [[String: Any]])
            XCTAssertFalse(features.isEmpty)
            for f in features {
                let p = try XCTUnwrap(f["properties"] as? [String: Any])
                XCTAssertEqual(p["name"] as? String, names[p["id"] as? String ?? ""], "\(p)")
            }
        }
    }

    func testOverlapCSVAndGeoJSONCarryNames() throws {
        let overlap = ["overlap", "Fixtures/demo/blocks.geojson", "--layer", "redline=Fixtures/demo/redline.geojson",
                       "--id-field", "code", "--name-field", "name", "--quiet"]
        let names = try demoNames()
        let csv = try CLI.run(overlap + ["--format", "csv"])
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let lines = csv.stdout.replacingOccurrences(of: "\u{FEFF}", with: "").components(separatedBy: "\r\n").filter { !$0.isEmpty }
        XCTAssertEqual(lines[0].split(separator: ",").prefix(2), ["id", "name"])
        for line in lines.dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            XCTAssertEqual(cells[1], names[cells[0]], line)
        }
        let geojson = try CLI.run(overlap + ["--format", "geojson"])
        let features = try XCTUnwrap(try geojson.json()["features"] as? [[String: Any]])
        XCTAssertFalse(features.isEmpty)
        for f in features {
            let p = try XCTUnwrap(f["properties"] as? [String: Any])
            XCTAssertEqual(p["name"] as? String, names[p["block"] as? String ?? ""], "\(p)")
        }
    }

    func testNoNameColumnWithoutNames() throws {
        let run = try CLI.run(["screen", "Fixtures/demo/blocks.geojson", "--rules", "Fixtures/demo/rules.yaml", "--id-field", "code",
                               "--quiet", "--format", "csv"])
        XCTAssertTrue(run.stdout.replacingOccurrences(of: "\u{FEFF}", with: "").hasPrefix("id,area_m2,"), run.stdout)
    }
}

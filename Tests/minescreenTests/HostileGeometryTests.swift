import Foundation
import XCTest

/// Issue #13 from the user's side: an antimeridian layer feature, a whole-globe block
/// (Fixtures/hostile/geometry from Scripts/hostile/geometry.py; areas from pyproj.Geod).
final class HostileGeometryTests: XCTestCase {
    let directory = "Fixtures/hostile/geometry/"

    func oracleArea(_ file: String, _ id: String) throws -> Double {
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: CLI.fixture("hostile/geometry/expected.json"))))
        return try XCTUnwrap(((expected as? [String: Any])?[file] as? [String: Any])?["area_m2"] as? [String: Double])[id] ?? -1
    }

    /// Before: both blocks "blocked", 100 % overlapped by a 0.02° patch read as a band round the globe.
    func testScreenWithAntimeridianLayerFeatureLeavesBlocksAtZeroAndOneHundredThirteenEastClean() throws {
        let run = try CLI.run(["screen", directory + "blocks-0-113.geojson", "--rules", directory + "rules.yaml", "--format", "json"])
        XCTAssertEqual(run.status, 3, run.stderr)  // layer features rejected
        let json = try run.json()
        let blocks = try XCTUnwrap(json["blocks"] as? [[String: Any]])
        XCTAssertEqual(blocks.compactMap { $0["id"] as? String }, ["B0", "B113"])
        for block in blocks {
            let id = try XCTUnwrap(block["id"] as? String)
            XCTAssertEqual(block["verdict"] as? String, "clean", id)
            XCTAssertEqual(block["conflict_m2"] as? Double, 0, id)
            XCTAssertEqual(try XCTUnwrap(block["area_m2"] as? Double), try oracleArea("blocks-0-113.geojson", id), accuracy: 1e-3, id)
        }
        let rejected = try XCTUnwrap(json["rejected"] as? [[String: Any]])
        XCTAssertEqual(rejected.compactMap { $0["id"] as? String }, ["AM1", "AM-split"])
        XCTAssertEqual(rejected.compactMap { $0["layer"] as? String }, ["antimeridian", "antimeridian"])
        XCTAssertTrue((rejected[0]["reason"] as? String)?.hasPrefix("crosses the antimeridian: the edge from 179.99,10 to -179.99,10") == true)

        // overlap says the same: nothing of the layer in either block.
        let overlap = try CLI.run(["overlap", directory + "blocks-0-113.geojson", "--layer", "am=" + directory + "antimeridian-layer.geojson", "--format", "json"])
        XCTAssertEqual(overlap.status, 3, overlap.stderr)
        for block in try XCTUnwrap(try overlap.json()["blocks"] as? [[String: Any]]) {
            XCTAssertEqual(block["conflict_m2"] as? Double, 0, "\(block["id"] ?? "")")
        }
    }

    /// Before: `screen` ran for over 150 s at 525 MB and `area` called the globe 0 m².
    func testWholeGlobeBlockIsRejectedFastWithExitThreeAndTheReason() throws {
        let run = try CLI.run(["screen", directory + "globe-block.geojson", "--rules", directory + "rules.yaml", "--format", "json"])
        XCTAssertEqual(run.status, 3, run.stderr)
        let json = try run.json()
        let blocks = try XCTUnwrap(json["blocks"] as? [[String: Any]])
        XCTAssertEqual(blocks.compactMap { $0["id"] as? String }, ["ok"])
        XCTAssertEqual(try XCTUnwrap(blocks.first?["area_m2"] as? Double), try oracleArea("globe-block.geojson", "ok"), accuracy: 1e-3)
        let globe = try XCTUnwrap((json["rejected"] as? [[String: Any]])?.first { $0["id"] as? String == "GLOBE" })
        XCTAssertNil(globe["layer"])
        XCTAssertTrue((globe["reason"] as? String)?.hasPrefix("touches a pole (position 1: -180,-90)") == true, "\(globe)")

        let area = try CLI.run(["area", directory + "globe-block.geojson"])
        XCTAssertEqual(area.status, 3, area.stderr)
        XCTAssertTrue(area.stdout.contains("GLOBE: touches a pole"), area.stdout)
        XCTAssertFalse(area.stdout.contains("GLOBE   "), area.stdout)  // no area row for it

        for command in [["grid", directory + "globe-block.geojson"], ["convert", directory + "globe-block.geojson", "-"]] {
            let output = FileManager.default.temporaryDirectory.appendingPathComponent("globe-\(UUID()).geojson").path
            defer { try? FileManager.default.removeItem(atPath: output) }
            let run = try CLI.run(command.map { $0 == "-" ? output : $0 })
            XCTAssertEqual(run.status, 3, "\(command[0]): \(run.stderr)")
            XCTAssertTrue((run.stdout + run.stderr).contains("touches a pole"), "\(command[0]): \(run.stdout) \(run.stderr)")
        }
    }

    /// Before: `check` called the whole globe and the antimeridian crossing "ok" (exit 0).
    func testCheckFindsTheGlobeAndTheAntimeridianCrossing() throws {
        for (file, bad) in [("globe-block.geojson", ["GLOBE"]), ("antimeridian-layer.geojson", ["AM1", "AM-split"])] {
            let run = try CLI.run(["check", directory + file, "--format", "json"])
            XCTAssertEqual(run.status, 1, "\(file): \(run.stderr)")
            let blocks = try XCTUnwrap(try run.json()["blocks"] as? [[String: Any]])
            let found = blocks.filter { !(($0["problems"] as? [Any])?.isEmpty ?? true) }
            XCTAssertEqual(found.compactMap { $0["id"] as? String }, bad, file)
            for block in found {
                let problem = try XCTUnwrap((block["problems"] as? [[String: Any]])?.first)
                XCTAssertEqual(problem["code"] as? String, "out-of-range")
                let message = try XCTUnwrap(problem["message"] as? String)
                XCTAssertTrue(message.hasPrefix("touches a pole") || message.hasPrefix("crosses the antimeridian"), message)
            }
        }
    }
}

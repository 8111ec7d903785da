import XCTest
import MineScreenTestSupport

/// `minescreen screen` run as a user would, against Fixtures/screen/oracle.json (shapely + pyproj).
final class ScreenCommandTests: XCTestCase {
    func testVerdictsExitCodeAndRemainder() throws {
        let remainderPath = FileManager.default.temporaryDirectory.appendingPathComponent("remainder-\(UUID()).geojson").path
        defer { try? FileManager.default.removeItem(atPath: remainderPath) }
        let run = try CLI.run(["screen", "Fixtures/screen/blocks.geojson", "--rules", "Fixtures/screen/rules.yaml",
                               "--id-field", "code", "--format", "json", "--remainder", remainderPath])
        XCTAssertEqual(run.status, 1, run.stderr)  // some blocks are not clean
        let json = try run.json()
        XCTAssertEqual(json["areaMethod"] as? String, "ellipsoidal")
        XCTAssertEqual((json["rules"] as? [String: Any])?["tolerance_m2"] as? Double, 1)
        let summary = try XCTUnwrap(json["summary"] as? [String: Any])
        let oracle = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: CLI.fixture("screen/oracle.json")))) as? [String: Any])?["blocks"] as? [[String: Any]])
        for verdict in ["clean", "needs-cut", "blocked"] {
            XCTAssertEqual(summary[verdict] as? Int, oracle.filter { $0["verdict"] as? String == verdict }.count, verdict)
        }
        let blocks = try XCTUnwrap(json["blocks"] as? [[String: Any]])
        for (b, e) in zip(blocks, oracle) {
            XCTAssertEqual(b["id"] as? String, e["id"] as? String)
            XCTAssertEqual(b["verdict"] as? String, e["verdict"] as? String, b["id"] as? String ?? "")
            let reasons = try XCTUnwrap(b["reasons"] as? [[String: Any]])
            XCTAssertEqual(reasons.compactMap { $0["layer"] as? String },
                           (e["reasons"] as? [[String: Any]])?.compactMap { $0["layer"] as? String })
            for r in reasons { for key in ["layer", "area_m2", "percent", "count", "features"] { XCTAssertNotNil(r[key], key) } }
            XCTAssertNotNil(b["overlapsWith"] as? [Any])
            let area = try XCTUnwrap(b["area_m2"] as? Double)
            XCTAssertEqual(try XCTUnwrap(b["clean_m2"] as? Double) + (b["conflict_m2"] as? Double ?? -1), area, accuracy: area * 1e-9)
        }
        let remainder = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: remainderPath))) as? [String: Any])
        let features = try XCTUnwrap(remainder["features"] as? [[String: Any]])
        let cleanByID = Dictionary(uniqueKeysWithValues: blocks.map { ($0["id"] as! String, $0["clean_m2"] as! Double) })
        XCTAssertEqual(features.count, blocks.count)
        for f in features {
            let properties = try XCTUnwrap(f["properties"] as? [String: Any])
            let id = try XCTUnwrap(properties["id"] as? String)
            XCTAssertEqual(try XCTUnwrap(properties["area_m2"] as? Double), cleanByID[id]!, accuracy: max(0.01, cleanByID[id]! * 1e-6), id)
        }
        let k06 = try XCTUnwrap(features.first { ($0["properties"] as? [String: Any])?["id"] as? String == "K06" })
        XCTAssertEqual((k06["geometry"] as? [String: Any])?["type"] as? String, "MultiPolygon")
    }

    func testAllCleanExitsZero() throws {
        let run = try CLI.run(["screen", "Fixtures/screen/blocks.geojson", "--rules", "Fixtures/screen/rules.yaml", "--id-field", "code"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stdout.contains("needs-cut"))
        XCTAssertTrue(run.stdout.contains("blocked"))
        // One clean block alone: exit 0.
        let single = FileManager.default.temporaryDirectory.appendingPathComponent("k01-\(UUID()).geojson").path
        defer { try? FileManager.default.removeItem(atPath: single) }
        let all = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: CLI.fixture("screen/blocks.geojson")))) as? [String: Any])
        var one = all
        one["features"] = (all["features"] as? [[String: Any]])?.filter { ($0["properties"] as? [String: Any])?["code"] as? String == "K01" }
        try JSONSerialization.data(withJSONObject: one).write(to: URL(fileURLWithPath: single))
        let clean = try CLI.run(["screen", single, "--rules", "Fixtures/screen/rules.yaml", "--id-field", "code", "--format", "csv"])
        XCTAssertEqual(clean.status, 0, clean.stderr)
        XCTAssertTrue(clean.stdout.contains("K01,"))
    }

    func testRulesErrorsExitTwoNamingTheLine() throws {
        let rules = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID()).yaml").path
        defer { try? FileManager.default.removeItem(atPath: rules) }
        try "tolerance_m2: 1\nlayers:\n  - name: redline\n    path: \(CLI.fixture("screen/redline.geojson"))\n    colour: red\n".write(toFile: rules, atomically: true, encoding: .utf8)
        let run = try CLI.run(["screen", "Fixtures/screen/blocks.geojson", "--rules", rules])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains(":5"), run.stderr)
        XCTAssertTrue(run.stderr.contains("colour"), run.stderr)
        XCTAssertEqual(run.stdout, "")
    }

    func testRejectedInputWinsOverNotClean() throws {
        let rules = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID()).yaml").path
        defer { try? FileManager.default.removeItem(atPath: rules) }
        try "layers:\n  - name: bad\n    path: \(CLI.fixture("bad/mixed.geojson"))\n".write(toFile: rules, atomically: true, encoding: .utf8)
        let run = try CLI.run(["screen", "Fixtures/bad/mixed.geojson", "--rules", rules, "--format", "json"])
        XCTAssertEqual(run.status, 3, run.stderr)
    }

    func testDemoRulesRun() throws {
        let run = try CLI.run(["screen", "Fixtures/demo/blocks.geojson", "--rules", "Fixtures/demo/rules.yaml", "--id-field", "code"])
        XCTAssertEqual(run.status, 1, run.stderr)
        for verdict in ["clean", "needs-cut", "blocked"] { XCTAssertTrue(run.stdout.contains(verdict), verdict) }
    }
}

/// Cases found in review, each in a scratch folder.
final class ScreenEdgeCaseTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = try makeScratchFolder("screen-edge")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func write(_ name: String, _ text: String) throws { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }

    func box(_ w: Double, _ s: Double, _ e: Double, _ n: Double) -> String {
        #"{"type":"Polygon","coordinates":[[[\#(w),\#(s)],[\#(e),\#(s)],[\#(e),\#(n)],[\#(w),\#(n)],[\#(w),\#(s)]]]}"#
    }

    func collection(_ geometries: [String]) -> String {
        #"{"type":"FeatureCollection","crs":"EPSG:4490","features":[\#(geometries.map { #"{"type":"Feature","properties":{},"geometry":\#($0)}"# }.joined(separator: ","))]}"#
    }

    func screen(_ rules: String) throws -> (CLIRun, [String: Any]) {
        try write("rules.yaml", rules)
        let run = try CLI.run(["screen", folder.appendingPathComponent("blocks.geojson").path,
                               "--rules", folder.appendingPathComponent("rules.yaml").path, "--format", "json",
                               "--remainder", folder.appendingPathComponent("remainder.geojson").path])
        return (run, try run.json())
    }

    func testZeroBufferStillCountsAnOverlappingPolygon() throws {
        try write("blocks.geojson", collection([box(113.30, 36.30, 113.32, 36.32)]))
        try write("rights.geojson", collection([box(113.31, 36.31, 113.33, 36.33)]))
        let (plainRun, plain) = try screen("layers:\n  - name: rights\n    path: rights.geojson\n")
        let (zeroRun, zero) = try screen("layers:\n  - name: rights\n    path: rights.geojson\n    buffer_m: 0\n")
        XCTAssertEqual(plainRun.status, 1)
        XCTAssertEqual(zeroRun.status, 1)
        let a = try XCTUnwrap((plain["blocks"] as? [[String: Any]])?.first)
        let b = try XCTUnwrap((zero["blocks"] as? [[String: Any]])?.first)
        XCTAssertEqual(b["verdict"] as? String, "needs-cut")
        XCTAssertEqual(b["conflict_m2"] as? Double ?? 0, a["conflict_m2"] as? Double ?? -1, accuracy: (a["conflict_m2"] as? Double ?? 0) * 1e-4)
    }

    func testRemainderOfABlockCoveredByConflictsInTwoPlanesIsEmpty() throws {
        // Red line covers the whole block (lon/lat plane); a railway corridor crosses it (block-centred plane).
        try write("blocks.geojson", collection([box(113.30, 36.30, 113.40, 36.40)]))
        try write("redline.geojson", collection([box(113.2, 36.2, 113.5, 36.5)]))
        try write("rail.geojson", collection([#"{"type":"LineString","coordinates":[[113.35,36.0],[113.35,36.7]]}"#]))
        let (run, json) = try screen("min_clean_area_m2: 100\nlayers:\n  - name: redline\n    path: redline.geojson\n  - name: railway\n    path: rail.geojson\n    buffer_m: 100\n")
        XCTAssertEqual(run.status, 1, run.stderr)
        let block = try XCTUnwrap((json["blocks"] as? [[String: Any]])?.first)
        XCTAssertEqual(block["verdict"] as? String, "blocked")
        XCTAssertEqual(block["clean_m2"] as? Double, 0)
        let remainder = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("remainder.geojson"))) as? [String: Any])
        let pieces = (remainder["features"] as? [[String: Any]] ?? []).compactMap { ($0["properties"] as? [String: Any])?["area_m2"] as? Double }
        XCTAssertLessThanOrEqual(pieces.reduce(0, +), 1, "remainder \(pieces) left where the block is fully in conflict")
        // Without a minimum remainder in the rules, nothing left is still blocked, not a cut.
        let (_, noMinimum) = try screen("layers:\n  - name: redline\n    path: redline.geojson\n")
        XCTAssertEqual((noMinimum["blocks"] as? [[String: Any]])?.first?["verdict"] as? String, "blocked")
    }

    func testCSVListsRejectedFeatures() throws {
        try write("blocks.geojson", #"{"type":"FeatureCollection","features":[{"type":"Feature","id":"ok","properties":{},"geometry":\#(box(113.30, 36.30, 113.32, 36.32))},{"type":"Feature","id":"bad","properties":{},"geometry":null}]}"#)
        try write("rights.geojson", collection([box(113.5, 36.5, 113.6, 36.6)]))
        try write("rules.yaml", "layers:\n  - name: rights\n    path: rights.geojson\n")
        let run = try CLI.run(["screen", folder.appendingPathComponent("blocks.geojson").path, "--rules",
                               folder.appendingPathComponent("rules.yaml").path, "--format", "csv"])
        XCTAssertEqual(run.status, 3)
        let rows = run.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        XCTAssertEqual(rows.count, 3)
        XCTAssertTrue(rows[0].hasSuffix(",rejected"), rows[0])
        XCTAssertTrue(rows[2].hasPrefix("bad,") && rows[2].contains("null geometry"), rows[2])
    }
}

import Foundation
import XCTest
import MineScreenTestSupport

/// `minescreen rectify` on Fixtures/rectify (Scripts/oracles/make_rectify_fixture.py): licences in EPSG:4490,
/// ore bodies in EPSG:4547, footprints in EPSG:4526; one mine per rule, expectations in oracle.json.
final class RectifyCommandTests: XCTestCase {
    let arguments = ["rectify", "Fixtures/rectify/mines.geojson", "--rules", "Fixtures/rectify/rules.yaml",
                     "--orebodies", "Fixtures/rectify/orebodies.geojson", "--footprints", "Fixtures/rectify/footprints.geojson", "--quiet"]
    var scratch: URL!

    override func setUpWithError() throws {
        scratch = try makeScratchFolder("minescreen-rectify")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    func path(_ name: String) -> String { scratch.appendingPathComponent(name).path }

    var oracle: [String: Any] {
        get throws {
            let data = try Data(contentsOf: URL(fileURLWithPath: CLI.fixture("rectify/oracle.json")))
            return try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
    }

    func report() throws -> [String: Any] {
        let run = try CLI.run(arguments + ["--format", "json"])
        XCTAssertEqual(run.status, 3, run.stderr)
        return try run.json()
    }

    func mines(_ json: [String: Any]) throws -> [String: [String: Any]] {
        let list = try XCTUnwrap(json["mines"] as? [[String: Any]])
        return Dictionary(uniqueKeysWithValues: list.map { ($0["id"] as? String ?? "?", $0) })
    }

    func reasons(_ mine: [String: Any]?, _ code: String) -> [[String: Any]] {
        (mine?["reasons"] as? [[String: Any]] ?? []).filter { $0["code"] as? String == code }
    }

    func testEveryMineGetsTheListAndReasonsItsCaseExpects() throws {
        let json = try report()
        let byID = try mines(json)
        let expected = try XCTUnwrap(try oracle["mines"] as? [String: [String: Any]])
        var rejectedFields: [String] = []
        for (id, want) in expected {
            let category = want["category"] as? String
            let codes = want["codes"] as? [String] ?? []
            if category == "rejected" {
                rejectedFields += codes
                XCTAssertNil(byID[id], "\(id) should be rejected")
                continue
            }
            let mine = try XCTUnwrap(byID[id], "\(id) (\(want["fixture"] ?? "")) missing")
            XCTAssertEqual(mine["category"] as? String, category, "\(id) \(want["fixture"] ?? "")")
            let got = Set((mine["reasons"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String })
            XCTAssertEqual(got, Set(codes), "\(id) \(want["fixture"] ?? "")")
        }
        // The mine without a licence number is named by its index in the file.
        XCTAssertEqual(byID["1"]?["licence"] as? NSNull, NSNull())
        let rejected = try XCTUnwrap(json["rejected"] as? [[String: Any]])
        XCTAssertEqual(rejected.count, rejectedFields.count)
        for field in rejectedFields {
            XCTAssertTrue(rejected.contains { ($0["reason"] as? String ?? "").contains("attribute \(field):") }, "rejection naming \(field)")
        }
        let summary = try XCTUnwrap(json["summary"] as? [String: Any])
        for category in ["close", "exit", "consolidate", "upgrade", "keep"] {
            XCTAssertEqual(summary[category] as? Int, expected.values.filter { $0["category"] as? String == category }.count, category)
        }
    }

    func testGroupsAreTheConnectedMinesOfDifferentOwners() throws {
        let json = try report()
        let groups = try XCTUnwrap(json["groups"] as? [[String: Any]])
        let expected = try XCTUnwrap(try oracle["groups"] as? [[String]])
        XCTAssertEqual(Set(groups.map { Set($0["mines"] as? [String] ?? []) }), Set(expected.map(Set.init)))
        // Each member names its group; the same-owner pair (sharing an ore body, 50 m apart) is in none.
        let byID = try mines(json)
        for group in groups {
            for id in group["mines"] as? [String] ?? [] { XCTAssertEqual(byID[id]?["group"] as? String, group["id"] as? String) }
        }
        let notClose = try XCTUnwrap(try oracle["not_close_m"] as? [String: Double])
        for pair in notClose.keys {
            for id in pair.split(separator: "|").map(String.init) where !expected.joined().contains(id) {
                XCTAssertEqual(byID[id]?["group"] as? NSNull, NSNull(), id)
            }
        }
    }

    func testDistancesAndAreaBeyondTheBoundaryMatchTheOracle() throws {
        let json = try report()
        let byID = try mines(json)
        for (pair, distance) in try XCTUnwrap(try oracle["too_close_m"] as? [String: Double]) {
            let ids = pair.split(separator: "|").map(String.init)
            let reason = try XCTUnwrap(reasons(byID[ids[0]], "too-close").first { $0["mine"] as? String == ids[1] }, pair)
            XCTAssertEqual(try XCTUnwrap(reason["distance_m"] as? Double), distance, accuracy: 0.05, pair)
            XCTAssertEqual(reason["safety_distance_m"] as? Double, 300)
        }
        for (id, area) in try XCTUnwrap(try oracle["beyond_boundary_m2"] as? [String: Double]) {
            let reason = try XCTUnwrap(reasons(byID[id], "beyond-boundary").first)
            XCTAssertEqual(try XCTUnwrap(reason["area_m2"] as? Double), area, accuracy: area * 1e-4, id)
            XCTAssertEqual(reason["footprints"] as? [String], ["F1"])
        }
        // 600 m² outside is under the 1000 m² tolerance: no reason.
        for (id, area) in try XCTUnwrap(try oracle["under_tolerance_m2"] as? [String: Double]) {
            XCTAssertLessThan(area, 1000)
            XCTAssertTrue(reasons(byID[id], "beyond-boundary").isEmpty, id)
        }
        XCTAssertEqual(json["unlicensedFootprints"] as? [String], try oracle["unlicensed_footprints"] as? [String])
    }

    func testTableAndCSVListEveryMineAndTheRejectedOnes() throws {
        let table = try CLI.run(arguments)
        XCTAssertEqual(table.status, 3, table.stderr)
        XCTAssertTrue(table.stdout.contains("Lists: 5 close, 7 exit, 6 consolidate, 1 upgrade, 6 keep"), table.stdout)
        XCTAssertTrue(table.stdout.contains("attribute 生产规模: \"三十\" is not a number"))
        let csv = try CLI.run(arguments + ["--format", "csv"])
        XCTAssertEqual(csv.status, 3, csv.stderr)
        let lines = csv.stdout.split(separator: "\r\n")
        XCTAssertEqual(lines.count, 1 + 25 + 2)
        XCTAssertTrue(lines.contains { $0.hasPrefix("C1405002025017130000014,") && $0.contains(",upgrade,") })
    }

    func testWorkbookListsReadBackWithOpenpyxl() throws {
        let run = try CLI.run(arguments + ["--format", "xlsx", "-o", path("lists.xlsx")])
        XCTAssertEqual(run.status, 3, run.stderr)
        XCTAssertEqual(try CLI.run(arguments + ["--format", "json", "-o", path("lists.json")]).status, 3)
        let check = try CLI.runProgram("/usr/bin/env", ["python3", "Scripts/report-check/check_rectify_workbook.py", path("lists.xlsx"), path("lists.json")])
        if check.status == 2, ProcessInfo.processInfo.environment["MINESCREEN_REQUIRE_TOOLS"] != "1" { throw XCTSkip(check.stdout) }
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
    }

    func testDossierHasTheListsAndAMapPerGroup() throws {
        let run = try CLI.run(arguments + ["--format", "html", "-o", path("lists.html")])
        XCTAssertEqual(run.status, 3, run.stderr)
        let page = try String(contentsOfFile: path("lists.html"), encoding: .utf8)
        XCTAssertEqual(page.components(separatedBy: "<svg ").count - 1, 3)
        for required in ["关闭退出名单", "升级改造名单", "整合重组名单", "id=\"group-G1\"", "id=\"group-G3\"", "ore bodies", "<script"] {
            XCTAssertEqual(page.contains(required), required != "<script", required)
        }
        // Rendered in headless Chromium: three maps, each with its licences drawn (Scripts/report-check/check_dossier.py).
        let check = try CLI.runProgram("/usr/bin/env", ["python3", "Scripts/report-check/check_dossier.py", path("lists.html"), "--maps", "3"])
        if check.status == 2, ProcessInfo.processInfo.environment["MINESCREEN_REQUIRE_TOOLS"] != "1" { throw XCTSkip(check.stdout) }
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
    }

    func testBadRulesAndOutputsOverInputsCannotRun() throws {
        try "as_of: 2025-06-30\nmin_service_years: five\nlong_stopped_years: 3\nsafety_distance_m: 300\n"
            .write(toFile: path("bad.yaml"), atomically: true, encoding: .utf8)
        let bad = try CLI.run(["rectify", "Fixtures/rectify/mines.geojson", "--rules", path("bad.yaml"), "--quiet"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("bad.yaml:2: min_service_years must be a number"), bad.stderr)
        let over = try CLI.run(arguments + ["--format", "json", "-o", "Fixtures/rectify/orebodies.geojson"])
        XCTAssertEqual(over.status, 2)
        XCTAssertTrue(over.stderr.contains("--orebodies"), over.stderr)
        let withRejections = try CLI.run(["rectify", "Fixtures/rectify/mines.geojson", "--rules", "Fixtures/rectify/jincheng-rules.yaml",
                                          "--quiet", "--format", "json", "-o", path("out.json")])
        XCTAssertEqual(withRejections.status, 3, withRejections.stderr)
    }

    func testAColumnNoMineHasCannotRun() throws {
        let rules = try String(contentsOfFile: CLI.fixture("rectify/rules.yaml"), encoding: .utf8) + "fields:\n  scale: 规模\n"
        try rules.write(toFile: path("renamed.yaml"), atomically: true, encoding: .utf8)
        let run = try CLI.run(["rectify", "Fixtures/rectify/mines.geojson", "--rules", path("renamed.yaml"), "--quiet"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("fields.scale of \(path("renamed.yaml")) names the field 规模, which no feature has"), run.stderr)
    }

    func testARunWithNothingRejectedExitsZero() throws {
        let all = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: CLI.fixture("rectify/mines.geojson")))) as? [String: Any]
        var one = try XCTUnwrap(all)
        one["features"] = Array(try XCTUnwrap(one["features"] as? [Any]).prefix(1))
        try JSONSerialization.data(withJSONObject: one).write(to: URL(fileURLWithPath: path("one.geojson")))
        let run = try CLI.run(["rectify", path("one.geojson"), "--rules", "Fixtures/rectify/rules.yaml", "--quiet", "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual((try run.json()["summary"] as? [String: Any])?["keep"] as? Int, 1)
    }
}

extension RectifyCommandTests {
    func testBrokenFootprintsAreRejectedAndTheRestStillCount() throws {
        let run = try CLI.run(["rectify", "Fixtures/rectify/mines.geojson", "--rules", "Fixtures/rectify/rules.yaml", "--quiet", "--format", "json",
                               "--footprints", "Fixtures/rectify/hostile-footprints.geojson"])
        XCTAssertEqual(run.status, 3, run.stderr)
        let json = try run.json()
        let rejected = try XCTUnwrap(json["rejected"] as? [[String: Any]]).filter { $0["layer"] as? String == "footprints" }
        XCTAssertEqual(Set(rejected.compactMap { $0["id"] as? String }), ["BOWTIE", "NULL"])
        let beyond = try mines(json)["C1405002025017130000005"].map { reasons($0, "beyond-boundary") } ?? []
        XCTAssertEqual(beyond.first?["footprints"] as? [String], ["F1"])
    }
}

extension RectifyCommandTests {
    func testIdFieldReplacesTheLicenceNumberAsId() throws {
        let run = try CLI.run(arguments + ["--format", "json", "--id-field", "矿山名称"])
        XCTAssertEqual(run.status, 3, run.stderr)
        let byID = try mines(try run.json())
        XCTAssertEqual(byID["晋城市测试02号铁矿"]?["category"] as? String, "close")
        XCTAssertEqual(byID["晋城市测试14号铁矿"]?["licence"] as? String, "C1405002025017130000014")
        XCTAssertEqual(byID.count, 25)
    }
}

import Foundation
import XCTest

/// Expected findings: Fixtures/check/expected.json, written by Scripts/oracles/make_survey_formats.py.
final class CheckCommandTests: XCTestCase {
    func testJSONContractOnTheMalformedCorpus() throws {
        let run = try CLI.run(["check", "Fixtures/check/bad-blocks.txt", "--format", "json"])
        XCTAssertEqual(run.status, 1, run.stderr)
        let json = try run.json()
        XCTAssertEqual(Set(json.keys), ["file", "blocks", "provenance"])
        XCTAssertEqual(json["file"] as? String, "Fixtures/check/bad-blocks.txt")
        let expected = try XCTUnwrap(((try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: CLI.fixture("check/expected.json"))))
            as? [String: Any])?["files"] as? [String: Any])?["bad-blocks.txt"] as? [String: [[String: Any]]])
        let blocks = try XCTUnwrap(json["blocks"] as? [[String: Any]])
        XCTAssertEqual(blocks.count, expected.count)
        for block in blocks {
            XCTAssertEqual(Set(block.keys), ["id", "problems"])
            let id = try XCTUnwrap(block["id"] as? String)
            let problems = try XCTUnwrap(block["problems"] as? [[String: Any]])
            let want = try XCTUnwrap(expected[id])
            XCTAssertEqual(problems.compactMap { $0["code"] as? String }, want.compactMap { $0["code"] as? String }, id)
            for (p, w) in zip(problems, want) {
                XCTAssertEqual(Set(p.keys), ["code", "message", "at"])
                XCTAssertFalse((p["message"] as? String ?? "").isEmpty)
                if let at = w["at"] as? [Double] { XCTAssertEqual(p["at"] as? [Double], at, id) } else { XCTAssertTrue(p["at"] is NSNull, id) }
            }
        }
    }

    func testCleanFilesExitZeroAndTablesListEveryBlock() throws {
        let clean = try CLI.run(["check", "Fixtures/cornercsv/changzhi-cs21.csv", "--input-format", "csv", "--crs", "EPSG:4526"])
        // CS001 and CS002 lie west of zone 38's band: written in zone 38 anyway (one zone per file), so flagged.
        XCTAssertEqual(clean.status, 1, clean.stderr)
        XCTAssertTrue(clean.stdout.contains("CS001  zone-mismatch"), clean.stdout)
        XCTAssertTrue(clean.stdout.contains("CS021  ok"), clean.stdout)
        let good = try CLI.run(["check", "Fixtures/coordfile/blocks-utf8.txt", "--format", "json"])
        XCTAssertEqual(good.status, 1)
        let ok = try CLI.run(["check", "Fixtures/overlap/epsg4526/blocks.geojson", "--id-field", "code"])
        XCTAssertEqual(ok.status, 0, ok.stdout + ok.stderr)
    }

    func testAreaToleranceAndDeclaredFieldOnGeoJSON() throws {
        // The Changzhi GeoJSON's declared figures are geodesic; Gauss-Krüger plane areas exceed them by 5e-5…5e-4.
        let strict = try CLI.run(["check", "Fixtures/changzhi-cs21.geojson", "--id-field", "code", "--declared-field", "declared_km2",
                                  "--area-method", "planar", "--format", "json"])
        XCTAssertEqual(strict.status, 1)
        let loose = try CLI.run(["check", "Fixtures/changzhi-cs21.geojson", "--id-field", "code", "--declared-field", "declared_km2",
                                 "--area-method", "planar", "--area-tolerance", "1e-3"])
        XCTAssertEqual(loose.status, 0, loose.stdout)
    }

    func testUnreadableFileExitsTwo() throws {
        XCTAssertEqual(try CLI.run(["check", "Fixtures/nope.txt"]).status, 2)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID()).txt").path
        try Data("[地块坐标]\nJ1,1,4000000,38500000\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try CLI.run(["check", path])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("\(path):2"), run.stderr)
    }

    func testInputFormatOnAreaAndOverlap() throws {
        let area = try CLI.run(["area", "Fixtures/cornercsv/changzhi-cs21.csv", "--input-format", "csv", "--format", "json"])
        XCTAssertEqual(area.status, 0, area.stderr)
        XCTAssertEqual(try XCTUnwrap(try area.json()["total_m2"] as? Double), 164.96e6, accuracy: 164.96e6 * 1e-6)
        let wrong = try CLI.run(["area", "Fixtures/cornercsv/changzhi-cs21.csv", "--input-format", "geojson"])
        XCTAssertEqual(wrong.status, 2)
        let overlap = try CLI.run(["overlap", "Fixtures/coordfile/blocks-gbk.txt", "--layer", "redline=Fixtures/overlap/redline.geojson",
                                   "--input-format", "auto", "--format", "json"])
        XCTAssertEqual(overlap.status, 3, overlap.stderr)
        // Blocks forced to coordfile, the GeoJSON layer given its own format.
        let forced = try CLI.run(["overlap", "Fixtures/coordfile/blocks-gbk.txt", "--layer", "redline=Fixtures/overlap/redline.geojson",
                                  "--input-format", "coordfile", "--layer-input-format", "redline=geojson", "--format", "json"])
        XCTAssertEqual(forced.status, 3, forced.stderr)
        XCTAssertEqual((try forced.json()["rejected"] as? [Any])?.count, 2)
        let bad = try CLI.run(["overlap", "Fixtures/coordfile/blocks-gbk.txt", "--layer", "redline=Fixtures/overlap/redline.geojson",
                               "--layer-input-format", "redline=shp"])
        XCTAssertEqual(bad.status, 2)
    }
}

extension CheckCommandTests {
    /// Fixtures/bad (Scripts/oracles/make_bad_corpus.py): every feature rejected on reading is a finding of
    /// `check`, every good one is clean; the self-intersection is at the oracle's point.
    func testCheckFindsEveryBadGeoJSONFeature() throws {
        let expected = try XCTUnwrap(((try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: CLI.fixture("bad/expected.json")))))
            as? [String: Any])?["features"] as? [String: [String: Any]])
        for (name, facts) in expected {
            let run = try CLI.run(["check", "Fixtures/bad/" + name, "--format", "json"])
            XCTAssertEqual(run.status, 1, name)
            let blocks = try XCTUnwrap(try run.json()["blocks"] as? [[String: Any]])
            let single = facts["rejected_index"] as? Int
            let bad = Set((facts["rejected_indices"] as? [Int]) ?? single.map { [$0] } ?? [])
            XCTAssertFalse(bad.isEmpty, name)
            for (k, block) in blocks.enumerated() {
                let problems = try XCTUnwrap(block["problems"] as? [[String: Any]])
                XCTAssertEqual(!problems.isEmpty, bad.contains(k), "\(name) #\(k): \(problems)")
            }
            if let point = facts["point"] as? [Double] {
                let found = try XCTUnwrap((blocks[1]["problems"] as? [[String: Any]])?.first)
                XCTAssertEqual(found["code"] as? String, "self-intersection")
                XCTAssertEqual(found["at"] as? [Double], point)
            }
        }
    }
}

extension CheckCommandTests {
    /// Fixtures/coordfile (Scripts/oracles/make_coordinate_file.py): CS104 unclosed, CS105 across the zone seam,
    /// the rest clean; a declared area of 0 is no claim.
    func testCoordinateFileFixtureFindings() throws {
        let run = try CLI.run(["check", "Fixtures/coordfile/blocks-utf8.txt", "--format", "json"])
        XCTAssertEqual(run.status, 1)
        var codes: [String: Set<String>] = [:]
        for block in try XCTUnwrap(try run.json()["blocks"] as? [[String: Any]]) {
            codes[block["id"] as! String] = Set((block["problems"] as! [[String: Any]]).map { $0["code"] as! String })
        }
        XCTAssertEqual(codes, ["CS101": [], "CS102": [], "CS103": [], "CS104": ["unclosed-ring"], "CS105": ["zone-mismatch"]])
    }
}

import XCTest
import MineScreenTestSupport

/// `minescreen overlap` run as a user would, compared with Fixtures/overlap oracles (shapely + pyproj).
final class OverlapCommandTests: XCTestCase {
    func overlapArguments(_ folder: String, format: String = "json") -> [String] {
        ["overlap", "\(folder)/blocks.geojson", "--layer", "redline=\(folder)/redline.geojson",
         "--layer", "farmland=\(folder)/farmland.geojson", "--layer", "urban=\(folder)/urban.geojson",
         "--id-field", "code", "--layer-id-field", "farmland=BSM", "--format", format]
    }

    func oracle(_ path: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: CLI.fixture(path)))
        return try XCTUnwrap((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["blocks"] as? [[String: Any]])
    }

    func assertMatches(_ json: [String: Any], _ oracle: [[String: Any]], file: StaticString = #filePath, line: UInt = #line) throws {
        let blocks = try XCTUnwrap(json["blocks"] as? [[String: Any]], file: file, line: line)
        XCTAssertEqual(blocks.count, oracle.count, file: file, line: line)
        for (b, e) in zip(blocks, oracle) {
            let id = b["id"] as? String ?? "?"
            XCTAssertEqual(id, e["id"] as? String, file: file, line: line)
            for key in ["area_m2", "conflict_m2", "clean_m2"] {
                let wanted = e[key] as? Double ?? -1
                XCTAssertEqual(b[key] as? Double ?? -2, wanted, accuracy: max(1e-3, wanted * 1e-6), "\(id) \(key)", file: file, line: line)
            }
            XCTAssertEqual(b["clean"] as? Bool, e["clean"] as? Bool, id, file: file, line: line)
            let overlaps = try XCTUnwrap(b["overlaps"] as? [String: [String: Any]], file: file, line: line)
            let expected = try XCTUnwrap(e["overlaps"] as? [String: [String: Any]], file: file, line: line)
            XCTAssertEqual(Set(overlaps.keys), Set(expected.keys), file: file, line: line)
            for (layer, o) in overlaps {
                let x = expected[layer]!
                let wanted = x["area_m2"] as? Double ?? -1
                XCTAssertEqual(o["area_m2"] as? Double ?? -2, wanted, accuracy: max(1e-3, wanted * 1e-6), "\(id) \(layer)", file: file, line: line)
                XCTAssertEqual(o["percent"] as? Double ?? -2, x["percent"] as? Double ?? -1, accuracy: 1e-4, "\(id) \(layer)", file: file, line: line)
                XCTAssertEqual(o["count"] as? Int, x["count"] as? Int, "\(id) \(layer)", file: file, line: line)
                XCTAssertEqual(o["features"] as? [String], x["features"] as? [String], "\(id) \(layer)", file: file, line: line)
            }
        }
    }

    func testJSONMatchesOracleInEveryCRS() throws {
        for folder in ["Fixtures/overlap", "Fixtures/overlap/nocrs", "Fixtures/overlap/epsg4526", "Fixtures/overlap/epsg4547"] {
            let run = try CLI.run(overlapArguments(folder))
            XCTAssertEqual(run.status, 0, "\(folder): \(run.stderr)")
            let json = try run.json()
            XCTAssertEqual(json["areaMethod"] as? String, "ellipsoidal")
            XCTAssertEqual(json["layers"] as? [String], ["redline", "farmland", "urban"])
            XCTAssertNotNil(json["summary"] as? [String: Any])
            XCTAssertEqual((json["rejected"] as? [Any])?.count, 0)
            try assertMatches(json, try oracle("overlap/oracle.json"))
        }
    }

    func testSharedEdgesInTheDataCRSAreNotOverlaps() throws {
        let run = try CLI.run(["overlap", "Fixtures/shared-edge/blocks.geojson", "--layer", "farmland=Fixtures/shared-edge/parcels.geojson",
                               "--id-field", "code", "--layer-id-field", "farmland=BSM", "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        try assertMatches(try run.json(), try oracle("shared-edge/oracle.json"))
    }

    func testTableCSVAndGeoJSON() throws {
        let table = try CLI.run(overlapArguments("Fixtures/overlap", format: "table"))
        XCTAssertEqual(table.status, 0)
        XCTAssertTrue(table.stdout.contains("redline"))
        XCTAssertTrue(table.stdout.contains("EPSG:4490"))
        XCTAssertTrue(table.stdout.contains("TOTAL (7)"))

        let csv = try CLI.run(overlapArguments("Fixtures/overlap", format: "csv"))
        let lines = csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        XCTAssertTrue(lines[0].hasPrefix("\u{FEFF}id,area_m2,redline_m2,redline_count,farmland_m2,farmland_count,urban_m2,urban_count,conflict_m2,clean_m2,clean"), lines[0])
        XCTAssertEqual(lines.count, 8)

        let geojson = try CLI.run(overlapArguments("Fixtures/overlap/epsg4526", format: "geojson"))
        XCTAssertEqual(geojson.status, 0)
        let collection = try geojson.json()
        XCTAssertEqual(((collection["crs"] as? [String: Any])?["properties"] as? [String: Any])?["name"] as? String, "urn:ogc:def:crs:EPSG::4490")
        let features = try XCTUnwrap(collection["features"] as? [[String: Any]])
        // One feature per (block, layer) with an overlap: B02 r, B03 r, B04 r+f, B06 f, B07 r+u.
        XCTAssertEqual(features.count, 7)
        let first = try XCTUnwrap(features.first?["geometry"] as? [String: Any])
        let ring = try XCTUnwrap((first["coordinates"] as? [[[Double]]])?.first)
        XCTAssertTrue(ring.allSatisfy { (112...114).contains($0[0]) && (35...37).contains($0[1]) }, "not lon/lat")
    }

    func testTimingsGoToStderrPhaseByPhaseAndLeaveTheReportAlone() throws {
        let plain = try CLI.run(overlapArguments("Fixtures/overlap") + ["--quiet"])
        let timed = try CLI.run(overlapArguments("Fixtures/overlap") + ["--quiet", "--timings"])
        XCTAssertEqual(timed.status, 0, timed.stderr)
        XCTAssertEqual(try timed.json()["blocks"] as? NSArray, try plain.json()["blocks"] as? NSArray)
        XCTAssertFalse(plain.stderr.contains("timing"))
        var seconds: [String: Double] = [:]
        for line in timed.stderr.split(separator: "\n") where line.hasPrefix("timing\t") {
            let fields = line.split(separator: "\t")
            XCTAssertEqual(fields.count, 3, String(line))
            seconds[String(fields[1])] = Double(fields[2])
        }
        for phase in ["read", "reproject", "index", "intersect", "union", "area", "write", "other", "total"] {
            XCTAssertGreaterThanOrEqual(seconds[phase] ?? -1, 0, "phase \(phase) missing in \(timed.stderr)")
        }
        let phases = seconds.filter { $0.key != "total" }.values.reduce(0, +)
        XCTAssertEqual(phases, seconds["total"] ?? 0, accuracy: 0.01, "the phases and other add up to the total")
    }

    /// A block half covered by a 10-parcel farmland coverage and crossed by a red-line patch, in the
    /// Gauss-Krüger plane at the central meridian (EPSG:4547; scale error < 5e-7 within 4 km), so the
    /// closed-form plane areas are the oracle: farmland 1500×4000, red line 2000×1000, shared 500×1000,
    /// conflict = 6e6 + 2e6 − 0.5e6. Exercises the conflict computed without the union of the parcels.
    func testConflictOfACoverageAndAPatchMatchesClosedForm() throws {
        try conflictOfACoverageAndAPatch(edgeMatched: true)
        try conflictOfACoverageAndAPatch(edgeMatched: false)
    }

    func conflictOfACoverageAndAPatch(edgeMatched: Bool) throws {
        let folder = try makeScratchFolder("conflict")
        defer { try? FileManager.default.removeItem(at: folder) }
        func square(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> String {
            let (ox, oy) = (500_000.0, 4_000_000.0)
            return "[[[\(ox + x0),\(oy + y0)],[\(ox + x1),\(oy + y0)],[\(ox + x1),\(oy + y1)],[\(ox + x0),\(oy + y1)],[\(ox + x0),\(oy + y0)]]]"
        }
        func write(_ name: String, _ polygons: [String]) throws {
            let features = polygons.enumerated().map { "{\"type\":\"Feature\",\"id\":\"\(name)\($0.offset)\",\"properties\":{},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":\($0.element)}}" }
            let text = "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:4547\"}},\"features\":[\(features.joined(separator: ","))]}"
            try text.write(to: folder.appendingPathComponent("\(name).geojson"), atomically: true, encoding: .utf8)
        }
        try write("block", [square(0, 0, 4000, 4000)])
        var parcels: [String] = []
        for column in 0..<2 { for row in 0..<5 { parcels.append(square(-500 + 1000 * Double(column), -500 + 1000 * Double(row), 500 + 1000 * Double(column), 500 + 1000 * Double(row))) } }
        if !edgeMatched {
            // The second column cut into 4 rows of 1250 m: its corners fall inside the first column's edges
            // (no shared vertices there), so the parcels are no exact coverage for GEOS's coverage union.
            parcels.removeLast(5)
            for row in 0..<4 { parcels.append(square(500, -500 + 1250 * Double(row), 1500, 750 + 1250 * Double(row))) }
        }
        try write("farmland", parcels)
        try write("redline", [square(1000, 1000, 3000, 2000)])
        let run = try CLI.run(["overlap", folder.appendingPathComponent("block.geojson").path,
                               "--layer", "farmland=" + folder.appendingPathComponent("farmland.geojson").path,
                               "--layer", "redline=" + folder.appendingPathComponent("redline.geojson").path, "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let block = try XCTUnwrap((try run.json()["blocks"] as? [[String: Any]])?.first)
        let overlaps = try XCTUnwrap(block["overlaps"] as? [String: [String: Any]])
        XCTAssertEqual(overlaps["farmland"]?["area_m2"] as? Double ?? 0, 6e6, accuracy: 6e6 * 1e-6)
        XCTAssertEqual(overlaps["farmland"]?["count"] as? Int, edgeMatched ? 10 : 9)
        XCTAssertEqual(overlaps["redline"]?["area_m2"] as? Double ?? 0, 2e6, accuracy: 2e6 * 1e-6)
        XCTAssertEqual(block["conflict_m2"] as? Double ?? 0, 7.5e6, accuracy: 7.5e6 * 1e-6)
        XCTAssertEqual(block["area_m2"] as? Double ?? 0, 16e6, accuracy: 16e6 * 1e-6)
    }

    func testEveryCommandTakesTimings() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("timings-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        for arguments in [["convert", "Fixtures/changzhi-cs21.geojson", out, "--quiet"], ["check", "Fixtures/changzhi-cs21.geojson"],
                          ["area", "Fixtures/changzhi-cs21.geojson"], ["grid", "Fixtures/grid/blocks.geojson"]] {
            let run = try CLI.run(arguments + ["--timings"])
            XCTAssertTrue(run.stderr.contains("timing\twrite\t") && run.stderr.contains("timing\ttotal\t"), "\(arguments[0]): \(run.stderr)")
        }
    }

    func testLayerErrorsExitTwo() throws {
        let missing = try CLI.run(["overlap", "Fixtures/overlap/blocks.geojson", "--layer", "x=Fixtures/overlap/none.geojson"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("none.geojson"))
        let badSpec = try CLI.run(["overlap", "Fixtures/overlap/blocks.geojson", "--layer", "redline"])
        XCTAssertEqual(badSpec.status, 2)
    }

    func testRejectedLayerFeatureIsListedWithItsFile() throws {
        let run = try CLI.run(["overlap", "Fixtures/overlap/blocks.geojson", "--layer", "bad=Fixtures/bad/mixed.geojson", "--format", "json"])
        XCTAssertEqual(run.status, 3)
        let rejected = try XCTUnwrap(try run.json()["rejected"] as? [[String: Any]])
        XCTAssertEqual(rejected.count, 3)
        XCTAssertTrue(rejected.allSatisfy { ($0["file"] as? String)?.hasSuffix("Fixtures/bad/mixed.geojson") ?? false })
    }
}

extension OverlapCommandTests {
    func testRejectedFeaturesNameTheirLayerAndAppearInGeoJSON() throws {
        let args = ["overlap", "Fixtures/overlap/blocks.geojson", "--layer", "bad=Fixtures/bad/mixed.geojson"]
        let json = try CLI.run(args + ["--format", "json"]).json()
        XCTAssertEqual((json["rejected"] as? [[String: Any]])?.compactMap { $0["layer"] as? String }, ["bad", "bad", "bad"])
        let geojson = try CLI.run(args + ["--format", "geojson"])
        XCTAssertEqual(geojson.status, 3)
        XCTAssertEqual((try geojson.json()["rejected"] as? [Any])?.count, 3)
    }

    func testConflictIsNeverBelowItsLargestLayer() throws {
        for folder in ["Fixtures/overlap", "Fixtures/overlap/epsg4526"] {
            let blocks = try XCTUnwrap(try CLI.run(overlapArguments(folder)).json()["blocks"] as? [[String: Any]])
            for b in blocks {
                let largest = (b["overlaps"] as? [String: [String: Any]] ?? [:]).values.compactMap { $0["area_m2"] as? Double }.max() ?? 0
                XCTAssertGreaterThanOrEqual(b["conflict_m2"] as? Double ?? -1, largest, b["id"] as? String ?? "")
            }
        }
    }
}

extension OverlapCommandTests {
    /// A Xi'an 1980 layer read through the user's parameters lines up with the same outline converted by
    /// pyproj (Fixtures/xian80/oracle.json): the block lies wholly in it.
    func testLayerOnAnOldDatumWithParameters() throws {
        let oracle = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: CLI.fixture("xian80/oracle.json")))) as? [String: Any])
        let ring = try XCTUnwrap(oracle["lonlat"] as? [[Double]])
        let parameters = try XCTUnwrap(oracle["towgs84"] as? [Double]).map { formatted($0) }.joined(separator: ",")
        let blocks = FileManager.default.temporaryDirectory.appendingPathComponent("x80-\(UUID()).geojson").path
        defer { try? FileManager.default.removeItem(atPath: blocks) }
        let geometry: [String: Any] = ["type": "Polygon", "coordinates": [ring]]
        try JSONSerialization.data(withJSONObject: ["type": "FeatureCollection", "features": [["type": "Feature", "id": "B", "properties": [:], "geometry": geometry]]])
            .write(to: URL(fileURLWithPath: blocks))
        let refused = try CLI.run(["overlap", blocks, "--layer", "rights=Fixtures/xian80/block-2383.geojson"])
        XCTAssertEqual(refused.status, 2)
        let run = try CLI.run(["overlap", blocks, "--layer", "rights=Fixtures/xian80/block-2383.geojson",
                               "--layer-towgs84", "rights=\(parameters)", "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let block = try XCTUnwrap((try run.json()["blocks"] as? [[String: Any]])?.first)
        let rights = try XCTUnwrap((block["overlaps"] as? [String: [String: Any]])?["rights"])
        XCTAssertEqual(rights["percent"] as? Double ?? 0, 100, accuracy: 1e-4)
        XCTAssertEqual(rights["features"] as? [String], ["X80-1"])
    }

    private func formatted(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }
}

import XCTest

/// Xi'an 1980 input only with the user's own parameters or pipeline. Oracles: Fixtures/xian80/oracle.json
/// and pipeline-oracle.json (pyproj running a hand-written PROJ pipeline with the same 7 parameters).
final class OldDatumCommandTests: XCTestCase {
    func oracle(_ name: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: CLI.fixture("xian80/\(name)")))) as? [String: Any])
    }

    func area(_ run: CLIRun) throws -> Double {
        let features = try XCTUnwrap(try run.json()["features"] as? [[String: Any]])
        return try XCTUnwrap(features.first?["area_m2"] as? Double)
    }

    func testPipelineAndParametersGiveTheOracleArea() throws {
        let pipelineOracle = try oracle("pipeline-oracle.json")
        let wanted = try XCTUnwrap(pipelineOracle["area_m2"] as? Double)
        let pipeline = try XCTUnwrap(pipelineOracle["pipeline"] as? String)
        let viaPipeline = try CLI.run(["area", "Fixtures/xian80/block-2383.geojson", "--pipeline", pipeline, "--format", "json"])
        XCTAssertEqual(viaPipeline.status, 0, viaPipeline.stderr)
        XCTAssertEqual(try area(viaPipeline), wanted, accuracy: wanted * 1e-9)
        XCTAssertTrue((try viaPipeline.json()["crsName"] as? String ?? "").contains("pipeline"))
        // The same 7 parameters as +towgs84 must land on the same ground: they once fell back to a
        // ballpark offset 30 m away (1e-4 in area here), which this catches.
        let viaParameters = try CLI.run(["area", "Fixtures/xian80/block-2383.geojson", "--towgs84", "24,-123,-94,0.02,-0.25,-0.13,1.1", "--format", "json"])
        XCTAssertEqual(viaParameters.status, 0, viaParameters.stderr)
        XCTAssertEqual(try area(viaParameters), wanted, accuracy: wanted * 1e-9)
        XCTAssertEqual(try oracle("oracle.json")["area_m2"] as? Double ?? 0, wanted, accuracy: wanted * 1e-9)
    }

    func testWithoutParametersTheToolRefusesAndSaysWhy() throws {
        let run = try CLI.run(["area", "Fixtures/xian80/block-2383.geojson"])
        XCTAssertEqual(run.status, 2)
        for words in ["Xian 1980", "will not guess", "--towgs84", "--pipeline"] {
            XCTAssertTrue(run.stderr.contains(words), "\(words) in \(run.stderr)")
        }
    }

    func testBadPipelinesAreClearErrors() throws {
        let notAnOperation = try CLI.run(["area", "Fixtures/xian80/block-2383.geojson", "--pipeline", "EPSG:4490"])
        XCTAssertEqual(notAnOperation.status, 2)
        XCTAssertTrue(notAnOperation.stderr.contains("not a coordinate operation"), notAnOperation.stderr)
        let both = try CLI.run(["area", "Fixtures/xian80/block-2383.geojson", "--pipeline", "+proj=noop", "--towgs84", "1,2,3"])
        XCTAssertEqual(both.status, 2)
        // Metres out (no inverse projection): every feature rejected with the reason, none analysed.
        let metres = try CLI.run(["area", "Fixtures/xian80/block-2383.geojson", "--pipeline", "+proj=noop", "--format", "json"])
        XCTAssertEqual(metres.status, 3, metres.stderr)
        let rejected = try XCTUnwrap(try metres.json()["rejected"] as? [[String: Any]])
        XCTAssertEqual(rejected.count, 1)
        XCTAssertTrue((rejected[0]["reason"] as? String ?? "").contains("not CGCS2000 longitude, latitude"), "\(rejected)")
        // Latitude first: said as such.
        let pipeline = try XCTUnwrap(try oracle("pipeline-oracle.json")["pipeline"] as? String) + " +step +proj=axisswap +order=2,1"
        let swapped = try CLI.run(["area", "Fixtures/xian80/block-2383.geojson", "--pipeline", pipeline, "--format", "json"])
        XCTAssertEqual(swapped.status, 3, swapped.stderr)
        let reason = try XCTUnwrap((try swapped.json()["rejected"] as? [[String: Any]])?.first?["reason"] as? String)
        XCTAssertTrue(reason.contains("latitude, longitude?"), reason)
    }

    /// A 坐标文件 whose 坐标系 is 1980西安坐标系 (the fixture's block, written by hand in zone 38 with the
    /// prefix: the same ground as the EPSG:2383 GeoJSON, 38 000 km east) reads as EPSG:2362 and takes the
    /// same parameters: the oracle's area.
    func testXian80CoordinateFileWithParameters() throws {
        let wanted = try XCTUnwrap(try oracle("oracle.json")["area_m2"] as? Double)
        let refused = try CLI.run(["area", "Fixtures/xian80/block-x80-zone38.txt"])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("Xian 1980") && refused.stderr.contains("--towgs84"), refused.stderr)
        let run = try CLI.run(["area", "Fixtures/xian80/block-x80-zone38.txt", "--towgs84", "24,-123,-94,0.02,-0.25,-0.13,1.1", "--format", "json"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(try area(run), wanted, accuracy: wanted * 1e-9)
    }

    /// Parameters for old data given for a CGCS2000 file would move it tens of metres: refused.
    func testParametersForACGCS2000FileAreRefused() throws {
        let run = try CLI.run(["area", "Fixtures/changzhi-cs21.geojson", "--towgs84", "24,-123,-94,0.02,-0.25,-0.13,1.1"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("already CGCS2000"), run.stderr)
    }
}

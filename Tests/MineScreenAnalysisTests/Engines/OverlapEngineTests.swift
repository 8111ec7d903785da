import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// Oracles: Fixtures/overlap/**/oracle.json from Scripts/oracles/make_overlap_fixture.py (shapely + pyproj).
final class OverlapEngineTests: XCTestCase {
    func run(_ folder: String, blocks: String? = nil, layerFolders: [String: String] = [:], threads: Int = 2,
             keepGeometry: Bool = false) throws -> OverlapResult {
        let blockLayer = try Fixture.load("\(blocks ?? folder)/blocks.geojson", idField: "code")
        var layers: [ConstraintLayer] = []
        for name in ["redline", "farmland", "urban"] {
            let loaded = try Fixture.load("\(layerFolders[name] ?? folder)/\(name).geojson", idField: name == "farmland" ? "BSM" : nil)
            layers.append(ConstraintLayer(name: name, loaded: loaded))
        }
        return OverlapEngine(blocks: blockLayer, layers: layers, output: keepGeometry ? .geometry : .areas).run(threads: threads)
    }

    func assertMatchesOracle(_ result: OverlapResult, _ oracleFile: String, tolerance: Double = 1e-6,
                             file: StaticString = #filePath, line: UInt = #line) throws {
        let oracle = try XCTUnwrap(try Fixture.json(oracleFile)["blocks"] as? [[String: Any]])
        XCTAssertEqual(result.results.map(\.id), oracle.compactMap { $0["id"] as? String }, file: file, line: line)
        XCTAssertTrue(result.rejected.isEmpty, file: file, line: line)
        for (block, expected) in zip(result.results, oracle) {
            func close(_ actual: Double, _ wanted: Any?, _ what: String) {
                let wanted = wanted as? Double ?? -1
                XCTAssert(abs(actual - wanted) <= max(1e-3, abs(wanted) * tolerance),
                          "\(block.id) \(what): \(actual) vs \(wanted)", file: file, line: line)
            }
            close(block.area, expected["area_m2"], "area")
            close(block.conflict, expected["conflict_m2"], "conflict")
            close(block.clean, expected["clean_m2"], "clean")
            XCTAssertEqual(block.isClean, expected["clean"] as? Bool, block.id, file: file, line: line)
            let overlaps = try XCTUnwrap(expected["overlaps"] as? [String: [String: Any]])
            for o in block.overlaps {
                let e = try XCTUnwrap(overlaps[o.layer])
                close(o.area, e["area_m2"], o.layer)
                close(o.percent, e["percent"], o.layer + " percent")
                XCTAssertEqual(o.count, e["count"] as? Int, "\(block.id) \(o.layer)", file: file, line: line)
                XCTAssertEqual(o.featureIDs, e["features"] as? [String], "\(block.id) \(o.layer)", file: file, line: line)
            }
            // clean + conflict = area, exactly as defined.
            XCTAssertEqual(block.clean + block.conflict, block.area, accuracy: block.area * 1e-12, file: file, line: line)
        }
    }

    func testLonLatFixtureMatchesShapelyOracle() throws {
        let result = try run("overlap")
        try assertMatchesOracle(result, "overlap/oracle.json")
        // The double-count trap: redline patches overlap, so that layer is unioned, farmland (a coverage) is summed.
        XCTAssertEqual(result.layerStates.map(\.isCoverage), [false, true, true])
        let b02 = try XCTUnwrap(result.results.first { $0.id == "B02" })
        XCTAssertEqual(b02.overlaps[0].count, 2)
    }

    func testSameAnswersInEveryCRSVariant() throws {
        for variant in ["nocrs", "epsg4526", "epsg4547"] {
            let result = try run("overlap/\(variant)")
            try assertMatchesOracle(result, "overlap/\(variant)/oracle.json")
            try assertMatchesOracle(result, "overlap/oracle.json")
        }
    }

    func testBlocksAndLayersInDifferentCRSs() throws {
        let result = try run("overlap", blocks: "overlap/epsg4526",
                             layerFolders: ["redline": "overlap", "farmland": "overlap/epsg4547", "urban": "overlap/nocrs"])
        try assertMatchesOracle(result, "overlap/oracle.json")
    }

    func testThreadCountDoesNotChangeAnswers() throws {
        let one = try run("overlap", threads: 1)
        let four = try run("overlap", threads: 4)
        for (a, b) in zip(one.results, four.results) {
            XCTAssertEqual(a.conflict, b.conflict)
            XCTAssertEqual(a.overlaps.map(\.featureIDs), b.overlaps.map(\.featureIDs))
        }
    }

    func testGeometryOutputIsLonLatAndHasTheReportedArea() throws {
        let result = try run("overlap/epsg4526", keepGeometry: true)
        let geodesic = GeodesicArea.cgcs2000
        for block in result.results {
            for o in block.overlaps {
                guard o.area > 0 else { XCTAssertNil(o.lonLatGeometry); continue }
                let polygons = try XCTUnwrap(o.lonLatGeometry)
                XCTAssertTrue(polygons.allSatisfy { $0.exterior.allSatisfy { (112...114).contains($0.x) && (35...37).contains($0.y) } })
                XCTAssertEqual(geodesic.area(polygons), o.area, accuracy: o.area * 1e-6)
            }
        }
    }
}

import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// Reading a screen JSON report as new-mine candidates: the choice per block, by hand from the verdicts and reasons.
final class NewMineCandidatesTests: XCTestCase {
    func report(_ blocks: String, rules: String = #"{"file": "r.yaml", "new_mines": {"fields": {"mineral": "mineral"}}}"#) throws -> JSONValue {
        let text = #"{"software": "minescreen 0.1.0", "corridorPlane": "tm", "rules": \#(rules), "blocks": [\#(blocks)], "summary": {}, "#
            + #""rejected": [{"index": 5, "id": "L1", "file": "layer.geojson", "reason": "bow-tie", "layer": "redline"},"#
            + #" {"index": 4, "id": "B5", "file": "b.geojson", "reason": "null geometry"}]}"#
        return try Array(text.utf8).withUnsafeBufferPointer { buffer in
            var scanner = JSONByteScanner(bytes: buffer)
            return try scanner.parseValue()
        }
    }

    func block(_ id: String, _ verdict: String, reasons: String = "", properties: String = #"{"mineral": "铁矿"}"#) -> String {
        #"{"id": "\#(id)", "area_m2": 2000000, "clean_m2": 1500000, "verdict": "\#(verdict)", "reasons": [\#(reasons)], "properties": \#(properties)}"#
    }

    func testACleanBlockWithANewMineReasonIsNotListedNorAreRejectedLayerFeatures() throws {
        let blocks = [
            block("B1", "clean"),
            // Not a verdict screen gives with such a reason, but the reason alone keeps a block off the list.
            block("B2", "clean", reasons: #"{"rule": "min-design-scale", "message": "below"}"#),
            block("B3", "needs-cut", reasons: #"{"layer": "redline", "area_m2": 500000}"#),
            block("B4", "unverified"),
        ].joined(separator: ",")
        let candidates = try NewMineCandidates(report: try report(blocks), file: "s.json")
        XCTAssertEqual(candidates.listed.map(\.id), ["B1", "B3"])
        XCTAssertEqual(candidates.listed.first?.mineral, "铁矿")
        XCTAssertEqual(candidates.listed.last?.cleanM2, 1_500_000)
        XCTAssertEqual(candidates.excluded.map(\.id), ["B2", "B4", "B5"])
        XCTAssertEqual(candidates.excluded.first?.why, "breaks new-mine rule min-design-scale")
        // Four blocks screened and B5 rejected; the layer's rejected feature is not a block.
        XCTAssertEqual(candidates.blockCount, 5)
        XCTAssertTrue(candidates.newMineRulesChecked)
        XCTAssertTrue(candidates.warnings.isEmpty, "\(candidates.warnings)")
    }

    func testRulesWithoutNewMinesAndBlocksWithoutPropertiesAreSaid() throws {
        let blocks = #"{"id": "B1", "area_m2": 1, "clean_m2": 1, "verdict": "clean", "reasons": []}"#
        let candidates = try NewMineCandidates(report: try report(blocks, rules: #"{"file": "r.yaml"}"#), file: "s.json")
        XCTAssertFalse(candidates.newMineRulesChecked)
        XCTAssertEqual(candidates.listed.map(\.id), ["B1"])
        XCTAssertNil(candidates.listed.first?.mineral)
        XCTAssertEqual(candidates.warnings.count, 2)
        XCTAssertTrue(candidates.warnings[0].contains("no new_mines section"), candidates.warnings[0])
        XCTAssertTrue(candidates.warnings[1].contains("carry no properties"), candidates.warnings[1])
    }

    func testABlockMissingWhatAScreenReportHasIsNotAReport() throws {
        for (blocks, message) in [(#"{"area_m2": 1}"#, "blocks[0] has no id"),
                                  (#"{"id": "B1", "verdict": "clean", "clean_m2": 1, "reasons": []}"#, "lacks area_m2"),
                                  (#"{"id": "B1", "verdict": "ok", "area_m2": 1, "clean_m2": 1, "reasons": []}"#, "has no verdict")] {
            XCTAssertThrowsError(try NewMineCandidates(report: try report(blocks), file: "s.json"), message) { error in
                let text = "\(error)"
                XCTAssertTrue(text.hasPrefix("s.json: not a minescreen screen JSON report") && text.contains(message), text)
            }
        }
        XCTAssertThrowsError(try NewMineCandidates(report: .array([]), file: "s.json"))
    }
}

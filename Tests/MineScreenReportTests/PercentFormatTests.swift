import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// "diff %" in the area table: a difference that rounds to zero prints as 0.000, never -0.000.
final class PercentFormatTests: XCTestCase {
    func result(area: Double, declared: Double) -> AreaResult {
        AreaResult(crs: ResolvedCRS(identifier: .cgcs2000, name: "CGCS2000", isGeographic: true), crsSource: "test",
                   method: .ellipsoidal, file: "hand-made",
                   features: [FeatureArea(index: 0, id: "A", area: area, declared: declared)], groups: [], rejected: [])
    }

    /// The table's data row for feature A, split on runs of spaces.
    func row(_ report: AreaReport) throws -> [String] {
        let line = try XCTUnwrap(report.table.split(separator: "\n").first { $0.hasPrefix("A ") })
        return line.split(separator: " ").map(String.init)
    }

    func testNegativeDifferenceRoundingToZeroPrintsWithoutSign() throws {
        // 1 000 000 m² computed, 1 000 000.001 m² declared: −1e-7 %, which rounds to zero at 3 decimals.
        let cells = try row(AreaReport(result: result(area: 1_000_000, declared: 1_000_000.001), unit: .m2))
        XCTAssertEqual(cells.last, "0.000", cells.description)
        XCTAssertFalse(cells.contains("-0.000"), cells.description)
    }

    func testRealNegativeDifferenceKeepsItsSign() throws {
        // 990 000 of 1 000 000 m² declared: −1 % exactly (hand arithmetic).
        let cells = try row(AreaReport(result: result(area: 990_000, declared: 1_000_000), unit: .m2))
        XCTAssertEqual(cells.last, "-1.000", cells.description)
    }
}

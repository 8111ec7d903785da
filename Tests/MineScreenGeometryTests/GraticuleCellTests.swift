import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// Codes and areas against Scripts/oracles/make_grid_fixture.py and cell_1min.py (closed forms in Python).
final class GraticuleCellTests: XCTestCase {
    func testAnchorCellCodesAndArea() throws {
        let anchor = try XCTUnwrap(try Fixture.json("grid/expected.json")["anchor"] as? [String: Any])
        let cell = GraticuleCell(lonMinute: 112 * 60, latMinute: 36 * 60 + 30)
        XCTAssertEqual(cell.code, anchor["code"] as? String)
        XCTAssertEqual(cell.sheetCode, anchor["sheet_code"] as? String)
        XCTAssertEqual(cell.code, "11200-3630")
        XCTAssertEqual(cell.sheetCode, "J49E021017-1001")
        // domain.md's anchor, and the closed form of cell_1min.py (checked there by 40-digit quadrature).
        XCTAssertEqual(AreaUnit.km2.format(squareMetres: cell.area), "2.7613")
        let closed = try XCTUnwrap(try Fixture.json("cell-1min.json")["area_m2_closed_form"] as? Double)
        XCTAssertRelative(cell.area, closed, 1e-12)
        XCTAssertRelative(cell.area, try XCTUnwrap(anchor["area_m2"] as? Double), 1e-12)
        // The trapezoid series (an independent formula) agrees to its truncation.
        XCTAssertRelative(TrapezoidArea.cgcs2000.ringArea(cell.polygon.exterior), cell.area, 1e-10)
    }

    func testBothCodeFormsReadBack() throws {
        let expected = try XCTUnwrap(try Fixture.json("grid/expected.json")["blocks"] as? [String: [String: Any]])
        for (id, block) in expected {
            let plain = try XCTUnwrap(block["cells"] as? [String]), sheets = try XCTUnwrap(block["sheet_cells"] as? [String])
            for (p, s) in zip(plain, sheets) {
                let a = try GraticuleCell(code: p), b = try GraticuleCell(code: s)
                XCTAssertEqual(a, b, "\(id) \(p) \(s)")
                XCTAssertEqual(a.code, p)
                XCTAssertEqual(a.sheetCode, s)
            }
        }
        // Sheet corners worked by hand: J50 is 114–120°E, 36–40°N; its sheet 001001 is the north-west one.
        XCTAssertEqual(try GraticuleCell(code: "J50E001001-0101"), GraticuleCell(lonMinute: 114 * 60, latMinute: 40 * 60 - 1))
        XCTAssertEqual(try GraticuleCell(code: "j50e024024-1015"), GraticuleCell(lonMinute: 120 * 60 - 1, latMinute: 36 * 60))
        XCTAssertEqual(try GraticuleCell(code: " 07359-0000 "), GraticuleCell(lonMinute: 73 * 60 + 59, latMinute: 0))
    }

    func testMalformedCodesSayWhy() {
        let bad: [(String, String)] = [
            ("1120-3630", "expected DDDMM-DDMM"), ("11260-3630", "minutes"), ("11200-3660", "minutes"),
            ("18000-3630", "longitude"), ("11200-9000", "latitude"), ("11200-6000", "00–59°N"),
            ("P49E021017-0101", "south of 60°N"), ("11200_3630", "expected"), ("", "expected"),
            ("J49E021017-1101", "rows 01–10"), ("J49E021017-0016", "columns 01–15"), ("J49E025017-0101", "001–024"),
            ("J30E021017-0101", "31–60"), ("W49E021017-0101", "expected"), ("J49F021017-0101", "expected"),
            ("J49E021017", "expected"),
        ]
        for (code, why) in bad {
            XCTAssertThrowsError(try GraticuleCell(code: code), code) { error in
                let text = String(describing: error)
                XCTAssertTrue(text.contains("'\(code)'") && text.contains(why), "\(code): \(text)")
            }
        }
    }

    func testCellsOfAFixtureBlockAddUpToThePythonSum() throws {
        let expected = try XCTUnwrap(try Fixture.json("grid/expected.json")["blocks"] as? [String: [String: Any]])
        for (id, block) in expected {
            let cells = try XCTUnwrap(block["cells"] as? [String]).map { try GraticuleCell(code: $0) }
            XCTAssertRelative(cells.reduce(0) { $0 + $1.area }, try XCTUnwrap(block["cells_area_m2"] as? Double), 1e-12, id)
        }
    }
}

import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// CSV cells a spreadsheet would run, and table cells a terminal would obey.
final class HostileTextTests: XCTestCase {
    func testFormulaCellsArePrefixedAndNumbersAreNot() {
        var csv = CSVWriter(header: ["id", "diff_m2"])
        for id in ["=1+1", "@SUM(A1)", "-2+3", "+cmd|' /C calc'!A0", "\tx", "\rx"] { csv.append([id, "-0.5"]) }
        csv.append(["-12", "+3.5e-2"])
        csv.append(["CS001", "12"])
        csv.append(["-inf", "-"])
        let rows = csv.text.dropFirst().components(separatedBy: "\r\n").dropFirst().dropLast()
        XCTAssertEqual(Array(rows), [
            "'=1+1,-0.5", "'@SUM(A1),-0.5", "'-2+3,-0.5", "'+cmd|' /C calc'!A0,-0.5", "'\tx,-0.5", "\"'\rx\",-0.5",
            "-12,+3.5e-2", "CS001,12", "'-inf,'-",
        ])
    }

    func testControlAndBidiCharactersAreEscapedAndChineseKept() {
        XCTAssertEqual(TerminalText.escaped("a\nb\tc\rd"), "a\\nb\\tc\\rd")
        XCTAssertEqual(TerminalText.escaped("\u{1B}[2J\u{7F}\u{9B}"), "\\u{1B}[2J\\u{7F}\\u{9B}")
        XCTAssertEqual(TerminalText.escaped("abc\u{202E}evil\u{2066}\u{200F}"), "abc\\u{202E}evil\\u{2066}\\u{200F}")
        XCTAssertEqual(TerminalText.escaped("长治一号 CS001 ½"), "长治一号 CS001 ½")
    }

    func testTableCellsAreEscapedAndStayAligned() {
        var table = TextTable(headers: ["id", "km²"], alignments: [.left, .right])
        table.rows = [["line\nbreak", "1.0"], ["\u{1B}[31mred", "2.0"], ["abc\u{202E}x", "3.0"], ["长治一号", "4.0"]]
        let lines = table.render().split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 6, "one line per row: a newline in an id does not split it")
        XCTAssertEqual(lines[2], "line\\nbreak    1.0")
        XCTAssertEqual(lines[3], "\\u{1B}[31mred  2.0")
        XCTAssertEqual(lines[4], "abc\\u{202E}x   3.0")
        XCTAssertEqual(lines[5], "长治一号       4.0")  // 8 cells + 5 of padding + 2 between columns: as wide as the widest escaped id
    }
}

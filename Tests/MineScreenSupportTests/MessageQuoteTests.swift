import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

final class MessageQuoteTests: XCTestCase {
    func testQuotedValuesAreCutAndEscaped() {
        XCTAssertEqual(quotedForMessage("EPSG:4490"), "\"EPSG:4490\"")
        XCTAssertEqual(quotedForMessage("abcdefghij", limit: 4), "\"abcd…\"")
        XCTAssertEqual(quotedForMessage("a\u{1B}[2Jb"), "\"a\\u{1b}[2Jb\"")  // no terminal escape reaches the screen
        XCTAssertEqual(quotedForMessage("坐标系名称", limit: 3), "\"坐标系…\"")
    }

    func testNamesStayAsWrittenWhenShortAndPrintable() {
        XCTAssertEqual(nameForMessage("Point"), "Point")
        XCTAssertEqual(nameForMessage(String(repeating: "x", count: 50), limit: 5), "\"xxxxx…\"")
        XCTAssertEqual(nameForMessage("Po\nint"), "\"Po\\u{a}int\"")
    }
}

import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

final class WriterTests: XCTestCase {
    func testCSVQuotesAndBOM() {
        var csv = CSVWriter(header: ["id", "name"])
        csv.append(["CS001", "集中开采区,\"一\""])
        XCTAssertEqual(csv.text, "\u{FEFF}id,name\r\nCS001,\"集中开采区,\"\"一\"\"\"\r\n")
    }

    func testTableAlignsChineseByDisplayWidth() {
        var table = TextTable(headers: ["county", "km²"], alignments: [.left, .right])
        table.rows = [["沁源县", "2.4500"], ["x", "12.0000"]]
        let lines = table.render().split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.map(displayWidth).filter { $0 > 0 }.count, 4)
        XCTAssertEqual(displayWidth(lines[2]), displayWidth(lines[3]))
        XCTAssertEqual(displayWidth("沁源县"), 6)
    }

    func testJSONWriterEscapesAndKeepsOrderAndChinese() {
        let value: JSONValue = .object([("b", .string("县\"\n\u{1}")), ("a", .array([.number(2.45), .integer(-3), .null, .bool(true)])),
                                        ("nan", .number(.nan))])
        XCTAssertEqual(JSONWriter.string(value, pretty: false), #"{"b":"县\"\n\u0001","a":[2.45,-3,null,true],"nan":null}"#)
    }
}

import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// How a 坐标文件 line splits into fields (expected values written by hand from the format's definition).
final class CoordinateFileFieldsTests: XCTestCase {
    func testFullWidthCommaInsideANameStaysText() {
        XCTAssertEqual(CoordinateFileReader.fields("5,12.5,CK01,集中开采区，北段,面,,采矿用地,0602,@"),
                       ["5", "12.5", "CK01", "集中开采区，北段", "面", "", "采矿用地", "0602", "@"])
    }

    func testFullWidthSeparatorsStillRead() {
        XCTAssertEqual(CoordinateFileReader.fields("J1，1，4000000，38420000"), ["J1", "1", "4000000", "38420000"])
        // Separators and a name comma all full-width: the extra piece belongs to the name.
        XCTAssertEqual(CoordinateFileReader.fields("5，3，N2，全角，分隔，面，，采矿用地，，@"),
                       ["5", "3", "N2", "全角，分隔", "面", "", "采矿用地", "", "@"])
        // Mixed: too few ASCII fields, so "，" separates too.
        XCTAssertEqual(CoordinateFileReader.fields("5,3，N3，名,面,,用途,,@"), ["5", "3", "N3", "名", "面", "", "用途", "", "@"])
    }

    func testASCIIFieldsAreTakenAsWritten() {
        // A 12-field regional template keeps its 12 fields.
        XCTAssertEqual(CoordinateFileReader.fields("5,1,B1,名,面,,,,,,,@").count, 12)
    }
}

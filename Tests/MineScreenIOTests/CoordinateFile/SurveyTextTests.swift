import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// Recognising a 坐标文件 by its section lines and decoding it so that a bad byte costs one line.
final class SurveyTextTests: XCTestCase {
    /// GBK bytes made by the system's iconv.
    private func gbk(_ text: String) -> [UInt8] {
        iconvConvert(Array(text.utf8), from: "UTF-8", to: "GBK")!
    }

    func testSectionLineIsRecognisedInEitherEncodingDespiteABadByte() {
        let text = "[属性描述]\n带号=38\n[地块坐标]\n"
        XCTAssertTrue(SurveyText.hasSectionLine(Array(text.utf8)))
        XCTAssertTrue(SurveyText.hasSectionLine(gbk(text)))
        XCTAssertTrue(SurveyText.hasSectionLine([0xFF, 0x0D, 0x0A] + gbk("  [地块坐标] \r\n")))
        // Inside a JSON string, or with other text on its line, it is no section line.
        XCTAssertFalse(SurveyText.hasSectionLine(Array(#"{"note": "[地块坐标]"}"#.utf8)))
        XCTAssertFalse(SurveyText.hasSectionLine(Array("see [属性描述] below\n".utf8)))
    }

    func testDetectionLooksAtStructure() {
        // A GeoJSON object is JSON whatever its strings say; a file starting with a section line is a 坐标文件.
        XCTAssertEqual(InputFormat.detect(Array("{\"type\": \"FeatureCollection\",\n\"note\": \"\n[地块坐标]\n\", \"features\": []}".utf8)), .geojson)
        XCTAssertEqual(InputFormat.detect(gbk("[属性描述]\n带号=38\n[地块坐标]\n") + [0xFF]), .coordfile)
        XCTAssertEqual(InputFormat.detect(Array("[1, 2]".utf8)), .geojson)
    }

    func testByteStructureOfGB18030() {
        XCTAssertNil(SurveyText.firstInvalidGB18030(gbk("地块,J1,1")[...]))
        XCTAssertNil(SurveyText.firstInvalidGB18030([0x81, 0x30, 0x81, 0x30][...]))  // a four-byte code
        XCTAssertEqual(SurveyText.firstInvalidGB18030([0x41, 0x80, 0x41][...]), 1)     // 0x80 leads nothing
        XCTAssertEqual(SurveyText.firstInvalidGB18030([0x41, 0x42, 0xB5][...]), 2)     // lead byte at the end
        XCTAssertEqual(SurveyText.firstInvalidGB18030([0xB5, 0x20][...]), 0)           // space is no trail byte
        XCTAssertEqual(SurveyText.firstInvalidUTF8([0x41, 0xE5, 0xB1][...]), 1)
    }

    func testABadByteCostsItsLineOnly() {
        // GBK file, line 3 broken: the other lines decode as GBK, line 3 keeps its ASCII for counting fields.
        let bytes = gbk("[地块坐标]\n5,,CS001,集中开采区,面,,,,@\nJ1,1,") + [0xFF] + gbk("4012345.67,38512345.67\r\nJ2,地,1,2\n")
        let (text, undecodable) = SurveyText.decode(bytes)
        XCTAssertEqual(Array(undecodable.keys), [3])
        XCTAssertTrue(undecodable[3]!.contains("0xFF at column 6"), undecodable[3]!)
        XCTAssertTrue(undecodable[3]!.contains("GBK"), undecodable[3]!)
        XCTAssertEqual(text.components(separatedBy: "\n"), ["[地块坐标]", "5,,CS001,集中开采区,面,,,,@", "J1,1,4012345.67,38512345.67", "J2,地,1,2", ""])
        // UTF-8 file with one stray byte: read as UTF-8, not taken for GBK.
        let utf8 = Array("名称=集中\n点=地块\n".utf8) + [0xC3, 0x0A] + Array("末=坐标\n".utf8)
        let decoded = SurveyText.decode(utf8)
        XCTAssertEqual(Array(decoded.undecodable.keys), [3])
        XCTAssertTrue(decoded.undecodable[3]!.contains("UTF-8"), decoded.undecodable[3]!)
        XCTAssertTrue(decoded.text.hasPrefix("名称=集中\n点=地块\n\n末=坐标"), decoded.text)
    }
}

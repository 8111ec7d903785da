import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// The fast point-line path must read exactly what the text path reads: numbers bit for bit as the
/// standard library's Double(String), fields as `CoordinateFileReader.fields`.
final class SurveyPointLineTests: XCTestCase {
    private func number(_ text: String) -> Double? {
        Array(text.utf8).withUnsafeBufferPointer { SurveyPointLine.number($0) }
    }

    private func assertSame(_ text: String, line: UInt = #line) {
        let expected = Double(text)
        let got = number(text)
        XCTAssertEqual(got?.bitPattern, expected?.bitPattern, "\(text): \(String(describing: got)) vs \(String(describing: expected))", line: line)
    }

    func testNumbersAreDoubleOfTheText() {
        for text in ["4053340.7714", "38342515.1401", "-0", "0", "-0.0", "0.1", "0.3", "123456789012345", "1234567890123456",
                     "12345678901234567890", "0.000000000000001", "9007199254740993", "1e5", "1E-3", "nan", "inf", "1.", ".5",
                     "", "-", "+5", "12a", "1,5", "007.50", "-38512345.6700", "99999999999999.9", "0x10"] {
            assertSame(text)
        }
        // Survey-like coordinates with up to 15 significant digits, and some with more.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let integer = UInt64.random(in: 0...99_999_999, using: &generator)
            let decimals = Int.random(in: 0...8, using: &generator)
            let fraction = decimals == 0 ? "" : "." + String(format: "%0\(decimals)llu", UInt64.random(in: 0..<UInt64(pow(10, Double(decimals))), using: &generator))
            assertSame((Bool.random(using: &generator) ? "-" : "") + String(integer) + fraction)
        }
    }

    func testASCIIFieldsMatchTheTextSplit() {
        for line in ["J1,1,4053340.7714,38342515.1401", " J1 ,\t1 , 4053340.7714 ,38342515.1401\t", "J1,,,", "J1", ",", "a,b,c,d,e,f",
                     "J1,1,x,38342515"] {
            let bytes = Array(line.utf8)
            let point = bytes.withUnsafeBufferPointer { buffer -> SurveyPointLine in
                let trimmed = SurveyText.asciiTrimmed(buffer, 0, buffer.count)!
                var ranges: [Range<Int>] = []
                SurveyText.asciiFields(buffer, trimmed, into: &ranges)
                return SurveyPointLine(ascii: buffer, fields: ranges, line: 7)
            }
            let expected = SurveyPointLine(fields: CoordinateFileReader.fields(line.trimmingCharacters(in: .whitespacesAndNewlines)), line: 7)
            XCTAssertEqual(point.name, expected.name, line)
            XCTAssertEqual(point.ring, expected.ring, line)
            XCTAssertEqual(point.x?.bitPattern, expected.x?.bitPattern, line)
            XCTAssertEqual(point.y?.bitPattern, expected.y?.bitPattern, line)
        }
    }
}

/// The reader's own trimming against Foundation's, which it replaces on the text path.
final class SurveyTrimTests: XCTestCase {
    func testTrimmedAsFoundationTrims() {
        let samples = [" a ", "\t集中开采区\u{3000}", "\u{3000}\u{A0}x\u{2003}", "\r\n a b \u{0B}\u{0C}", "\u{85}y\u{2028}", "\u{2029}",
                       "", "   ", " \u{301}a", "a\u{200B}", "\u{FEFF}b", "\u{1680}c\u{202F}", "d\u{205F}"]
        for text in samples {
            XCTAssertEqual(SurveyText.trimmed(text, newlines: false), text.trimmingCharacters(in: .whitespaces), text.debugDescription)
            XCTAssertEqual(SurveyText.trimmed(text, newlines: true), text.trimmingCharacters(in: .whitespacesAndNewlines), text.debugDescription)
        }
        // Every scalar of the BMP on its own between letters and at both ends.
        for value in UInt32(0)...0xFFFF {
            guard let s = Unicode.Scalar(value) else { continue }
            let text = "\(Character(s))a\(Character(s))"
            XCTAssertEqual(SurveyText.trimmed(text, newlines: false), text.trimmingCharacters(in: .whitespaces), "U+\(String(value, radix: 16))")
            XCTAssertEqual(SurveyText.trimmed(text, newlines: true), text.trimmingCharacters(in: .whitespacesAndNewlines), "U+\(String(value, radix: 16))")
        }
    }
}

import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// The UTF-8 check reads eight ASCII bytes at a time; multi-byte characters and broken sequences must be
/// judged the same wherever they fall against those eight-byte steps (Swift's own decoder is the oracle).
final class UTF8CheckTests: XCTestCase {
    func testEveryOffsetAgainstSwiftsDecoder() {
        let insertions: [[UInt8]] = [
            Array("沁源县".utf8), Array("😀".utf8), Array("é".utf8),   // valid
            [0xE6, 0xB2], [0x80], [0xFF], [0xC3], [0xF0, 0x9F, 0x98],   // truncated, stray, impossible
        ]
        for insertion in insertions {
            for offset in 0..<20 {
                var bytes = Array(repeating: UInt8(ascii: "a"), count: offset) + insertion + Array(repeating: UInt8(ascii: "b"), count: 19 - offset % 7)
                XCTAssertEqual(isValidUTF8(bytes), String(validating: bytes, as: UTF8.self) != nil, "\(insertion) at \(offset)")
                bytes += insertion
                XCTAssertEqual(isValidUTF8(bytes), String(validating: bytes, as: UTF8.self) != nil, "\(insertion) at \(offset) and at the end")
            }
        }
        XCTAssertTrue(isValidUTF8([]))
    }
}

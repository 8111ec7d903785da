import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenIO
import MineScreenTestSupport

/// A GeoJSON layer read without properties (`keepsProperties` false) builds only the id field's members and steps
/// over the others (`JSONByteScanner.members(named:)`, `checkValue`). What it reads must be what reading every
/// property and dropping them gives (`InputLoader.propertiesKept`): the same ids and kept properties, and for a
/// file that is not JSON the same error at the same line and column.
final class SkippedPropertiesTests: XCTestCase {
    let square = #"{"type":"Polygon","coordinates":[[[113,36],[113.01,36],[113.01,36.01],[113,36.01],[113,36]]]}"#

    /// Reads `text` both ways and compares them; the outcome of the full read, for the caller to check.
    /// With `piece`, both read in pieces of about that many bytes on two threads.
    @discardableResult
    func assertSameReads(_ text: String, idField: String?, piece: Int? = nil,
                         file: StaticString = #filePath, line: UInt = #line) -> Result<FeatureFile, Error> {
        assertSameReads(bytes: Array(text.utf8), idField: idField, piece: piece, file: file, line: line)
    }

    @discardableResult
    func assertSameReads(bytes: [UInt8], idField: String?, piece: Int? = nil,
                         file: StaticString = #filePath, line: UInt = #line) -> Result<FeatureFile, Error> {
        let text = String(decoding: bytes, as: UTF8.self)
        var full = GeoJSONReader(idField: idField, threads: piece == nil ? 1 : 2)
        if let piece { (full.parallelThreshold, full.smallestPiece) = (64, piece) }
        var skipping = full
        full.keepsProperties = true
        skipping.keepsProperties = false
        let expected = Result { try full.parse(bytes: bytes, path: "layer.geojson") }
        let read = Result { try skipping.parse(bytes: bytes, path: "layer.geojson") }
        switch (expected, read) {
        case (.success(let all), .success(let trimmed)):
            XCTAssertEqual(trimmed.features.map(\.id), all.features.map(\.id), text, file: file, line: line)
            XCTAssertEqual(trimmed.features.map(\.idIsIndex), all.features.map(\.idIsIndex), text, file: file, line: line)
            for (kept, whole) in zip(trimmed.features, all.features) {
                let (properties, hasIdField) = InputLoader.propertiesKept(of: whole.properties, idField: idField)
                XCTAssertEqual(kept.properties.map(\.key), properties.map(\.key), text, file: file, line: line)
                XCTAssertEqual(kept.properties.map(\.value), properties.map(\.value), text, file: file, line: line)
                XCTAssertEqual(kept.hasIdField, hasIdField, text, file: file, line: line)
            }
        case (.failure(let a), .failure(let b)):
            XCTAssertEqual("\(b)", "\(a)", text, file: file, line: line)
        default:
            XCTFail("one read failed, the other did not: \(expected) / \(read) for \(text)", file: file, line: line)
        }
        return expected
    }

    func collection(_ properties: [String]) -> String {
        let features = properties.map { #"{"type":"Feature","properties":\#($0),"geometry":\#(square)}"# }
        return #"{"type":"FeatureCollection","features":[\#(features.joined(separator: ",\n"))]}"#
    }

    func testDroppedPropertiesAreCheckedAsTheFullReadChecksThem() {
        let cases: [String] = [
            #"{"BSM":"1404","DLMC":"\u65f1\u5730","n":1.5e3,"ok":true,"no":false,"z":null}"#,
            #"{"DLMC":"\u65f1\u5730","BSM":14042100000000000}"#,
            #"{"B\u0053M":"escaped key","BSM":"second"}"#,  // the first member named BSM once decoded gives the id
            #"{"DLMC":"旱地"}"#,  // no id field: every property is kept
            #"{}"#, #"null"#, #""not an object""#, #"[1,2]"#,
            #"{"a":{"b":[1,{"c":"\ud83d\ude00"}],"d":"\ud800 lone"},"BSM":"x"}"#,
            #"{"a":"bad \q escape","BSM":"x"}"#,  // a bad escape in a dropped value: the file is not JSON
            #"{"a\x":1,"BSM":"x"}"#,  // in a dropped key
            #"{"a":"\u12G4","BSM":"x"}"#,  // a bad hex digit
            #"{"a":"\u12","BSM":"x"}"#,  // a short \u escape
            #"{"a":"\ud800\u12","BSM":"x"}"#,  // a short low surrogate
            #"{"a":[1,2,],"BSM":"x"}"#,  // a trailing comma
            #"{"a" 1,"BSM":"x"}"#,  // no colon
            #"{"a":tru,"BSM":"x"}"#, #"{"a":-,"BSM":"x"}"#, #"{"a":01x,"BSM":"x"}"#,
            #"{"BSM":"x","a":"ctrl "# + "\u{01}" + #""}"#,  // a control character
            #"{"BSM":"x","a":"unterminated}"#,
        ]
        for properties in cases {
            for idField in ["BSM", nil] as [String?] {
                assertSameReads(collection([properties, #"{"BSM":"next","DLMC":"\u6c34"}"#]), idField: idField)
            }
        }
        // The reads agree on what the file is, and it is what it should be.
        XCTAssertThrowsError(try assertSameReads(collection([#"{"a":"bad \q escape","BSM":"x"}"#]), idField: "BSM").get())
        let escaped = try? assertSameReads(collection([#"{"B\u0053M":"escaped key","BSM":"second"}"#]), idField: "BSM").get()
        XCTAssertEqual(escaped?.features.map(\.id), ["escaped key"])
    }

    /// Below 64 levels a dropped value is checked like a read one; deeper, both step over it unchecked.
    func testDeepDroppedValuesAreCheckedToTheSameDepth() {
        for depth in [62, 63, 64, 65, 200] {
            let deep = String(repeating: #"{"a":"#, count: depth) + #""bad \q""# + String(repeating: "}", count: depth)
            assertSameReads(collection([#"{"deep":\#(deep),"BSM":"x"}"#]), idField: "BSM")
            let array = String(repeating: "[", count: depth) + #""bad \q""# + String(repeating: "]", count: depth)
            assertSameReads(collection([#"{"BSM":"x","deep":\#(array)}"#]), idField: nil)
        }
    }

    /// A key is the id field when it reads as the field's name, as Swift compares strings: canonically equivalent
    /// forms count (é precomposed and e with a combining accent).
    func testIdFieldKeysMatchAsDecodedStrings() {
        for (key, idField) in [("\u{E9}", "e\u{301}"), ("e\u{301}", "\u{E9}"), (#"\u00e9"#, "e\u{301}"), ("名称", "名称"), ("BSMX", "BSM"), ("BS", "BSM")] {
            let read = assertSameReads(collection([#"{"\#(key)":"found","other":1}"#]), idField: idField)
            let expectedId = ["BSMX", "BS"].contains(key) ? "0" : "found"
            XCTAssertEqual(try? read.get().features.map(\.id), [expectedId], key)
        }
        // The first member that reads as the name gives the id, though a later one has the name's very bytes.
        let both = assertSameReads(collection([#"{"\#("\u{E9}")":"first","\#("e\u{301}")":"second"}"#]), idField: "e\u{301}")
        XCTAssertEqual(try? both.get().features.map(\.id), ["first"])
    }

    /// Keys whose bytes are not the name's: the Kelvin sign reads as K, a byte that is not UTF-8 as U+FFFD.
    func testKeysThatAreNotTheNamesBytes() {
        for (key, idField) in [(Array("\u{212A}".utf8), "K"), ([0xFF], "\u{FFFD}"), ([0x42, 0xFF], "B\u{FFFD}")] as [([UInt8], String)] {
            let bytes = Array(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"other":1,""#.utf8) + key
                + Array(#"":"found"},"geometry":\#(square)}]}"#.utf8)
            let read = assertSameReads(bytes: bytes, idField: idField)
            XCTAssertEqual(try? read.get().features.map(\.id), ["found"], idField)
        }
    }

    /// A file cut short anywhere fails both reads with the same error, in dropped values too.
    func testTruncatedFilesFailTheSameWay() {
        let text = collection([#"{"DLMC":"\u65f1\u5730","a":[1,{"b":true,"c":null}],"n":-1.5e3,"BSM":"14"}"#])
        let bytes = Array(text.utf8)
        for end in stride(from: 1, to: bytes.count, by: 1) {
            assertSameReads(bytes: Array(bytes[..<end]), idField: "BSM")
        }
    }

    /// Read in pieces on two threads, with a broken property in a later piece and features without the id field.
    func testPiecesReadTheSameEitherWay() {
        var properties = (0..<40).map { k in #"{"DLMC":"\u65f1","BSM":"\#(k)","x":[\#(k),{"y":"z"}]}"# }
        properties[25] = #"{"DLMC":"\u65f1","x":"no id field"}"#
        for piece in [96, 200, 700] {
            let read = assertSameReads(collection(properties), idField: "BSM", piece: piece)
            XCTAssertEqual(try? read.get().features.map(\.id).suffix(15).first, "25")
            var broken = properties
            broken[33] = #"{"DLMC":"bad \q","BSM":"33"}"#
            XCTAssertThrowsError(try assertSameReads(collection(broken), idField: "BSM", piece: piece).get())
        }
    }

    /// Random property objects: nested values, escapes of every kind, Chinese text, the id field anywhere or not
    /// at all, and now and then a defect.
    func testRandomPropertiesReadTheSameEitherWay() {
        var random = SeededRandom(seed: 19)
        let pieces = [#"\""#, #"\\"#, #"\/"#, #"\b"#, #"\f"#, #"\n"#, #"\r"#, #"\t"#, #"\u65f1"#, #"\ud83d\ude00"#, #"\udc00"#,
                      "旱地", "abc", " ", "é"]
        let defects = [#"\x"#, #"\u12"#, #"\uZZZZ"#, "\u{02}"]
        func string(_ defective: Bool) -> String {
            var s = (0..<Int.random(in: 0...4, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            if defective { s += defects.randomElement(using: &random)! }
            return "\"" + s + "\""
        }
        func value(_ depth: Int, _ defective: inout Bool) -> String {
            let makeDefect = defective && Int.random(in: 0..<4, using: &random) == 0
            if makeDefect { defective = false }
            switch Int.random(in: 0..<(depth > 3 ? 5 : 7), using: &random) {
            case 0: return string(makeDefect)
            case 1: return ["0", "-1.5e-3", "14042100000000000", "1e400", "2.5"].randomElement(using: &random)!
            case 2: return ["true", "false", "null"].randomElement(using: &random)!
            case 3, 4: return string(makeDefect)
            case 5: return "[" + (0..<Int.random(in: 0...3, using: &random)).map { _ in value(depth + 1, &defective) }.joined(separator: ",") + "]"
            default: return object(depth + 1, &defective)
            }
        }
        func object(_ depth: Int, _ defective: inout Bool, idField: String? = nil) -> String {
            var members = (0..<Int.random(in: 0...4, using: &random)).map { _ in string(false) + ":" + value(depth, &defective) }
            if let idField, Bool.random(using: &random) {
                members.insert(#""\#(idField)":"# + value(3, &defective), at: Int.random(in: 0...members.count, using: &random))
            }
            return "{" + members.joined(separator: ",") + "}"
        }
        for round in 0..<300 {
            var defective = round % 5 == 0
            let features = (0..<4).map { _ in object(0, &defective, idField: "BSM") }
            assertSameReads(collection(features), idField: round % 3 == 0 ? nil : "BSM")
        }
    }
}

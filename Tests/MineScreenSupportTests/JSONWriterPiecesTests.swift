import XCTest
@testable import MineScreenSupport
import MineScreenTestSupport

/// A report written piece by piece is, joined, the very text `JSONWriter.string` makes: on random documents
/// (long arrays of objects, as a report's blocks, nested arrays of ids, escapes, Chinese), compact and indented,
/// on one thread and two, with pieces from one byte to unbounded.
final class JSONWriterPiecesTests: XCTestCase {
    func testPiecesJoinToTheWholeText() {
        var random = SeededRandom(seed: 41)
        func scalar() -> JSONValue {
            switch Int.random(in: 0..<6, using: &random) {
            case 0: return .null
            case 1: return .bool(Bool.random(using: &random))
            case 2: return .number(Double(Int.random(in: -1_000_000...1_000_000, using: &random)) / 64)
            case 3: return .integer(Int64.random(in: -5...5_000, using: &random))
            case 4: return .string(["红线\(Int.random(in: 0...99, using: &random))", "a\"b\\c\nd", "\u{1}", "C0001"][Int.random(in: 0..<4, using: &random)])
            default: return .string(String(repeating: "x", count: Int.random(in: 0...40, using: &random)))
            }
        }
        func value(_ depth: Int) -> JSONValue {
            guard depth < 4 else { return scalar() }
            switch Int.random(in: 0..<4, using: &random) {
            case 0: return scalar()
            case 1: return .array((0..<Int.random(in: 0...12, using: &random)).map { _ in scalar() })
            case 2: return .array((0..<Int.random(in: 0...6, using: &random)).map { _ in value(depth + 1) })
            default: return .object((0..<Int.random(in: 0...5, using: &random)).map { ("k\($0)", value(depth + 1)) })
            }
        }
        for document in 0..<12 {
            // A report's shape: a header, then a long list of blocks (long enough to be written in parallel chunks).
            let blocks = JSONValue.array((0..<(document % 3 == 0 ? 700 : 40)).map { k in
                .object([("id", .string("C\(k)")), ("ids", .array((0..<(k % 9)).map { .string("BSM\($0)") })), ("x", value(1))])
            })
            let report = JSONValue.object([("crs", .string("EPSG:4490")), ("head", value(0)), ("blocks", blocks), ("tail", value(0))])
            for pretty in [true, false] {
                for threads in [1, 2] {
                    let whole = JSONWriter.string(report, pretty: pretty, threads: threads)
                    XCTAssertEqual(whole, JSONWriter.string(report, pretty: pretty, threads: 1))
                    for pieceBytes in [1, 100, 1 << 20, .max] {
                        var pieces: [String] = []
                        JSONWriter.write(report, pretty: pretty, threads: threads, pieceBytes: pieceBytes) { pieces.append($0) }
                        XCTAssertEqual(pieces.joined(), whole, "document \(document), pretty \(pretty), threads \(threads), pieces of \(pieceBytes)")
                        if pieceBytes == 100, whole.utf8.count > 10_000 { XCTAssertGreaterThan(pieces.count, 10) }
                    }
                }
            }
        }
    }
}

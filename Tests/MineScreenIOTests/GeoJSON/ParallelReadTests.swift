import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// A long feature array is read in pieces at once; whatever the pieces, the features, their order,
/// indices and ids, and any syntax error must be exactly what one reader finds.
final class ParallelReadTests: XCTestCase {
    func collection(_ count: Int, trap: Int? = nil, broken: Int? = nil) -> String {
        let features = (0..<count).map { k -> String in
            let x = 112.0 + Double(k) * 0.001
            // Every third feature has no id (its id is its index), every fifth an id property.
            let id = k % 3 == 0 ? "" : "\"id\":\"F\(k)\","
            var note = k % 5 == 0 ? "\"code\":\"C\(k)\"" : "\"n\":\(k)"
            // A string that looks like a feature boundary, to mislead a guess at the middle.
            if k == trap { note += ",\"text\":\"" + String(repeating: "}, {\\\"type\\\":1} ", count: 40) + "\"" }
            let comma = k == broken ? "" : ","
            return "{\"type\":\"Feature\",\(id)\"properties\":{\(note)},\"geometry\":{\"type\":\"Polygon\"\(comma)\"coordinates\":[[[\(x),36],[\(x + 0.0005),36],[\(x + 0.0005),36.0005],[\(x),36]]]}}"
        }
        return "{\"type\":\"FeatureCollection\",\"features\":[\n" + features.joined(separator: ",\n") + "\n]}\n"
    }

    /// `piece`: the shortest piece in bytes (the default makes two pieces of these small files; 200 makes up to
    /// four a thread).
    func read(_ text: String, threads: Int, piece: Int = 1 << 30) throws -> FeatureFile {
        var reader = GeoJSONReader(idField: "code", threads: threads)
        reader.parallelThreshold = 64
        reader.smallestPiece = piece
        return try reader.parse(bytes: Array(text.utf8), path: "t.geojson")
    }

    func assertSame(_ a: FeatureFile, _ b: FeatureFile, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.features.count, b.features.count, file: file, line: line)
        XCTAssertEqual(a.features.map(\.index), Array(0..<a.features.count), file: file, line: line)
        XCTAssertEqual(a.features.map(\.index), b.features.map(\.index), file: file, line: line)
        XCTAssertEqual(a.features.map(\.id), b.features.map(\.id), file: file, line: line)
        XCTAssertEqual(a.features.map(\.geometry), b.features.map(\.geometry), file: file, line: line)
        XCTAssertEqual(a.features.map { $0.properties.map(\.key) }, b.features.map { $0.properties.map(\.key) }, file: file, line: line)
    }

    func testHalvesGiveWhatOneReaderGives() throws {
        for count in [2, 3, 7, 100, 1001] {
            let text = collection(count)
            let parallel = try read(text, threads: 2), sequential = try read(text, threads: 1)
            assertSame(parallel, sequential)
            // Ids by rule: the code property, else the Feature id, else the index.
            XCTAssertEqual(parallel.features[count - 1].id, (count - 1) % 5 == 0 ? "C\(count - 1)" : (count - 1) % 3 == 0 ? "\(count - 1)" : "F\(count - 1)")
        }
    }

    /// An id that reads like text the reader might use internally is still the file's id (found in review).
    func testAnyIDTextSurvivesTheSecondHalf() throws {
        var text = collection(100)
        text = text.replacingOccurrences(of: "\"id\":\"F98\"", with: "\"id\":\"\\u0000index\\u0000\"")
        let parallel = try read(text, threads: 2), sequential = try read(text, threads: 1)
        assertSame(parallel, sequential)
        XCTAssertEqual(parallel.features[98].id, "\u{0}index\u{0}")
    }

    func testAMisleadingStringAtTheMiddleChangesNothing() throws {
        for trap in [48, 49, 50, 51] {
            let text = collection(100, trap: trap)
            assertSame(try read(text, threads: 2), try read(text, threads: 1))
        }
    }

    /// Up to four pieces a thread: a misleading string anywhere (at or near any guessed boundary) changes nothing.
    func testManyPiecesGiveWhatOneReaderGivesWhereverAStringMisleads() throws {
        let plain = collection(100)
        assertSame(try read(plain, threads: 2, piece: 200), try read(plain, threads: 1))
        assertSame(try read(plain, threads: 3, piece: 200), try read(plain, threads: 1))
        for trap in 0..<100 {
            let text = collection(100, trap: trap)
            let sequential = try read(text, threads: 1)
            assertSame(try read(text, threads: 2, piece: 200), sequential)
            assertSame(try read(text, threads: 4, piece: 1000), sequential)
        }
    }

    func testSyntaxErrorsAreTheSameInAnyPiece() {
        for broken in [0, 10, 23, 37, 50, 64, 77, 90, 99] {
            let text = collection(100, broken: broken)
            var errors: [String] = []
            for (threads, piece) in [(1, 1 << 30), (2, 1 << 30), (2, 200), (4, 500)] {
                XCTAssertThrowsError(try read(text, threads: threads, piece: piece)) { errors.append("\($0)") }
            }
            XCTAssertEqual(errors.count, 4)
            XCTAssertEqual(Set(errors).count, 1, "\(errors)")
            XCTAssertTrue(errors.first?.contains("t.geojson:\(broken + 2):") ?? false, errors.first ?? "")
        }
    }
    /// Rings are kept for the whole run: each holds room for its own positions only (a ring grown by appending keeps
    /// up to twice that), in either half, and a ring nested at the wrong depth inside another leaves the next intact.
    func testRingsHoldOnlyTheirPositions() throws {
        var rings: [String] = []
        for n in 4...40 {
            let positions = (0..<(n - 1)).map { k -> String in
                let angle = Double(k) / Double(n - 1) * 2 * Double.pi
                return "[\(112 + 0.001 * cos(angle)),\(36 + 0.001 * sin(angle))]"
            }
            rings.append("[" + (positions + [positions[0]]).joined(separator: ",") + "]")
        }
        let features = rings.enumerated().map { k, ring in
            "{\"type\":\"Feature\",\"properties\":{\"code\":\"R\(k)\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[\(ring)]}}"
        }
        let wrong = "{\"type\":\"Feature\",\"properties\":{\"code\":\"W\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[112,36],[[112.1,36],[112.1,36.1]],[112,36]]]}}"
        let text = "{\"type\":\"FeatureCollection\",\"features\":[" + (features + [wrong] + features).joined(separator: ",\n") + "]}"
        for (threads, piece) in [(1, 1 << 30), (2, 1 << 30), (2, 500)] {
            let file = try read(text, threads: threads, piece: piece)
            XCTAssertEqual(file.features.count, 2 * rings.count + 1)
            XCTAssertNotNil(file.features[rings.count].readProblem)
            for feature in file.features where feature.readProblem == nil {
                guard case .polygon(let polygon)? = feature.geometry else { return XCTFail("\(feature.id) is not a polygon") }
                let ring = polygon.rings[0]
                XCTAssertEqual(ring.count, Int(feature.id.dropFirst())! + 4, feature.id)
                XCTAssertLessThanOrEqual(ring.capacity, ring.count + 1, feature.id)
            }
        }
    }
}

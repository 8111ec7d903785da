import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// Inputs the reader fuzzers (Scripts/fuzz/run) found crashing a reader, and the hostile seeds they start from:
/// each must end in features (bad blocks rejected with a reason) or a thrown InputError, never a crash.
final class FuzzRegressionTests: XCTestCase {
    private let header = "[属性描述]\n坐标系=2000国家大地坐标系\n几度分带=3\n带号=38\n[地块坐标]\n"
    private let goodBlock = "4,1,B1,good,面,,,,@\nJ1,1,4020000,38420000\nJ2,1,4020000,38420900\nJ3,1,4020400,38421200\nJ1,1,4020000,38420000\n"

    /// Found by the coordfile fuzzer: an easting of 300 digits (finite, beyond Int) trapped when its zone
    /// prefix was taken. Its block is rejected with the line; the file's other block is read.
    func testOversizedEastingRejectsItsBlockOnly() throws {
        let huge = String(repeating: "9", count: 300) + "420000.00"
        let text = header + goodBlock + "4,1,B2,huge,面,,,,@\nJ1,1,4020000,38420000\nJ2,1,4020400,\(huge)\nJ3,1,4020900,38421000\nJ1,1,4020000,38420000\n"
        let file = try CoordinateFileReader().parse(bytes: Array(text.utf8), path: "huge.txt")
        XCTAssertEqual(file.crs.description, "EPSG:4526")
        XCTAssertEqual(file.features.map(\.id), ["B1", "B2"])
        XCTAssertNil(file.features[0].readProblem)
        let problem = try XCTUnwrap(file.features[1].readProblem)
        XCTAssertTrue(problem.hasPrefix("line 13: Y="), problem)
        XCTAssertTrue(problem.contains("too large for an easting"), problem)
    }

    /// "1e400" reads as infinity and "nan" as NaN: both are as unreadable as text (an infinite easting trapped
    /// the same way; a NaN went on into the geometry).
    func testNonFiniteCoordinatesRejectTheirBlockOnly() throws {
        let text = header + goodBlock
            + "4,1,B2,inf,面,,,,@\nJ1,1,4020000,38420000\nJ2,1,4020400,1e400\nJ3,1,4020900,38421000\nJ1,1,4020000,38420000\n"
            + "4,1,B3,nan,面,,,,@\nJ1,1,4020000,38420000\nJ2,1,nan,38420900\nJ3,1,4020900,38421000\nJ1,1,4020000,38420000\n"
        let file = try CoordinateFileReader().parse(bytes: Array(text.utf8), path: "nonfinite.txt")
        XCTAssertEqual(file.features.map(\.id), ["B1", "B2", "B3"])
        XCTAssertNil(file.features[0].readProblem)
        XCTAssertEqual(file.features[1].readProblem, "line 13: expected 点名,圈号,X,Y with numbers X and Y")
        XCTAssertEqual(file.features[2].readProblem, "line 18: expected 点名,圈号,X,Y with numbers X and Y")
        let raw = try XCTUnwrap(file.raw)
        XCTAssertNil(raw.blocks[0].malformed)
        XCTAssertEqual(raw.blocks[1].malformed, "nonfinite.txt:13: expected 点名,圈号,X,Y with numbers X and Y")
        XCTAssertEqual(raw.blocks[2].malformed, "nonfinite.txt:18: expected 点名,圈号,X,Y with numbers X and Y")
    }

    /// Every hostile seed of Fixtures/hostile/fuzz (Scripts/hostile/fuzz.py) through its reader.
    func testHostileSeedsEndInFeaturesOrAnInputError() throws {
        let readers: [(folder: String, read: ([UInt8], String) throws -> Void)] = [
            ("geojson", { _ = try GeoJSONReader().parse(bytes: $0, path: $1) }),
            ("coordfile", { _ = try CoordinateFileReader().parse(bytes: $0, path: $1) }),
            ("csv", { _ = try CornerPointCSVReader().parse(bytes: $0, path: $1) }),
            ("rules", { bytes, path in
                guard let text = String(validating: bytes, as: UTF8.self) else { return }
                _ = try ScreeningRules.parse(text, file: path)
            }),
        ]
        for (folder, read) in readers {
            let directory = Fixture.path("hostile/fuzz/\(folder)")
            let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
            XCTAssertGreaterThan(names.count, 10, directory)
            for name in names {
                let path = directory + "/" + name
                let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
                do {
                    try read(bytes, path)
                } catch is InputError {
                    // A clear refusal of the whole file is a right answer to hostile input.
                } catch {
                    XCTFail("\(folder)/\(name): \(error) is not an InputError")
                }
            }
        }
    }
}

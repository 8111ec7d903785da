import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

final class AtomicFileWriterTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try makeScratchFolder("atomic")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func out(_ name: String) -> String { folder.appendingPathComponent(name).path }
    private func names() throws -> Set<String> { Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)) }

    private let square = Geometry.polygon(Polygon(rings: [[Position(112, 36), Position(112.01, 36), Position(112.01, 36.01), Position(112, 36)]]))

    func testNewFileGetsTheUsualModeAndTheBytes() throws {
        try AtomicFileWriter.write(Array("a,b\r\n".utf8), to: out("new.csv"))
        XCTAssertEqual(try String(contentsOfFile: out("new.csv"), encoding: .utf8), "a,b\r\n")
        let mask = umask(0); umask(mask)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: out("new.csv"))[.posixPermissions] as? Int, Int(0o666 & ~mask))
        XCTAssertEqual(try names(), ["new.csv"])
    }

    func testPiecesAreWrittenInOrderAndAFailureLeavesTheOldFile() throws {
        try AtomicFileWriter.write(to: out("report.json")) { write in
            for piece in ["{", "\"a\"", ": 1", "}\n"] { try Array(piece.utf8).withUnsafeBytes { try write($0) } }
        }
        XCTAssertEqual(try String(contentsOfFile: out("report.json"), encoding: .utf8), "{\"a\": 1}\n")
        struct Stopped: Error {}
        XCTAssertThrowsError(try AtomicFileWriter.write(to: out("report.json")) { write in
            try Array("{\"half".utf8).withUnsafeBytes { try write($0) }
            throw Stopped()
        }) { XCTAssertTrue($0 is Stopped) }
        XCTAssertEqual(try String(contentsOfFile: out("report.json"), encoding: .utf8), "{\"a\": 1}\n")
        XCTAssertEqual(try names(), ["report.json"])
    }

    func testLongestFileNameStillGetsATemporaryBesideIt() throws {
        let name = String(repeating: "长", count: 83) + ".csv"  // 253 bytes: a temporary with the whole name would not fit
        try AtomicFileWriter.write(Array("x".utf8), to: out(name))
        XCTAssertEqual(try names(), [name])
    }

    func testMissingFolderAndFolderTargetAreRefused() throws {
        XCTAssertThrowsError(try AtomicFileWriter.write([1], to: out("no/such/file.csv"))) { error in
            XCTAssertEqual(error as? InputError, .cannotWrite(file: out("no/such/file.csv"), why: "no such folder"))
        }
        try FileManager.default.createDirectory(atPath: out("dir.csv"), withIntermediateDirectories: false)
        XCTAssertThrowsError(try AtomicFileWriter.write([1], to: out("dir.csv")))
        XCTAssertEqual(try names(), ["dir.csv"])
    }

    /// A GDAL write that fails half way (GDAL cannot make the CRS) leaves the old GeoPackage and no temporary files.
    func testFailedGDALWriteLeavesTheOldFileAndNoTemporaries() throws {
        let path = out("zones.gpkg")
        try GDALVectorWriter.write(features: [Feature(index: 0, id: "a", geometry: square)], crs: .cgcs2000, to: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let bad = CRSIdentifier(authority: "EPSG", code: "999999")
        XCTAssertThrowsError(try GDALVectorWriter.write(features: [Feature(index: 0, id: "b", geometry: square)], crs: bad, to: path,
                                                        overwrite: true))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)
        XCTAssertEqual(try names(), ["zones.gpkg"])
    }

    func testReadOnlyGDALTargetAndSidecarAreRefused() throws {
        let path = out("zones.shp")
        try GDALVectorWriter.write(features: [Feature(index: 0, id: "a", geometry: square)], crs: .cgcs2000, to: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: out("zones.dbf"))
        let dbf = try Data(contentsOf: URL(fileURLWithPath: out("zones.dbf")))
        XCTAssertThrowsError(try GDALVectorWriter.write(features: [], crs: .cgcs2000, to: path, overwrite: true)) { error in
            XCTAssertEqual(error as? InputError, .cannotWrite(file: out("zones.dbf"), why: "is read-only (not replaced)"))
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out("zones.dbf"))), dbf)
        XCTAssertEqual(try names(), ["zones.shp", "zones.shx", "zones.dbf", "zones.prj", "zones.cpg"])
    }

    func testIdentityThroughLinksAndDotsAndHardLinks() throws {
        let file = out("a.geojson")
        try Data("{}".utf8).write(to: URL(fileURLWithPath: file))
        try FileManager.default.linkItem(atPath: file, toPath: out("hard.geojson"))
        try FileManager.default.createSymbolicLink(atPath: out("soft.geojson"), withDestinationPath: "a.geojson")
        let a = FileIdentity(file)
        for same in [out("hard.geojson"), out("soft.geojson"), folder.path + "/./a.geojson", folder.path + "//a.geojson"] {
            XCTAssertTrue(FileIdentity(same).isSameFile(as: a), same)
        }
        XCTAssertFalse(FileIdentity(out("b.geojson")).isSameFile(as: a))
        XCTAssertThrowsError(try OutputInputCheck.check(inputs: [("input", out("x.shp"))], outputs: [("-o", out("x.prj"))]))
        XCTAssertThrowsError(try OutputInputCheck.check(inputs: [("input", file)], outputs: [("-o", out("soft.geojson"))]))
        XCTAssertThrowsError(try OutputInputCheck.check(inputs: [], outputs: [("-o", out("r.shp")), ("--remainder", out("r.dbf"))]))
        XCTAssertNoThrow(try OutputInputCheck.check(inputs: [("input", file)], outputs: [("-o", out("r.csv")), ("--remainder", out("r.shp"))]))
    }
}

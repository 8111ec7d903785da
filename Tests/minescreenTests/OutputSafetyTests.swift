import Foundation
import XCTest
import MineScreenTestSupport

/// Outputs never overwrite inputs, are replaced whole or not at all, follow one read-only/symlink policy,
/// and a stdout or stderr that cannot be written is exit 2, never a crash.
final class OutputSafetyTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = try makeScratchFolder("outputs")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func copyFixture(_ relative: String, as name: String) throws -> String {
        try FileManager.default.copyItem(atPath: CLI.fixture(relative), toPath: path(name))
        return path(name)
    }

    func bytes(_ file: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: file)) }

    /// Runs the binary through /bin/sh so a test can close or redirect its streams as a user's shell would.
    func shell(_ script: String) throws -> CLIRun {
        var environment = ProcessInfo.processInfo.environment
        environment["MINESCREEN"] = CLI.binary.path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = directory
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // stdout is read on another thread so that neither pipe can fill and block the child.
        final class Box: @unchecked Sendable { var data = Data() }
        let outBox = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outBox.data = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CLIRun(status: process.terminationStatus, stdout: String(decoding: outBox.data, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    // MARK: outputs equal to inputs

    func testOutputNamingTheInputIsRefusedByIdentityAndTheInputIsKept() throws {
        let blocks = try copyFixture("changzhi-cs21.geojson", as: "blocks.geojson")
        let original = try bytes(blocks)
        try FileManager.default.linkItem(atPath: blocks, toPath: path("hard.geojson"))
        try FileManager.default.createSymbolicLink(atPath: path("soft.geojson"), withDestinationPath: "blocks.geojson")
        for output in [blocks, directory.path + "/./blocks.geojson", directory.path + "/../" + directory.lastPathComponent + "/blocks.geojson",
                       path("hard.geojson"), path("soft.geojson")] {
            let run = try CLI.run(["area", blocks, "-o", output, "--format", "json"])
            XCTAssertEqual(run.status, 2, output)
            XCTAssertTrue(run.stderr.contains("refusing to overwrite an input"), run.stderr)
            XCTAssertEqual(try bytes(blocks), original, output)
        }
        // The input named through the symbolic link, the output by its real name.
        let viaLink = try CLI.run(["area", path("soft.geojson"), "-o", blocks])
        XCTAssertEqual(viaLink.status, 2)
        XCTAssertEqual(try bytes(blocks), original)
    }

    func testConvertOntoItsOwnInputIsRefused() throws {
        let input = try copyFixture("coordfile/blocks-utf8.txt", as: "in.txt")
        let original = try bytes(input)
        let run = try CLI.run(["convert", input, input])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains("OUT"), run.stderr)
        XCTAssertEqual(try bytes(input), original)
    }

    func testRemainderOntoARulesLayerOrTheRulesOrTheReportIsRefused() throws {
        for name in ["blocks.geojson", "redline.geojson", "farmland.geojson", "railway.geojson", "rights.geojson",
                     "dwellings.geojson", "rules.yaml"] {
            _ = try copyFixture("screen/" + name, as: name)
        }
        let layer = try bytes(path("redline.geojson"))
        let rules = try bytes(path("rules.yaml"))
        let base = ["screen", path("blocks.geojson"), "--rules", path("rules.yaml"), "--id-field", "code"]
        let ontoLayer = try CLI.run(base + ["--remainder", path("redline.geojson")])
        XCTAssertEqual(ontoLayer.status, 2, ontoLayer.stderr)
        XCTAssertTrue(ontoLayer.stderr.contains("rules layer redline"), ontoLayer.stderr)
        XCTAssertEqual(try bytes(path("redline.geojson")), layer)
        let ontoRules = try CLI.run(base + ["--remainder", path("rules.yaml")])
        XCTAssertEqual(ontoRules.status, 2, ontoRules.stderr)
        XCTAssertEqual(try bytes(path("rules.yaml")), rules)
        let sameOutputs = try CLI.run(base + ["--remainder", path("out.geojson"), "-o", path("out.geojson")])
        XCTAssertEqual(sameOutputs.status, 2, sameOutputs.stderr)
        XCTAssertTrue(sameOutputs.stderr.contains("same file"), sameOutputs.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("out.geojson")))
    }

    func testOverlapLayerAndShapefileSidecarsCountAsInputs() throws {
        for ext in ["shp", "shx", "dbf", "prj", "cpg"] { _ = try copyFixture("gdal/changzhi-cs21." + ext, as: "zones." + ext) }
        let dbf = try bytes(path("zones.dbf"))
        let blocks = CLI.fixture("changzhi-cs21.geojson")
        // The report would replace the .dbf of the Shapefile read as a layer.
        let report = try CLI.run(["overlap", blocks, "--layer", "zones=" + path("zones.shp"), "-o", path("zones.dbf")])
        XCTAssertEqual(report.status, 2, report.stderr)
        XCTAssertEqual(try bytes(path("zones.dbf")), dbf)
        // A Shapefile output whose .prj would replace the layer named `zones.prj`'s sibling.
        let convert = try CLI.run(["convert", blocks, path("zones.shp")])
        XCTAssertEqual(convert.status, 0, convert.stderr)  // the input is the GeoJSON: replacing zones.* is allowed
        let back = try CLI.run(["convert", path("zones.shp"), path("ZONES.geojson")])
        XCTAssertEqual(back.status, 0, back.stderr)
        let onto = try CLI.run(["convert", path("ZONES.geojson"), path("ZONES.geojson")])
        XCTAssertEqual(onto.status, 2)
    }

    // MARK: atomic replacement

    func testKilledWriteLeavesTheOldReportWhole() throws {
        // A file-size limit of 1 KiB (sh counts 512-byte blocks) kills the run (SIGXFSZ) in the middle of
        // writing a larger report.
        let report = path("report.json")
        let old = Data("old report\n".utf8)
        try old.write(to: URL(fileURLWithPath: report))
        let run = try shell("ulimit -f 2; exec \"$MINESCREEN\" area '\(CLI.fixture("changzhi-cs21.geojson"))' --format json -o report.json")
        XCTAssertNotEqual(run.status, 0)
        XCTAssertEqual(try bytes(report), old, "the old report must survive a run killed while writing")
        let whole = try CLI.run(["area", CLI.fixture("changzhi-cs21.geojson"), "--format", "json", "-o", report])
        XCTAssertEqual(whole.status, 0, whole.stderr)
        XCTAssertGreaterThan(try bytes(report).count, 2048)
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: try bytes(report)))
    }

    /// With SIGXFSZ ignored, writing past the file-size limit fails with EFBIG as a full disk fails with ENOSPC:
    /// exit 2, the old file kept, the temporary file or folder removed, for text and GeoPackage alike.
    func testWriteErrorIsExit2AndLeavesTheOldFileAndNoTemporary() throws {
        let blocks = CLI.fixture("changzhi-cs21.geojson")
        for (name, command) in [("report.json", "area '\(blocks)' --format json -o report.json"),
                                ("zones.gpkg", "convert '\(blocks)' zones.gpkg")] {
            let old = Data("old \(name)\n".utf8)
            try old.write(to: URL(fileURLWithPath: path(name)))
            let run = try shell("trap '' XFSZ; ulimit -f 2; exec \"$MINESCREEN\" \(command)")
            XCTAssertEqual(run.status, 2, "\(name): \(run.stderr)")
            XCTAssertTrue(run.stderr.contains("\(name): cannot write"), run.stderr)
            XCTAssertEqual(try bytes(path(name)), old, name)
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), [name])
            try FileManager.default.removeItem(atPath: path(name))
        }
    }

    func testReplacedFileKeepsItsModeAndNoTemporaryFileIsLeft() throws {
        let report = path("report.csv")
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: report))
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: report)
        let run = try CLI.run(["area", CLI.fixture("changzhi-cs21.geojson"), "--format", "csv", "-o", report])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(try String(contentsOfFile: report, encoding: .utf8).contains("CS001"))
        let mode = try FileManager.default.attributesOfItem(atPath: report)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o640)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["report.csv"])
        // GeoPackage likewise.
        let gpkg = path("zones.gpkg")
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: gpkg))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: gpkg)
        XCTAssertEqual(try CLI.run(["convert", CLI.fixture("changzhi-cs21.geojson"), gpkg]).status, 0)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: gpkg)[.posixPermissions] as? Int, 0o600)
    }

    // MARK: read-only targets and symbolic links, text and GDAL alike

    func testReadOnlyTargetsAreRefusedForTextAndGeoPackage() throws {
        let blocks = CLI.fixture("changzhi-cs21.geojson")
        for name in ["locked.csv", "locked.gpkg"] {
            let target = path(name)
            try Data("keep me\n".utf8).write(to: URL(fileURLWithPath: target))
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: target)
            let run = name.hasSuffix(".csv")
                ? try CLI.run(["area", blocks, "--format", "csv", "-o", target])
                : try CLI.run(["convert", blocks, target])
            XCTAssertEqual(run.status, 2, name)
            XCTAssertTrue(run.stderr.contains("read-only"), run.stderr)
            XCTAssertEqual(try bytes(target), Data("keep me\n".utf8), name)
        }
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: directory.path)), ["locked.csv", "locked.gpkg"])
    }

    func testSymbolicLinkTargetsAreReplacedThroughTheLinkForTextAndGeoPackage() throws {
        let blocks = CLI.fixture("changzhi-cs21.geojson")
        try FileManager.default.createDirectory(atPath: path("real"), withIntermediateDirectories: true)
        for (link, real) in [("report.csv", "real/report.csv"), ("zones.gpkg", "real/zones.gpkg")] {
            try Data("old\n".utf8).write(to: URL(fileURLWithPath: path(real)))
            try FileManager.default.createSymbolicLink(atPath: path(link), withDestinationPath: real)
            let run = link.hasSuffix(".csv")
                ? try CLI.run(["area", blocks, "--format", "csv", "-o", path(link)])
                : try CLI.run(["convert", blocks, path(link)])
            XCTAssertEqual(run.status, 0, run.stderr)
            XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: path(link)), real, "the link stays a link")
            XCTAssertNotEqual(try bytes(path(real)), Data("old\n".utf8), "the file linked to is replaced")
        }
        XCTAssertTrue(try String(contentsOfFile: path("real/report.csv"), encoding: .utf8).contains("CS021"))
        let info = try CLI.runProgram("/usr/bin/ogrinfo", ["-so", "-al", path("real/zones.gpkg")])
        XCTAssertTrue(info.stdout.contains("Feature Count: 21"), info.stdout)
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: path("real"))), ["report.csv", "zones.gpkg"])
    }

    func testShapefileIsReplacedWholeAndAStaleSidecarRemoved() throws {
        let target = path("zones.shp")
        let first = try CLI.run(["convert", CLI.fixture("changzhi-cs21.geojson"), target])
        XCTAssertEqual(first.status, 0, first.stderr)
        try Data("stale index".utf8).write(to: URL(fileURLWithPath: path("zones.qix")))
        let again = try CLI.run(["convert", CLI.fixture("coordfile/blocks-utf8.txt"), target])
        XCTAssertTrue([0, 3].contains(again.status), again.stderr)  // 3: the fixture has blocks that are rejected
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: directory.path)),
                       ["zones.shp", "zones.shx", "zones.dbf", "zones.prj", "zones.cpg"])
        let info = try CLI.runProgram("/usr/bin/ogrinfo", ["-so", "-al", target])
        XCTAssertFalse(info.stdout.contains("Feature Count: 21"), info.stdout)
    }

    func testDevicesAreWrittenInPlaceAndFoldersRefused() throws {
        let blocks = CLI.fixture("changzhi-cs21.geojson")
        XCTAssertEqual(try CLI.run(["area", blocks, "-o", "/dev/null"]).status, 0)
        let folder = try CLI.run(["area", blocks, "-o", directory.path])
        XCTAssertEqual(folder.status, 2)
        XCTAssertTrue(folder.stderr.contains("not a regular file"), folder.stderr)
        let gpkg = try CLI.run(["convert", blocks, "/dev/null", "--output-format", "gpkg"])
        XCTAssertEqual(gpkg.status, 2)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), [])
    }

    // MARK: streams that cannot be written

    func testFullStdoutIsExit2WithAMessage() throws {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["area", CLI.fixture("changzhi-cs21.geojson"), "--format", "json"]
        let full = try XCTUnwrap(FileHandle(forWritingAtPath: "/dev/full"))
        let err = Pipe()
        process.standardOutput = full
        process.standardError = err
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit)
        XCTAssertEqual(process.terminationStatus, 2)
        XCTAssertTrue(message.contains("standard output: cannot write"), message)
    }

    func testClosedStdoutAndClosedStderrAreExit2NotACrash() throws {
        let blocks = CLI.fixture("changzhi-cs21.geojson")
        let closedOut = try shell("\"$MINESCREEN\" area '\(blocks)' >&-; echo \"status $?\" >&2")
        XCTAssertTrue(closedOut.stderr.contains("status 2"), closedOut.stderr)
        XCTAssertTrue(closedOut.stderr.contains("cannot write"), closedOut.stderr)
        // Warnings (a declared field that is not a number) to a closed stderr, the report to a full stdout.
        let closedBoth = try shell("\"$MINESCREEN\" area '\(blocks)' --declared-field id >/dev/full 2>&-; echo \"status $?\"")
        XCTAssertEqual(closedBoth.stdout, "status 2\n")
        // A closed pipe (the reader stopped): a quiet exit 2, no message, no signal.
        // The reader (`true`) has exited before the report is written.
        let pipe = try shell("{ sleep 1; \"$MINESCREEN\" area '\(blocks)' --format json; echo \"status $?\" >&2; } | true")
        XCTAssertEqual(pipe.stderr, "status 2\n")
        XCTAssertFalse(pipe.stderr.contains("minescreen:"), pipe.stderr)
    }
}

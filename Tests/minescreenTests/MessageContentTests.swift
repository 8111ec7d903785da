import Foundation
import XCTest

/// Error messages say what was expected and where (file:line); they never copy lines of a file that is
/// not in the expected format (a rules layer `path: /etc/shadow` with `--input-format csv` printed its
/// first line). Values of recognised fields may be quoted, cut short.
final class MessageContentTests: XCTestCase {
    private let marker = "S3CRETmarker"

    /// A file shaped like /etc/shadow, with the marker on every line.
    private func shadowLike() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("shadow-\(UUID())").path
        try "root:$6$\(marker)$abc:19000:0:99999:7:::\nbin:*:\(marker):0:99999:7:::\n".write(toFile: path, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    private func rules(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID()).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    private func assertStopsWithoutEcho(_ arguments: [String], naming file: String, line: UInt = #line) throws {
        let run = try CLI.run(arguments)
        XCTAssertEqual(run.status, 2, run.stderr, line: line)
        XCTAssertFalse(run.stderr.contains(marker), run.stderr, line: line)
        XCTAssertFalse(run.stdout.contains(marker), run.stdout, line: line)
        XCTAssertTrue(run.stderr.contains(file), run.stderr, line: line)
    }

    func testAFileInAnotherFormatIsNotEchoed() throws {
        let secret = try shadowLike()
        for format in ["csv", "coordfile", "geojson", "auto"] {
            try assertStopsWithoutEcho(["area", secret, "--input-format", format, "--crs", "EPSG:4526"], naming: secret)
        }
        // As a constraint layer of a rules file, with CSV blocks (the case from the review).
        let layerRules = try rules("layers:\n  - name: shadow\n    path: \(secret)\n")
        try assertStopsWithoutEcho(["screen", "Fixtures/cornercsv/changzhi-cs21.csv", "--crs", "EPSG:4526", "--input-format", "csv",
                                    "--rules", layerRules], naming: secret)
        // As the rules file itself.
        try assertStopsWithoutEcho(["screen", "Fixtures/changzhi-cs21.geojson", "--rules", secret], naming: secret)
    }

    func testYAMLErrorsGiveThePlaceNotTheLines() throws {
        let broken = try rules("layers:\n  - name: [\(marker)\n")
        try assertStopsWithoutEcho(["screen", "Fixtures/changzhi-cs21.geojson", "--rules", broken], naming: "\(broken):")
        // A mistyped key is still named.
        let typo = try rules("tolerance_m2: 1\nlayer:\n  - name: a\n")
        let run = try CLI.run(["screen", "Fixtures/changzhi-cs21.geojson", "--rules", typo])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("unknown key 'layer'"), run.stderr)
    }

    func testRecognisedValuesAreQuotedShort() throws {
        let csv = FileManager.default.temporaryDirectory.appendingPathComponent("long-\(UUID()).csv").path
        addTeardownBlock { try? FileManager.default.removeItem(atPath: csv) }
        try "地块编号,点号,X,Y\nA,J1,\(String(repeating: marker, count: 10)),38512345\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let run = try CLI.run(["area", csv, "--crs", "EPSG:4526", "--format", "json"])
        XCTAssertEqual(run.status, 3, run.stderr)
        let reason = try XCTUnwrap((try run.json()["rejected"] as? [[String: Any]])?.first?["reason"] as? String)
        XCTAssertTrue(reason.contains("X and Y must be numbers"), reason)
        // 24 characters of the value at most: two markers' worth, never ten.
        XCTAssertFalse(reason.contains(String(repeating: marker, count: 3)), reason)
        XCTAssertTrue(reason.contains("…"), reason)
    }
}

import XCTest

/// `--help` names the options and exit codes of serve (#16), PostGIS (#17) and the cache and verify (#19).
final class HelpTextTests: XCTestCase {
    private func help(_ arguments: [String]) throws -> String {
        let run = try CLI.run(arguments + ["--help"])
        XCTAssertEqual(run.status, 0, run.stderr)
        return run.stdout.replacingOccurrences(of: "\n", with: " ")
    }

    func testTopLevelExitCodesNameVerifyPostGISAndServe() throws {
        let text = try help([])
        for phrase in ["verify: some input changed", "PostGIS connection", "--overwrite", "serve: could not start"] {
            XCTAssertTrue(text.contains(phrase), phrase)
        }
    }

    func testCommandsListTheirNewOptions() throws {
        let expected: [String: [String]] = [
            "serve": ["--rules", "--host", "--port", "--threads", "--max-body-mb", "--token-file"],
            "screen": ["--cache", "--cache-max-mb", "--table", "--overwrite", "--remainder-table", "postgis", "--provenance"],
            "overlap": ["--cache", "--cache-max-mb", "--table", "--overwrite", "postgis", "--provenance"],
            "area": ["--table", "--overwrite", "postgis", "--provenance"],
        ]
        for (command, options) in expected {
            let text = try help([command])
            for option in options { XCTAssertTrue(text.contains(option), "\(command) --help lacks \(option)") }
        }
        let verify = try help(["verify"])
        for code in ["0  every input unchanged", "1  some input changed", "2  could not verify"] {
            XCTAssertTrue(verify.contains(code), code)
        }
    }
}

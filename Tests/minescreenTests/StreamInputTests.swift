import Foundation
import XCTest

/// Inputs that are not regular files: a pipe on stdin (`/dev/stdin`, `<(…)`), a FIFO, an endless device.
/// Their size says nothing, so they are read as streams to their end: bounded in bytes, and in the time
/// waited for bytes (a FIFO with no writer must not block forever).
final class StreamInputTests: XCTestCase {
    private let fixture = CLI.fixture("changzhi-cs21.geojson")

    /// Runs the binary with extra environment and, when given, `input` written to its stdin through a pipe.
    private func run(_ arguments: [String], environment: [String: String] = [:], input: Data? = nil) throws -> CLIRun {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.currentDirectoryURL = CLI.repositoryRoot
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe(), stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            DispatchQueue.global().async {
                stdin.fileHandleForWriting.write(input)
                try? stdin.fileHandleForWriting.close()
            }
        }
        final class Collected: @unchecked Sendable { var data = Data() }  // written by one thread, read after wait()
        let collected = Collected()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { collected.data = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        let outData = collected.data
        process.waitUntilExit()
        return CLIRun(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    private func makeFIFO() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fifo-\(UUID())").path
        XCTAssertEqual(mkfifo(path, 0o600), 0)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    private func assertAllZones(_ run: CLIRun, line: UInt = #line) throws {
        XCTAssertEqual(run.status, 0, run.stderr, line: line)
        let json = try run.json()
        XCTAssertEqual((json["features"] as? [Any])?.count, 21, line: line)
        // The seed table's total for the 21 Changzhi zones.
        XCTAssertEqual(try XCTUnwrap(json["total_m2"] as? Double), 164.96e6, accuracy: 0.005e6, line: line)
    }

    func testStdinPipeIsReadToItsEnd() throws {
        // Padded with JSON whitespace past one pipe buffer (64 KiB): the reader must wait for the writer more than once.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: fixture)) + Data(repeating: 0x20, count: 70_000)
        try assertAllZones(run(["area", "/dev/stdin", "--format", "json"], input: bytes))
    }

    func testFIFOWithAWriterIsRead() throws {
        let fifo = try makeFIFO()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: fixture))
        let written = expectation(description: "writer done")
        DispatchQueue.global().async {
            // Opening for writing waits for the reader (the binary) to open the FIFO.
            if let handle = FileHandle(forWritingAtPath: fifo) { handle.write(bytes); try? handle.close() }
            written.fulfill()
        }
        try assertAllZones(run(["area", fifo, "--format", "json"]))
        wait(for: [written], timeout: 30)
    }

    func testFIFOWithoutAWriterFailsInBoundedTime() throws {
        let fifo = try makeFIFO()
        let run = try run(["area", fifo], environment: ["MINESCREEN_STREAM_WAIT_SECONDS": "1"])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains(fifo) && run.stderr.contains("nothing arrived within 1 s"), run.stderr)
    }

    func testEndlessStreamIsRefusedAtTheLimit() throws {
        let run = try run(["area", "/dev/zero"], environment: ["MINESCREEN_STREAM_MAX_BYTES": "100000"])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains("/dev/zero") && run.stderr.contains("longer than 100000 bytes"), run.stderr)
    }
}

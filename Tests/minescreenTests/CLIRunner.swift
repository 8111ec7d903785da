import Foundation
import XCTest

/// Runs the built `minescreen` binary the way a user does, capturing stdout, stderr and the exit code.
struct CLIRun {
    var status: Int32
    var stdout: String
    var stderr: String

    func json(file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
        return try XCTUnwrap(object as? [String: Any], file: file, line: line)
    }
}

enum CLI {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: URL {
        if let override = ProcessInfo.processInfo.environment["MINESCREEN_BIN"] { return URL(fileURLWithPath: override) }
        let beside = Bundle.main.bundleURL.appendingPathComponent("minescreen")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return repositoryRoot.appendingPathComponent(".build/debug/minescreen")
    }

    static func fixture(_ relative: String) -> String { repositoryRoot.appendingPathComponent("Fixtures/" + relative).path }

    /// Runs from the repository root so fixture paths read as a user would type them.
    /// `environment`: variables set (or replaced) in the child's environment, which is this process's otherwise.
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> CLIRun {
        try runProgram(binary.path, arguments, environment: environment)
    }

    static func runProgram(_ program: String, _ arguments: [String], environment: [String: String] = [:]) throws -> CLIRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        process.currentDirectoryURL = repositoryRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes before waiting so a large report cannot block the child.
        var outData = Data(), errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CLIRun(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}

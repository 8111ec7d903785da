import ArgumentParser
import Foundation
import MineScreenKit

/// `minescreen verify REPORT.json`: are the inputs a report names unchanged, and does the recorded command
/// still give the same figures?
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-hash every input a JSON report's provenance names and re-run its command: same inputs, same figures?",
        discussion: """
        Run it in the directory the report was made in: relative input paths are read from there. \
        The recorded command is run again by this binary with --format json and its report written to a \
        temporary file (-o and --remainder point at temporaries, so no file of the original run is \
        touched); every number must agree to 1e-9 relative, every id and verdict exactly, in the same order.

        Exit codes:
          0  every input unchanged and the re-run gives the same figures
          1  some input changed or some figure differs (each named:
             input role and path, JSON path of the figure)
          2  could not verify: the report is unreadable or has no
             provenance, an input is missing, or the re-run could not run
        """
    )

    @Argument(help: "A JSON report written by minescreen (area, overlap, screen, grid, check or rectify with --format json).")
    var report: String

    func run() throws {
        let recorded = try Self.readReport(report)
        guard let provenance = recorded["provenance"] as? [String: Any] else {
            throw InputError.invalidArgument("\(report): the report has no provenance (made by an older minescreen, or not a JSON report)")
        }
        guard let command = provenance["command"] as? [String], !command.isEmpty else {
            throw InputError.invalidArgument("\(report): provenance has no command")
        }
        // Only the commands that write a JSON report are re-run (never verify itself, nor convert).
        guard reportingCommands.contains(command[0]) else {
            throw InputError.invalidArgument("\(report): provenance command \"\(command[0].prefix(40))\" is not one of \(reportingCommands.sorted().joined(separator: ", "))")
        }
        var findings: [String] = []
        var missing: [String] = []
        // A database table has no file to hash: its rows' digest is compared with the re-run's.
        var databaseInputs: [(role: String, path: String, sha256: String?)] = []
        for input in provenance["inputs"] as? [[String: Any]] ?? [] {
            let role = input["role"] as? String ?? "input"
            let path = input["path"] as? String ?? ""
            if PostGISConnection.isConnection(path) {
                databaseInputs.append((role, path, input["sha256"] as? String))
                continue
            }
            check(role: role, path: path, sha256: input["sha256"] as? String,
                  files: input["files"] as? [[String: Any]] ?? [], findings: &findings, missing: &missing)
        }
        if let rules = provenance["rules"] as? [String: Any], let path = rules["path"] as? String {
            check(role: "rules", path: path, sha256: rules["sha256"] as? String, files: [], findings: &findings, missing: &missing)
        }
        if !missing.isEmpty {
            for line in missing { StandardStreams.writeError("minescreen: \(TerminalText.escaped(line))\n") }
            throw ExitCode(2)
        }
        let rerun = try Self.rerun(command)
        let rerunInputs = (rerun["provenance"] as? [String: Any])?["inputs"] as? [[String: Any]] ?? []
        for input in databaseInputs {
            let now = rerunInputs.first {
                $0["role"] as? String == input.role && ($0["path"] as? String).map(withoutHiddenPassword) == withoutHiddenPassword(input.path)
            }?["sha256"] as? String
            if now != input.sha256 {
                findings.append("changed input \(input.role) \(input.path): the rows read have sha256 \(now ?? "none") now, \(input.sha256 ?? "none") before")
            }
        }
        var differences: [String] = []
        Self.compare(Self.withoutProvenance(recorded), Self.withoutProvenance(rerun), at: "$", into: &differences)
        let shown = 50
        findings += differences.prefix(shown).map { "differs: \($0)" }
        if differences.count > shown { findings.append("… and \(differences.count - shown) more differing figures") }
        if findings.isEmpty {
            try StandardStreams.writeOutput(Data("verified: \(report): inputs unchanged, re-run gives the same figures\n".utf8))
            return
        }
        try StandardStreams.writeOutput(Data(findings.map { TerminalText.escaped($0) + "\n" }.joined().utf8))
        throw ExitCode(1)
    }

    /// Compares one input's recorded digest (and those of its sidecars or folder files) with the file now.
    private func check(role: String, path: String, sha256: String?, files: [[String: Any]],
                       findings: inout [String], missing: inout [String]) {
        let now: (digest: ProvenanceLog.FileDigest, files: [ProvenanceLog.FileDigest])
        do { now = try SourceDigest.digest(path: path) } catch {
            let hint = path.hasPrefix("/") ? "" : "; relative paths are read from the current directory: run verify where the report was made"
            missing.append("\(role) \(path): missing or unreadable (\(error))\(hint)")
            return
        }
        if now.digest.sha256 != sha256 {
            findings.append("changed input \(role) \(path): sha256 was \(sha256 ?? "none"), now \(now.digest.sha256)")
        }
        let current = Dictionary(now.files.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
        for file in files {
            guard let part = file["path"] as? String else { continue }
            guard let digest = current[part] else {
                findings.append("changed input \(role) \(path): its file \(part) is gone")
                continue
            }
            if digest != file["sha256"] as? String { findings.append("changed input \(role) \(path): its file \(part) changed") }
        }
    }

    static func readReport(_ path: String) throws -> [String: Any] {
        let bytes = try InputBytes.read(path: path)
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)), let report = object as? [String: Any] else {
            throw InputError.invalidArgument("\(path): not a JSON report")
        }
        return report
    }

    static func withoutProvenance(_ report: [String: Any]) -> [String: Any] {
        var copy = report
        copy.removeValue(forKey: "provenance")
        return copy
    }

    /// The recorded argument vector with every output sent to a temporary folder and the report format JSON.
    static func rerunArguments(_ command: [String], folder: String) -> [String] {
        let replaced: Set<String> = ["-o", "--output", "--format", "--remainder"]
        let uncachedOptions: Set<String> = ["--cache", "--cache-max-mb"]
        var arguments: [String] = []
        var k = 0
        while k < command.count {
            let argument = withoutHiddenPassword(command[k])
            if argument == "--" { arguments += command[k...].map(withoutHiddenPassword); break }
            // A re-run computes every block: the cache's entries are what it checks, not what it reuses.
            if uncachedOptions.contains(argument) { k += 2; continue }
            if let equals = argument.firstIndex(of: "="), uncachedOptions.contains(String(argument[..<equals])) { k += 1; continue }
            if replaced.contains(argument) {
                if argument == "--remainder", k + 1 < command.count {
                    arguments += [argument, (folder as NSString).appendingPathComponent("remainder-" + (command[k + 1] as NSString).lastPathComponent)]
                }
                k += 2
                continue
            }
            if let equals = argument.firstIndex(of: "="), replaced.contains(String(argument[..<equals])) {
                if argument.hasPrefix("--remainder=") {
                    let value = String(argument[argument.index(after: equals)...])
                    arguments.append("--remainder=" + (folder as NSString).appendingPathComponent("remainder-" + (value as NSString).lastPathComponent))
                }
                k += 1
                continue
            }
            if argument.hasPrefix("-o"), argument.count > 2, !argument.hasPrefix("--") { k += 1; continue }  // -oFILE
            arguments.append(argument)
            k += 1
        }
        // Options go before a `--` that ends them.
        let insertAt = arguments.firstIndex(of: "--") ?? arguments.count
        arguments.insert(contentsOf: ["--format", "json", "-o", (folder as NSString).appendingPathComponent("report.json")], at: insertAt)
        return arguments
    }

    /// Runs this binary again with the recorded command; its report, parsed.
    static func rerun(_ command: [String]) throws -> [String: Any] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("minescreen-verify-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: selfExecutable())
        process.arguments = rerunArguments(command, folder: folder)
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw InputError.invalidArgument("cannot re-run the recorded command: \(error)")
        }
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // 1 (findings) and 3 (some features rejected) are finished runs with a report.
        guard process.terminationReason == .exit, [0, 1, 3].contains(process.terminationStatus) else {
            let text = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw InputError.invalidArgument("the re-run of the recorded command could not run (exit \(process.terminationStatus)): \(text)")
        }
        return try readReport((folder as NSString).appendingPathComponent("report.json"))
    }

    static func selfExecutable() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Every difference between two reports as `JSONPATH: was A, now B`; numbers agree within 1e-9 relative.
    static func compare(_ a: Any, _ b: Any, at path: String, into differences: inout [String]) {
        switch (a, b) {
        case let (x as [String: Any], y as [String: Any]):
            for key in Set(x.keys).union(y.keys).sorted() {
                let child = "\(path).\(key)"
                switch (x[key], y[key]) {
                case let (u?, v?): compare(u, v, at: child, into: &differences)
                case (_?, nil): differences.append("\(child): in the report, not in the re-run")
                case (nil, _?): differences.append("\(child): in the re-run, not in the report")
                default: break
                }
            }
        case let (x as [Any], y as [Any]):
            if x.count != y.count { differences.append("\(path): \(x.count) entries in the report, \(y.count) in the re-run") }
            for k in 0..<min(x.count, y.count) { compare(x[k], y[k], at: "\(path)[\(k)]", into: &differences) }
        case let (x as String, y as String):
            // A connection recorded with `password=***` is re-run without that pair: the same source.
            if x != y, withoutHiddenPassword(x) != withoutHiddenPassword(y) { differences.append("\(path): was \(x), now \(y)") }
        case let (x as NSNumber, y as NSNumber):
            let u = x.doubleValue, v = y.doubleValue
            if !(u == v || abs(u - v) <= 1e-9 * max(abs(u), abs(v))) {
                differences.append("\(path): was \(formatJSONNumber(u)), now \(formatJSONNumber(v))")
            }
        case (is NSNull, is NSNull):
            break
        default:
            differences.append("\(path): was \(describe(a)), now \(describe(b))")
        }
    }

    private static func describe(_ value: Any) -> String {
        switch value {
        case is NSNull: return "null"
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        default: return "\(value)"
        }
    }
}

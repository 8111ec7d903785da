import ArgumentParser
import Foundation
import MineScreenKit

/// `--cache` on `overlap` and `screen` also keeps the whole report of a JSON or CSV run (`RunReplay`): the same
/// command over unchanged inputs then hashes them, writes that report with its own provenance, prints the
/// warnings the first run printed and exits as it did. Nil when the run cannot be kept: no usable cache, another
/// format, or files written besides the report (`--remainder`).
struct ReplayedRun {
    let cache: ResultCache
    let key: String
    /// Warnings printed before the point of replay (printed by a replayed run too): not kept.
    let warningsBefore: Int

    init?(cache: ResultCache?, format: OutputFormat, writesOtherFiles: Bool) {
        guard let cache, format == .json || format == .csv, !writesOtherFiles else { return nil }
        self.cache = cache
        self.warningsBefore = printedWarnings.messages.count
        self.key = RunReplay.key(command: recordedCommand, directory: FileManager.default.currentDirectoryPath,
                                 environment: ProcessInfo.processInfo.environment)
    }

    /// When a kept report's inputs all hash as they did: writes it as this run's report and returns the exit code
    /// it had. Nil when there is none, it is damaged, or an input changed (the run then computes).
    func replay(format: OutputFormat, output: OutputOptions) throws -> Int32? {
        guard let entry = cache.lookup(key, countsBlock: false, decode: RunReplay.decode),
              RunReplay.inputsUnchanged(entry) else { return nil }
        let report: JSONValue
        if format == .json {
            let bytes = Array(entry.report.utf8)
            let parsed = try? bytes.withUnsafeBufferPointer { buffer -> JSONValue? in
                var scanner = JSONByteScanner(bytes: buffer)
                let value = try scanner.parseValue()
                scanner.skipWhitespace()
                return scanner.atEnd ? value : nil
            }
            guard let parsed else { return nil }
            report = parsed
        } else {
            report = .null
        }
        warn(entry.warnings)
        ProvenanceLog.shared.replay(inputs: entry.inputs, rules: entry.rules)
        ProvenanceLog.shared.recordCache(hits: entry.blocks, misses: 0)
        try output.timedWrite(format, table: { entry.report }, csv: { entry.report }, json: { report },
                              geojson: { report }, html: { entry.report }, sheets: { [] })
        cache.evict()
        return entry.exitCode
    }

    /// Keeps this run's report (`report`: the CSV as written, or the JSON report without provenance) for the
    /// next run of the same command; not when an input cannot be hashed again (a database layer).
    func keep(report: String, blocks: Int, exitCode: Int32) {
        let inputs = ProvenanceLog.shared.recordedInputs
        guard RunReplay.canReplay(inputs) else { return }
        let entry = RunReplay.Entry(inputs: inputs, rules: ProvenanceLog.shared.recordedRules, warnings: Array(printedWarnings.messages.dropFirst(warningsBefore)),
                                    blocks: blocks, exitCode: exitCode, report: report)
        cache.store(key, payload: RunReplay.encode(entry))
    }

    /// Ends a replayed run as the kept one ended.
    static func exit(with code: Int32) throws {
        if code != 0 { throw ExitCode(code) }
    }
}

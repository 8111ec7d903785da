import ArgumentParser
import Foundation
import MineScreenKit

/// `--cache` on `overlap` and `screen` also keeps the whole report of a JSON or CSV run (`RunReplay`): the same
/// command over unchanged inputs then hashes them, writes that report with its own provenance, prints the
/// warnings the first run printed and exits as it did. Nil when the run cannot be kept: no usable cache, another
/// format, or files written besides the report (`--remainder`).
struct ReplayedRun {
    /// The formats whose reports are kept.
    static let keptFormats: Set<OutputFormat> = [.json, .csv]

    let cache: ResultCache
    let key: String
    let format: OutputFormat
    /// Warnings printed before the point of replay (printed by a replayed run too): not kept.
    let warningsBefore: Int

    init?(cache: ResultCache?, format: OutputFormat, writesOtherFiles: Bool) {
        guard let cache, Self.keptFormats.contains(format), !writesOtherFiles else { return nil }
        self.cache = cache
        self.format = format
        self.warningsBefore = printedWarnings.messages.count
        self.key = RunReplay.key(command: recordedCommand, directory: FileManager.default.currentDirectoryPath,
                                 environment: ProcessInfo.processInfo.environment, build: buildIdentity)
    }

    /// When a kept report's inputs all hash as they did: writes it as this run's report and returns the exit code
    /// it had. Nil when there is none, it is damaged, or an input changed (the run then computes).
    func replay(output: OutputOptions) throws -> Int32? {
        guard let entry = cache.lookup(key, countsBlock: false, decode: RunReplay.decode),
              RunReplay.inputsUnchanged(entry) else { return nil }
        var json = JSONValue.null, text = ""
        switch (entry.report, format) {
        case (.json(let value), .json): json = value
        case (.text(let value), .csv): text = value
        default: return nil
        }
        warn(entry.warnings)
        ProvenanceLog.shared.replay(inputs: entry.inputs, rules: entry.rules)
        ProvenanceLog.shared.recordCache(hits: entry.blocks, misses: 0)
        try output.timedWrite(format, table: { text }, csv: { text }, json: { json }, geojson: { json }, html: { text }, sheets: { [] })
        cache.evict()
        return entry.exitCode
    }

    /// Keeps this run's report (`report`: the CSV as written, or the JSON report without provenance; nil for other
    /// formats: nothing is kept) for the next run of the same command, with the warnings printed up to
    /// `warningsUntil` (those about the analysis, not about storing the cache); not when an input cannot be hashed
    /// again (a database layer).
    func keep(report kept: KeptReport?, blocks: Int, exitCode: Int32, warningsUntil end: Int) {
        guard let kept else { return }
        let inputs = ProvenanceLog.shared.recordedInputs
        guard RunReplay.canReplay(inputs) else { return }
        let printed = printedWarnings.messages
        let warnings = Array(printed[min(warningsBefore, printed.count)..<min(max(end, warningsBefore), printed.count)])
        let entry = RunReplay.Entry(inputs: inputs, rules: ProvenanceLog.shared.recordedRules, warnings: warnings,
                                    blocks: blocks, exitCode: exitCode, report: kept.report)
        cache.store(key, payload: RunReplay.encode(entry, encodedReport: kept.encoded.value))
    }

    /// Ends a replayed run as the kept one ended.
    static func exit(with code: Int32) throws {
        if code != 0 { throw ExitCode(code) }
    }
}

/// A report to keep for replay, and its encoding (`RunReplay.encodeReport`), made on another thread while the
/// report is written out.
struct KeptReport {
    let report: RunReplay.Entry.Report
    let encoded: BackgroundValue<[UInt8]>

    init(_ report: RunReplay.Entry.Report) {
        self.report = report
        encoded = BackgroundValue { RunReplay.encodeReport(report) }
    }
}

extension OutputOptions {
    /// `timedWrite`, handing back what `replay` keeps (`ReplayedRun.keep`): the CSV as written, or the JSON report
    /// without provenance; nil for other formats and without a replay (nothing is encoded then).
    func timedWriteKeeping(_ format: OutputFormat, for replay: ReplayedRun?, table: () -> String, csv: () -> String,
                           json: () -> JSONValue, geojson: () throws -> JSONValue, html: () throws -> String,
                           sheets: () -> [ReportTable]) throws -> KeptReport? {
        var written: KeptReport?
        try timedWrite(format, table: table, csv: { let text = csv(); if replay != nil { written = KeptReport(.text(text)) }; return text },
                       json: { let report = json(); if replay != nil { written = KeptReport(.json(report)) }; return report },
                       geojson: geojson, html: html, sheets: sheets)
        return written
    }
}

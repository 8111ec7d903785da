import Foundation
import MineScreenSupport
import MineScreenNative

/// A whole report kept in a `--cache` directory beside the per-block entries: a run of the same command, from the
/// same folder, by the same software, whose input files all hash as they did, gets that report again without
/// reading its inputs (each is hashed, nothing is parsed). Anything else changed and the run computes as usual
/// (through the per-block entries), then keeps its report for the next run.
///
/// The entry's key covers the command (without the options that only say where the report goes or what is
/// printed on stderr), the working folder, the software versions and the build of minescreen, and the environment
/// variables that steer minescreen, PROJ and GDAL; the entry itself lists every input the run read with its SHA-256
/// (a Shapefile's sidecars and a folder's files too), and is used only when all still match. A GeoPackage with
/// writes still in its `-wal` file is neither kept nor replayed: its own bytes do not say what it holds. Only
/// text reports are kept (table, CSV, JSON): dossiers, workbooks, GeoJSON and database tables are written anew.
/// A run with a database layer is never kept (its rows cannot be re-hashed without reading them).
public struct RunReplay {
    /// What a run produced, as kept.
    public struct Entry: Equatable {
        /// The inputs as the report's provenance lists them (digests, features, rejected, CRS).
        public var inputs: [ProvenanceLog.Input]
        public var rules: ProvenanceLog.FileDigest?
        /// Warnings the run printed, printed again.
        public var warnings: [String]
        /// Blocks analysed: a replayed run counts them all as cache hits.
        public var blocks: Int
        public var exitCode: Int32
        /// The report: CSV as written, or JSON as a value without its provenance (kept as values, not text, so
        /// that keeping and replaying it formats no number).
        public var report: Report

        /// A kept report: CSV text, or a JSON report as a value.
        public enum Report: Equatable {
            case text(String)
            case json(JSONValue)
        }

        public init(inputs: [ProvenanceLog.Input], rules: ProvenanceLog.FileDigest?, warnings: [String], blocks: Int,
                    exitCode: Int32, report: Report) {
            self.inputs = inputs; self.rules = rules; self.warnings = warnings
            self.blocks = blocks; self.exitCode = exitCode; self.report = report
        }

        public static func == (a: Entry, b: Entry) -> Bool {
            a.rules == b.rules && a.warnings == b.warnings && a.blocks == b.blocks && a.exitCode == b.exitCode
                && a.report == b.report && a.inputs.count == b.inputs.count
                && zip(a.inputs, b.inputs).allSatisfy { RunReplay.sameInput($0, $1) }
        }
    }

    static let format = "minescreen run replay 1"

    /// Options that change where the report goes or what stderr shows, not the report: left out of the key.
    /// The value after each of `ignoredWithValue` is left out too.
    static let ignoredFlags: Set<String> = ["--quiet", "--timings"]
    static let ignoredWithValue: Set<String> = ["-o", "--output", "--cache", "--cache-max-mb"]

    /// The entry's key: hex SHA-256 of the format, software versions, `build` (what tells this minescreen binary
    /// from another of the same version), `directory`, the command's arguments (`command`, without the program path
    /// and the ignored options) and the steering variables of `environment`.
    public static func key(command: [String], directory: String, environment: [String: String], build: String = "") -> String {
        var writer = CacheByteWriter(format: format, build: build, environment: environment)
        writer.string(directory)
        let kept = relevantArguments(command)
        writer.int(kept.count)
        for argument in kept { writer.string(argument) }
        return SHA256.hex(writer.bytes)
    }

    /// `command` without the options that do not change the report (`-o out.json`, `--output=out.json`, …).
    static func relevantArguments(_ command: [String]) -> [String] {
        var kept: [String] = []
        var skipNext = false
        for argument in command {
            if skipNext { skipNext = false; continue }
            if ignoredFlags.contains(argument) { continue }
            if ignoredWithValue.contains(argument) { skipNext = true; continue }
            if let eq = argument.firstIndex(of: "="), ignoredWithValue.contains(String(argument[..<eq])) { continue }
            kept.append(argument)
        }
        return kept
    }

    /// True when every input and the rules file of `entry` still hash (SHA-256, size) to what it recorded, a
    /// Shapefile's sidecars (.dbf, .prj, .cpg …) and a folder's files included. Hashing is all a replayed run reads.
    public static func inputsUnchanged(_ entry: Entry) -> Bool {
        let recorded = entry.inputs.map { (ProvenanceLog.FileDigest(path: $0.path, sha256: $0.sha256, bytes: $0.bytes), $0.files) }
            + (entry.rules.map { [($0, [])] } ?? [])
        guard !recorded.isEmpty, !entry.inputs.contains(where: { hasPendingWrites($0.path) }) else { return false }
        let unchanged = parallelMap(count: recorded.count, threads: min(recorded.count, defaultThreadCount)) { k, _ in
            let (digest, files) = recorded[k]
            guard !digest.sha256.isEmpty, let now = try? SourceDigest.digest(path: digest.path) else { return false }
            return now.digest == digest && now.files == files
        }
        return unchanged.allSatisfy { $0 }
    }

    /// Whether `inputs` can be checked again later: files and folders, not database connections.
    public static func canReplay(_ inputs: [ProvenanceLog.Input]) -> Bool {
        !inputs.isEmpty && inputs.allSatisfy { !PostGISConnection.isConnection($0.path) && !$0.sha256.isEmpty && !hasPendingWrites($0.path) }
    }

    /// A SQLite-based source (GeoPackage) with a non-empty write-ahead log: committed changes may be there only.
    static func hasPendingWrites(_ path: String) -> Bool {
        var info = stat()
        return stat(path + "-wal", &info) == 0 && info.st_size > 0
    }

    /// `encodedReport`: `encodeReport(entry.report)`, when made beforehand (while the report was written out).
    public static func encode(_ entry: Entry, encodedReport: [UInt8]? = nil) -> [UInt8] {
        var writer = CacheByteWriter(capacity: 1 << 16)
        writer.string(format)
        writer.int(entry.inputs.count)
        for input in entry.inputs {
            writer.string(input.role)
            digest(ProvenanceLog.FileDigest(path: input.path, sha256: input.sha256, bytes: input.bytes), &writer)
            writer.optional(input.features) { $0.int($1) }
            writer.optional(input.rejected) { $0.int($1) }
            writer.optional(input.crs) { $0.string($1) }
            writer.int(input.files.count)
            for file in input.files { digest(file, &writer) }
        }
        writer.optional(entry.rules) { writer, rules in digest(rules, &writer) }
        writer.int(entry.warnings.count)
        for warning in entry.warnings { writer.string(warning) }
        writer.int(entry.blocks)
        writer.int(Int(entry.exitCode))
        writer.raw(encodedReport ?? encodeReport(entry.report))
        return writer.bytes
    }

    /// The report part of an entry as `encode` writes it (a city report's JSON takes a tenth of a second).
    public static func encodeReport(_ report: Entry.Report) -> [UInt8] {
        var writer = CacheByteWriter(capacity: 1 << 16)
        switch report {
        case .text(let text): writer.int(0); writer.string(text)
        case .json(let value): writer.int(1); json(value, &writer)
        }
        return writer.bytes
    }

    public static func decode(_ payload: [UInt8]) throws -> Entry {
        var reader = CacheByteReader(payload)
        guard try reader.string() == format else { throw CacheByteReader.Damaged() }
        var inputs: [ProvenanceLog.Input] = []
        for sequence in 0..<(try reader.count(minimumSize: 8)) {
            let role = try reader.string()
            let file = try digest(&reader)
            let features = try reader.optional { try $0.int() }
            let rejected = try reader.optional { try $0.int() }
            let crs = try reader.optional { try $0.string() }
            var files: [ProvenanceLog.FileDigest] = []
            for _ in 0..<(try reader.count(minimumSize: 24)) { files.append(try digest(&reader)) }
            inputs.append(ProvenanceLog.Input(role: role, path: file.path, sha256: file.sha256, bytes: file.bytes,
                                              features: features, rejected: rejected, crs: crs, files: files, sequence: sequence))
        }
        let rules = try reader.optional { try digest(&$0) }
        var warnings: [String] = []
        for _ in 0..<(try reader.count(minimumSize: 8)) { warnings.append(try reader.string()) }
        let blocks = try reader.int()
        let exitCode = try reader.int()
        let report: Entry.Report
        switch try reader.int() {
        case 0: report = .text(try reader.string())
        case 1: report = .json(try json(&reader, depth: 0))
        default: throw CacheByteReader.Damaged()
        }
        guard reader.isAtEnd, blocks >= 0, let code = Int32(exactly: exitCode) else { throw CacheByteReader.Damaged() }
        return Entry(inputs: inputs, rules: rules, warnings: warnings, blocks: blocks, exitCode: code, report: report)
    }

    /// A JSON value by tag: doubles by their bit pattern, integers exact, members in order.
    private static func json(_ value: JSONValue, _ writer: inout CacheByteWriter) {
        switch value {
        case .null: writer.int(0)
        case .bool(let b): writer.int(1); writer.bool(b)
        case .number(let n): writer.int(2); writer.double(n)
        case .integer(let i): writer.int(3); writer.int(Int(i))
        case .string(let s): writer.int(4); writer.string(s)
        case .array(let items):
            writer.int(5); writer.int(items.count)
            for item in items { json(item, &writer) }
        case .object(let members):
            writer.int(6); writer.int(members.count)
            for (key, member) in members { writer.string(key); json(member, &writer) }
        }
    }

    /// Nesting deeper than any report's is damage.
    private static func json(_ reader: inout CacheByteReader, depth: Int) throws -> JSONValue {
        guard depth < 64 else { throw CacheByteReader.Damaged() }
        switch try reader.int() {
        case 0: return .null
        case 1: return .bool(try reader.bool())
        case 2: return .number(try reader.double())
        case 3: return .integer(Int64(try reader.int()))
        case 4: return .string(try reader.string())
        case 5:
            var items: [JSONValue] = []
            for _ in 0..<(try reader.count(minimumSize: 8)) { items.append(try json(&reader, depth: depth + 1)) }
            return .array(items)
        case 6:
            var members: [(key: String, value: JSONValue)] = []
            for _ in 0..<(try reader.count(minimumSize: 16)) { members.append((try reader.string(), try json(&reader, depth: depth + 1))) }
            return .object(members)
        default: throw CacheByteReader.Damaged()
        }
    }

    private static func digest(_ file: ProvenanceLog.FileDigest, _ writer: inout CacheByteWriter) {
        writer.string(file.path)
        writer.string(file.sha256)
        writer.int(file.bytes)
    }

    private static func digest(_ reader: inout CacheByteReader) throws -> ProvenanceLog.FileDigest {
        ProvenanceLog.FileDigest(path: try reader.string(), sha256: try reader.string(), bytes: try reader.int())
    }

    static func sameInput(_ a: ProvenanceLog.Input, _ b: ProvenanceLog.Input) -> Bool {
        a.role == b.role && a.path == b.path && a.sha256 == b.sha256 && a.bytes == b.bytes && a.features == b.features
            && a.rejected == b.rejected && a.crs == b.crs && a.files == b.files
    }
}

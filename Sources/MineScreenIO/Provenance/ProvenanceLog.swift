import CGDAL
import CGEOS
import CPROJ
import Foundation
import MineScreenSupport
import MineScreenNative

/// What a run read, for the `provenance` block of its report: every input file with the SHA-256 of the
/// bytes the reader parsed, its feature counts and CRS, the rules file, the command line, and the start
/// time. One log per process (`shared`); readers on any thread record into it under a lock.
///
/// Hashing is off until `enable()` (the command-line tool turns it on), so library users pay nothing.
public final class ProvenanceLog: @unchecked Sendable {
    public static let shared = ProvenanceLog()

    /// One file as read: the digest of the bytes the reader consumed.
    public struct FileDigest: Sendable, Equatable {
        public var path: String
        public var sha256: String
        public var bytes: Int
    }

    /// One input as the report lists it.
    public struct Input: Sendable {
        public var role: String
        public var path: String
        public var sha256: String
        public var bytes: Int
        public var features: Int?
        public var rejected: Int?
        public var crs: String?
        /// A Shapefile's sidecars or a folder's files (FileGDB), each with its own digest.
        public var files: [FileDigest] = []
        /// Order of first mention, to list inputs as the user gave them whatever thread read them.
        var sequence: Int
    }

    private let lock = NSLock()
    private var enabled = false
    private var digests: [String: FileDigest] = [:]
    private var sourceFiles: [String: (digest: FileDigest, files: [FileDigest])] = [:]
    private var inputs: [String: Input] = [:]
    private var rulesPath: String?
    private var cacheCounts: (hits: Int, misses: Int)?
    private var sequence = 0
    /// Places reserved by `announceInputs`, by role and path: inputs read side by side keep the order given.
    private var announced: [String: Int] = [:]
    private var readCount = 0
    private var digestOrder: [String: Int] = [:]
    private var lastRows: [String: FileDigest] = [:]
    private let hashing = DispatchGroup()
    public private(set) var started = Date()

    public init() {}

    /// Starts recording; the run's start time is now.
    public func enable(started: Date = Date()) {
        lock.withLock { enabled = true; self.started = started }
    }

    public var isEnabled: Bool { lock.withLock { enabled } }

    /// Records the digest of bytes a reader is about to parse (called by `InputBytes.read`). A large file is
    /// hashed on another thread while it is parsed (the bytes are immutable; hashing runs at about 140 MB/s,
    /// seconds for a city layer); the report waits for it (`recordedInputs`).
    public func recordRead(path: String, bytes: [UInt8]) {
        guard isEnabled else { return }
        let sequence = lock.withLock { () -> Int in readCount += 1; return readCount }
        let hash: @Sendable () -> Void = { [self] in
            let digest = FileDigest(path: path, sha256: SHA256.hex(bytes), bytes: bytes.count)
            // A file read twice (check reads it to detect the format, then to parse) keeps its latest read.
            lock.withLock {
                if (digestOrder[path] ?? 0) < sequence { digests[path] = digest; digestOrder[path] = sequence }
            }
        }
        if bytes.count < 4 << 20 { return hash() }
        DispatchQueue.global().async(group: hashing, execute: hash)
    }

    /// Records a file's digest its reader has already taken (`InputLoader.load` with a cache hashes first).
    public func recordRead(path: String, bytes: Int, sha256: String) {
        guard isEnabled else { return }
        lock.withLock { recordLatest(FileDigest(path: path, sha256: sha256, bytes: bytes)) }
    }

    /// Records `digest` as its path's latest read; called with `lock` held.
    private func recordLatest(_ digest: FileDigest) {
        readCount += 1
        digests[digest.path] = digest
        digestOrder[digest.path] = readCount
    }

    /// A source GDAL opens itself (Shapefile, GeoPackage, FileGDB folder): hashed here before GDAL opens it,
    /// since GDAL reads the files on its own. See `SourceDigest`.
    public func recordSourceBeforeOpening(path: String) {
        guard isEnabled, let source = try? SourceDigest.digest(path: path) else { return }
        lock.withLock { sourceFiles[path] = source }
    }

    /// A database layer's rows as read (one SHA-256 per row, in read order): its digest is the SHA-256 of
    /// those digests; `bytes` is 0, since a table has no bytes of its own to hash.
    public func recordRows(path: String, digests rows: [String]) {
        var hash = SHA256()
        for row in rows { hash.update(Array(row.utf8)) }
        let digest = FileDigest(path: path, sha256: hash.finalizeHex(), bytes: 0)
        lock.withLock {
            lastRows[path] = digest
            guard enabled else { return }
            recordLatest(digest)
        }
    }

    /// The digest of the rows last read from the database source `path` (as `recordRows` computes it), kept
    /// whether or not recording is enabled: the service names its database layers' rows this way.
    public func lastRowsDigest(path: String) -> FileDigest? {
        lock.withLock { lastRows[path] }
    }

    /// Reserves the report's order for inputs about to be read side by side (`concurrently`), as the user gave
    /// them: each then takes its place whichever thread finishes first. Inputs not announced follow them.
    public func announceInputs(_ inputs: [(role: String, path: String)]) {
        guard isEnabled else { return }
        lock.withLock {
            for input in inputs where announced[input.role + "\u{0}" + input.path] == nil {
                announced[input.role + "\u{0}" + input.path] = sequence
                sequence += 1
            }
        }
    }

    /// Names an input the report lists: its role ("blocks", "layer:NAME", "orebodies", …), the features read
    /// and rejected, and its CRS. The digest is that of the bytes recorded for `path`.
    public func recordInput(path: String, role: String, features: Int?, rejected: Int?, crs: String?) {
        guard isEnabled else { return }
        lock.withLock {
            let key = role + "\u{0}" + path
            let order = inputs[key]?.sequence ?? announced[key] ?? sequence
            sequence += 1
            // The digest is filled in when the report asks (`recordedInputs`): it may still be computing.
            inputs[key] = Input(role: role, path: path, sha256: "", bytes: 0, features: features, rejected: rejected,
                                 crs: crs, files: sourceFiles[path]?.files ?? [], sequence: order)
        }
    }

    /// The rules file a run used (its digest recorded by the read).
    public func recordRules(path: String) {
        guard isEnabled else { return }
        lock.withLock { rulesPath = path }
    }

    /// A run replayed from the cache (`RunReplay`): its inputs and rules as the run it replays recorded them
    /// (the replay checked that they still hash the same).
    public func replay(inputs replayed: [Input], rules: FileDigest?) {
        lock.withLock {
            for input in replayed {
                inputs[input.role + "\u{0}" + input.path] = input
                digests[input.path] = FileDigest(path: input.path, sha256: input.sha256, bytes: input.bytes)
                sourceFiles[input.path] = nil
            }
            if let rules {
                rulesPath = rules.path
                digests[rules.path] = rules
            }
        }
    }

    /// The inputs in the order they were named, the blocks first, with their digests (once computed).
    public var recordedInputs: [Input] {
        hashing.wait()
        return lock.withLock {
            inputs.values.map { input in
                var input = input
                if let digest = sourceFiles[input.path]?.digest ?? digests[input.path] {
                    input.sha256 = digest.sha256
                    input.bytes = digest.bytes
                }
                return input
            }.sorted { ($0.role != "blocks" ? 1 : 0, $0.sequence) < ($1.role != "blocks" ? 1 : 0, $1.sequence) }
        }
    }

    public var recordedRules: FileDigest? {
        hashing.wait()
        return lock.withLock { rulesPath.map { digests[$0] ?? FileDigest(path: $0, sha256: "", bytes: 0) } }
    }

    /// Records how many blocks a run with `--cache` took from the cache and how many it computed.
    public func recordCache(hits: Int, misses: Int) {
        lock.withLock { cacheCounts = (hits, misses) }
    }

    /// The `provenance` object of a JSON report. `command` is the argument vector without the program
    /// path (which differs between machines): `["area", "blocks.geojson", "--format", "json"]`.
    public func json(command: [String], finished: Date = Date()) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("software", .object(Self.software.map { ($0.key, .string($0.value)) })),
            ("command", .array(command.map { .string($0) })),
            ("started", .string(Self.isoTimestamp(started))),
            ("duration_s", .number((finished.timeIntervalSince(started) * 1000).rounded() / 1000)),
            ("inputs", .array(recordedInputs.map(Self.json))),
        ]
        if let rules = recordedRules {
            members.append(("rules", .object([("path", .string(rules.path)), ("sha256", .string(rules.sha256))])))
        }
        if let cache = lock.withLock({ cacheCounts }) {
            members.append(("cache", .object([("hits", .integer(Int64(cache.hits))), ("misses", .integer(Int64(cache.misses)))])))
        }
        return .object(members)
    }

    /// One input as the `inputs` array of a report's provenance lists it.
    public static func json(_ input: Input) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("role", .string(input.role)), ("path", .string(input.path)), ("sha256", .string(input.sha256)),
            ("bytes", .integer(Int64(input.bytes))),
            ("features", input.features.map { .integer(Int64($0)) } ?? .null),
            ("rejected", input.rejected.map { .integer(Int64($0)) } ?? .null),
            ("crs", input.crs.map { .string($0) } ?? .null),
        ]
        if !input.files.isEmpty {
            members.append(("files", .array(input.files.map {
                .object([("path", .string($0.path)), ("sha256", .string($0.sha256)), ("bytes", .integer(Int64($0.bytes)))])
            })))
        }
        return .object(members)
    }

    /// Versions from the libraries' own version functions at run time (not the headers built against).
    public static var software: [(key: String, value: String)] {
        [("minescreen", minescreenVersion), ("geos", String(cString: GEOSversion())),
         ("proj", String(cString: proj_info().version)), ("gdal", GDALSession.version)]
    }

    /// UTC, with milliseconds: `2026-12-06T05:34:12.669Z`. One formatter, made once (making one costs more than
    /// the formatting; the screening service stamps every request), used under a lock.
    public static func isoTimestamp(_ date: Date) -> String {
        timestampLock.withLock { timestampFormatter.string(from: date) }
    }

    private static let timestampLock = NSLock()
    nonisolated(unsafe) private static let timestampFormatter: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()
}

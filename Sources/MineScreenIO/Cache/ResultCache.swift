import Foundation
import MineScreenSupport

/// A directory of per-block results (`--cache DIR`) that runs may share.
///
/// Safe to share by construction: an entry is written to a temporary file in the directory and renamed into
/// place (readers see a whole entry or none; concurrent writers of one key write the same bytes); each entry
/// checks itself (`CacheEntry`: key, length and SHA-256 of the payload), so a file torn by a killed run, a full
/// disk or a damaged medium is a miss and its block is recomputed, never a wrong answer. The directory is kept
/// under `maxBytes` by removing the entries used least recently (a hit refreshes an entry's mtime).
public final class ResultCache: @unchecked Sendable {
    /// Why a cache directory cannot be used.
    public struct Unusable: Error, CustomStringConvertible {
        public var description: String
    }

    public let directory: String
    public let maxBytes: Int64
    /// A file larger than this is never read as an entry (a block's result is kilobytes; a dossier's geometry,
    /// megabytes at most).
    static let largestEntry = 256 << 20
    /// Temporary files older than this are left by killed runs: eviction removes them.
    static let abandonedAfter: TimeInterval = 3600
    static let entrySuffix = ".entry"
    static let temporaryPrefix = ".tmp-"

    private let lock = NSLock()
    private var hitCount = 0
    private var missCount = 0
    private var failedWrite: String?
    private var temporaryCounter = 0
    private let pendingStores = DispatchGroup()

    /// Opens `directory`, creating it if needed, and checks that an entry can be written there.
    public init(directory: String, maxMegabytes: Int) throws {
        self.directory = directory
        self.maxBytes = Int64(max(1, maxMegabytes)) << 20
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw Unusable(description: "cannot create cache directory \(directory): \(error.localizedDescription)")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Unusable(description: "cache path \(directory) is not a directory")
        }
        let probe = temporaryPath()
        let fd = open(probe, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else {
            throw Unusable(description: "cannot write in cache directory \(directory): \(String(cString: strerror(errno)))")
        }
        close(fd)
        unlink(probe)
    }

    public var hits: Int { lock.withLock { hitCount } }
    public var misses: Int { lock.withLock { missCount } }
    /// The first reason an entry could not be stored (full disk, permissions), if any: the run went on without it.
    public var writeFailure: String? { lock.withLock { failedWrite } }

    func entryPath(_ key: String) -> String { directory + "/" + key + Self.entrySuffix }

    private func temporaryPath() -> String {
        let serial = lock.withLock { temporaryCounter += 1; return temporaryCounter }
        return directory + "/" + Self.temporaryPrefix + "\(getpid())-\(serial)-\(UInt64.random(in: 0...UInt64.max))"
    }

    /// The cached value for `key`, decoded; nil (a miss) when there is none or the entry or its payload is damaged.
    /// `countsBlock` false: not a block's result (a whole run's, `RunReplay`): not counted in `hits` or `misses`.
    public func lookup<T>(_ key: String, countsBlock: Bool = true, decode: ([UInt8]) throws -> T) -> T? {
        let path = entryPath(key)
        if let bytes = Self.readRegularFile(path), let payload = CacheEntry.decode(bytes, key: key),
           let value = try? decode(payload) {
            // Refresh the entry's age: eviction removes the least recently used first.
            utimensat(AT_FDCWD, path, nil, 0)
            if countsBlock { lock.withLock { hitCount += 1 } }
            return value
        }
        if countsBlock { lock.withLock { missCount += 1 } }
        return nil
    }

    /// Counts a block computed without a key (its candidates could not be found): a miss.
    public func countUncached() {
        lock.withLock { missCount += 1 }
    }

    /// Stores `payload` under `key`; a failure (full disk, permissions) only costs a recomputation next time.
    public func store(_ key: String, payload: [UInt8]) {
        let bytes = CacheEntry.encode(key: key, payload: payload)
        let temporary = temporaryPath()
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { return noteFailure(errno) }
        let failure = bytes.withUnsafeBytes { POSIXWriter.writeAll(fd, $0) }
        close(fd)
        guard failure == 0 else {
            unlink(temporary)
            return noteFailure(failure)
        }
        if rename(temporary, entryPath(key)) != 0 {
            let error = errno
            unlink(temporary)
            noteFailure(error)
        }
    }

    /// Stores what `make` gives (nothing if nil) under `key` on another thread: a large entry is encoded and written
    /// while the run goes on. `finishStores` waits for every such store.
    public func storeLater(_ key: String, _ make: @escaping @Sendable () -> [UInt8]?) {
        DispatchQueue.global().async(group: pendingStores) { [self] in
            if let payload = make() { store(key, payload: payload) }
        }
    }

    /// Returns once every `storeLater` has written its entry (or failed to).
    public func finishStores() { pendingStores.wait() }

    private func noteFailure(_ error: Int32) {
        let why = String(cString: strerror(error))
        lock.withLock { if failedWrite == nil { failedWrite = why } }
    }

    /// Removes the least recently used entries until the directory holds at most `maxBytes` of them, and
    /// temporary files abandoned by killed runs. Concurrent runs may evict at once: a file already gone is skipped.
    public func evict() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        var entries: [(path: String, size: Int64, used: TimeInterval)] = []
        var total: Int64 = 0
        let now = Date().timeIntervalSince1970
        for name in names {
            let path = directory + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            let modified = TimeInterval(info.st_mtim.tv_sec) + TimeInterval(info.st_mtim.tv_nsec) / 1e9
            if name.hasPrefix(Self.temporaryPrefix) {
                if now - modified > Self.abandonedAfter { unlink(path) }
                continue
            }
            guard name.hasSuffix(Self.entrySuffix) else { continue }
            entries.append((path, Int64(info.st_size), modified))
            total += Int64(info.st_size)
        }
        guard total > maxBytes else { return }
        entries.sort { ($0.used, $0.path) < ($1.used, $1.path) }
        for entry in entries {
            guard total > maxBytes else { break }
            unlink(entry.path)
            total -= entry.size
        }
    }

    /// A regular file's bytes, without following a symbolic link or blocking on a FIFO; nil otherwise.
    static func readRegularFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size <= largestEntry else { return nil }
        let size = Int(info.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, size - done) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return nil }
            done += n
        }
        return bytes
    }
}

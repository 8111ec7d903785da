import Foundation
import MineScreenSupport

/// Reads an input file's bytes, whatever kind of file it is.
///
/// - A regular file: one buffer of its size, filled by read(2) (no growing buffer and no second copy: a city
///   farmland layer is hundreds of MB).
/// - Anything else (a pipe such as `/dev/stdin` or `<(…)`, a FIFO, a character device): read as a stream to
///   its end, since its size says nothing. Bounded: more than `streamLimit` bytes is refused rather than
///   held in memory (`/dev/zero` never ends), and waiting longer than `streamWait` seconds for the next
///   bytes is an error (a FIFO nobody writes to would otherwise block forever). The file is opened
///   non-blocking for that reason: opening a FIFO without a writer blocks too.
///
/// Both limits can be changed for a run: MINESCREEN_STREAM_MAX_BYTES and MINESCREEN_STREAM_WAIT_SECONDS.
public enum InputBytes {
    public static var streamLimit: Int {
        environmentNumber("MINESCREEN_STREAM_MAX_BYTES").map { Int($0) } ?? 4 << 30
    }

    public static var streamWait: Double {
        environmentNumber("MINESCREEN_STREAM_WAIT_SECONDS") ?? 30
    }

    public static func read(path: String) throws -> [UInt8] { try read(path: path, recorded: true) }

    /// `recorded` false: the caller records the bytes' digest for provenance itself (it hashes them anyway).
    public static func read(path: String, recorded: Bool) throws -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw InputError.cannotRead(file: path, why: errno == ENOENT ? "no such file" : String(cString: strerror(errno)))
        }
        if info.st_mode & S_IFMT == S_IFDIR { throw InputError.cannotRead(file: path, why: "is a directory") }
        let fd = open(path, O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { throw InputError.cannotRead(file: path, why: String(cString: strerror(errno))) }
        defer { close(fd) }
        guard fstat(fd, &info) == 0 else { throw InputError.cannotRead(file: path, why: String(cString: strerror(errno))) }
        let bytes = info.st_mode & S_IFMT == S_IFREG ? try readRegular(fd, size: Int(info.st_size), path: path)
            : try readStream(fd, path: path, limit: streamLimit, wait: streamWait)
        // The digest of the very bytes the reader parses: a file changed after this cannot slip into a report.
        if recorded { ProvenanceLog.shared.recordRead(path: path, bytes: bytes) }
        return bytes
    }

    /// A file that grows while read is read up to its size at open; one that shrinks, to its end.
    private static func readRegular(_ fd: Int32, size: Int, path: String) throws -> [UInt8] {
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            while count < size {
                let got = Foundation.read(fd, buffer.baseAddress! + count, size - count)
                if got < 0 { if errno == EINTR || errno == EAGAIN { continue }; failure = errno; return }
                if got == 0 { return }
                count += got
            }
        }
        if failure != 0 { throw InputError.cannotRead(file: path, why: String(cString: strerror(failure))) }
        return bytes
    }

    static func readStream(_ fd: Int32, path: String, limit: Int, wait: Double) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let waitMilliseconds = Int32(max(0, min(wait * 1000, Double(Int32.max))))
        while true {
            var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&request, 1, waitMilliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                throw InputError.cannotRead(file: path, why: String(cString: strerror(errno)))
            }
            if ready == 0 {
                let what = bytes.isEmpty ? "nothing arrived" : "no more bytes arrived after \(bytes.count)"
                throw InputError.cannotRead(file: path, why: "not a regular file and \(what) within \(formatJSONNumber(wait)) s (a pipe or FIFO nobody writes to?); set MINESCREEN_STREAM_WAIT_SECONDS to wait longer")
            }
            let got = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw InputError.cannotRead(file: path, why: String(cString: strerror(errno)))
            }
            if got == 0 { return bytes }
            guard bytes.count + got <= limit else {
                throw InputError.cannotRead(file: path, why: "not a regular file and longer than \(limit) bytes, the most read from a stream; set MINESCREEN_STREAM_MAX_BYTES to allow more, or read it from a regular file")
            }
            bytes += chunk[0..<got]
        }
    }

    private static func environmentNumber(_ name: String) -> Double? {
        ProcessInfo.processInfo.environment[name].flatMap(Double.init).flatMap { $0.isFinite && $0 >= 0 ? $0 : nil }
    }
}

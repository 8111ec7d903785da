import Foundation
import MineScreenSupport

/// Writes a file so that a reader sees the old file or the whole new one, never a part: the bytes go to a
/// temporary file in the target's folder, are flushed to disk (fsync), and the temporary file is renamed over
/// the target. On a failure the run sees (full disk, a piece that cannot be made) the temporary file is removed
/// and the old target is left as it was; a run killed before the rename leaves the old target too, and its
/// temporary `.NAME.minescreen-XXXXXX` beside it. The target is chosen by `OutputTarget.resolve` (symbolic links
/// followed, read-only files refused).
public enum AtomicFileWriter {
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try bytes.withUnsafeBytes { try write($0, to: path) }
    }

    public static func write(_ data: Data, to path: String) throws {
        try data.withUnsafeBytes { try write($0, to: path) }
    }

    public static func write(_ bytes: UnsafeRawBufferPointer, to path: String) throws {
        try write(to: path) { write in try write(bytes) }
    }

    /// The file's bytes as `pieces` hands them to its argument, one after another (a report made piece by piece
    /// is never held whole); the file appears only once every piece is written and `pieces` has returned.
    public static func write(to path: String, pieces: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        let target = try OutputTarget.resolve(path)
        func writer(_ fd: Int32) -> (UnsafeRawBufferPointer) throws -> Void {
            { bytes in
                let failure = POSIXWriter.writeAll(fd, bytes)
                if failure != 0 { throw InputError.cannotWrite(file: path, why: String(cString: strerror(failure))) }
            }
        }
        if OutputTarget.isStream(target) {
            // A device or pipe target (`/dev/null`, a FIFO) is written as it is: there is no file to replace.
            let fd = open(target, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw InputError.cannotWrite(file: path, why: String(cString: strerror(errno))) }
            defer { close(fd) }
            return try pieces(writer(fd))
        }
        let (fd, temporary) = try makeTemporaryFile(beside: target, reportedAs: path)
        var renamed = false
        defer {
            if !renamed { unlink(temporary) }
        }
        do {
            defer { close(fd) }
            try setMode(fd, like: target, path: path)
            try pieces(writer(fd))
            guard fsync(fd) == 0 else { throw InputError.cannotWrite(file: path, why: String(cString: strerror(errno))) }
        }
        try moveIntoPlace(temporary, target, reportedAs: path)
        renamed = true
    }

    /// `rename(2)` of a finished temporary file over the target, then the folder flushed so the new name is on disk.
    static func moveIntoPlace(_ temporary: String, _ target: String, reportedAs path: String) throws {
        guard rename(temporary, target) == 0 else {
            throw InputError.cannotWrite(file: path, why: "cannot rename the finished file into place: \(String(cString: strerror(errno)))")
        }
        syncFolder(of: target)
    }

    static func syncFolder(of target: String) {
        let folder = (target as NSString).deletingLastPathComponent
        let fd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// A new file `.NAME.minescreen-XXXXXX` in the target's folder (a rename within a folder is atomic).
    static func makeTemporaryFile(beside target: String, reportedAs path: String) throws -> (Int32, String) {
        var template = temporaryTemplate(beside: target)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw InputError.cannotWrite(file: path, why: "cannot make a temporary file in its folder: \(String(cString: strerror(errno)))")
        }
        return (fd, template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
    }

    /// `FOLDER/.NAME.minescreen-XXXXXX`, NAME cut (at a character) so the whole stays within NAME_MAX (255 bytes).
    static func temporaryTemplate(beside target: String) -> ContiguousArray<CChar> {
        let folder = (target as NSString).deletingLastPathComponent
        var name = ""
        for character in (target as NSString).lastPathComponent {
            guard name.utf8.count + String(character).utf8.count <= 200 else { break }
            name.append(character)
        }
        return ((folder.isEmpty ? "." : folder) + "/." + name + ".minescreen-XXXXXX").utf8CString
    }

    /// The replaced file's permissions, or for a new file the usual 0666 less the umask (mkstemp makes 0600).
    static func setMode(_ fd: Int32, like target: String, path: String) throws {
        var info = stat()
        let mode: mode_t
        if stat(target, &info) == 0 {
            mode = info.st_mode & 0o7777
        } else {
            let mask = umask(0)
            umask(mask)
            mode = 0o666 & ~mask
        }
        guard fchmod(fd, mode) == 0 else { throw InputError.cannotWrite(file: path, why: String(cString: strerror(errno))) }
    }

    /// A temporary folder `.NAME.minescreen-XXXXXX` beside the target, for writers (GDAL) that make their own files.
    static func makeTemporaryFolder(beside target: String, reportedAs path: String) throws -> String {
        var template = temporaryTemplate(beside: target)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard made != nil else {
            throw InputError.cannotWrite(file: path, why: "cannot make a temporary folder in its folder: \(String(cString: strerror(errno)))")
        }
        return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}

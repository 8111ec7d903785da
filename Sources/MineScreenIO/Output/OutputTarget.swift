import Foundation
import MineScreenSupport

/// Where an output file really goes, and whether it may be replaced.
///
/// Policy, the same for text and GDAL outputs:
/// - a symbolic link is followed: the file it points to is replaced (the new file is made in that file's
///   folder), and the link stays a link;
/// - a character device or a pipe (`/dev/null`, `/dev/stdout`, a FIFO) is written in place: it holds no old
///   content to protect and cannot be renamed over;
/// - any other existing target that is not a regular file (a folder, a socket) is refused;
/// - an existing target the user may not write (mode 0444; for root, a file with no write bit at all) is refused;
/// - a folder that does not exist is refused.
public enum OutputTarget {
    /// The path written in the end: `path` with every symbolic link resolved, or `path` itself when it does
    /// not exist yet (its folder resolved). Throws `InputError.cannotWrite` for a target that is refused.
    public static func resolve(_ path: String) throws -> String {
        var info = stat()
        // Through the link as given: /dev/stdout names a pipe that has no path to resolve to.
        if stat(path, &info) == 0, isStream(mode: info.st_mode) { return path }
        let resolved = FileIdentity.canonicalPath(path)
        if stat(resolved, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFREG else {
                throw InputError.cannotWrite(file: path, why: "exists and is not a regular file")
            }
            guard isWritable(resolved, mode: info.st_mode) else {
                throw InputError.cannotWrite(file: path, why: "is read-only (not replaced)")
            }
        } else {
            let folder = (resolved as NSString).deletingLastPathComponent
            var folderInfo = stat()
            guard stat(folder.isEmpty ? "." : folder, &folderInfo) == 0, folderInfo.st_mode & S_IFMT == S_IFDIR else {
                throw InputError.cannotWrite(file: path, why: "no such folder")
            }
        }
        return resolved
    }

    /// A character device or FIFO: written in place, not replaced.
    public static func isStream(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && isStream(mode: info.st_mode)
    }

    static func isStream(mode: mode_t) -> Bool { mode & S_IFMT == S_IFCHR || mode & S_IFMT == S_IFIFO }

    /// Root may write any file; for root a file without any write bit is still taken as meant to be kept.
    static func isWritable(_ path: String, mode: mode_t) -> Bool {
        if geteuid() == 0 { return mode & 0o222 != 0 }
        return access(path, W_OK) == 0
    }
}

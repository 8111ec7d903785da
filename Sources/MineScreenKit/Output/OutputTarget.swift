import Foundation

/// Where an output file really goes, and whether it may be replaced.
///
/// Policy, the same for text and GDAL outputs:
/// - a symbolic link is followed: the file it points to is replaced (the new file is made in that file's
///   folder), and the link stays a link;
/// - an existing target that is not a regular file (a folder, a device) is refused;
/// - an existing target the user may not write (mode 0444; for root, a file with no write bit at all) is refused;
/// - a folder that does not exist is refused.
public enum OutputTarget {
    /// The path written in the end: `path` with every symbolic link resolved, or `path` itself when it does
    /// not exist yet (its folder resolved). Throws `InputError.cannotWrite` for a target that is refused.
    public static func resolve(_ path: String) throws -> String {
        let resolved = FileIdentity.canonicalPath(path)
        var info = stat()
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

    /// Root may write any file; for root a file without any write bit is still taken as meant to be kept.
    static func isWritable(_ path: String, mode: mode_t) -> Bool {
        if geteuid() == 0 { return mode & 0o222 != 0 }
        return access(path, W_OK) == 0
    }
}

import Foundation

/// Which file a path names: the path with symbolic links, `.` and `..` resolved, and for an existing file
/// its device and inode (so hard links to one file are the same file).
public struct FileIdentity: Equatable, Sendable {
    public var canonicalPath: String
    public var device: UInt64?
    public var inode: UInt64?

    public init(_ path: String) {
        canonicalPath = Self.canonicalPath(path)
        var info = stat()
        if stat(canonicalPath, &info) == 0 {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    /// Same file: the same device and inode when both exist, else the same resolved path.
    public func isSameFile(as other: FileIdentity) -> Bool {
        if let device, let inode, let otherDevice = other.device, let otherInode = other.inode {
            return device == otherDevice && inode == otherInode
        }
        return canonicalPath == other.canonicalPath
    }

    /// `realpath` of the file, or of its folder followed by its name when the file does not exist yet
    /// (a dangling symbolic link resolves to the file it would create).
    public static func canonicalPath(_ path: String) -> String {
        if let real = realPath(path) { return real }
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var link = absolute
        // A dangling link: follow it by hand (bounded, as the kernel bounds link chains).
        for _ in 0..<40 {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: link) else { break }
            link = target.hasPrefix("/") ? target : (link as NSString).deletingLastPathComponent + "/" + target
        }
        let name = (link as NSString).lastPathComponent
        let folder = (link as NSString).deletingLastPathComponent
        let realFolder = realPath(folder.isEmpty ? "/" : folder) ?? (folder as NSString).standardizingPath
        return realFolder == "/" ? "/" + name : realFolder + "/" + name
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

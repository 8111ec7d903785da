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

/// The files a path stands for: a Shapefile is its `.shp` and the sidecar files written and read with it.
public enum DatasetFiles {
    public static let shapefileSidecars = ["shx", "dbf", "prj", "cpg", "qix", "sbn", "sbx", "qpj"]

    public static func paths(_ path: String) -> [String] {
        let ext = (path as NSString).pathExtension
        guard ext.lowercased() == "shp" else { return [path] }
        let stem = (path as NSString).deletingPathExtension
        let upper = ext == "SHP"
        return [path] + shapefileSidecars.map { stem + "." + (upper ? $0.uppercased() : $0) }
    }
}

/// Refuses a run whose outputs would overwrite its inputs or each other, before anything is read or written.
public enum OutputInputCheck {
    /// `inputs` and `outputs` as (what the user called it, path), e.g. ("-o", "report.csv").
    /// Throws `InputError.invalidArgument` naming both sides.
    public static func check(inputs: [(role: String, path: String)], outputs: [(role: String, path: String)]) throws {
        func expand(_ list: [(role: String, path: String)]) -> [(role: String, path: String, file: String, id: FileIdentity)] {
            list.flatMap { item in DatasetFiles.paths(item.path).map { (item.role, item.path, $0, FileIdentity($0)) } }
        }
        let readFiles = expand(inputs)
        let writtenFiles = expand(outputs)
        // Identities by resolved path for the paths, and by (device, inode) for existing files: linear in the files.
        var byPath: [String: (role: String, path: String)] = [:]
        var byInode: [String: (role: String, path: String)] = [:]
        func key(_ id: FileIdentity) -> String? { id.inode.map { "\(id.device!):\($0)" } }
        for file in readFiles {
            byPath[file.id.canonicalPath] = byPath[file.id.canonicalPath] ?? (file.role, file.path)
            if let k = key(file.id) { byInode[k] = byInode[k] ?? (file.role, file.path) }
        }
        for file in writtenFiles {
            if let hit = byPath[file.id.canonicalPath] ?? key(file.id).flatMap({ byInode[$0] }) {
                throw InputError.invalidArgument(
                    "\(file.role) \(file.path) \(file.file == file.path ? "is" : "writes \(file.file), which is") the same file as the \(hit.role) \(hit.path): refusing to overwrite an input; write the output elsewhere")
            }
        }
        var outputPaths: [String: (role: String, path: String)] = [:]
        var outputInodes: [String: (role: String, path: String)] = [:]
        for file in writtenFiles {
            let previous = outputPaths[file.id.canonicalPath] ?? key(file.id).flatMap { outputInodes[$0] }
            if let previous, previous.role != file.role || previous.path != file.path {
                throw InputError.invalidArgument(
                    "\(file.role) \(file.path) and \(previous.role) \(previous.path) are the same file: give each output its own path")
            }
            outputPaths[file.id.canonicalPath] = (file.role, file.path)
            if let k = key(file.id) { outputInodes[k] = (file.role, file.path) }
        }
    }
}

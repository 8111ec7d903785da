import Foundation
import MineScreenSupport
import MineScreenNative

/// Digests of a source GDAL reads itself, taken before GDAL opens it.
///
/// - A single file (GeoPackage, …): the SHA-256 of its bytes, as `sha256sum` gives it.
/// - A Shapefile: the SHA-256 of the `.shp`, and each sidecar of the same base name (`.dbf`, `.shx`, `.prj`,
///   `.cpg`, spatial indexes, `.shp.xml`) listed under `files` with its own digest, in name order.
/// - A folder (FileGDB `.gdb`): the SHA-256 of the lines `<sha256>  <name>\n` of its regular files in name
///   order (the text `sha256sum *` prints there), each file listed under `files` too.
public enum SourceDigest {
    public static func digest(path: String) throws -> (digest: ProvenanceLog.FileDigest, files: [ProvenanceLog.FileDigest]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError.cannotRead(file: path, why: "no such file")
        }
        // A pipe or device (stdin, a FIFO) gives other bytes, or none, when read again: it cannot be re-hashed.
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG || info.st_mode & S_IFMT == S_IFDIR else {
            throw InputError.cannotRead(file: path, why: "not a regular file or folder, so it cannot be hashed again")
        }
        if isDirectory.boolValue {
            let names = try FileManager.default.contentsOfDirectory(atPath: path).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            var files: [ProvenanceLog.FileDigest] = []
            for name in names {
                let file = (path as NSString).appendingPathComponent(name)
                var sub: ObjCBool = false
                guard FileManager.default.fileExists(atPath: file, isDirectory: &sub), !sub.boolValue else { continue }
                files.append(try fileDigest(file))
            }
            let listing = files.map { "\($0.sha256)  \(($0.path as NSString).lastPathComponent)\n" }.joined()
            let total = files.reduce(0) { $0 + $1.bytes }
            return (ProvenanceLog.FileDigest(path: path, sha256: SHA256.hex(Array(listing.utf8)), bytes: total), files)
        }
        let main = try fileDigest(path)
        guard (path as NSString).pathExtension.lowercased() == "shp" else { return (main, []) }
        let directory = (path as NSString).deletingLastPathComponent
        let base = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory)) ?? []
        // Only the Shapefile's own parts: a GeoPackage or FileGDB of the same name beside it is another dataset.
        let sidecars = names.filter { name in
            name == base + ".shp.xml"
                || ((name as NSString).deletingPathExtension == base
                    && shapefileSidecars.contains((name as NSString).pathExtension.lowercased()))
        }
            .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let files = try sidecars.map { try fileDigest(directory.isEmpty ? $0 : (directory as NSString).appendingPathComponent($0)) }
        return (main, files)
    }

    /// Files a Shapefile is made of besides the `.shp` (attributes, index, projection, code page, spatial indexes).
    static let shapefileSidecars: Set<String> = ["shx", "dbf", "prj", "cpg", "sbn", "sbx", "qix", "fix", "atx", "aih", "ain"]

    /// Hashed in 1 MiB pieces: a FileGDB table or a re-hashed city layer can be gigabytes.
    static func fileDigest(_ path: String) throws -> ProvenanceLog.FileDigest {
        // Non-blocking open and fstat on the open descriptor: a FIFO without a writer (say a Shapefile's .dbf)
        // must not hang the hash, and what is checked is what is read.
        let fd = open(path, O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { throw InputError.cannotRead(file: path, why: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw InputError.cannotRead(file: path, why: "not a regular file, so it cannot be hashed")
        }
        var hash = SHA256()
        var total = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let got = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw InputError.cannotRead(file: path, why: String(cString: strerror(errno)))
            }
            if got == 0 { break }
            hash.update(chunk[0..<got])
            total += got
        }
        return ProvenanceLog.FileDigest(path: path, sha256: hash.finalizeHex(), bytes: total)
    }
}

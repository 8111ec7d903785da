import Foundation
import MineScreenKit
import ZIPFoundation

/// A request body read as a blocks file, by the same readers as a file on the command line: written to a private
/// temporary folder (the readers, GDAL among them, read files), read, and the folder removed.
enum UploadedBlocks {
    /// How the body is to be read, from its `Content-Type` and its first bytes.
    enum Kind {
        case geojson, text, zippedShapefile

        init(contentType: String?, body: [UInt8]) {
            let type = contentType?.lowercased() ?? ""
            if type.hasPrefix("application/zip") || type.hasPrefix("application/x-zip") || body.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
                self = .zippedShapefile
            } else if type.hasPrefix("text/plain") {
                self = .text
            } else {
                self = .geojson
            }
        }
    }

    /// What the report calls the blocks file.
    static let displayName = "request body"

    /// Reads the body's blocks (checked, or rejected with reasons). Errors name "request body", never the
    /// temporary file. `maxUnzippedBytes` bounds what a zip may expand to.
    static func load(_ body: [UInt8], kind: Kind, idField: String?, threads: Int, maxUnzippedBytes: Int) throws -> LoadedLayer {
        let path: String
        switch kind {
        case .geojson, .text:
            // One file (no folder to make and remove): the cost of a single-block request is mostly its own.
            path = try TemporaryFile.write(body, suffix: kind == .text ? ".txt" : ".geojson")
            defer { unlink(path) }
            return try read(path, idField: idField, threads: threads)
        case .zippedShapefile:
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            path = try unzipShapefile(body, into: folder.path, limit: maxUnzippedBytes)
            return try read(path, idField: idField, threads: threads)
        }
    }

    /// The blocks file at `path` read as the command line reads it, named "request body".
    private static func read(_ path: String, idField: String?, threads: Int) throws -> LoadedLayer {
        do {
            var layer = try InputLoader.load(path: path, options: LoadOptions(idField: idField, threads: threads))
            layer.path = displayName
            for k in layer.rejected.indices { layer.rejected[k].file = displayName }
            layer.warnings = layer.warnings.map { renamed($0, path: path) }
            return layer
        } catch {
            throw InputError.invalidArgument(renamed("\(error)", path: path))
        }
    }

    /// The one `.shp` of a zip, with its sidecars, extracted flat into `folder` (entry folders dropped, so no
    /// entry can land outside it). Refused: no or several `.shp`, or more than `limit` bytes unpacked.
    static func unzipShapefile(_ body: [UInt8], into folder: String, limit: Int) throws -> String {
        let archive: Archive
        do {
            archive = try Archive(data: Data(body), accessMode: .read)
        } catch {
            throw InputError.invalidArgument("\(displayName): not a readable zip archive (\(error))")
        }
        var total: UInt64 = 0
        var shapefiles: [String] = []
        for entry in archive where entry.type == .file {
            let name = (entry.path as NSString).lastPathComponent
            guard !name.isEmpty, !name.hasPrefix("."), !name.hasPrefix("__MACOSX") else { continue }
            total += entry.uncompressedSize
            guard total <= UInt64(limit) else {
                throw InputError.invalidArgument("\(displayName): the zip unpacks to more than \(limit) bytes")
            }
            let target = folder + "/" + name
            guard !FileManager.default.fileExists(atPath: target) else {
                throw InputError.invalidArgument("\(displayName): the zip holds two files named \(name)")
            }
            do {
                _ = try archive.extract(entry, to: URL(fileURLWithPath: target), skipCRC32: false)
            } catch {
                throw InputError.invalidArgument("\(displayName): cannot unpack \(name) (\(error))")
            }
            if name.lowercased().hasSuffix(".shp") { shapefiles.append(target) }
        }
        guard shapefiles.count == 1, let shapefile = shapefiles.first else {
            throw InputError.invalidArgument("\(displayName): the zip must hold exactly one .shp (with its .shx, .dbf, .prj), found \(shapefiles.count)")
        }
        return shapefile
    }

    /// A message about the temporary file, told as one about the request body.
    static func renamed(_ message: String, path: String) -> String {
        message.replacingOccurrences(of: path, with: displayName)
            .replacingOccurrences(of: (path as NSString).deletingLastPathComponent + "/", with: "")
    }
}

/// A new file only this process can read (mode 0600, from mkstemps), holding `bytes`; the caller unlinks it.
enum TemporaryFile {
    static func write(_ bytes: [UInt8], suffix: String) throws -> String {
        var template = Array((NSTemporaryDirectory() + "/minescreen-serve-XXXXXX" + suffix).utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, Int32(suffix.utf8.count)) }
        guard fd >= 0 else {
            throw InputError.cannotRead(file: UploadedBlocks.displayName, why: "no temporary file (\(String(cString: strerror(errno))))")
        }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                let why = String(cString: strerror(errno))
                unlink(path)
                throw InputError.cannotRead(file: UploadedBlocks.displayName, why: "could not store it for reading (\(why))")
            }
            written += n
        }
        return path
    }
}

/// A folder only this process can read (mode 0700), removed with everything in it by `remove()`.
final class TemporaryFolder {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/minescreen-serve-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw InputError.cannotRead(file: UploadedBlocks.displayName, why: "no temporary folder (\(String(cString: strerror(errno))))")
        }
        path = String(cString: made)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

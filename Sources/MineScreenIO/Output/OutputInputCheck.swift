import Foundation
import MineScreenSupport

/// Refuses a run whose outputs would overwrite its inputs or each other, before anything is read or written.
public enum OutputInputCheck {
    /// `inputs` and `outputs` as (what the user called it, path), e.g. ("-o", "report.csv").
    /// Throws `InputError.invalidArgument` naming both sides.
    public static func check(inputs: [(role: String, path: String)], outputs: [(role: String, path: String)]) throws {
        func expand(_ list: [(role: String, path: String)]) -> [(role: String, path: String, file: String, id: FileIdentity)] {
            // A database connection (`PG:`) is not a file: the table writer refuses to replace a table read.
            list.filter { !PostGISConnection.isConnection($0.path) }.flatMap { item in DatasetFiles.paths(item.path).map { (item.role, item.path, $0, FileIdentity($0)) } }
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

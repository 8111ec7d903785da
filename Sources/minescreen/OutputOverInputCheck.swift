import MineScreenKit

/// Refuses (exit 2) a run whose output paths name one of its input files, or one another, by file identity
/// (resolved path, device and inode): checked before any input is read and before anything is written.
/// `nil` outputs go to stdout and are left out.
func refuseOutputsOverInputs(inputs: [(role: String, path: String)], outputs: [(role: String, path: String?)]) throws {
    let written = outputs.compactMap { output in output.path.map { (role: output.role, path: $0) } }
    guard !written.isEmpty else { return }
    try OutputInputCheck.check(inputs: inputs, outputs: written)
}

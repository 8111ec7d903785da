import Foundation

/// stdout and stderr through `write(2)`: a full disk, a closed descriptor or a closed pipe is an error to
/// report or ignore, never a crash (FileHandle's non-throwing `write` traps on any of them).
public enum StandardStreams {
    /// The reader of stdout went away (`| head`): the run ends quietly.
    public struct ClosedPipe: Error {}

    /// Writes the report to stdout. Throws `ClosedPipe` on EPIPE, `InputError.cannotWrite` on any other failure.
    /// SIGPIPE must be ignored (`ignoreBrokenPipeSignal`) for EPIPE to arrive here instead of killing the process.
    public static func writeOutput(_ data: Data) throws {
        try data.withUnsafeBytes { try writeOutput($0) }
    }

    public static func writeOutput(_ bytes: UnsafeRawBufferPointer) throws {
        let failure = POSIXWriter.writeAll(STDOUT_FILENO, bytes)
        if failure == EPIPE { throw ClosedPipe() }
        if failure != 0 { throw InputError.cannotWrite(file: "standard output", why: String(cString: strerror(failure))) }
    }

    /// Writes a message to stderr; a stderr that cannot be written (closed, full) is ignored: there is nowhere
    /// left to say so, and the exit code still tells.
    public static func writeError(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { POSIXWriter.writeAll(STDERR_FILENO, UnsafeRawBufferPointer($0)) }
    }

    /// Broken pipes become EPIPE from `write(2)` instead of a signal that kills the process silently.
    public static func ignoreBrokenPipeSignal() {
        signal(SIGPIPE, SIG_IGN)
    }
}

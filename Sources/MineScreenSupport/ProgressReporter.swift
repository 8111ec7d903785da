import Foundation

/// Progress on stderr, only when stderr is a terminal and the user did not ask for quiet:
/// results go to stdout or a file and never mix with these lines.
public final class ProgressReporter {
    private let enabled: Bool
    private var active = false

    public init(quiet: Bool) {
        enabled = !quiet && isatty(STDERR_FILENO) == 1
    }

    public func update(_ label: String, done: Int, of total: Int) {
        guard enabled else { return }
        active = true
        StandardStreams.writeError("\r\(TerminalText.escaped(label)): \(done)/\(total)\u{1B}[K")
    }

    /// A one-line status such as "reading farmland.geojson", replaced by the next update.
    public func status(_ text: String) {
        guard enabled else { return }
        active = true
        StandardStreams.writeError("\r\(TerminalText.escaped(text))\u{1B}[K")
    }

    public func finish() {
        guard enabled, active else { return }
        active = false
        StandardStreams.writeError("\r\u{1B}[K")
    }

    public func handler(_ label: String, total: Int) -> ((Int) -> Void)? {
        guard enabled else { return nil }
        return { [weak self] done in self?.update(label, done: done, of: total) }
    }
}

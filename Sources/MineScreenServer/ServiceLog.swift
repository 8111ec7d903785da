import Foundation
import MineScreenKit

/// The service's log: one line per request and per event, on stderr, each written whole.
enum ServiceLog {
    private static let lock = NSLock()

    static func line(_ text: String) {
        let stamp = ProvenanceLog.isoTimestamp(Date())
        lock.withLock { StandardStreams.writeError("\(stamp) minescreen serve: \(TerminalText.escaped(text))\n") }
    }

    /// `POST /v1/screen 200 blocks=3 12.4 ms`: method, path, status, blocks screened (- when none), duration.
    static func request(method: String, path: String, status: Int, blocks: Int?, milliseconds: Double) {
        line("\(method) \(path) \(status) blocks=\(blocks.map(String.init) ?? "-") \(String(format: "%.1f", milliseconds)) ms")
    }
}

import Dispatch
import Foundation
import Hummingbird
import Logging
import MineScreenKit
import NIOCore

/// `minescreen serve`: reads the rules and every layer once, then answers screening requests over HTTP until
/// SIGTERM or SIGINT (stop accepting, finish requests in flight, return). SIGHUP reloads changed layers.
public enum ScreeningServer {
    /// Loads the snapshot, serves, and returns after a graceful stop. Throws when the layers cannot be read or the
    /// address cannot be bound (the caller exits 2).
    public static func run(_ settings: ServeSettings) async throws {
        let loadStarted = Date()
        let snapshot = try RulesSnapshot.load(rulesPath: settings.rulesPath, threads: settings.threads, log: { ServiceLog.line($0) })
        for warning in snapshot.loaded.warnings { ServiceLog.line("warning: \(warning)") }
        ServiceLog.line("loaded \(snapshot.layers.count) layers from \(settings.rulesPath) in \(String(format: "%.2f", Date().timeIntervalSince(loadStarted))) s")
        let store = SnapshotStore(snapshot, threads: settings.threads, log: { ServiceLog.line($0) })
        let hangup = reloadOnHangup(store)
        defer { hangup.cancel() }

        var logger = Logger(label: "minescreen-serve")
        logger.logLevel = .warning
        let host = settings.host
        let app = Application(
            responder: ScreeningResponder(settings: settings, store: store),
            server: .http1(configuration: .init(additionalChannelHandlers: [ExpectContinueHandler(maxBodyBytes: settings.maxBodyBytes)],
                                                idleTimeout: .milliseconds(Int64(settings.idleTimeoutSeconds * 1000)))),
            configuration: .init(address: .hostname(host, port: settings.port), serverName: "minescreen"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? settings.port
                let shown = host.contains(":") ? "[\(host)]" : host
                // Tests and scripts read the port from this line (with --port 0 the system picks it).
                StandardStreams.writeError("minescreen: listening on http://\(shown):\(port)\n")
            },
            logger: logger
        )
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        ServiceLog.line("stopped")
    }

    /// SIGHUP reloads the changed layers on a background queue (the signal is ignored as a default action).
    static func reloadOnHangup(_ store: SnapshotStore) -> DispatchSourceSignal {
        signal(SIGHUP, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: DispatchQueue.global())
        source.setEventHandler {
            ServiceLog.line("SIGHUP: reloading changed layers")
            store.reload()
        }
        source.resume()
        return source
    }
}

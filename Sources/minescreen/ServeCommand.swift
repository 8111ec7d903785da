import ArgumentParser
import Foundation
import MineScreenKit
import MineScreenServer

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Clean-ore screening as an HTTP service: reads the rules' layers once, then answers POST /v1/screen.",
        discussion: """
        Endpoints: GET / (page for analysts), GET /healthz, GET /openapi.json, POST /v1/screen, POST /v1/reload. \
        Prints "listening on http://HOST:PORT" on stderr once ready. SIGHUP re-reads changed layers; SIGTERM stops \
        accepting, finishes requests in flight and exits 0. Exit 2: the rules or a layer cannot be read, or the \
        address cannot be bound. See docs/serve.md.
        """
    )

    @Option(name: .long, help: "Rules file (YAML), as for screen.")
    var rules: String

    @Option(name: .long, help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on (0: any free port, printed on stderr).")
    var port = 8080

    @Option(name: .long, help: "Worker threads of each request's screening (default: all cores).")
    var threads: Int?

    @Option(name: .customLong("max-body-mb"), help: "Largest request body accepted, in MB (larger: 413).")
    var maxBodyMB: Double = 64

    @Option(name: .customLong("token-file"), help: "File holding a token: then every request but GET /healthz needs Authorization: Bearer <token>.")
    var tokenFile: String?

    @Option(name: .customLong("idle-timeout"), help: "Seconds a client may send nothing mid-request or between requests before its connection is closed.")
    var idleTimeout: Double = 60

    func validate() throws {
        guard idleTimeout.isFinite, idleTimeout > 0, idleTimeout <= 86_400 else { throw ValidationError("--idle-timeout must be above 0 and at most 86400") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        guard maxBodyMB.isFinite, maxBodyMB > 0, maxBodyMB <= 4096 else { throw ValidationError("--max-body-mb must be above 0 and at most 4096") }
    }

    func run() throws {
        var token: String?
        if let tokenFile {
            let text = String(decoding: try InputBytes.read(path: tokenFile), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { throw InputError.invalidArgument("--token-file \(tokenFile): the file is empty") }
            token = text
        }
        let settings = ServeSettings(rulesPath: rules, host: host, port: port, threads: threads ?? defaultThreadCount,
                                     maxBodyBytes: Int(maxBodyMB * 1_048_576), token: token,
                                     idleTimeoutSeconds: idleTimeout)
        let outcome = UncheckedResult()
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            do { try await ScreeningServer.run(settings) } catch { outcome.error = error }
            done.signal()
        }
        done.wait()
        if let error = outcome.error { throw error }
    }
}

/// The server task's error, handed to the waiting main thread (written before the semaphore is signalled).
private final class UncheckedResult: @unchecked Sendable {
    var error: Error?
}

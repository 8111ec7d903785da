import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import XCTest

/// `minescreen serve` started as a user starts it (on port 0), with the port read from its "listening on" line,
/// and a small blocking HTTP client for the tests.
final class ServeProcess {
    let process = Process()
    private(set) var port = 0
    private let errorPipe = Pipe()
    private let lock = NSLock()
    private var stderrText = ""

    /// Everything the server wrote on stderr so far (its log).
    var log: String { lock.withLock { stderrText } }
    var baseURL: String { "http://127.0.0.1:\(port)" }

    init(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        process.executableURL = CLI.binary
        process.arguments = ["serve", "--port", "0"] + arguments
        process.currentDirectoryURL = CLI.repositoryRoot
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errorPipe
        process.standardInput = FileHandle.nullDevice
        errorPipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.stderrText += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let range = log.range(of: #"listening on http://127\.0\.0\.1:(\d+)"#, options: .regularExpression),
               let port = Int(log[range].split(separator: ":").last ?? "") {
                self.port = port
                return
            }
            if !process.isRunning { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        stop()
        XCTFail("server did not start: \(log)", file: file, line: line)
        throw CocoaError(.fileReadUnknown)
    }

    deinit { stop() }

    /// SIGTERM, then waits for the exit; returns the exit status.
    @discardableResult
    func stop(timeout: TimeInterval = 30) -> Int32? {
        guard process.isRunning else { return process.processIdentifier == 0 ? nil : process.terminationStatus }
        process.terminate()
        return waitForExit(timeout: timeout)
    }

    func waitForExit(timeout: TimeInterval = 30) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        return process.isRunning ? nil : process.terminationStatus
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        func json(file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
            try XCTUnwrap(try JSONSerialization.jsonObject(with: body) as? [String: Any], text, file: file, line: line)
        }
    }

    func request(_ method: String, _ path: String, body: Data? = nil, headers: [String: String] = [:],
                 timeout: TimeInterval = 120) throws -> Reply {
        var request = URLRequest(url: URL(string: baseURL + path)!)
        request.httpMethod = method
        request.httpBody = body
        request.timeoutInterval = timeout
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let done = DispatchSemaphore(value: 0)
        var outcome: Result<Reply, Error> = .failure(URLError(.unknown))
        let task = URLSession.shared.dataTask(with: request) { data, response, error in
            if let error {
                outcome = .failure(error)
            } else if let http = response as? HTTPURLResponse {
                var fields: [String: String] = [:]
                for (key, value) in http.allHeaderFields { fields[String(describing: key).lowercased()] = String(describing: value) }
                outcome = .success(Reply(status: http.statusCode, headers: fields, body: data ?? Data()))
            }
            done.signal()
        }
        task.resume()
        done.wait()
        return try outcome.get()
    }

    func post(_ path: String, file: String, contentType: String = "application/geo+json",
              headers: [String: String] = [:]) throws -> Reply {
        let body = try Data(contentsOf: URL(fileURLWithPath: file.hasPrefix("/") ? file : CLI.repositoryRoot.path + "/" + file))
        return try request("POST", path, body: body, headers: headers.merging(["Content-Type": contentType]) { a, _ in a })
    }
}

/// The JSON document without what differs between two runs by design: `provenance` (time, command, how the
/// input was given) and the blocks' file name (a path on the command line, "request body" in the service), at the
/// top and in the blocks' rejected features (those without a `layer`).
func withoutRunDetails(_ document: [String: Any]) -> NSDictionary {
    var copy = document
    copy["provenance"] = nil
    copy["file"] = nil
    if let rejected = copy["rejected"] as? [[String: Any]] {
        copy["rejected"] = rejected.map { r -> [String: Any] in
            var r = r
            if r["layer"] == nil { r["file"] = nil }
            return r
        }
    }
    return copy as NSDictionary
}

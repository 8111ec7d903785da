import Foundation
import XCTest

/// A client that stops sending mid-request (or never sends) is cut after `--idle-timeout`: it neither holds its
/// connection for ever nor keeps SIGTERM from stopping the server; others are answered meanwhile.
final class ServeStalledClientTests: XCTestCase {
    func testStalledUploadDoesNotHoldUpSIGTERM() throws {
        let server = try ServeProcess(["--rules", ServeCommandTests.rules, "--idle-timeout", "1"])
        let silent = try RawHTTPConnection(port: server.port)
        let stalled = try RawHTTPConnection(port: server.port)
        try stalled.send(Data("POST /v1/screen HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{\"type\":".utf8))
        XCTAssertEqual(try server.request("GET", "/healthz").status, 200)
        server.signal(SIGTERM)
        let started = Date()
        XCTAssertEqual(server.waitForExit(timeout: 20), 0, server.log)
        XCTAssertLessThan(Date().timeIntervalSince(started), 15, "the stalled client held the server")
        _ = silent
    }
}

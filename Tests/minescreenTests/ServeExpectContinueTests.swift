import Foundation
import XCTest

/// `Expect: 100-continue` (curl sends it with bodies over 1 MB): the service answers `100 Continue` at once, so the
/// client sends its body without waiting; a body declared over the limit gets 413 instead, unsent.
final class ServeExpectContinueTests: XCTestCase {
    func testContinueIsAnsweredBeforeTheBodyIsSent() throws {
        let server = try ServeProcess(["--rules", ServeCommandTests.rules])
        let body = try Data(contentsOf: URL(fileURLWithPath: CLI.fixture("screen/blocks.geojson")))
        let connection = try RawHTTPConnection(port: server.port)
        try connection.send(Data("POST /v1/screen?id-field=code HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/geo+json\r\nContent-Length: \(body.count)\r\nExpect: 100-continue\r\n\r\n".utf8))
        // No Content-Length in an interim answer: readResponse returns at its timeout with what came.
        let interim = try connection.readResponse(timeout: 3)
        XCTAssertTrue(interim.hasPrefix("HTTP/1.1 100 Continue\r\n"), interim)
        try connection.send(body)
        let response = try connection.readResponse()
        XCTAssertTrue(response.contains("HTTP/1.1 200"), String(response.prefix(300)))
        XCTAssertTrue(response.contains("\"summary\""), String(response.suffix(300)))
        XCTAssertEqual(server.stop(), 0, server.log)
    }

    /// On one kept-alive connection, each request in turn gets its `100 Continue`.
    func testEveryRequestOfAKeptAliveConnectionGetsContinue() throws {
        let server = try ServeProcess(["--rules", ServeCommandTests.rules])
        let body = Data(#"{"type":"Polygon","coordinates":[[[112.5,36.1],[112.51,36.1],[112.51,36.11],[112.5,36.1]]]}"#.utf8)
        let connection = try RawHTTPConnection(port: server.port)
        for _ in 0..<2 {
            try connection.send(Data("POST /v1/screen HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: \(body.count)\r\nExpect: 100-continue\r\n\r\n".utf8))
            let interim = try connection.readResponse(timeout: 3)
            XCTAssertTrue(interim.hasPrefix("HTTP/1.1 100 Continue\r\n"), interim)
            try connection.send(body)
            let response = try connection.readResponse()
            XCTAssertTrue(response.hasPrefix("HTTP/1.1 200"), String(response.prefix(300)))
        }
        XCTAssertEqual(server.stop(), 0, server.log)
    }

    func testBodyDeclaredOverTheLimitGets413WithoutContinue() throws {
        let server = try ServeProcess(["--rules", ServeCommandTests.rules, "--max-body-mb", "0.01"])
        let connection = try RawHTTPConnection(port: server.port)
        try connection.send(Data("POST /v1/screen HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\nExpect: 100-continue\r\n\r\n".utf8))
        let response = try connection.readResponse(timeout: 10)
        XCTAssertTrue(response.hasPrefix("HTTP/1.1 413"), response)
        XCTAssertFalse(response.contains("100 Continue"), response)
        XCTAssertEqual(try server.request("GET", "/healthz").status, 200)
        XCTAssertEqual(server.stop(), 0, server.log)
    }
}

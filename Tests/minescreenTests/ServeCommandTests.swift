import Foundation
import XCTest
import MineScreenTestSupport

/// `minescreen serve` driven over HTTP as a client would: the contract of issue 16 (health, screening equal to
/// `screen --format json`, remainder, errors, token), graceful stop and concurrent requests.
final class ServeCommandTests: XCTestCase {
    static let rules = "Fixtures/screen/rules.yaml"
    static let blocks = "Fixtures/screen/blocks.geojson"

    func cliJSON(_ arguments: [String]) throws -> [String: Any] {
        let run = try CLI.run(["screen"] + arguments + ["--rules", Self.rules, "--format", "json"])
        XCTAssertTrue([0, 1, 3].contains(run.status), run.stderr)
        return try run.json()
    }

    /// /healthz lists every layer of the rules with its feature count and SHA-256 (sha256sum and the file's own
    /// feature array as oracles), and the rules file's.
    func testHealthListsLayersAndRulesWithDigests() throws {
        let server = try ServeProcess(["--rules", Self.rules])
        let health = try server.request("GET", "/healthz")
        XCTAssertEqual(health.status, 200)
        let json = try health.json()
        XCTAssertEqual(json["status"] as? String, "ok")
        let layers = try XCTUnwrap(json["layers"] as? [[String: Any]])
        XCTAssertEqual(layers.map { $0["name"] as? String }, ["redline", "farmland", "railway", "rights", "dwellings"])
        for layer in layers {
            let file = try XCTUnwrap(layer["file"] as? String)
            XCTAssertEqual(layer["sha256"] as? String, try sha256sum(file), file)
            let collection = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any]
            XCTAssertEqual(layer["features"] as? Int, (collection?["features"] as? [Any])?.count, file)
        }
        let rules = try XCTUnwrap(json["rules"] as? [String: Any])
        XCTAssertEqual(rules["path"] as? String, Self.rules)
        XCTAssertEqual(rules["sha256"] as? String, try sha256sum(CLI.repositoryRoot.path + "/" + Self.rules))
        XCTAssertEqual(server.stop(), 0, server.log)
    }

    /// POST /v1/screen answers with the document `screen --format json` writes (all but provenance and the blocks'
    /// path), whose verdicts are the oracle's (shapely + pyproj); the provenance names the body's SHA-256.
    func testScreenAnswersAsTheCommandLine() throws {
        let server = try ServeProcess(["--rules", Self.rules])
        let reply = try server.post("/v1/screen?id-field=code", file: Self.blocks)
        XCTAssertEqual(reply.status, 200, reply.text)
        XCTAssertEqual(reply.headers["content-type"], "application/json; charset=utf-8")
        let served = try reply.json()
        let cli = try cliJSON([Self.blocks, "--id-field", "code"])
        XCTAssertEqual(Array(served.keys).sorted(), Array(cli.keys).sorted())
        XCTAssertEqual(withoutRunDetails(served), withoutRunDetails(cli))
        XCTAssertEqual(served["file"] as? String, "request body")
        let oracle = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: CLI.fixture("screen/oracle.json")))) as? [String: Any])?["blocks"] as? [[String: Any]])
        let blocks = try XCTUnwrap(served["blocks"] as? [[String: Any]])
        XCTAssertEqual(blocks.map { $0["verdict"] as? String }, oracle.map { $0["verdict"] as? String })

        let provenance = try XCTUnwrap(served["provenance"] as? [String: Any])
        let inputs = try XCTUnwrap(provenance["inputs"] as? [[String: Any]])
        XCTAssertEqual(inputs.first?["role"] as? String, "blocks")
        XCTAssertEqual(inputs.first?["sha256"] as? String, try sha256sum(CLI.repositoryRoot.path + "/" + Self.blocks))
        XCTAssertEqual(inputs.dropFirst().map { $0["role"] as? String }, ["layer:redline", "layer:farmland", "layer:railway", "layer:rights", "layer:dwellings"])
        XCTAssertEqual(provenance["command"] as? [String], ["serve", "POST", "/v1/screen?id-field=code"])
        XCTAssertNotNil(provenance["duration_s"] as? Double)
        XCTAssertEqual(server.stop(), 0, server.log)
        // One log line per request: method, path, status, blocks, milliseconds.
        XCTAssertNotNil(server.log.range(of: #"POST /v1/screen 200 blocks=10 [0-9.]+ ms"#, options: .regularExpression), server.log)
    }

    /// A 坐标文件 in GBK (text/plain) is read as the command line reads it, names (地块名称) included; name-field too.
    func testCoordinateFileAndNameField() throws {
        let server = try ServeProcess(["--rules", Self.rules])
        let reply = try server.post("/v1/screen", file: "Fixtures/coordfile/blocks-gbk.txt", contentType: "text/plain")
        XCTAssertEqual(reply.status, 200, reply.text)
        XCTAssertEqual(withoutRunDetails(try reply.json()), withoutRunDetails(try cliJSON(["Fixtures/coordfile/blocks-gbk.txt"])))
        let named = try server.post("/v1/screen?id-field=code&name-field=name", file: Self.blocks)
        XCTAssertEqual(named.status, 200, named.text)
        XCTAssertEqual(withoutRunDetails(try named.json()),
                       withoutRunDetails(try cliJSON([Self.blocks, "--id-field", "code", "--name-field", "name"])))
        let unknown = try server.post("/v1/screen?name-field=nosuch", file: Self.blocks)
        XCTAssertEqual(unknown.status, 400, unknown.text)
        XCTAssertTrue((try unknown.json()["error"] as? String)?.contains("nosuch") ?? false, unknown.text)
    }

    /// remainder=1 adds the clean remainders, the same features as the command line's --remainder file.
    func testRemainderIsTheCommandLinesRemainderFile() throws {
        let server = try ServeProcess(["--rules", Self.rules])
        let reply = try server.post("/v1/screen?id-field=code&remainder=1", file: Self.blocks)
        XCTAssertEqual(reply.status, 200, reply.text)
        let served = try XCTUnwrap(try reply.json()["remainder"] as? [String: Any])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("remainder-\(UUID()).geojson").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try CLI.run(["screen", Self.blocks, "--rules", Self.rules, "--id-field", "code", "--remainder", path])
        XCTAssertEqual(run.status, 1, run.stderr)
        let file = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        XCTAssertEqual(served["type"] as? String, "FeatureCollection")
        XCTAssertEqual((served["features"] as? [Any])?.count, 10)
        XCTAssertEqual(served as NSDictionary, file as NSDictionary)
        let alone = try server.post("/v1/screen?id-field=code&format=remainder", file: Self.blocks)
        XCTAssertEqual(alone.status, 200)
        XCTAssertEqual(try alone.json() as NSDictionary, file as NSDictionary)
    }

    /// Bad requests get 4xx with {"error": …} and leave the server answering.
    func testBadRequestsAreRefusedAndTheServerStaysUp() throws {
        let server = try ServeProcess(["--rules", Self.rules, "--max-body-mb", "0.01"])
        let broken = try server.request("POST", "/v1/screen", body: Data("{\"type\": \"FeatureCollection\",\n  \"features\": [ oops ]}".utf8))
        XCTAssertEqual(broken.status, 400)
        let message = try XCTUnwrap(try broken.json()["error"] as? String)
        XCTAssertTrue(message.contains("request body:2:17"), message)  // line 2, column 17: the o of oops
        XCTAssertEqual(try server.request("GET", "/no/such/path").status, 404)
        let wrongMethod = try server.request("GET", "/v1/screen")
        XCTAssertEqual(wrongMethod.status, 405)
        XCTAssertEqual(wrongMethod.headers["allow"], "POST")
        let delete = try server.request("DELETE", "/healthz")
        XCTAssertEqual(delete.status, 405)
        XCTAssertEqual(delete.headers["allow"], "GET, HEAD")
        // HEAD: GET's status and headers, no body; the connection goes on answering.
        let head = try server.request("HEAD", "/healthz")
        XCTAssertEqual(head.status, 200)
        XCTAssertTrue(head.body.isEmpty)
        XCTAssertEqual(head.headers["content-type"], "application/json; charset=utf-8")
        XCTAssertEqual(try server.request("HEAD", "/v1/screen").status, 405)
        XCTAssertNotNil(try wrongMethod.json()["error"] as? String)
        // The fixture is 22 kB, over the 10 kB limit.
        let large = try server.post("/v1/screen", file: Self.blocks)
        XCTAssertEqual(large.status, 413, large.text)
        XCTAssertEqual(try server.request("POST", "/v1/screen", body: Data()).status, 400)
        XCTAssertEqual(try server.request("POST", "/v1/screen?format=pdf", body: Data("{}".utf8)).status, 400)
        let small = try server.request("POST", "/v1/screen", body: Data(#"{"type":"Polygon","coordinates":[[[112.5,36.1],[112.51,36.1],[112.51,36.11],[112.5,36.1]]]}"#.utf8))
        XCTAssertEqual(small.status, 200, small.text)
        XCTAssertEqual(try server.request("GET", "/healthz").status, 200)
        XCTAssertEqual(server.stop(), 0, server.log)
    }

    /// --token-file: every request but GET /healthz needs the bearer token.
    func testTokenIsRequiredExceptForHealth() throws {
        let tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("token-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: tokenFile) }
        try "s3cret-token\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let server = try ServeProcess(["--rules", Self.rules, "--token-file", tokenFile])
        XCTAssertEqual(try server.request("GET", "/healthz").status, 200)
        for (method, path) in [("GET", "/"), ("GET", "/openapi.json"), ("POST", "/v1/reload")] {
            XCTAssertEqual(try server.request(method, path).status, 401, path)
            XCTAssertEqual(try server.request(method, path, headers: ["Authorization": "Bearer wrong"]).status, 401, path)
        }
        XCTAssertEqual(try server.post("/v1/screen", file: Self.blocks).status, 401)
        XCTAssertEqual(try server.post("/v1/screen", file: Self.blocks, headers: ["Authorization": "Bearer s3cret-tokenX"]).status, 401)
        let good = try server.post("/v1/screen?id-field=code", file: Self.blocks, headers: ["Authorization": "Bearer s3cret-token"])
        XCTAssertEqual(good.status, 200, good.text)
        XCTAssertEqual(try server.request("GET", "/openapi.json", headers: ["Authorization": "Bearer s3cret-token"]).status, 200)
    }

    /// GET /openapi.json is an OpenAPI 3 document naming every endpoint; GET / is one page with no external source.
    func testOpenAPIAndPage() throws {
        let server = try ServeProcess(["--rules", Self.rules])
        let api = try server.request("GET", "/openapi.json").json()
        XCTAssertTrue((api["openapi"] as? String)?.hasPrefix("3.") ?? false)
        let paths = try XCTUnwrap(api["paths"] as? [String: Any])
        XCTAssertEqual(Set(paths.keys), ["/", "/healthz", "/openapi.json", "/v1/screen", "/v1/reload"])
        // Every GET endpoint answers HEAD too, and says so.
        for (path, operations) in paths {
            let methods = Set(try XCTUnwrap(operations as? [String: Any]).keys)
            XCTAssertEqual(methods.contains("get"), methods.contains("head"), path)
        }
        let page = try server.request("GET", "/")
        XCTAssertEqual(page.status, 200)
        XCTAssertEqual(page.headers["content-type"], "text/html; charset=utf-8")
        XCTAssertNil(page.text.range(of: #"(src|href)=["']?(https?:)?//"#, options: .regularExpression), "external reference in the page")
    }

    /// Eight requests at once on the same layers (two blocks files, alternating) each give the command line's
    /// answer for their file: every run keeps its own per-layer state.
    func testConcurrentRequestsGiveIdenticalAnswers() throws {
        let rules = "Fixtures/demo/rules.yaml"
        let server = try ServeProcess(["--rules", rules, "--threads", "2"])
        let files = ["Fixtures/demo/blocks.geojson", Self.blocks]
        let expected = try files.map { file in
            withoutRunDetails(try CLI.run(["screen", file, "--rules", rules, "--id-field", "code", "--format", "json"]).json())
        }
        XCTAssertNotEqual(expected[0], expected[1])
        var replies = [ServeProcess.Reply?](repeating: nil, count: 8)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: replies.count) { k in
            let reply = try? server.post("/v1/screen?id-field=code", file: files[k % 2])
            lock.withLock { replies[k] = reply }
        }
        for (k, reply) in replies.enumerated() {
            let reply = try XCTUnwrap(reply, "request \(k)")
            XCTAssertEqual(reply.status, 200, reply.text)
            XCTAssertEqual(withoutRunDetails(try reply.json()), expected[k % 2], "request \(k)")
        }
        XCTAssertEqual(server.stop(), 0, server.log)
    }

    /// SIGTERM while a request is in flight: that request is answered in full, then the server exits 0.
    func testSIGTERMFinishesTheRequestInFlight() throws {
        let server = try ServeProcess(["--rules", Self.rules])
        let body = try Data(contentsOf: URL(fileURLWithPath: CLI.fixture("screen/blocks.geojson")))
        let connection = try RawHTTPConnection(port: server.port)
        // Headers and half the body; the rest after SIGTERM, so the request is in flight when it arrives.
        try connection.send(Data("POST /v1/screen?id-field=code HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/geo+json\r\nContent-Length: \(body.count)\r\n\r\n".utf8))
        try connection.send(body.prefix(body.count / 2))
        Thread.sleep(forTimeInterval: 0.3)
        server.signal(SIGTERM)
        Thread.sleep(forTimeInterval: 0.5)
        XCTAssertTrue(server.process.isRunning, "the server left before the request in flight finished")
        try connection.send(body.suffix(from: body.count / 2))
        let response = try connection.readResponse()
        XCTAssertTrue(response.hasPrefix("HTTP/1.1 200"), String(response.prefix(300)))
        XCTAssertTrue(response.contains("\"summary\""), String(response.suffix(300)))
        XCTAssertEqual(server.waitForExit(), 0, server.log)
        XCTAssertThrowsError(try RawHTTPConnection(port: server.port), "still accepting after SIGTERM")
    }

    /// Exit 2 without serving: a layer that cannot be read (named), an address already taken, an empty token file.
    func testCannotStartExits2() throws {
        let folder = try makeScratchFolder("serve-start")
        defer { try? FileManager.default.removeItem(at: folder) }
        let rules = folder.appendingPathComponent("rules.yaml").path
        try "layers:\n  - name: redline\n    path: missing.geojson\n".write(toFile: rules, atomically: true, encoding: .utf8)
        let missing = try CLI.run(["serve", "--rules", rules, "--port", "0"])
        XCTAssertEqual(missing.status, 2, missing.stderr)
        XCTAssertTrue(missing.stderr.contains("missing.geojson"), missing.stderr)
        XCTAssertFalse(missing.stderr.contains("listening on"), missing.stderr)

        let server = try ServeProcess(["--rules", Self.rules])
        let taken = try CLI.run(["serve", "--rules", Self.rules, "--port", String(server.port)])
        XCTAssertEqual(taken.status, 2, taken.stderr)
        XCTAssertEqual(try server.request("GET", "/healthz").status, 200)

        let token = folder.appendingPathComponent("token").path
        try "\n".write(toFile: token, atomically: true, encoding: .utf8)
        let empty = try CLI.run(["serve", "--rules", Self.rules, "--port", "0", "--token-file", token])
        XCTAssertEqual(empty.status, 2, empty.stderr)
        XCTAssertEqual(try CLI.run(["serve", "--rules", Self.rules, "--port", "70000"]).status, 2)
    }

    func sha256sum(_ path: String) throws -> String {
        let run = try CLI.runProgram("/usr/bin/sha256sum", [path])
        return String(run.stdout.prefix(64))
    }
}

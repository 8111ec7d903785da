import Foundation
import XCTest
import MineScreenTestSupport

/// `minescreen serve` reloading its layers: SIGHUP and POST /v1/reload take changed files, a layer that fails to
/// load keeps its previous version (said in /healthz and the log), requests during reloads all succeed.
final class ServeReloadTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = try makeScratchFolder("serve-reload")
        try FileManager.default.copyItem(atPath: CLI.fixture("screen/redline.geojson"), toPath: path("redline.geojson"))
        try "tolerance_m2: 1\nlayers:\n  - name: redline\n    path: redline.geojson\n".write(toFile: path("rules.yaml"), atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Replaced as a user replaces a file: written beside it, then renamed over it.
    func replaceLayer(with text: String) throws {
        try text.write(toFile: path("redline.geojson.new"), atomically: false, encoding: .utf8)
        XCTAssertEqual(rename(path("redline.geojson.new"), path("redline.geojson")), 0)
    }

    func cli() throws -> NSDictionary {
        let run = try CLI.run(["screen", "Fixtures/screen/blocks.geojson", "--rules", path("rules.yaml"), "--id-field", "code", "--format", "json"])
        return withoutRunDetails(try run.json())
    }

    func screen(_ server: ServeProcess) throws -> NSDictionary {
        let reply = try server.post("/v1/screen?id-field=code", file: "Fixtures/screen/blocks.geojson")
        XCTAssertEqual(reply.status, 200, reply.text)
        return withoutRunDetails(try reply.json())
    }

    func layerHealth(_ server: ServeProcess) throws -> [String: Any] {
        let health = try server.request("GET", "/healthz").json()
        return try XCTUnwrap((health["layers"] as? [[String: Any]])?.first)
    }

    func sha256sum(_ file: String) throws -> String {
        String(try CLI.runProgram("/usr/bin/sha256sum", [file]).stdout.prefix(64))
    }

    func testSIGHUPTakesAChangedLayerAndABrokenOneKeepsThePrevious() throws {
        let server = try ServeProcess(["--rules", path("rules.yaml")])
        let before = try cli()
        XCTAssertEqual(try screen(server), before)
        let blocked = (before["blocks"] as? [[String: Any]])?.filter { $0["verdict"] as? String != "clean" }.count ?? 0
        XCTAssertGreaterThan(blocked, 0, "the red line must matter for this test")

        // No red line at all: every block is clean (nothing to overlap).
        try replaceLayer(with: #"{"type": "FeatureCollection", "features": []}"#)
        let emptyDigest = try sha256sum(path("redline.geojson"))
        server.signal(SIGHUP)
        let deadline = Date().addingTimeInterval(30)
        while try layerHealth(server)["sha256"] as? String != emptyDigest, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        XCTAssertEqual(try layerHealth(server)["sha256"] as? String, emptyDigest, server.log)
        XCTAssertEqual(try layerHealth(server)["features"] as? Int, 0)
        let after = try screen(server)
        XCTAssertEqual((after["blocks"] as? [[String: Any]])?.map { $0["verdict"] as? String }, Array(repeating: "clean", count: 10))
        XCTAssertEqual(after, try cli())

        // A broken file: the reload says so and the empty layer read before stays in service.
        try replaceLayer(with: "{\"type\": \"FeatureCollection\", \"features\": [")
        let reload = try server.request("POST", "/v1/reload")
        XCTAssertEqual(reload.status, 500, reload.text)
        let layer = try layerHealth(server)
        XCTAssertEqual(layer["sha256"] as? String, emptyDigest)
        XCTAssertTrue((layer["error"] as? String)?.contains("invalid JSON") ?? false, "\(layer)")
        let health = try server.request("GET", "/healthz").json()
        XCTAssertEqual(health["status"] as? String, "ok")
        XCTAssertEqual((health["reload"] as? [String: Any])?["ok"] as? Bool, false)
        XCTAssertEqual(try screen(server), after)
        XCTAssertTrue(server.log.contains("reload: layer redline:"), server.log)

        // Fixed again: the next reload takes it and clears the error.
        try FileManager.default.removeItem(atPath: path("redline.geojson"))
        try FileManager.default.copyItem(atPath: CLI.fixture("screen/redline.geojson"), toPath: path("redline.geojson"))
        XCTAssertEqual(try server.request("POST", "/v1/reload").status, 200)
        XCTAssertNil(try layerHealth(server)["error"])
        XCTAssertEqual(try screen(server), before)
        XCTAssertEqual(server.stop(), 0, server.log)
    }

    /// Requests keep arriving while the layer is swapped back and forth: none fails, and each answer is one of
    /// the two versions' answers, never a mixture.
    func testRequestsDuringReloadsAllSucceed() throws {
        let server = try ServeProcess(["--rules", path("rules.yaml"), "--threads", "1"])
        let full = try cli()
        let redline = try String(contentsOfFile: path("redline.geojson"), encoding: .utf8)
        try replaceLayer(with: #"{"type": "FeatureCollection", "features": []}"#)
        let empty = try cli()
        try replaceLayer(with: redline)

        let lock = NSLock()
        var answers: [(Int, NSDictionary?)] = []
        var stop = false
        let clients = DispatchGroup()
        for _ in 0..<3 {
            DispatchQueue.global().async(group: clients) {
                while !lock.withLock({ stop }) {
                    let reply = try? server.post("/v1/screen?id-field=code", file: "Fixtures/screen/blocks.geojson")
                    let document = (try? reply?.json()).map(withoutRunDetails)
                    lock.withLock { answers.append((reply?.status ?? 0, document ?? nil)) }
                }
            }
        }
        for k in 0..<4 {
            try replaceLayer(with: k % 2 == 0 ? #"{"type": "FeatureCollection", "features": []}"# : redline)
            let reload = try server.request("POST", "/v1/reload")
            XCTAssertEqual(reload.status, 200, reload.text)
            Thread.sleep(forTimeInterval: 0.3)
        }
        lock.withLock { stop = true }
        clients.wait()
        XCTAssertGreaterThan(answers.count, 4)
        for (status, document) in answers {
            XCTAssertEqual(status, 200)
            XCTAssertTrue(document == full || document == empty, "an answer from neither version")
        }
        XCTAssertEqual(server.stop(), 0, server.log)
    }
}

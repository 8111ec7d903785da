import Foundation
import XCTest
import MineScreenTestSupport

/// A rules file whose layer is a PostGIS table (with a password in the connection, as a user may write it):
/// `serve` starts, names the table without the password in /healthz, the log and the reports, gives the rows'
/// digest, and answers as `screen`; the command line's reports hide the password too.
final class ServePostGISTests: XCTestCase {
    func testServeAndScreenOverARulesFileWithATableLayer() throws {
        let db = try PostGISTestDatabase.require()
        try db.load("Fixtures/screen/farmland.geojson", into: "serve_pg_farmland")
        defer { try? db.drop(["serve_pg_farmland"]) }
        let folder = try makeScratchFolder("serve-pg")
        defer { try? FileManager.default.removeItem(at: folder) }
        let rules = folder.appendingPathComponent("rules.yaml").path
        let root = CLI.repositoryRoot.path
        try """
        layers:
          - name: farmland
            path: 'PG:\(db.connection) password=s3cr3tpw tables=public.serve_pg_farmland'
            id_field: BSM
          - name: redline
            path: \(root)/Fixtures/screen/redline.geojson
        """.write(toFile: rules, atomically: true, encoding: .utf8)

        let blocks = "Fixtures/screen/blocks.geojson"
        let cli = try CLI.run(["screen", blocks, "--rules", rules, "--id-field", "code", "--format", "json"])
        XCTAssertTrue([0, 1].contains(cli.status), cli.stderr)
        XCTAssertFalse(cli.stdout.contains("s3cr3tpw"), "password in the JSON report")
        let html = folder.appendingPathComponent("dossier.html").path
        let dossier = try CLI.run(["screen", blocks, "--rules", rules, "--format", "html", "-o", html])
        XCTAssertTrue([0, 1].contains(dossier.status), dossier.stderr)
        XCTAssertFalse(try String(contentsOfFile: html, encoding: .utf8).contains("s3cr3tpw"), "password in the dossier")
        let cliJSON = try cli.json()

        let server = try ServeProcess(["--rules", rules])
        let health = try server.request("GET", "/healthz")
        XCTAssertEqual(health.status, 200, health.text)
        XCTAssertFalse(health.text.contains("s3cr3tpw"), health.text)
        let layers = try XCTUnwrap(try health.json()["layers"] as? [[String: Any]])
        let farmland = try XCTUnwrap(layers.first { $0["name"] as? String == "farmland" })
        XCTAssertTrue((farmland["file"] as? String)?.contains("password=***") ?? false, "\(farmland)")
        // The service reads the whole table (it has no blocks yet): every row, and a digest of them.
        XCTAssertEqual((farmland["sha256"] as? String)?.count, 64)
        XCTAssertEqual(farmland["features"] as? Int, try db.psql("select count(*) from serve_pg_farmland").first.flatMap { Int($0) })

        let served = try server.post("/v1/screen?id-field=code", file: blocks)
        XCTAssertEqual(served.status, 200, served.text)
        XCTAssertFalse(served.text.contains("s3cr3tpw"), "password in the served report")
        XCTAssertEqual(withoutRunDetails(try served.json()), withoutRunDetails(cliJSON))
        XCTAssertEqual(try server.request("POST", "/v1/reload").status, 200)
        XCTAssertFalse(server.log.contains("s3cr3tpw"), server.log)
        XCTAssertEqual(server.stop(), 0, server.log)
    }
}

import Foundation
import XCTest
import MineScreenTestSupport

/// The analyst page of `minescreen serve` in headless Chromium (Scripts/report-check/check_serve_page.py, with
/// playwright driving the system Chromium), and the zipped Shapefiles it may upload.
final class ServePageTests: XCTestCase {
    var toolsRequired: Bool { ProcessInfo.processInfo.environment["MINESCREEN_REQUIRE_TOOLS"] == "1" }

    /// Upload Fixtures/screen/blocks.geojson on the page: the verdict table shows the oracle's verdicts (shapely +
    /// pyproj), the dossier frame one map per block, the three downloads are offered, nothing is fetched elsewhere.
    func testPageShowsTheVerdictsOfAnUploadedFile() throws {
        let server = try ServeProcess(["--rules", "Fixtures/screen/rules.yaml"])
        let run = try CLI.runProgram("/usr/bin/env", ["python3", CLI.repositoryRoot.path + "/Scripts/report-check/check_serve_page.py",
                                                      server.baseURL + "/", CLI.fixture("screen/blocks.geojson"), "--id-field", "code"])
        if run.status == 2, !toolsRequired { throw XCTSkip(run.stderr) }
        XCTAssertEqual(run.status, 0, run.stderr)
        let page = try run.json()
        let oracle = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: CLI.fixture("screen/oracle.json")))) as? [String: Any])?["blocks"] as? [[String: Any]])
        let expected = Dictionary(uniqueKeysWithValues: oracle.map { ($0["id"] as! String, $0["verdict"] as! String) })
        XCTAssertEqual(page["verdicts"] as? [String: String], expected)
        XCTAssertEqual(page["maps"] as? Int, oracle.count, "one map per block in the dossier")
        XCTAssertEqual(page["downloads"] as? [String], ["remainder (GeoJSON)", "dossier (HTML)", "workbook (xlsx)"])
        XCTAssertEqual(page["external"] as? [String], [])
        XCTAssertEqual(server.stop(), 0, server.log)
    }

    /// A zipped Shapefile (the ogr2ogr copy in Fixtures/gdal) is screened as the command line screens the .shp.
    func testZippedShapefileAnswersAsTheCommandLine() throws {
        let folder = try makeScratchFolder("serve-zip")
        defer { try? FileManager.default.removeItem(at: folder) }
        let zip = folder.appendingPathComponent("blocks.zip").path
        let members = ["shp", "shx", "dbf", "prj", "cpg"].map { CLI.fixture("gdal/changzhi-cs21-4526.\($0)") }
        let zipped = try CLI.runProgram("/usr/bin/env", ["python3", "-c", "import sys, zipfile, os\nwith zipfile.ZipFile(sys.argv[1], 'w') as z:\n    [z.write(f, 'parcels/' + os.path.basename(f)) for f in sys.argv[2:]]", zip] + members)
        XCTAssertEqual(zipped.status, 0, zipped.stderr)
        let server = try ServeProcess(["--rules", "Fixtures/screen/rules.yaml"])
        let reply = try server.post("/v1/screen", file: zip, contentType: "application/zip")
        XCTAssertEqual(reply.status, 200, reply.text)
        let cli = try CLI.run(["screen", "Fixtures/gdal/changzhi-cs21-4526.shp", "--rules", "Fixtures/screen/rules.yaml", "--format", "json"])
        XCTAssertEqual(withoutRunDetails(try reply.json()), withoutRunDetails(try cli.json()))

        // Not a zip, and a zip without a .shp: 400, the server still answers.
        let notZip = try server.request("POST", "/v1/screen", body: Data("PK\u{3}\u{4}garbage".utf8), headers: ["Content-Type": "application/zip"])
        XCTAssertEqual(notZip.status, 400, notZip.text)
        let empty = folder.appendingPathComponent("empty.zip").path
        _ = try CLI.runProgram("/usr/bin/env", ["python3", "-c", "import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w') as z: z.writestr('a.txt', 'x')", empty])
        let noShapefile = try server.post("/v1/screen", file: empty, contentType: "application/zip")
        XCTAssertEqual(noShapefile.status, 400, noShapefile.text)
        XCTAssertTrue(noShapefile.text.contains("exactly one .shp"), noShapefile.text)
        XCTAssertEqual(try server.request("GET", "/healthz").status, 200)
    }
}

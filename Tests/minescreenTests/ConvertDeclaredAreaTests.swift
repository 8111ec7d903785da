import Foundation
import XCTest
import MineScreenTestSupport

/// `convert` to a 坐标文件: 面积 is the declared area when the input has one, else the ellipsoidal area
/// (said on stderr), never the Gauss-Krüger plane area (larger by 5e-5 … 5e-4 in Changzhi, visible in the
/// 4th decimal of ha); every property goes to NAME.properties.csv beside it.
final class ConvertDeclaredAreaTests: XCTestCase {
    var scratch: URL!

    override func setUpWithError() throws {
        scratch = try makeScratchFolder("minescreen-sidecar")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    func path(_ name: String) -> String { scratch.appendingPathComponent(name).path }

    /// The Changzhi features as the fixture holds them.
    func inputFeatures() throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: CLI.fixture("changzhi-cs21.geojson")))
        return try XCTUnwrap((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["features"] as? [[String: Any]])
    }

    /// Block id → 面积 (ha) as written in the header lines of a UTF-8 坐标文件.
    func writtenAreas(_ file: String) throws -> [String: String] {
        var areas: [String: String] = [:]
        for line in try String(contentsOfFile: file, encoding: .utf8).components(separatedBy: "\r\n") where line.hasSuffix(",@") {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            areas[fields[2]] = fields[1]
        }
        return areas
    }

    /// Rows of the properties CSV, by column name.
    func sidecarRows(_ file: String) throws -> [[String: String]] {
        let text = try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "\u{FEFF}", with: "")
        var lines = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        // No cell of these fixtures holds a comma except the quoted source, which is read as one cell.
        func cells(_ line: String) -> [String] {
            var out: [String] = [], cell = "", quoted = false
            for c in line {
                if c == "\"" { quoted.toggle() } else if c == ",", !quoted { out.append(cell); cell = "" } else { cell.append(c) }
            }
            return out + [cell]
        }
        let header = cells(lines.removeFirst())
        return lines.map { Dictionary(zip(header, cells($0)), uniquingKeysWith: { first, _ in first }) }
    }

    func testDeclaredAreaIsWrittenAndEveryPropertyKeptBeside() throws {
        let run = try CLI.run(["convert", "Fixtures/changzhi-cs21.geojson", path("cz.txt"), "--id-field", "code", "--encoding", "utf-8"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("cz.properties.csv"), run.stderr)
        let areas = try writtenAreas(path("cz.txt"))
        let rows = Dictionary(uniqueKeysWithValues: try sidecarRows(path("cz.properties.csv")).map { ($0["地块编号"] ?? "", $0) })
        let features = try inputFeatures()
        XCTAssertEqual(areas.count, features.count)
        for f in features {
            let p = try XCTUnwrap(f["properties"] as? [String: Any])
            let id = try XCTUnwrap(p["code"] as? String)
            let declaredKm2 = try XCTUnwrap(p["declared_km2"] as? Double)
            XCTAssertEqual(areas[id], String(format: "%.4f", declaredKm2 * 100), "\(id): 面积 is the declared figure in ha")
            let row = try XCTUnwrap(rows[id], id)
            XCTAssertEqual(row["county"], p["county"] as? String)
            XCTAssertEqual(row["mineral"], p["mineral"] as? String)
            XCTAssertEqual(row["name"], p["name"] as? String)
            XCTAssertEqual(Double(row["declared_km2"] ?? ""), declaredKm2)
            XCTAssertEqual(row["面积来源 area source"], "declared (declared_km2, km²)")
        }
    }

    /// Without a declared figure, 面积 is the ellipsoidal area: pyproj's Geod on the same polygons
    /// (Fixtures/changzhi-cs21.oracle.json, `zones`), in ha to 4 decimals.
    func testWithoutADeclaredAreaTheEllipsoidalAreaIsWrittenAndSaid() throws {
        var features = try inputFeatures()
        for k in features.indices {
            var p = try XCTUnwrap(features[k]["properties"] as? [String: Any])
            p["declared_km2"] = nil
            features[k]["properties"] = p
        }
        let input = ["type": "FeatureCollection", "crs": ["type": "name", "properties": ["name": "urn:ogc:def:crs:EPSG::4490"]],
                     "features": features] as [String: Any]
        try JSONSerialization.data(withJSONObject: input).write(to: URL(fileURLWithPath: path("plain.geojson")))
        let run = try CLI.run(["convert", path("plain.geojson"), path("plain.txt"), "--id-field", "code", "--encoding", "utf-8"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("21 of 21 blocks declare no area"), run.stderr)
        XCTAssertTrue(run.stderr.contains("ellipsoidal"), run.stderr)
        let oracle = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: CLI.fixture("changzhi-cs21.oracle.json")))) as? [String: Any])?["zones"] as? [String: Double])
        let areas = try writtenAreas(path("plain.txt"))
        XCTAssertEqual(areas.count, oracle.count)
        for (id, squareMetres) in oracle {
            XCTAssertEqual(areas[id], String(format: "%.4f", squareMetres / 1e4), id)
        }
        for row in try sidecarRows(path("plain.properties.csv")) {
            XCTAssertEqual(row["面积来源 area source"], "computed: ellipsoidal area on the CGCS2000 ellipsoid")
        }
    }

    func testThePropertiesFileIsAnOutputThatMustNotBeAnInput() throws {
        try Data("x".utf8).write(to: URL(fileURLWithPath: path("in.properties.csv")))
        let run = try CLI.run(["convert", path("in.properties.csv"), path("in.txt"), "--input-format", "csv"])
        XCTAssertEqual(run.status, 2, run.stderr)
        XCTAssertTrue(run.stderr.contains("properties CSV") && run.stderr.contains("refusing to overwrite an input"), run.stderr)
        XCTAssertEqual(try String(contentsOfFile: path("in.properties.csv"), encoding: .utf8), "x")
    }
}

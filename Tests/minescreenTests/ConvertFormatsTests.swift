import Foundation
import XCTest
import MineScreenTestSupport

/// `convert`: names with commas, CSV properties, target-zone bands, GBK errors, --pipeline, GeoPackage and
/// Shapefile. Expected values come from the input files themselves, the Xi'an 1980 oracle (pyproj) and the
/// Changzhi GeoJSON's own coordinates.
final class ConvertFormatsTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = try makeScratchFolder("convert5")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(name)))
        return path(name)
    }

    func json(_ file: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
    }

    /// id → properties of a GeoJSON file (the id is the property `key`).
    func properties(_ file: String, key: String) throws -> [String: [String: Any]] {
        var result: [String: [String: Any]] = [:]
        for f in try XCTUnwrap(try json(file)["features"] as? [[String: Any]]) {
            let p = f["properties"] as? [String: Any] ?? [:]
            result[try XCTUnwrap(p[key] as? String)] = p
        }
        return result
    }

    /// A ring without its closing point, counter-clockwise, from its lowest-x vertex: Shapefile stores outer
    /// rings clockwise, so a round trip may reverse a ring without changing it.
    static func canonical(_ ring: [[Double]]) -> [[Double]] {
        var points = Array(ring.dropLast())
        var twiceArea = 0.0
        for k in points.indices {
            let a = points[k], b = points[(k + 1) % points.count]
            twiceArea += (a[0] - points[0][0]) * (b[1] - points[0][1]) - (b[0] - points[0][0]) * (a[1] - points[0][1])
        }
        if twiceArea < 0 { points.reverse() }
        let start = points.indices.min { (points[$0][0], points[$0][1]) < (points[$1][0], points[$1][1]) }!
        return Array(points[start...] + points[..<start])
    }

    /// code → every vertex [x, y] of a GeoJSON file, ring by ring (each `canonical`).
    func vertices(_ file: String, key: String) throws -> [String: [[Double]]] {
        var result: [String: [[Double]]] = [:]
        for f in try XCTUnwrap(try json(file)["features"] as? [[String: Any]]) {
            let code = try XCTUnwrap((f["properties"] as? [String: Any])?[key] as? String)
            let geometry = try XCTUnwrap(f["geometry"] as? [String: Any])
            let polygons: [[[[Double]]]] = geometry["type"] as? String == "Polygon"
                ? [try XCTUnwrap(geometry["coordinates"] as? [[[Double]]])] : try XCTUnwrap(geometry["coordinates"] as? [[[[Double]]]])
            result[code] = polygons.flatMap { $0.flatMap(Self.canonical) }
        }
        return result
    }

    static let header = "[属性描述]\n坐标系=2000国家大地坐标系\n几度分带=3\n带号=38\n[地块坐标]\n"
    static func square(_ header: String, north: Int) -> String {
        let n = 4_000_000 + north
        return header + "\nJ1,1,\(n),38420000\nJ2,1,\(n),38420500\nJ3,1,\(n + 250),38420500\nJ4,1,\(n + 250),38420000\nJ1,1,\(n),38420000\n"
    }

    /// A full-width comma in a name stays in the name through 坐标文件 → GeoJSON → 坐标文件; an ASCII comma
    /// is written as a full-width one, with a warning; a full-width-separated line still reads.
    func testCommasInNamesRoundTrip() throws {
        let input = try write("in.txt", Self.header + Self.square("5,12.5000,N1,集中开采区，北段,面,,采矿用地,,@", north: 0)
                              + Self.square("5，3.0000，N2，全角，分隔，面，，采矿用地，，@", north: 1000))
        XCTAssertEqual(try CLI.run(["convert", input, path("a.geojson")]).status, 0)
        let first = try properties(path("a.geojson"), key: "地块编号")
        XCTAssertEqual(first["N1"]?["地块名称"] as? String, "集中开采区，北段")
        XCTAssertEqual(first["N1"]?["地块用途"] as? String, "采矿用地")
        // Separators and a name comma, all full-width: the extra piece joins the name, 用途 stays in place.
        XCTAssertEqual(first["N2"]?["地块名称"] as? String, "全角，分隔")
        XCTAssertEqual(first["N2"]?["地块用途"] as? String, "采矿用地")
        XCTAssertEqual(try CLI.run(["convert", path("a.geojson"), path("b.txt"), "--encoding", "utf-8"]).status, 0)
        XCTAssertEqual(try CLI.run(["convert", path("b.txt"), path("c.geojson")]).status, 0)
        let back = try properties(path("c.geojson"), key: "地块编号")
        for id in ["N1", "N2"] {
            for key in ["地块名称", "地块用途", "图幅号", "地块面积"] {
                XCTAssertEqual("\(back[id]?[key] ?? "nil")", "\(first[id]?[key] ?? "nil")", "\(id) \(key)")
            }
        }
        let ascii = try write("ascii.geojson", """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"A1","name":"东区,一号"},
            "geometry":{"type":"Polygon","coordinates":[[[113.1,36.1],[113.11,36.1],[113.11,36.11],[113.1,36.11],[113.1,36.1]]]}}]}
            """)
        let run = try CLI.run(["convert", ascii, path("ascii.txt"), "--id-field", "code", "--encoding", "utf-8"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("warning: block A1: 地块名称 \"东区,一号\""), run.stderr)
        XCTAssertEqual(try CLI.run(["convert", path("ascii.txt"), path("ascii-back.geojson")]).status, 0)
        XCTAssertEqual(try properties(path("ascii-back.geojson"), key: "地块编号")["A1"]?["地块名称"] as? String, "东区，一号")
    }

    /// txt → csv → txt keeps 面积 12.5 (not the plane area 12.5 ha happens to differ from) and the header fields;
    /// a GeoJSON 地块面积 given as text is written as 面积.
    func testCSVKeepsDeclaredAreaAndHeaderFields() throws {
        let input = try write("in.txt", Self.header + Self.square("5,12.5000,P1,北区,面,J49E001001,采矿用地,0602,@", north: 0))
        XCTAssertEqual(try CLI.run(["convert", input, path("p.csv"), "--encoding", "utf-8"]).status, 0)
        XCTAssertEqual(try CLI.run(["convert", path("p.csv"), path("p.txt"), "--encoding", "utf-8"]).status, 0)
        let text = try String(contentsOfFile: path("p.txt"), encoding: .utf8)
        XCTAssertTrue(text.contains("5,12.5000,P1,北区,面,J49E001001,采矿用地,0602,@"), text)
        let textArea = try write("s.geojson", """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"S1","地块面积":"12.5"},
            "geometry":{"type":"Polygon","coordinates":[[[113.1,36.1],[113.11,36.1],[113.11,36.11],[113.1,36.11],[113.1,36.1]]]}}]}
            """)
        XCTAssertEqual(try CLI.run(["convert", textArea, path("s.txt"), "--id-field", "code", "--encoding", "utf-8"]).status, 0)
        XCTAssertTrue(try String(contentsOfFile: path("s.txt"), encoding: .utf8).contains(",12.5000,S1,"))
    }

    /// Changzhi (112.2–113.7°E) into 6° zone 14 (78–84°E) is refused; into 3° zone 38 two blocks west of
    /// 112.5°E (Fixtures/coordfile/changzhi-cs21.oracle.json: CS001, CS002) are warned about.
    func testTargetZoneBand() throws {
        let far = try CLI.run(["convert", "Fixtures/changzhi-cs21.geojson", path("far.txt"), "--id-field", "code", "--target-crs", "EPSG:4503"])
        XCTAssertEqual(far.status, 2)
        XCTAssertTrue(far.stderr.contains("block CS001") && far.stderr.contains("78°–84°E"), far.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("far.txt")))
        let near = try CLI.run(["convert", "Fixtures/changzhi-cs21.geojson", path("near.txt"), "--id-field", "code", "--target-crs", "EPSG:4526"])
        XCTAssertEqual(near.status, 0, near.stderr)
        let oracle = try XCTUnwrap(try json(CLI.fixture("coordfile/changzhi-cs21.oracle.json"))["blocks"] as? [String: [String: Any]])
        let outside = Set(oracle.filter { $0.value["outside_zone38_band"] as? Bool == true }.keys)
        XCTAssertEqual(outside, ["CS001", "CS002"])
        let warned = near.stderr.components(separatedBy: "\n").filter { $0.contains("outside the band 112.5°–115.5°E") }
        XCTAssertEqual(Set(warned.compactMap { $0.components(separatedBy: " ").drop { $0 != "block" }.dropFirst().first }), outside, near.stderr)
    }

    /// A character GBK cannot hold: exit 2 naming the block and the field, and no file.
    func testUnencodableCharacterNamesBlockAndField() throws {
        let input = try write("u.geojson", """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"U1","name":"矿\u{20000}区"},
            "geometry":{"type":"Polygon","coordinates":[[[113.1,36.1],[113.11,36.1],[113.11,36.11],[113.1,36.11],[113.1,36.1]]]}}]}
            """)
        let run = try CLI.run(["convert", input, path("u.txt"), "--id-field", "code"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("block U1, field 地块名称"), run.stderr)
        XCTAssertTrue(run.stderr.contains("--encoding utf-8"), run.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("u.txt")))
        XCTAssertEqual(try CLI.run(["convert", input, path("u.txt"), "--id-field", "code", "--encoding", "utf-8"]).status, 0)
    }

    /// --pipeline on convert: the written lon/lat block has the oracle's area (pyproj through the same pipeline).
    func testPipelineOption() throws {
        let oracle = try json(CLI.fixture("xian80/pipeline-oracle.json"))
        let pipeline = try XCTUnwrap(oracle["pipeline"] as? String), wanted = try XCTUnwrap(oracle["area_m2"] as? Double)
        let run = try CLI.run(["convert", "Fixtures/xian80/block-2383.geojson", path("x.geojson"), "--pipeline", pipeline])
        XCTAssertEqual(run.status, 0, run.stderr)
        let area = try CLI.run(["area", path("x.geojson"), "--format", "json"])
        let measured = try XCTUnwrap((try area.json()["features"] as? [[String: Any]])?.first?["area_m2"] as? Double)
        XCTAssertEqual(measured, wanted, accuracy: wanted * 1e-9)
        XCTAssertEqual(try CLI.run(["convert", "Fixtures/xian80/block-2383.geojson", path("y.geojson"), "--pipeline", pipeline, "--towgs84", "1,2,3"]).status, 2)
    }

    /// GeoJSON → GeoPackage / Shapefile → GeoJSON: every vertex back within 1e-8° (about 1 mm).
    func testGeoPackageAndShapefileRoundTrip() throws {
        let original = try vertices(CLI.fixture("changzhi-cs21.geojson"), key: "code")
        for ext in ["gpkg", "shp"] {
            let out = try CLI.run(["convert", "Fixtures/changzhi-cs21.geojson", path("z.\(ext)"), "--id-field", "code"])
            XCTAssertEqual(out.status, 0, out.stderr)
            let back = try CLI.run(["convert", path("z.\(ext)"), path("z-\(ext).geojson")])
            XCTAssertEqual(back.status, 0, back.stderr)
            let read = try vertices(path("z-\(ext).geojson"), key: "code")
            XCTAssertEqual(Set(read.keys), Set(original.keys), ext)
            for (code, points) in original {
                let got = try XCTUnwrap(read[code], "\(ext) \(code)")
                XCTAssertEqual(got.count, points.count, "\(ext) \(code)")
                for (a, b) in zip(points, got) {
                    XCTAssertEqual(a[0], b[0], accuracy: 1e-8, "\(ext) \(code)")
                    XCTAssertEqual(a[1], b[1], accuracy: 1e-8, "\(ext) \(code)")
                }
            }
        }
    }

    /// overlap -o X.gpkg and screen --remainder X.shp write GDAL formats with the features of the GeoJSON.
    func testOverlapAndRemainderInGDALFormats() throws {
        let arguments = ["overlap", "Fixtures/overlap/blocks.geojson", "--layer", "redline=Fixtures/overlap/redline.geojson",
                         "--id-field", "code", "--format", "geojson"]
        let plain = try CLI.run(arguments)
        let expected = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(plain.stdout.utf8)) as? [String: Any])?["features"] as? [[String: Any]])
        XCTAssertEqual(try CLI.run(arguments + ["-o", path("o.gpkg")]).status, 0)
        XCTAssertEqual(try CLI.run(["convert", path("o.gpkg"), path("o.geojson")]).status, 0)
        let written = try XCTUnwrap(try json(path("o.geojson"))["features"] as? [[String: Any]])
        XCTAssertEqual(written.count, expected.filter { $0["geometry"] is [String: Any] }.count)
        XCTAssertEqual(Set(written.compactMap { ($0["properties"] as? [String: Any])?["id"] as? String }),
                       Set(expected.compactMap { ($0["properties"] as? [String: Any])?["id"] as? String }))
        let screen = try CLI.run(["screen", "Fixtures/screen/blocks.geojson", "--rules", "Fixtures/screen/rules.yaml", "--id-field", "code",
                                  "--format", "json", "--remainder", path("r.shp")])
        XCTAssertEqual(screen.status, 1, screen.stderr)
        for sidecar in ["r.shp", "r.dbf", "r.prj", "r.cpg"] { XCTAssertTrue(FileManager.default.fileExists(atPath: path(sidecar)), sidecar) }
        XCTAssertEqual(try CLI.run(["convert", path("r.shp"), path("r.geojson")]).status, 0)
        XCTAssertFalse(try XCTUnwrap(try json(path("r.geojson"))["features"] as? [[String: Any]]).isEmpty)
    }
}

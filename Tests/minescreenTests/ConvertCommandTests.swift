import Foundation
import XCTest
import MineScreenTestSupport

/// `convert` round trips, read back with small parsers written here (not the tool's readers).
final class ConvertCommandTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = try makeScratchFolder("convert")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// UTF-8, else GBK decoded by the system's iconv(1).
    func decodedText(_ file: String) throws -> String {
        if let text = String(data: try Data(contentsOf: URL(fileURLWithPath: file)), encoding: .utf8) { return text }
        let run = try CLI.runProgram("/usr/bin/iconv", ["-f", "GB18030", "-t", "UTF-8", file])
        XCTAssertEqual(run.status, 0, run.stderr)
        return run.stdout
    }

    /// id → points [northing, easting] of a 坐标文件 (GBK or UTF-8), in file order.
    func coordinateFilePoints(_ file: String) throws -> [String: [[Double]]] {
        let text = try decodedText(file)
        var points: [String: [[Double]]] = [:]
        var current = ""
        var inBlocks = false
        for line in text.components(separatedBy: .newlines).map({ $0.trimmingCharacters(in: .whitespaces) }) where !line.isEmpty {
            if line == "[地块坐标]" { inBlocks = true; continue }
            guard inBlocks else { continue }
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if f.last == "@" { current = f[2]; points[current] = []; continue }
            points[current]!.append([Double(f[2])!, Double(f[3])!])
        }
        return points
    }

    /// id → points [X, Y] of a corner-point CSV with columns 地块编号 … X, Y.
    func csvPoints(_ file: String) throws -> [String: [[Double]]] {
        var text = try decodedText(file)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let lines = text.components(separatedBy: .newlines).filter { !$0.isEmpty }
        let header = lines[0].split(separator: ",").map(String.init)
        let (b, x, y) = (header.firstIndex(of: "地块编号")!, header.firstIndex(of: "X")!, header.firstIndex(of: "Y")!)
        var points: [String: [[Double]]] = [:]
        for line in lines.dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            points[f[b], default: []].append([Double(f[x])!, Double(f[y])!])
        }
        return points
    }

    /// id → points [x, y] of a GeoJSON FeatureCollection, and its crs name.
    func geoJSONPoints(_ file: String, idField: String? = nil) throws -> (points: [String: [[Double]]], crs: String?) {
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
        let crs = ((json["crs"] as? [String: Any])?["properties"] as? [String: Any])?["name"] as? String
        var points: [String: [[Double]]] = [:]
        for (k, f) in (json["features"] as! [[String: Any]]).enumerated() {
            let properties = f["properties"] as? [String: Any] ?? [:]
            let id = idField.flatMap { properties[$0] as? String } ?? (f["id"] as? String) ?? String(k)
            let geometry = f["geometry"] as! [String: Any]
            let polygons: [[[[Double]]]] = geometry["type"] as? String == "Polygon"
                ? [geometry["coordinates"] as! [[[Double]]]] : geometry["coordinates"] as! [[[[Double]]]]
            points[id] = polygons.flatMap { $0.flatMap { $0 } }
        }
        return (points, crs)
    }

    func assertSame(_ a: [String: [[Double]]], _ b: [String: [[Double]]], swap: Bool = false, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(Set(a.keys), Set(b.keys), file: file, line: line)
        for (id, ps) in a {
            let qs = b[id] ?? []
            XCTAssertEqual(ps.count, qs.count, id, file: file, line: line)
            for (p, q) in zip(ps, qs) {
                let q2 = swap ? [q[1], q[0]] : q
                XCTAssertEqual(p[0], q2[0], accuracy: 0.001, id, file: file, line: line)
                XCTAssertEqual(p[1], q2[1], accuracy: 0.001, id, file: file, line: line)
            }
        }
    }

    func testCoordinateFileToGeoJSONAndBack() throws {
        let source = "Fixtures/coordfile/changzhi-cs21-gbk.txt"
        let first = try CLI.run(["convert", source, path("a.geojson")])
        XCTAssertEqual(first.status, 0, first.stderr)
        let geo = try geoJSONPoints(path("a.geojson"))
        XCTAssertEqual(geo.crs, "urn:ogc:def:crs:EPSG::4526")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path("a.geojson")))) as? [String: Any])
        let properties = try XCTUnwrap(((json["features"] as? [[String: Any]])?.first)?["properties"] as? [String: Any])
        XCTAssertEqual(properties["地块名称"] as? String, "集中开采区001")
        XCTAssertNotNil(properties["地块面积"] as? Double)
        let second = try CLI.run(["convert", path("a.geojson"), path("b.txt")])
        XCTAssertEqual(second.status, 0, second.stderr)
        let original = try coordinateFilePoints(CLI.fixture("coordfile/changzhi-cs21-gbk.txt"))
        assertSame(original, try coordinateFilePoints(path("b.txt")))
        assertSame(original, geo.points, swap: true)
        // Declared areas travel: the header 面积 column is the same.
        let areas = { (file: String) throws -> [String] in
            return try self.decodedText(file)
                .components(separatedBy: "\r\n").filter { $0.hasSuffix("@") }.map { $0.split(separator: ",")[1...2].joined(separator: ",") }
        }
        XCTAssertEqual(try areas(CLI.fixture("coordfile/changzhi-cs21-gbk.txt")), try areas(path("b.txt")))
    }

    func testCSVToCoordinateFileAndBack() throws {
        let run1 = try CLI.run(["convert", "Fixtures/cornercsv/changzhi-cs21-gbk.csv", path("a.txt"), "--encoding", "utf-8"])
        XCTAssertEqual(run1.status, 0, run1.stderr)
        XCTAssertNotNil(String(data: try Data(contentsOf: URL(fileURLWithPath: path("a.txt"))), encoding: .utf8))
        let run2 = try CLI.run(["convert", path("a.txt"), path("b.csv"), "--encoding", "utf-8"])
        XCTAssertEqual(run2.status, 0, run2.stderr)
        let original = try csvPoints(CLI.fixture("cornercsv/changzhi-cs21.csv"))
        assertSame(original, try coordinateFilePoints(path("a.txt")))
        assertSame(original, try csvPoints(path("b.csv")))
    }

    func testProjectedGeoJSONToCoordinateFileAndBack() throws {
        let source = "Fixtures/overlap/epsg4526/blocks.geojson"
        let run1 = try CLI.run(["convert", source, path("a.txt"), "--id-field", "code"])
        XCTAssertEqual(run1.status, 0, run1.stderr)
        let text = try decodedText(path("a.txt"))
        XCTAssertTrue(text.contains("带号=38\r\n"))
        let run2 = try CLI.run(["convert", path("a.txt"), path("b.geojson")])
        XCTAssertEqual(run2.status, 0, run2.stderr)
        let original = try geoJSONPoints(CLI.fixture("overlap/epsg4526/blocks.geojson"), idField: "code")
        let back = try geoJSONPoints(path("b.geojson"))
        XCTAssertEqual(back.crs, "urn:ogc:def:crs:EPSG::4526")
        assertSame(original.points, back.points)
    }

    func testLonLatToCoordinateFileSaysWhichZone() throws {
        let run = try CLI.run(["convert", "Fixtures/changzhi-cs21.geojson", path("cz.txt"), "--id-field", "code"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("EPSG:4526"), run.stderr)
        XCTAssertTrue(run.stderr.contains("19 of 21"), run.stderr)
        // Ellipsoidal areas survive the projection (oracle: pyproj Geod on the GeoJSON).
        let area = try CLI.run(["area", path("cz.txt"), "--format", "json"])
        XCTAssertEqual(area.status, 0, area.stderr)
        let total = try XCTUnwrap(try area.json()["total_m2"] as? Double)
        XCTAssertEqual(total, 164.96e6, accuracy: 164.96e6 * 1e-6)
    }

    func testRejectedFeaturesAreListedAndExitThree() throws {
        let run = try CLI.run(["convert", "Fixtures/coordfile/blocks-gbk.txt", path("out.csv")])
        XCTAssertEqual(run.status, 3, run.stderr)
        for id in ["CS104", "CS105"] {
            let line = try XCTUnwrap(run.stderr.split(separator: "\n").first { $0.contains("rejected") && $0.contains("id \(id)") }, run.stderr)
            XCTAssertTrue(line.contains("blocks-gbk.txt"), String(line))
        }
        XCTAssertEqual(Set(try csvPoints(path("out.csv")).keys), ["CS101", "CS102", "CS103"])
    }

    func testUsageErrorsExitTwo() throws {
        XCTAssertEqual(try CLI.run(["convert", "Fixtures/changzhi-cs21.geojson", path("x.dxf")]).status, 2)
        XCTAssertEqual(try CLI.run(["convert", "Fixtures/nope.geojson", path("x.txt")]).status, 2)
        XCTAssertEqual(try CLI.run(["convert", "Fixtures/changzhi-cs21.geojson", path("x.txt"), "--target-crs", "EPSG:4490"]).status, 2)
        XCTAssertEqual(try CLI.run(["convert", "Fixtures/changzhi-cs21.geojson", directory.appendingPathComponent("no/dir/x.txt").path]).status, 2)
        let swapped = try CLI.run(["convert", "Fixtures/check/swapped.csv", path("s.txt")])
        XCTAssertEqual(swapped.status, 3)
        XCTAssertTrue(swapped.stderr.contains("swapped.csv:7"), swapped.stderr)
    }
}

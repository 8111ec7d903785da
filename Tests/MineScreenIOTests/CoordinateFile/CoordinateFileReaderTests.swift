import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// Oracle: Fixtures/coordfile/oracle.json from Scripts/oracles/make_coordinate_file.py (pyproj + shapely).
final class CoordinateFileReaderTests: XCTestCase {
    func testGBKAndUTF8FilesReadAlikeAndMatchOracle() throws {
        let oracle = try Fixture.json("coordfile/oracle.json")
        let blocks = try XCTUnwrap(oracle["blocks"] as? [String: [String: Any]])
        for name in ["coordfile/blocks-gbk.txt", "coordfile/blocks-utf8.txt"] {
            let layer = try Fixture.load(name)
            XCTAssertEqual(layer.crs.identifier.description, "EPSG:4526", name)
            XCTAssertEqual(layer.features.map(\.feature.id), ["CS101", "CS102", "CS103"], name)
            XCTAssertEqual(layer.features[0].feature.property("name"), .string("集中开采区101"))
            for checked in layer.features {
                let expected = try XCTUnwrap(blocks[checked.feature.id])
                let polygons = try XCTUnwrap(checked.shape.polygons)
                XCTAssertEqual(polygons.count, expected["parts"] as? Int, checked.feature.id)
                XCTAssertEqual(polygons.reduce(0) { $0 + $1.holes.count }, expected["holes"] as? Int, checked.feature.id)
            }
            let areas = AreaAnalysis.run(layer, options: AreaOptions(), threads: 1)
            for f in areas.features { XCTAssertRelative(f.area, try XCTUnwrap(blocks[f.id]?["area_m2"] as? Double), 1e-9, f.id) }
            var planar = AreaOptions()
            planar.method = .planar
            for f in AreaAnalysis.run(layer, options: planar, threads: 1).features {
                XCTAssertRelative(f.area, try XCTUnwrap(blocks[f.id]?["planar_m2"] as? Double), 1e-9, f.id)
            }
            XCTAssertEqual(layer.rejected.map(\.id), ["CS104", "CS105"], name)
            XCTAssertTrue(layer.rejected[0].reason.contains("unclosed ring"), layer.rejected[0].reason)
            XCTAssertTrue(layer.rejected[1].reason.contains("zone seam"), layer.rejected[1].reason)
        }
    }

    /// Old datums read as their own EPSG codes (registry: Xi'an 1980 3° GK zone 38 with prefix = 2362,
    /// Beijing 1954 3° GK CM 114°E = 2435); loading then refuses them without the user's parameters.
    func testOldDatumHeadersNameTheirOwnCRS() throws {
        for (system, zoneLine, easting, code) in [("1980西安坐标系", "带号=38\n", "38512000", "EPSG:2362"), ("1954北京坐标系", "带号=38\n", "512000", "EPSG:2435")] {
            let text = "[属性描述]\n坐标系=\(system)\n几度分带=3\n\(zoneLine)[地块坐标]\n5,1,A,a,面,,,,@\nJ1,1,4018000,\(easting)\nJ2,1,4018000,\(Int(easting)! + 1000)\nJ3,1,4019000,\(Int(easting)! + 1000)\nJ1,1,4018000,\(easting)\n"
            let file = try CoordinateFileReader().parse(bytes: Array(text.utf8), path: "x.txt")
            XCTAssertEqual(file.crs.description, code, system)
        }
    }

    func testUnprefixedEastingsUseTheZoneFromTheHeader() throws {
        let text = "[属性描述]\n坐标系=2000国家大地坐标系\n几度分带=3\n带号=37\n[地块坐标]\n5,0,A,a,面,,,,@\nJ1,1,4000000,500000\nJ2,1,4000000,501000\nJ3,1,4001000,501000\nJ4,1,4001000,500000\nJ1,1,4000000,500000\n"
        let file = try CoordinateFileReader().parse(bytes: Array(text.utf8), path: "x.txt")
        XCTAssertEqual(file.crs.description, "EPSG:4546")
        XCTAssertEqual(planarArea(try XCTUnwrap(file.features[0].geometry?.polygons)), 1_000_000)
    }
}

extension CoordinateFileReaderTests {
    func testSixDegreeZonesCRLineEndsAndFullWidthCommas() throws {
        // 6° zone 19 with the zone prefix is EPSG:4497; old-Mac CR line ends; a full-width comma in a point line.
        let text = "[属性描述]\r坐标系=2000国家大地坐标系\r几度分带=6度\r带号=19\r[地块坐标]\r5,0,A,a,面,,,,@\rJ1,1,4000000，19500000\rJ2,1,4000000,19501000\rJ3,1,4001000,19501000\rJ4,1,4001000,19500000\rJ1,1,4000000,19500000\r"
        let file = try CoordinateFileReader().parse(bytes: Array(text.utf8), path: "six.txt")
        XCTAssertEqual(file.crs.description, "EPSG:4497")
        XCTAssertNil(file.features[0].readProblem)
        XCTAssertEqual(planarArea(try XCTUnwrap(file.features[0].geometry?.polygons)), 1_000_000)
    }
}

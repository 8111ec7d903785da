import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// Writers are tested by reading back: the reader is checked against pyproj/shapely oracles elsewhere.
final class SurveyWriterTests: XCTestCase {
    func testCoordinateFileWrittenAndReadBackToTheMillimetre() throws {
        let source = try Fixture.load("coordfile/changzhi-cs21-gbk.txt")
        let workspace = ThreadWorkspace()
        let plan = try Conversion.plan(source, format: .coordfile, target: nil, workspace: workspace)
        XCTAssertEqual(plan.crs.description, "EPSG:4526")
        let (blocks, rejected) = Conversion.blocks(source, plan: plan, workspace: workspace)
        XCTAssertTrue(rejected.isEmpty)
        let bytes = try Conversion.render(blocks, format: .coordfile, plan: plan, encoding: .gbk, date: "2026-01-01")
        XCTAssertFalse(isValidUTF8(bytes), "GBK by default")
        let text = try XCTUnwrap(CoordinateFileReader.decode(bytes))
        for line in ["坐标系=2000国家大地坐标系", "几度分带=3", "投影类型=高斯克吕格", "计量单位=米", "带号=38", "精度=0.0001", "转换参数=,,,,,,"] {
            XCTAssertTrue(text.contains(line + "\r\n"), line)
        }
        let back = try CoordinateFileReader().parse(bytes: bytes, path: "back.txt")
        XCTAssertEqual(back.features.map(\.id), source.features.map(\.feature.id))
        for (a, b) in zip(source.features, back.features) {
            assertSameShape(a.shape, try XCTUnwrap(b.geometry), tolerance: 0.001, a.feature.id)
            XCTAssertEqual(a.feature.property("地块面积"), b.property("地块面积"))
        }
    }

    func testLonLatInputGoesToTheZoneOfMostCentroids() throws {
        let source = try Fixture.load("changzhi-cs21.geojson", idField: "code")
        let plan = try Conversion.plan(source, format: .csv, target: nil, workspace: ThreadWorkspace())
        // 19 of the 21 centroids lie east of 112.5°E (Fixtures/coordfile/changzhi-cs21.oracle.json).
        XCTAssertEqual(plan.crs.description, "EPSG:4526")
        XCTAssertTrue(plan.note?.contains("19 of 21") ?? false, plan.note ?? "")
        XCTAssertThrowsError(try Conversion.plan(source, format: .coordfile, target: .cgcs2000, workspace: ThreadWorkspace()))
    }

    func testUTF8CSVHasABOMAndGBKRefusesWhatItCannotHold() throws {
        let block = ExportBlock(id: "A", properties: [("地块名称", .string("😀"))],
                                polygons: [Polygon(exterior: [Position(38_500_000, 4_000_000), Position(38_501_000, 4_000_000),
                                                              Position(38_501_000, 4_001_000), Position(38_500_000, 4_000_000)])])
        let plan = ConversionPlan(crs: CRSIdentifier(authority: "EPSG", code: "4526"), zone: GaussKrugerZone(epsg: 4526), note: nil)
        let utf8 = try Conversion.render([block], format: .csv, plan: plan, encoding: .utf8)
        XCTAssertEqual(Array(utf8.prefix(3)), [0xEF, 0xBB, 0xBF])
        XCTAssertThrowsError(try Conversion.render([block], format: .coordfile, plan: plan, encoding: .gbk))
        let back = try CornerPointCSVReader().parse(bytes: utf8, path: "a.csv")
        XCTAssertEqual(back.crs.description, "EPSG:4526")
        XCTAssertEqual(planarArea(try XCTUnwrap(back.features[0].geometry?.polygons)), 500_000)
    }
}

func assertSameShape(_ a: Geometry, _ b: Geometry, tolerance: Double, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
    guard let pa = a.polygons, let pb = b.polygons, pa.count == pb.count else { return XCTFail("\(message): structure", file: file, line: line) }
    for (p, q) in zip(pa, pb) {
        XCTAssertEqual(p.rings.count, q.rings.count, message, file: file, line: line)
        for (r, s) in zip(p.rings, q.rings) {
            XCTAssertEqual(r.count, s.count, message, file: file, line: line)
            for (u, v) in zip(r, s) where abs(u.x - v.x) > tolerance || abs(u.y - v.y) > tolerance {
                return XCTFail("\(message): \(u) vs \(v)", file: file, line: line)
            }
        }
    }
}

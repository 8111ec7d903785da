import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

final class WorkbookAndDossierTests: XCTestCase {
    func testColumnLettersFollowExcel() {
        // Bijective base 26: 1..26 → A..Z, 27 → AA, 52 → AZ, 53 → BA, 702 → ZZ, 703 → AAA.
        XCTAssertEqual([0, 25, 26, 51, 52, 701, 702].map(XLSXWriter.columnLetters), ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"])
    }

    func testSheetNamesObeyExcelRules() {
        let names = XLSXWriter.sheetNames(["totals by a/b", "Blocks", "blocks", String(repeating: "x", count: 40), ""])
        XCTAssertEqual(names[0], "totals by a_b")
        XCTAssertEqual(names[1], "Blocks")
        XCTAssertEqual(names[2], "blocks 2", "unique ignoring case")
        XCTAssertEqual(names[3].count, 31)
        XCTAssertEqual(names[4], "Sheet")
    }

    func testLegendOnlyForWhatTheFrameShows() {
        var view = Box()
        view.add([Polygon(exterior: [Position(0, 0), Position(10, 0), Position(10, 10), Position(0, 0)])])
        XCTAssertTrue(view.meets([Polygon(exterior: [Position(9, 9), Position(20, 9), Position(20, 20), Position(9, 9)])]))
        XCTAssertFalse(view.meets([Polygon(exterior: [Position(11, 0), Position(20, 0), Position(20, 5), Position(11, 0)])]))
        XCTAssertFalse(view.meets([]))
    }

    func testSheetNamesCountUTF16AsExcelDoes() {
        let names = XLSXWriter.sheetNames([String(repeating: "🟥", count: 20), String(repeating: "🟥", count: 20)])
        XCTAssertEqual(names[0].utf16.count, 30, "15 two-unit characters fit in 31 units")
        XCTAssertLessThanOrEqual(names[1].utf16.count, 31)
        XCTAssertNotEqual(names[0], names[1])
        XCTAssertFalse(XLSXWriter.worksheet(ReportTable(name: "empty", columns: []), formats: [:]).contains("<cols>"))
    }

    func testXMLEscapingDropsCharactersXMLForbids() {
        XCTAssertEqual(xmlEscaped("a<b & \"c\"\u{1}'d'"), "a&lt;b &amp; &quot;c&quot;&#39;d&#39;")
    }

    func testNumbersAreWrittenToReadBackExactly() {
        for value in [0.1, 1319998.5559715703, 1e-5, 2.5e20, -3.0] {
            XCTAssertEqual(Double(shortestRoundTrip(value)), value, "\(value)")
        }
    }

    func testWorksheetKeepsNumbersAsNumbersAndFreezesTheHeader() {
        var table = ReportTable(name: "blocks", columns: ["id", "area (km²)", "count"])
        table.rows = [[.text("CS<1>"), .number(2.45, decimals: 4), .integer(3)], [.text("x"), .number(.nan, decimals: 4), .empty]]
        let formats = XLSXWriter.numberFormats([table])
        let xml = XLSXWriter.worksheet(table, formats: formats)
        XCTAssertTrue(xml.contains("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
        XCTAssertTrue(xml.contains("<c r=\"B2\" s=\"\(formats[4]!)\"><v>2.45</v></c>"))
        XCTAssertTrue(xml.contains("<c r=\"C2\"><v>3</v></c>"))
        XCTAssertTrue(xml.contains("<t xml:space=\"preserve\">CS&lt;1&gt;</t>"))
        XCTAssertFalse(xml.contains("B3"), "NaN is left blank, never written")
        XCTAssertTrue(XLSXWriter.styles(formats).contains("formatCode=\"0.0000\""))
    }

    func testCornerPointsSplitIntoColumnGroupsInReadingOrder() {
        var table = ReportTable(name: "corner points", columns: ["n"])
        table.rows = (1...5).map { [.integer($0)] }
        table.pageColumnGroups = 2
        let split = HTMLDossierWriter(workspace: ThreadWorkspace()).sideBySide(table)
        XCTAssertEqual(split.columns, ["n", "n"])
        XCTAssertEqual(split.rows, [[.integer(1), .integer(4)], [.integer(2), .integer(5)], [.integer(3), .empty]])
    }

    /// Corner points of a lon/lat square in zone 38 (CM 114°E), against PROJ's cs2cs for EPSG:4526:
    /// `echo 36.5 114 | cs2cs EPSG:4490 EPSG:4526` → 4041024.492 38500000.000 (northing, easting; the CM maps to 500 km).
    func testCornerPointsAreNorthingThenPrefixedEasting() throws {
        let square = Polygon(exterior: [Position(114, 36.5), Position(114.01, 36.5), Position(114.01, 36.51), Position(114, 36.51), Position(114, 36.5)])
        let table = try cornerPointTable([square], crs: .cgcs2000, workspace: ThreadWorkspace())
        XCTAssertEqual(table.rows.count, 4, "the closing point is not repeated")
        XCTAssertEqual(table.rows[0][1], .text("J1"))
        guard case .number(let x, _) = table.rows[0][2], case .number(let y, _) = table.rows[0][3] else { return XCTFail() }
        XCTAssertEqual(y, 38_500_000, accuracy: 0.005)
        XCTAssertEqual(x, 4_041_024.492, accuracy: 0.001)
    }

    /// A block given in a Gauss-Krüger zone keeps its zone, even west of the seam (a zone-38 坐标文件 block
    /// at 38 342 515 m); an unprefixed zone gets its prefix: Y = easting + 38 000 000 exactly.
    func testCornerPointsKeepTheBlocksOwnZone() throws {
        let west = Polygon(exterior: [Position(38_342_515.14, 4_053_340.77), Position(38_343_515.14, 4_053_340.77),
                                      Position(38_343_515.14, 4_054_340.77), Position(38_342_515.14, 4_053_340.77)])
        let table = try cornerPointTable([west], crs: CRSIdentifier(authority: "EPSG", code: "4526"), workspace: ThreadWorkspace())
        XCTAssertEqual(table.name, "corner points (EPSG:4526)")
        XCTAssertEqual(table.rows[0][2], .number(4_053_340.77, decimals: 2))
        XCTAssertEqual(table.rows[0][3], .number(38_342_515.14, decimals: 2))
        let plain = Polygon(exterior: [Position(512_000, 4_018_000), Position(513_000, 4_018_000), Position(513_000, 4_019_000), Position(512_000, 4_018_000)])
        let prefixed = try cornerPointTable([plain], crs: CRSIdentifier(authority: "EPSG", code: "4547"), workspace: ThreadWorkspace())
        XCTAssertEqual(prefixed.name, "corner points (EPSG:4526)")
        guard case .number(let y, _) = prefixed.rows[1][3] else { return XCTFail() }
        XCTAssertEqual(y, 38_513_000, accuracy: 1e-6)
    }
}

import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// The pieces of the printed layout that can be checked without a browser or a spreadsheet program.
final class PrintLayoutTests: XCTestCase {
    /// Widths from the content, CJK counted double: "集中开采区001" is 5 × 2 + 3 = 13 columns, + 2 padding.
    func testWorkbookColumnWidthsFollowTheContentWithCJKDouble() {
        var table = ReportTable(name: "blocks", columns: ["id", "name", "area (km²)", "features"])
        table.rows = [[.text("CS001"), .text("集中开采区001"), .number(2.45, decimals: 4), .text(String(repeating: "1404250000, ", count: 21))]]
        let layout = SheetLayout(table)
        XCTAssertEqual(layout.widths[0], 7, "CS001: 5 characters + 2")
        XCTAssertEqual(layout.widths[1], 15)
        XCTAssertEqual(layout.widths[2], 12, "the header 'area (km²)', 10 columns, + 2")
        XCTAssertEqual(layout.widths[3], SheetLayout.maximumWidth, "a long list wraps at the maximum")
        // 21 ids of 12 characters (11 + the separator) wrapped into 49 columns: 4 per line, 6 lines.
        XCTAssertEqual(layout.rowHeight(table.rows[0]), 6 * SheetLayout.lineHeight)
        XCTAssertFalse(layout.isLandscape, "7 + 15 + 12 + 50 = 84 columns fit A4 portrait")
        var narrow = ReportTable(name: "n", columns: ["n"])
        narrow.rows = [[.integer(1)]]
        XCTAssertEqual(SheetLayout(narrow).widths, [SheetLayout.minimumWidth])
    }

    func testWrappedLinesBreakAtSpacesAndInsideLongWords() {
        XCTAssertEqual(SheetLayout.wrappedLines("", width: 10), 1)
        XCTAssertEqual(SheetLayout.wrappedLines("aaaa bbbb", width: 9), 1)
        XCTAssertEqual(SheetLayout.wrappedLines("aaaa bbbb", width: 8), 2)
        XCTAssertEqual(SheetLayout.wrappedLines(String(repeating: "x", count: 25), width: 10), 3)
        XCTAssertEqual(SheetLayout.wrappedLines("a\nb\nc", width: 10), 3)
        XCTAssertEqual(SheetLayout.wrappedLines("开采区开采区", width: 6), 2, "CJK characters take two columns")
    }

    func testWorksheetPrintsOnA4FitToWidthWithTheHeaderRepeated() {
        var table = ReportTable(name: "reasons", columns: (1...12).map { "column \($0)" })
        table.rows = [(1...12).map { .number(Double($0), decimals: 4) }]
        let xml = XLSXWriter.worksheet(table, formats: XLSXWriter.numberFormats([table]))
        XCTAssertTrue(xml.contains("<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr><sheetViews>"), "sheetPr comes first")
        XCTAssertTrue(xml.contains("<pageSetup paperSize=\"9\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/>"))
        XCTAssertTrue(xml.hasSuffix("</headerFooter></worksheet>"))
        let names = SheetLayout.definedNames([table, ReportTable(name: "empty", columns: [])], sheetNames: ["it's", "empty"])
        XCTAssertEqual(names, "<definedNames><definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">&#39;it&#39;&#39;s&#39;!$1:$1</definedName>"
                       + "<definedName name=\"_xlnm.Print_Area\" localSheetId=\"0\">&#39;it&#39;&#39;s&#39;!$A$1:$L$2</definedName></definedNames>")
    }

    /// A title cannot end the CSS string or the style element it is written into.
    func testPageHeaderTextIsEscapedForCSS() {
        XCTAssertEqual(PrintPages.cssString("A \"b\"\\</style>"), "\"A \\22 b\\22 \\5c \\3c \\2f style\\3e \"")
        XCTAssertEqual(PrintPages.cssString("区"), "\"\\533a \"")
        XCTAssertEqual(PrintPages.pageName("block-12"), "p-block-12")
        XCTAssertEqual(PrintPages.pageName("a b/区"), "p-a-b--")
        let css = PrintPages.css(title: "T", blocks: [("block-3", "CS003")])
        XCTAssertTrue(css.contains("@page p-block-3{@top-right{content:\"CS003\""), css)
        XCTAssertTrue(css.contains("@page wide{size:A4 landscape}"))
    }

    func testWideTablesAndLongCornerTablesAreLaidOutToFit() {
        let writer = HTMLDossierWriter(workspace: ThreadWorkspace())
        var corners = ReportTable(name: "corner points", columns: ["圈号 ring", "点号 point", "X northing (m)", "Y easting (m)"])
        corners.rows = (1...100).map { [.integer(1), .text("J\($0)"), .number(4_000_000, decimals: 2), .number(38_500_000, decimals: 2)] }
        corners.pageColumnGroups = 3
        let html = writer.table(corners, anchors: [], caption: "corner points")
        XCTAssertEqual(html.components(separatedBy: "<table").count - 1, 4, "100 rows in groups of at most \(HTMLDossierWriter.rowsPerGroup)")
        XCTAssertTrue(html.contains(">J100</td>"))
        XCTAssertEqual(html.components(separatedBy: "<th>Y easting (m)</th>").count - 1, 4, "each group has its own header")
        let wide = ReportTable(name: "summary", columns: (1...10).map { "c\($0)" })
        XCTAssertTrue(writer.table(wide, anchors: [], caption: nil).contains("<table class=\"wide\">"))
        // 40 columns (30 layers): split into parts of the key column and 17 others, 39 = 17 + 17 + 5.
        var widest = ReportTable(name: "summary", columns: ["block"] + (1...39).map { "c\($0)" })
        widest.rows = [[.text("B1")] + (1...39).map { .integer($0) }]
        widest.footers = [[.text("TOTAL")] + (1...39).map { .integer($0) }]
        let parts = writer.columnParts(widest)
        XCTAssertEqual(parts.map(\.columns.count), [18, 18, 6])
        XCTAssertEqual(parts.map { $0.columns[0] }, ["block", "block", "block"])
        XCTAssertEqual(parts.flatMap { $0.columns.dropFirst() }, Array(widest.columns.dropFirst()), "every column once, in order")
        XCTAssertEqual(parts[2].rows, [[.text("B1"), .integer(35), .integer(36), .integer(37), .integer(38), .integer(39)]])
        XCTAssertEqual(parts[1].footers[0][0], .text("TOTAL"))
        let split = writer.table(widest, anchors: ["block-1"], caption: nil)
        XCTAssertEqual(split.components(separatedBy: "<a href=\"#block-1\">B1</a>").count - 1, 3, "each part links its rows")
    }

    /// Layers are told apart from each other and from the remainder hatch, also without red-green vision
    /// (Machado et al. 2009 deuteranopia matrix, severity 1), and the legend shows each layer's map colour.
    func testLayerColoursAreDistinctAndTheLegendMatchesTheMap() throws {
        let colours = SVGMapRenderer.palette + [SVGMapRenderer.remainderColour]
        XCTAssertEqual(Set(colours.map { $0.lowercased() }).count, colours.count)
        func rgb(_ hex: String) -> [Double] {
            let v = Int(hex.dropFirst(), radix: 16)!
            return [Double((v >> 16) & 255), Double((v >> 8) & 255), Double(v & 255)].map { $0 / 255 }
        }
        let deuteranopia = [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
        func simulated(_ c: [Double]) -> [Double] { deuteranopia.map { row in zip(row, c).map(*).reduce(0, +) } }
        // The first six layers (the usual rules file) against each other and the remainder.
        let checked = Array(SVGMapRenderer.palette.prefix(6)) + [SVGMapRenderer.remainderColour]
        for i in checked.indices {
            for j in checked.indices where j > i {
                let a = simulated(rgb(checked[i])), b = simulated(rgb(checked[j]))
                let distance = sqrt(zip(a, b).map { ($0 - $1) * ($0 - $1) }.reduce(0, +))
                XCTAssertGreaterThan(distance, 0.12, "\(checked[i]) and \(checked[j]) look alike with deuteranopia")
            }
        }
        let square = Polygon(exterior: [Position(114, 36.5), Position(114.01, 36.5), Position(114.01, 36.51), Position(114, 36.51), Position(114, 36.5)])
        let half = Polygon(exterior: [Position(114, 36.5), Position(114.005, 36.5), Position(114.005, 36.51), Position(114, 36.51), Position(114, 36.5)])
        var map = BlockMap(blocks: [("B1", [square])])
        map.layers = [BlockMap.Layer(name: "redline", polygons: [half], kind: .overlap), BlockMap.Layer(name: "farmland", polygons: [half], kind: .overlap)]
        map.remainder = [half]
        let renderer = SVGMapRenderer(workspace: ThreadWorkspace(), colours: ["redline": SVGMapRenderer.palette[0], "farmland": SVGMapRenderer.palette[1]])
        let rendered = try renderer.render(map, id: "b1")
        for (k, layer) in ["redline", "farmland"].enumerated() {
            let colour = SVGMapRenderer.palette[k]
            XCTAssertTrue(rendered.svg.contains("fill=\"\(colour)\" fill-opacity=\"0.55\""), layer)
            XCTAssertTrue(rendered.legend.contains { $0.swatch.contains("background:\(colour)") && $0.label == "overlap with \(layer)" }, layer)
        }
        XCTAssertTrue(rendered.svg.contains("stroke=\"\(SVGMapRenderer.remainderColour)\""))
        XCTAssertTrue(HTMLDossierWriter.css.contains(".swatch.hatch{background:repeating-linear-gradient(45deg,\(SVGMapRenderer.remainderColour)"))
    }
}

/// Rings as written: vertices a rounding step apart are dropped, the ring stays closed, and a ring that
/// would collapse is left for the caller to drop.
final class OutputRingsTests: XCTestCase {
    func testNearDuplicateVerticesAreDropped() {
        let ring = [Position(113.4221472725, 36.1807977557), Position(113.4221472725, 36.1807977558), Position(113.43, 36.18),
                    Position(113.43, 36.19), Position(113.4259534084, 36.1897728914), Position(113.4259534087, 36.1897728914),
                    Position(113.4221472725, 36.1807977557)]
        XCTAssertEqual(roundedRingWithoutNearDuplicates(ring), [ring[0], ring[2], ring[3], ring[4], ring[0]])
    }

    func testAVertexNextToTheClosingPointIsDropped() {
        let ring = [Position(0, 0), Position(1, 0), Position(1, 1), Position(0, 1e-10 * 3), Position(0, 0)]
        XCTAssertEqual(roundedRingWithoutNearDuplicates(ring), [Position(0, 0), Position(1, 0), Position(1, 1), Position(0, 0)])
    }

    func testVerticesFurtherApartAreKept() {
        let ring = [Position(0, 0), Position(1e-8, 0), Position(1e-8, 1e-8), Position(0, 0)]
        XCTAssertEqual(roundedRingWithoutNearDuplicates(ring), ring)
        let collapsing = [Position(0, 0), Position(1e-10, 0), Position(1e-10, 1e-10), Position(0, 1e-10), Position(0, 0)]
        XCTAssertEqual(roundedRingWithoutNearDuplicates(collapsing).count, 5, "degenerate either way: left to the caller")
    }
}

import Foundation
import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// Expected cells, partial cells, corners and areas from Scripts/oracles/make_grid_fixture.py (shapely, pyproj Geod).
final class GridAnalysisTests: XCTestCase {
    func expected() throws -> [String: [String: Any]] {
        try XCTUnwrap(try Fixture.json("grid/expected.json")["blocks"] as? [String: [String: Any]])
    }

    func check(_ result: GridResult, file: StaticString = #filePath, line: UInt = #line) throws {
        let expected = try expected()
        XCTAssertEqual(result.blocks.map(\.id), ["KC01", "KC02", "KC03"], file: file, line: line)
        for b in result.blocks {
            let x = try XCTUnwrap(expected[b.id])
            XCTAssertEqual(b.cells.map(\.code), x["cells"] as? [String], b.id, file: file, line: line)
            XCTAssertEqual(b.cells.map(\.sheetCode), x["sheet_cells"] as? [String], b.id, file: file, line: line)
            let partial = try XCTUnwrap(x["partial_cells"] as? [String: Double])
            XCTAssertEqual(Set(b.partialCells.map(\.cell.code)), Set(partial.keys), b.id, file: file, line: line)
            for p in b.partialCells {
                // Areas of shapely's and GEOS's cut pieces, both lon/lat-straight: 1e-10 apart at most.
                XCTAssertEqual(p.fraction, try XCTUnwrap(partial[p.cell.code]), accuracy: 1e-8, "\(b.id) \(p.cell.code)", file: file, line: line)
            }
            let corners = try XCTUnwrap(x["off_grid_corners"] as? [[Double]])
            XCTAssertEqual(b.offGridCorners.count, corners.count, b.id, file: file, line: line)
            for (c, e) in zip(b.offGridCorners, corners) {
                XCTAssertEqual(c.at.x, e[0], accuracy: 1e-9, file: file, line: line)
                XCTAssertEqual(c.at.y, e[1], accuracy: 1e-9, file: file, line: line)
            }
            XCTAssertRelative(b.cellsArea, try XCTUnwrap(x["cells_area_m2"] as? Double), 1e-12, b.id, file: file, line: line)
            // Oracle: Karney on 0.05″ pieces; ours: trapezoids on 0.1″ pieces. Both lon/lat-straight edges.
            XCTAssertRelative(b.blockArea, try XCTUnwrap(x["block_area_m2"] as? Double), 1e-9, b.id, file: file, line: line)
        }
    }

    func testFixtureBlocksInLonLat() throws {
        let result = GridAnalysis.run(try Fixture.load("grid/blocks.geojson", idField: "code"), threads: 2)
        try check(result)
        XCTAssertFalse(result.isOnGrid)
        let kc03 = try XCTUnwrap(result.blocks.last)
        XCTAssertTrue(kc03.offGridCorners[0].message.contains("latitude 36°24′01.000″ is +1.000″ off"), kc03.offGridCorners[0].message)
        XCTAssertTrue(kc03.offGridCorners[1].message.contains("longitude 112°33′01.000″"), kc03.offGridCorners[1].message)
    }

    func testFixtureBlocksInAGaussKrugerPlaneAreMovedToLonLat() throws {
        try check(GridAnalysis.run(try Fixture.load("grid/blocks-4547.geojson", idField: "code"), threads: 2))
    }

    func testToleranceDecidesWhatIsOnTheGrid() throws {
        let layer = try Fixture.load("grid/blocks.geojson", idField: "code")
        let loose = GridAnalysis.run(layer, tolerance: 1.5, threads: 2)
        XCTAssertTrue(loose.isOnGrid)
        // Within the tolerance the nudged corners are grid corners: the 98.6 % cells are whole (1.5″ may
        // be missing along each side), and the slivers past the east side are not looked at.
        XCTAssertEqual(loose.blocks[2].cells.count, 6)
        XCTAssertEqual(loose.blocks[2].partialCells.map(\.cell.code), [])
        let tight = GridAnalysis.run(layer, tolerance: 0.999, threads: 2)
        XCTAssertEqual(tight.blocks[2].offGridCorners.count, 2)
    }

    func testDiagonalEdgeBetweenGridCornersIsReported() throws {
        let m = { (lon: Int, lat: Int) in Position(Double(lon) / 60, Double(lat) / 60) }
        let triangle = Polygon(exterior: [m(6750, 2178), m(6752, 2178), m(6752, 2180), m(6750, 2178)])
        let block = try GridAnalysis.analyse([triangle], index: 0, id: "T", tolerance: 0.01, ThreadWorkspace())
        XCTAssertEqual(block.offGridCorners.count, 1)
        XCTAssertTrue(block.offGridCorners[0].message.contains("neither a parallel nor a meridian"))
        // The diagonal halves two cells. On the ellipsoid the south-east half of a cell is the larger (the
        // parallels are longer to the south): more than half by ~tan B·Δφ/6 ≈ 4e-5, so they count.
        XCTAssertEqual(Set(block.partialCells.map(\.cell.code)), ["11230-3618", "11231-3619"])
        for p in block.partialCells { XCTAssertTrue(p.fraction > 0.5 && p.fraction < 0.5001, "\(p.cell.code) \(p.fraction)") }
        XCTAssertEqual(block.cells.map(\.code), ["11231-3619", "11230-3618", "11231-3618"])
    }

    func testBlocksOutsideTheSheetSystemAreRefused() {
        let south = Polygon(exterior: [Position(112, -1), Position(112.1, -1), Position(112.1, -0.9), Position(112, -1)])
        XCTAssertThrowsError(try GridAnalysis.analyse([south], index: 0, id: "S", tolerance: 0.01, ThreadWorkspace())) {
            XCTAssertTrue(String(describing: $0).contains("0–60°N"), "\($0)")
        }
    }

    func testCellsFileBuildsTheOnGridBlocks() throws {
        let blocks = try CellBlocks.parse(file: Fixture.path("grid/cells.txt"), defaultID: "block")
        XCTAssertEqual(blocks.map(\.id), ["KC01", "KC02"])
        let built = try GridAnalysis.run(cellBlocks: blocks, source: "cells.txt")
        XCTAssertTrue(built.warnings.isEmpty)
        let expected = try expected()
        for b in built.result.blocks {
            let x = try XCTUnwrap(expected[b.id])
            XCTAssertEqual(b.cells.map(\.code), x["cells"] as? [String])
            XCTAssertTrue(b.partialCells.isEmpty && b.offGridCorners.isEmpty, b.id)
            XCTAssertEqual(b.outline.count, 1, b.id)
            XCTAssertEqual(b.outline[0].rings.count - 1, x["holes"] as? Int, b.id)
            XCTAssertRelative(b.blockArea, try XCTUnwrap(x["block_area_m2"] as? Double), 1e-9, b.id)
        }
        // The L keeps only its 6 corners; the holed square 4 + 4.
        XCTAssertEqual(built.result.blocks[0].outline[0].exterior.count, 7)
        XCTAssertEqual(built.result.blocks[1].outline[0].rings.map(\.count), [5, 5])
    }

    func testCellsFileErrorsNameFileAndLine() throws {
        let dir = try makeScratchFolder("grid")
        defer { try? FileManager.default.removeItem(at: dir) }
        func parse(_ text: String) throws -> [CellBlock] {
            let path = dir.appendingPathComponent("cells.txt").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return try CellBlocks.parse(file: path, defaultID: "B")
        }
        let cases: [(String, String)] = [
            ("11230-3618\n\n11231-3699\n", "cells.txt:3: cell code '11231-3699'"),
            ("A: 11230-3618\nB: 11230-3618\n", "cells.txt:2: cell 11230-3618 is in block A (line 1) and in block B"),
            ("A: 11230-3618 11230-3618\n", "listed twice in block A"),
            ("# nothing\n\n", "no cell codes"),
            (" : 11230-3618\n", "cells.txt:1: empty block id"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try parse(text), text) { XCTAssertTrue(String(describing: $0).contains(message), "\($0)") }
        }
        let plain = try parse("\u{FEFF}11230-3618\n11231-3618, 11232-3618 # a comment\n")
        XCTAssertEqual(plain.map(\.id), ["B"])
        XCTAssertEqual(plain[0].cells.count, 3)
    }
}

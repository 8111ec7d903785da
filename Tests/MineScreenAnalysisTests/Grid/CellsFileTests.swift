import Foundation
import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// Cells files whose blocks wrap over several lines. Expected blocks are written out by hand.
final class CellsFileTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try makeScratchFolder("cellsfile") }

    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    func parse(_ text: String) throws -> [CellBlock] {
        let path = dir.appendingPathComponent("cells.txt").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try CellBlocks.parse(file: path, defaultID: "block")
    }

    func testWrappedLinesContinueTheirBlockIndentedOrNot() throws {
        let blocks = try parse("""
            KA: 11230-3618 11231-3618 11232-3618
              11233-3618
            # a comment between does not end the block
            11234-3618, 11235-3618
            KB: 11230-3617
            \t11231-3617
            """)
        XCTAssertEqual(blocks.map(\.id), ["KA", "KB"])
        XCTAssertEqual(blocks[0].cells.map(\.code), ["11230-3618", "11231-3618", "11232-3618", "11233-3618", "11234-3618", "11235-3618"])
        XCTAssertEqual(blocks[1].cells.map(\.code), ["11230-3617", "11231-3617"])
    }

    func testCodesOnlyFileIsOneBlockNamedByDefault() throws {
        let blocks = try parse("11230-3618\n  11231-3618\n11232-3618 11233-3618\n")
        XCTAssertEqual(blocks.map(\.id), ["block"])
        XCTAssertEqual(blocks[0].cells.count, 4)
    }

    func testBareCodesBeforeTheFirstIDLineAreAnError() throws {
        XCTAssertThrowsError(try parse("# header\n11230-3618\nKA: 11231-3618\n")) {
            let message = String(describing: $0)
            XCTAssertTrue(message.contains("cells.txt:3: block KA starts after codes without a block id on line 2"), message)
        }
    }

    func testWrappedCodeStillCountsOnceAcrossBlocks() throws {
        // A continuation line belongs to the block above it, so a cell repeated there is that block's
        // duplicate, not a clash with a phantom default block.
        XCTAssertThrowsError(try parse("KA: 11230-3618\n  11230-3618\n")) {
            let message = String(describing: $0)
            XCTAssertTrue(message.contains("cells.txt:2: cell 11230-3618 is listed twice in block KA (first on line 1)"), message)
        }
    }
}

import Foundation
import MineScreenGeometry
import MineScreenNative
import MineScreenIO
import MineScreenSupport

/// Blocks assembled from lists of cell codes (`minescreen grid --cells`, `--cells-file`).
public struct CellBlock: Sendable {
    public var id: String
    public var cells: [GraticuleCell]
}

/// Blocks built from 1′×1′ basic unit cells: the cells' outline as a surveyor would register it.
public enum CellBlocks {
    /// The cells dissolved into their outline: one polygon per connected group (a proper block has one),
    /// holes kept. Every output corner is put back on its exact whole minute, and corners in the middle of
    /// a straight side are dropped, so the outline is what a surveyor would register.
    public static func dissolve(_ cells: [GraticuleCell], _ workspace: ThreadWorkspace) throws -> [Polygon] {
        guard !cells.isEmpty else { return [] }
        let geos = workspace.geos
        let union = try geos.union(try cells.map { try geos.makeGeometry([$0.polygon]) }, gridSize: 1e-10)
        return try geos.polygons(of: union).map { polygon in
            Polygon(rings: polygon.rings.enumerated().map { k, ring in
                oriented(simplified(ring.map { Position(($0.x * 60).rounded() / 60, ($0.y * 60).rounded() / 60) }),
                         counterClockwise: k == 0)
            })
        }.sorted { readingOrder($0) < readingOrder($1) }
    }

    /// Parts in the order a sheet is read: the northernmost first, then the westernmost.
    static func readingOrder(_ polygon: Polygon) -> (Double, Double) {
        (-(polygon.exterior.map(\.y).max() ?? 0), polygon.exterior.map(\.x).min() ?? 0)
    }

    /// Drops repeated corners and corners between two edges on the same parallel or meridian, one at a
    /// time (the coordinates are exact whole minutes, so equality is the right test).
    static func simplified(_ closed: [Position]) -> [Position] {
        var ring = Array(closed.dropLast())
        func isStraight(_ k: Int) -> Bool {
            let n = ring.count
            let prev = ring[(k + n - 1) % n], v = ring[k], next = ring[(k + 1) % n]
            return v == next || (prev.x == v.x && v.x == next.x) || (prev.y == v.y && v.y == next.y)
        }
        while ring.count > 3, let k = ring.indices.first(where: isStraight) { ring.remove(at: k) }
        return ring + [ring[0]]
    }

    /// Counter-clockwise exteriors and clockwise holes (RFC 7946).
    static func oriented(_ ring: [Position], counterClockwise: Bool) -> [Position] {
        (twiceSignedArea(ring) > 0) == counterClockwise ? ring : ring.reversed()
    }

    /// Codes from the command line: one block, codes separated by spaces or commas.
    public static func parse(arguments: [String], blockID: String) throws -> [CellBlock] {
        var cells: [GraticuleCell] = []
        for argument in arguments {
            for code in splitCodes(argument) {
                do { cells.append(try GraticuleCell(code: code)) } catch let error as CellCodeError {
                    throw InputError.invalidArgument("--cells: \(error)")
                }
            }
        }
        guard !cells.isEmpty else { throw InputError.invalidArgument("--cells: no cell codes given") }
        return [CellBlock(id: blockID, cells: try unique(cells, block: blockID, place: "--cells"))]
    }

    /// A cells file: UTF-8 text, `#` starts a comment. A line `ID: CODE CODE …` starts (or, for an id seen
    /// before, goes on with) block ID; a line of codes alone after it continues that block, indented or
    /// not, since a long list wraps either way and a wrapped tail must not become a block of its own. A
    /// file of codes alone is one block, `defaultID`. Bare codes before the first `ID:` line, in a file
    /// that has `ID:` lines, are an error: they would silently form a block nobody named.
    /// Codes are separated by spaces or commas.
    public static func parse(file path: String, defaultID: String) throws -> [CellBlock] {
        let bytes = try InputBytes.read(path: path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw InputError.cannotRead(file: path, why: "not UTF-8 text")
        }
        var order: [String] = []
        var byID: [String: [GraticuleCell]] = [:]
        var owner: [GraticuleCell: (id: String, line: Int)] = [:]
        var current: String?            // the block of the last `ID:` line, continued by bare lines
        var firstBareLine: Int?         // a bare line before any `ID:` line (a codes-only file)
        for (k, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = k + 1
            var line = String(rawLine)
            if let hash = line.firstIndex(of: "#") { line = String(line[..<hash]) }
            line = line.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{FEFF}")))
            guard !line.isEmpty else { continue }
            let id: String
            if let colon = line.firstIndex(of: ":") ?? line.firstIndex(of: "：") {
                id = line[..<colon].trimmingCharacters(in: .whitespaces)
                line = String(line[line.index(after: colon)...])
                guard !id.isEmpty else { throw InputError.invalidArgument("\(path):\(lineNumber): empty block id before ':'") }
                if let bare = firstBareLine {
                    throw InputError.invalidArgument("\(path):\(lineNumber): block \(id) starts after codes without a block id on line \(bare); put `ID:` before those codes too (a file is either all bare codes, one block, or `ID: CODE …` lines with their continuation lines)")
                }
                current = id
            } else if let current {
                id = current
            } else {
                id = defaultID
                if firstBareLine == nil { firstBareLine = lineNumber }
            }
            for code in splitCodes(line) {
                let cell: GraticuleCell
                do { cell = try GraticuleCell(code: code) } catch let error as CellCodeError {
                    throw InputError.invalidArgument("\(path):\(lineNumber): \(error)")
                }
                if let previous = owner[cell] {
                    throw InputError.invalidArgument(previous.id == id
                        ? "\(path):\(lineNumber): cell \(cell.code) is listed twice in block \(id) (first on line \(previous.line))"
                        : "\(path):\(lineNumber): cell \(cell.code) is in block \(previous.id) (line \(previous.line)) and in block \(id): a cell belongs to one block")
                }
                owner[cell] = (id, lineNumber)
                if byID[id] == nil { order.append(id) }
                byID[id, default: []].append(cell)
            }
        }
        guard !order.isEmpty else { throw InputError.invalidArgument("\(path): no cell codes in the file") }
        return order.map { CellBlock(id: $0, cells: byID[$0]!) }
    }

    static func splitCodes(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == "，" || $0 == ";" || $0.isWhitespace }).map(String.init)
    }

    static func unique(_ cells: [GraticuleCell], block: String, place: String) throws -> [GraticuleCell] {
        var seen = Set<GraticuleCell>()
        for cell in cells where !seen.insert(cell).inserted {
            throw InputError.invalidArgument("\(place): cell \(cell.code) is listed twice in block \(block)")
        }
        return cells
    }
}

extension GridAnalysis {
    /// Blocks built from cell lists, dissolved and then checked like any block (so the report shows
    /// the same figures a file of these outlines would get). Warnings name blocks in separate parts.
    public static func run(cellBlocks: [CellBlock], source: String, tolerance: Double = defaultTolerance)
        throws -> (result: GridResult, warnings: [String]) {
        let workspace = ThreadWorkspace()
        var blocks: [GridBlock] = []
        var warnings: [String] = []
        for (k, block) in cellBlocks.enumerated() {
            let outline = try CellBlocks.dissolve(block.cells, workspace)
            if outline.count > 1 {
                warnings.append("block \(block.id): its \(block.cells.count) cells form \(outline.count) separate parts (written as a MultiPolygon)")
            }
            blocks.append(try analyse(outline, index: k, id: block.id, tolerance: tolerance, workspace))
        }
        let crs = ResolvedCRS(identifier: .cgcs2000, name: "China Geodetic Coordinate System 2000", isGeographic: true)
        return (GridResult(crs: crs, crsSource: "cell codes", file: source, tolerance: tolerance, blocks: blocks, rejected: []), warnings)
    }
}

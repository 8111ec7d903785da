/// A uniform grid over boxes, for finding every pair whose boxes meet (touching counts, as GEOS's STRtree
/// query): each box is listed in the cells it covers, and a pair is reported in one cell only, the one holding
/// the lower-left corner of the boxes' common part. For many boxes of similar size (the parcels of a coverage)
/// this replaces one tree query per box by a few cell lookups, with no GEOS geometry touched.
package struct BoxGrid {
    private let boxes: [Box]
    private let originX: Double, originY: Double
    private let cellWidth: Double, cellHeight: Double
    private let columns: Int, rows: Int
    /// Items of cell c: `items[cellStart[c]..<cellStart[c + 1]]`.
    private var cellStart: [Int32] = []
    private var items: [Int32] = []

    /// A grid over `boxes[k]` for k in `members` (others are never reported); about `perCell` boxes' worth
    /// of area per cell. Nil when no member has a box.
    package init?(_ boxes: [Box], members: [Int], perCell: Double = 1) {
        var extent = Box()
        var sumWidth = 0.0, sumHeight = 0.0, counted = 0
        for k in members where !boxes[k].isEmpty {
            let box = boxes[k]
            extent.add(Position(box.minX, box.minY))
            extent.add(Position(box.maxX, box.maxY))
            sumWidth += box.maxX - box.minX
            sumHeight += box.maxY - box.minY
            counted += 1
        }
        guard counted > 0, !extent.isEmpty else { return nil }
        self.boxes = boxes
        // Cells about the size of a typical box, but never more than a few per member.
        let maxCells = Double(max(1, 4 * counted))
        var cellWidth = max(sumWidth / Double(counted) * perCell.squareRoot(), extent.width / maxCells.squareRoot(), 1e-12)
        var cellHeight = max(sumHeight / Double(counted) * perCell.squareRoot(), extent.height / maxCells.squareRoot(), 1e-12)
        var columns = Int(min(maxCells, (extent.width / cellWidth).rounded(.up))) + 1
        var rows = Int(min(maxCells, (extent.height / cellHeight).rounded(.up))) + 1
        if Double(columns) * Double(rows) > maxCells {
            let shrink = (Double(columns) * Double(rows) / maxCells).squareRoot()
            cellWidth *= shrink
            cellHeight *= shrink
            columns = Int((extent.width / cellWidth).rounded(.up)) + 1
            rows = Int((extent.height / cellHeight).rounded(.up)) + 1
        }
        (originX, originY, self.cellWidth, self.cellHeight, self.columns, self.rows) = (extent.minX, extent.minY, cellWidth, cellHeight, columns, rows)
        var counts = [Int32](repeating: 0, count: columns * rows + 1)
        for k in members where !boxes[k].isEmpty {
            visitCells(of: boxes[k]) { counts[$0 + 1] += 1 }
        }
        for c in 0..<(columns * rows) { counts[c + 1] += counts[c] }
        var fill = counts
        var items = [Int32](repeating: 0, count: Int(counts[columns * rows]))
        for k in members where !boxes[k].isEmpty {
            visitCells(of: boxes[k]) { cell in
                items[Int(fill[cell])] = Int32(k)
                fill[cell] += 1
            }
        }
        cellStart = counts
        self.items = items
    }

    /// The members other than `k` whose boxes meet `boxes[k]`, in ascending order (`k` need not be a member).
    package func neighbours(of k: Int) -> [Int] {
        let box = boxes[k]
        guard !box.isEmpty else { return [] }
        var found: [Int] = []
        visitCells(of: box) { cell in
            for slot in Int(cellStart[cell])..<Int(cellStart[cell + 1]) {
                let j = Int(items[slot])
                let other = boxes[j]
                guard j != k, other.meets(box) else { continue }
                // Reported where the common part's lower-left corner lies: once per pair.
                let corner = Position(max(box.minX, other.minX), max(box.minY, other.minY))
                if self.cell(of: corner) == cell { found.append(j) }
            }
        }
        found.sort()
        return found
    }

    private func column(_ x: Double) -> Int { Self.clamped(((x - originX) / cellWidth).rounded(.down), columns) }
    private func row(_ y: Double) -> Int { Self.clamped(((y - originY) / cellHeight).rounded(.down), rows) }
    /// Clamped before converting: a box of a non-member may lie far outside the grid.
    private static func clamped(_ v: Double, _ count: Int) -> Int { v <= 0 ? 0 : v >= Double(count - 1) ? count - 1 : Int(v) }
    private func cell(of p: Position) -> Int { row(p.y) * columns + column(p.x) }

    private func visitCells(of box: Box, _ body: (Int) -> Void) {
        let (c0, c1, r0, r1) = (column(box.minX), column(box.maxX), row(box.minY), row(box.maxY))
        for r in r0...r1 { for c in c0...c1 { body(r * columns + c) } }
    }
}

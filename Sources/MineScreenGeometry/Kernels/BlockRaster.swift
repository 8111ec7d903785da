/// A block's bounding box cut into cells, each known to lie wholly inside the block, wholly outside it, or
/// near its boundary; with prefix sums, any box is classified in constant time.
///
/// A city block meets about a thousand parcels; all but those along its boundary lie in cells wholly inside
/// (covered) or outside (no contact), which settles them without GEOS's prepared covers/intersects. Cells
/// touched by the boundary, and their neighbours (so rounding in the traversal cannot matter), are never
/// decided: boxes reaching them are left to GEOS.
package struct BlockRaster {
    package enum Location { case inside, outside, undecided }

    private let box: Box
    private let columns: Int, rows: Int
    private let cellWidth: Double, cellHeight: Double
    /// 2-D prefix sums over (rows + 1) × (columns + 1): cells near the boundary, and cells inside.
    private var nearSums: [Int32] = []
    private var insideSums: [Int32] = []

    /// Nil for degenerate input. `cells`: about how many cells to use.
    package init?(_ polygons: [Polygon], cells: Int = 40_000) {
        var box = Box()
        for polygon in polygons { box.add(polygon.exterior) }
        guard !box.isEmpty, box.maxX > box.minX, box.maxY > box.minY,
              polygons.allSatisfy({ $0.rings.allSatisfy { $0.allSatisfy(\.isFinite) } }) else { return nil }
        self.box = box
        let (width, height) = (box.maxX - box.minX, box.maxY - box.minY)
        columns = max(1, min(1024, Int((Double(cells) * width / height).squareRoot())))
        rows = max(1, min(1024, cells / columns))
        (cellWidth, cellHeight) = (width / Double(columns), height / Double(rows))

        var near = [Bool](repeating: false, count: columns * rows)
        let step = min(cellWidth, cellHeight)
        for polygon in polygons {
            for ring in polygon.rings where ring.count >= 2 {
                for k in 0..<(ring.count - 1) {
                    let (p, q) = (ring[k], ring[k + 1])
                    // Pieces no longer than a cell: each piece's box covers the cells it passes through.
                    let pieces = max(1, Int((max(abs(q.x - p.x), abs(q.y - p.y)) / step).rounded(.up)))
                    for i in 0..<pieces {
                        let (s, t) = (Double(i) / Double(pieces), Double(i + 1) / Double(pieces))
                        let (x0, x1) = (p.x + s * (q.x - p.x), p.x + t * (q.x - p.x))
                        let (y0, y1) = (p.y + s * (q.y - p.y), p.y + t * (q.y - p.y))
                        // One cell more on every side: the traversal's rounding cannot leave a crossed cell unmarked.
                        let (c0, c1) = (column(min(x0, x1)) - 1, column(max(x0, x1)) + 1)
                        let (r0, r1) = (row(min(y0, y1)) - 1, row(max(y0, y1)) + 1)
                        for r in max(0, r0)...min(rows - 1, r1) {
                            for c in max(0, c0)...min(columns - 1, c1) { near[r * columns + c] = true }
                        }
                    }
                }
            }
        }
        // Cells clear of the boundary: inside when a ray from the centre crosses the rings an odd number of times.
        var inside = [Bool](repeating: false, count: columns * rows)
        var crossings: [Double] = []
        for r in 0..<rows {
            let y = box.minY + (Double(r) + 0.5) * cellHeight
            crossings.removeAll(keepingCapacity: true)
            for polygon in polygons {
                for ring in polygon.rings where ring.count >= 2 {
                    for k in 0..<(ring.count - 1) {
                        let (a, b) = (ring[k], ring[k + 1])
                        if (a.y > y) != (b.y > y) { crossings.append(a.x + (y - a.y) / (b.y - a.y) * (b.x - a.x)) }
                    }
                }
            }
            crossings.sort()
            var passed = 0
            for c in 0..<columns where !near[r * columns + c] {
                let x = box.minX + (Double(c) + 0.5) * cellWidth
                while passed < crossings.count, crossings[passed] < x { passed += 1 }
                inside[r * columns + c] = passed % 2 == 1
            }
        }
        nearSums = Self.prefixSums(near, columns, rows)
        insideSums = Self.prefixSums(inside, columns, rows)
    }

    private func column(_ x: Double) -> Int { Int(((x - box.minX) / cellWidth).rounded(.down)) }
    private func row(_ y: Double) -> Int { Int(((y - box.minY) / cellHeight).rounded(.down)) }

    private static func prefixSums(_ flags: [Bool], _ columns: Int, _ rows: Int) -> [Int32] {
        var sums = [Int32](repeating: 0, count: (rows + 1) * (columns + 1))
        for r in 0..<rows {
            var line: Int32 = 0
            for c in 0..<columns {
                if flags[r * columns + c] { line += 1 }
                sums[(r + 1) * (columns + 1) + c + 1] = sums[r * (columns + 1) + c + 1] + line
            }
        }
        return sums
    }

    private func count(_ sums: [Int32], _ c0: Int, _ c1: Int, _ r0: Int, _ r1: Int) -> Int32 {
        let w = columns + 1
        return sums[(r1 + 1) * w + c1 + 1] - sums[r0 * w + c1 + 1] - sums[(r1 + 1) * w + c0] + sums[r0 * w + c0]
    }

    /// Where a shape with bounding box `other` lies: wholly inside the block, wholly outside, or undecided.
    package func locate(_ other: Box) -> Location {
        guard !other.isEmpty else { return .undecided }
        if other.maxX < box.minX || other.minX > box.maxX || other.maxY < box.minY || other.minY > box.maxY { return .outside }
        let (c0, c1) = (max(0, column(other.minX)), min(columns - 1, column(other.maxX)))
        let (r0, r1) = (max(0, row(other.minY)), min(rows - 1, row(other.maxY)))
        guard c0 <= c1, r0 <= r1, count(nearSums, c0, c1, r0, r1) == 0 else { return .undecided }
        let cells = Int32((c1 - c0 + 1) * (r1 - r0 + 1))
        let insideCells = count(insideSums, c0, c1, r0, r1)
        let within = other.minX >= box.minX && other.maxX <= box.maxX && other.minY >= box.minY && other.maxY <= box.maxY
        if insideCells == cells, within { return .inside }
        if insideCells == 0 { return .outside }
        return .undecided
    }
}

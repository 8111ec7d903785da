import Foundation
import MineScreenGeometry

/// An axis-aligned rectangle in some CRS's units (x = east).
public struct ExtentRectangle: Equatable, Sendable {
    public var minX: Double, minY: Double, maxX: Double, maxY: Double

    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX; self.minY = minY; self.maxX = maxX; self.maxY = maxY
    }

    var area: Double { max(0, maxX - minX) * max(0, maxY - minY) }

    func union(_ other: ExtentRectangle) -> ExtentRectangle {
        ExtentRectangle(minX: min(minX, other.minX), minY: min(minY, other.minY),
                        maxX: max(maxX, other.maxX), maxY: max(maxY, other.maxY))
    }

    func meets(_ other: ExtentRectangle) -> Bool {
        minX <= other.maxX && other.minX <= maxX && minY <= other.maxY && other.minY <= maxY
    }
}

/// Where the blocks of a run are, as a few rectangles in the blocks' CRS: what a database layer is asked for
/// (PostGIS: `geom && rectangle`, answered from the GiST index), so that a run on a few blocks reads the part
/// of a province table near them. A layer feature whose extent meets no rectangle cannot touch any block.
///
/// Blocks far apart get rectangles of their own rather than one box over all of them: each block's extent
/// (with the margin) starts as a rectangle, rectangles that meet are joined, then the pair whose joined box
/// adds the least area is joined while more than `maximumRectangles` remain or while a join adds little.
public struct BlockExtentFilter: Sendable {
    /// The blocks' CRS, in which `rectangles` are given.
    public var crs: CRSIdentifier
    public var rectangles: [ExtentRectangle]
    /// True when `crs` is in degrees: `widened(byMetres:)` converts metres to degrees.
    public var isGeographic: Bool

    public static let maximumRectangles = 32

    public init(crs: CRSIdentifier, isGeographic: Bool, rectangles: [ExtentRectangle]) {
        self.crs = crs; self.isGeographic = isGeographic; self.rectangles = rectangles
    }

    /// The filter around a run's checked blocks, or nil when there are none (nothing would be fetched; the
    /// layer is then read whole, so that its own problems are still reported).
    public static func around(_ blocks: LoadedLayer) -> BlockExtentFilter? {
        var boxes: [ExtentRectangle] = []
        boxes.reserveCapacity(blocks.features.count)
        for block in blocks.features {
            var box: ExtentRectangle?
            block.shape.forEachPosition { p in
                guard p.isFinite else { return }
                let point = ExtentRectangle(minX: p.x, minY: p.y, maxX: p.x, maxY: p.y)
                box = box.map { $0.union(point) } ?? point
            }
            if let box { boxes.append(box) }
        }
        guard !boxes.isEmpty else { return nil }
        return BlockExtentFilter(crs: blocks.crs.identifier, isGeographic: blocks.crs.isGeographic, rectangles: cluster(boxes))
    }

    /// Every rectangle widened by `metres` on each side (in degrees on a geographic CRS, by the latitude
    /// farthest from the equator, so never less than `metres`), and clustered again.
    public func widened(byMetres metres: Double) -> BlockExtentFilter {
        guard metres > 0 else { return self }
        let wider = rectangles.map { r -> ExtentRectangle in
            var dx = metres, dy = metres
            if isGeographic {
                let latitude = min(89.0, max(abs(r.minY), abs(r.maxY)) + metres / 110_000)
                dy = metres / 110_000
                dx = metres / (110_000 * cos(latitude * .pi / 180))
            }
            return ExtentRectangle(minX: r.minX - dx, minY: r.minY - dy, maxX: r.maxX + dx, maxY: r.maxY + dy)
        }
        return BlockExtentFilter(crs: crs, isGeographic: isGeographic, rectangles: Self.cluster(wider))
    }

    /// Joins rectangles that meet, then the closest pairs, down to `maximumRectangles`.
    static func cluster(_ boxes: [ExtentRectangle]) -> [ExtentRectangle] {
        var rects = joinMeeting(boxes)
        // Thousands of scattered blocks: first one rectangle per cell of a 16 × 16 grid over them all.
        if rects.count > 256 {
            let all = rects.dropFirst().reduce(rects[0]) { $0.union($1) }
            let width = max(all.maxX - all.minX, .leastNonzeroMagnitude), height = max(all.maxY - all.minY, .leastNonzeroMagnitude)
            var cells: [Int: ExtentRectangle] = [:]
            for r in rects {
                let cx = min(15, Int(((r.minX + r.maxX) / 2 - all.minX) / width * 16))
                let cy = min(15, Int(((r.minY + r.maxY) / 2 - all.minY) / height * 16))
                cells[cy * 16 + cx] = cells[cy * 16 + cx].map { $0.union(r) } ?? r
            }
            rects = joinMeeting(cells.keys.sorted().map { cells[$0]! })
        }
        // Join the pair that adds the least area, while too many remain or while the join costs little
        // (the joined box no bigger than twice the two it replaces).
        while rects.count > 1 {
            var best: (i: Int, j: Int, added: Double, joined: ExtentRectangle)?
            for i in rects.indices {
                for j in rects.indices where j > i {
                    let joined = rects[i].union(rects[j])
                    let added = joined.area - rects[i].area - rects[j].area
                    if best == nil || added < best!.added { best = (i, j, added, joined) }
                }
            }
            guard let pick = best else { break }
            let cheap = pick.joined.area <= 2 * (rects[pick.i].area + rects[pick.j].area)
            guard rects.count > maximumRectangles || cheap else { break }
            rects[pick.i] = pick.joined
            rects.remove(at: pick.j)
            rects = joinMeeting(rects)
        }
        return rects
    }

    /// Rectangles that meet joined until none meet.
    private static func joinMeeting(_ boxes: [ExtentRectangle]) -> [ExtentRectangle] {
        var rects = boxes.sorted { $0.minX < $1.minX }
        var changed = true
        while changed {
            changed = false
            var out: [ExtentRectangle] = []
            for r in rects {
                var current = r
                // Join with any earlier output it meets (they are sorted by minX; a joined box can grow).
                var k = out.count - 1
                while k >= 0 {
                    if out[k].meets(current) {
                        current = current.union(out.remove(at: k))
                        changed = true
                    }
                    k -= 1
                }
                out.append(current)
            }
            rects = out.sorted { $0.minX < $1.minX }
        }
        return rects
    }
}

extension BlockExtentFilter {
    /// The blocks' extent widened for one database layer: by its corridor width (a line that far away, buffered,
    /// reaches a block), and by 2 km when the layer's datum is the user's (`towgs84`, `pipeline`: GDAL's
    /// transformation of the rectangles may differ from the user's by up to hundreds of metres); by 1 m otherwise.
    public func forLayer(_ options: LoadOptions, bufferMetres: Double?) -> BlockExtentFilter {
        let datumMargin = options.towgs84 != nil || options.pipeline != nil ? 2000.0 : 1.0
        return widened(byMetres: datumMargin + max(0, bufferMetres ?? 0))
    }
}

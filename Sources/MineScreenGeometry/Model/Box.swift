/// A bounding box that grows as polygons are added.
package struct Box {
    package init() {}
    package var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
    package var isEmpty: Bool { minX > maxX }
    package var width: Double { max(maxX - minX, 1e-9) }
    package var height: Double { max(maxY - minY, 1e-9) }

    package mutating func add(_ ring: [Position]) {
        for v in ring where v.isFinite { minX = min(minX, v.x); maxX = max(maxX, v.x); minY = min(minY, v.y); maxY = max(maxY, v.y) }
    }

    package func contains(_ p: Position) -> Bool { p.x >= minX && p.x <= maxX && p.y >= minY && p.y <= maxY }

    package mutating func add(_ p: Position) {
        guard p.isFinite else { return }
        minX = min(minX, p.x); maxX = max(maxX, p.x); minY = min(minY, p.y); maxY = max(maxY, p.y)
    }

    /// True when the two boxes overlap (touching counts).
    package func meets(_ other: Box) -> Bool {
        !isEmpty && !other.isEmpty && other.minX <= maxX && other.maxX >= minX && other.minY <= maxY && other.maxY >= minY
    }

    /// True when the segment's box and this box overlap.
    package func meets(_ p: Position, _ q: Position) -> Bool {
        min(p.x, q.x) <= maxX && max(p.x, q.x) >= minX && min(p.y, q.y) <= maxY && max(p.y, q.y) >= minY
    }

    package mutating func add(_ polygons: [Polygon]) {
        for p in polygons { for v in p.exterior where v.isFinite { minX = min(minX, v.x); maxX = max(maxX, v.x); minY = min(minY, v.y); maxY = max(maxY, v.y) } }
    }

    /// True when the polygons' box and this box overlap.
    package func meets(_ polygons: [Polygon]) -> Bool {
        var other = Box()
        other.add(polygons)
        return meets(other)
    }

    package mutating func expand(by fraction: Double) {
        guard !isEmpty else { return }
        let dx = max(width, height) * fraction
        minX -= dx; maxX += dx; minY -= dx; maxY += dx
    }
}

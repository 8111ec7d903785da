/// A quick, conservative proof that a polygon with holes is valid, for red lines and blocks (hundreds of
/// vertices, a few holes), where GEOS's validity check costs ~100 µs. Answers `true` only when no two edges
/// of any rings touch (adjacent edges of a ring meet at their common vertex at a clear angle), the exterior
/// encloses area, every hole lies clearly inside the exterior and outside the other holes. Then the rings
/// are simple and disjoint, the holes inside the shell and not nested: a valid polygon with a connected
/// interior. Anything else — touching rings (valid or not), repeated positions, near-degenerate turns,
/// multipolygons — is left to GEOS (nil), which names the problem and its place as before.
/// Edges are compared in a sweep over x, so the cost grows with the edges that overlap in x, not with all
/// pairs; holes are placed by a second sweep over x. Orientation tests treat near-zero determinants as
/// uncertain (`Orientation`). The proof gives up (nil: GEOS's indexed check decides) once its comparisons
/// pass a budget linear in the edges, so a hostile layout (100 000 holes in columns, long thin rings all
/// overlapping in x) costs no more than a few passes over the polygon.
package enum SimplePolygon {
    package static func isCertainlyValid(_ geometry: Geometry) -> Bool? {
        guard case .polygon(let polygon) = geometry, let shell = polygon.rings.first else { return nil }
        struct Edge { var a: Position, b: Position, ring: Int, index: Int, count: Int, minX: Double, maxX: Double }
        var edges: [Edge] = []
        for (r, ring) in polygon.rings.enumerated() {
            guard ring.count >= 4, ring.first == ring.last else { return nil }
            let n = ring.count - 1
            for k in 0..<n {
                let (a, b) = (ring[k], ring[k + 1])
                guard a.isFinite, b.isFinite, abs(a.x) < 1e100, abs(a.y) < 1e100, a != b else { return nil }
                edges.append(Edge(a: a, b: b, ring: r, index: k, count: n, minX: min(a.x, b.x), maxX: max(a.x, b.x)))
            }
        }
        guard twiceSignedArea(shell) != 0 else { return nil }
        // Comparisons allowed: a few dozen per edge, as ordinary red lines and blocks need.
        var budget = 64 * edges.count + 4096
        edges.sort { $0.minX < $1.minX }
        for i in edges.indices {
            let e = edges[i]
            var j = i + 1
            while j < edges.count, edges[j].minX <= e.maxX {
                let f = edges[j]
                j += 1
                budget -= 1
                guard budget > 0 else { return nil }
                guard min(e.a.y, e.b.y) <= max(f.a.y, f.b.y), min(f.a.y, f.b.y) <= max(e.a.y, e.b.y) else { continue }
                if e.ring == f.ring, (e.index + 1) % e.count == f.index || (f.index + 1) % f.count == e.index {
                    // Consecutive edges: they share one vertex and must turn there.
                    let (first, second) = (e.index + 1) % e.count == f.index ? (e, f) : (f, e)
                    guard e.count > 2, Orientation.sign(first.a, first.b, second.b) != nil else { return nil }
                    continue
                }
                guard case .apart = Orientation.meeting(e.a, e.b, f.a, f.b) else { return nil }
            }
        }
        // Disjoint rings: each hole is wholly inside or outside each other ring, as its first vertex is. Only
        // a ring whose box holds that vertex can hold the hole; vertices taken west to east meet the rings
        // whose x range covers them, and a ring east of the current vertex is never needed again.
        struct Box { var ring: Int, minX: Double, maxX: Double, minY: Double, maxY: Double }
        let boxes = polygon.rings.enumerated().map { r, ring -> Box in
            var box = Box(ring: r, minX: .infinity, maxX: -.infinity, minY: .infinity, maxY: -.infinity)
            for p in ring { box.minX = min(box.minX, p.x); box.maxX = max(box.maxX, p.x); box.minY = min(box.minY, p.y); box.maxY = max(box.maxY, p.y) }
            return box
        }.sorted { $0.minX < $1.minX }
        let holesWestToEast = (1..<polygon.rings.count).sorted { polygon.rings[$0][0].x < polygon.rings[$1][0].x }
        var active: [Box] = []
        var next = 0
        for r in holesWestToEast {
            let v = polygon.rings[r][0]
            while next < boxes.count, boxes[next].minX <= v.x { active.append(boxes[next]); next += 1 }
            active.removeAll { $0.maxX < v.x }
            var insideShell = false
            for box in active where box.ring != r && box.minY <= v.y && v.y <= box.maxY {
                budget -= polygon.rings[box.ring].count
                guard budget > 0, let inside = Orientation.inside(v, polygon.rings[box.ring]) else { return nil }
                if box.ring == 0 { insideShell = inside } else if inside { return nil }
            }
            budget -= active.count
            guard insideShell, budget > 0 else { return nil }
        }
        return true
    }
}

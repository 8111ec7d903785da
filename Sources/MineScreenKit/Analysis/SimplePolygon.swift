/// A quick, conservative proof that a polygon with holes is valid, for red lines and blocks (hundreds of
/// vertices, a few holes), where GEOS's validity check costs ~100 µs. Answers `true` only when no two edges
/// of any rings touch (adjacent edges of a ring meet at their common vertex at a clear angle), the exterior
/// encloses area, every hole lies clearly inside the exterior and outside the other holes. Then the rings
/// are simple and disjoint, the holes inside the shell and not nested: a valid polygon with a connected
/// interior. Anything else — touching rings (valid or not), repeated positions, near-degenerate turns,
/// multipolygons — is left to GEOS (nil), which names the problem and its place as before.
/// Edges are compared in a sweep over x, so the cost grows with the edges that overlap in x, not with all
/// pairs; orientation tests treat near-zero determinants as uncertain (`Orientation`).
enum SimplePolygon {
    static func isCertainlyValid(_ geometry: Geometry) -> Bool? {
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
        guard CoverageContact.signedArea(shell) != 0 else { return nil }
        edges.sort { $0.minX < $1.minX }
        for i in edges.indices {
            let e = edges[i]
            var j = i + 1
            while j < edges.count, edges[j].minX <= e.maxX {
                let f = edges[j]
                j += 1
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
        // Disjoint rings: each hole is wholly inside or outside each other ring, as its first vertex is.
        for (r, hole) in polygon.rings.enumerated().dropFirst() {
            guard Orientation.inside(hole[0], shell) == true else { return nil }
            for (s, other) in polygon.rings.enumerated().dropFirst() where s != r {
                guard Orientation.inside(hole[0], other) == false else { return nil }
            }
        }
        return true
    }
}

/// A quick, conservative answer to "do these two polygons share interior?" for the common case of a
/// cadastral coverage: neighbours that meet only along identical edges and at shared vertices.
/// Answers `true` (interiors certainly disjoint) only when every contact between the two boundaries is
/// an identical edge on opposite sides or a shared vertex, no vertex of one lies inside the other and no
/// edge joins two vertices of the other (a chord); anything else — crossings, T-junctions, collinear
/// overlaps, near-degenerate turns, holes, multipolygons, large rings — is left to GEOS's relate (nil).
/// This replaces a full DE-9IM relate (~30 µs) by a few hundred orientation tests for a 10-vertex parcel.
package enum CoverageContact {
    /// Above this many edge pairs, relate is as fast.
    static let maxEdgePairs = 4096

    /// True when some edge line of the convex ring `convex` has all of `vertices` (every outer vertex of another
    /// polygon, which lies within their hull) on its outer side, touching at most that edge's own ends: the
    /// interiors are then certainly apart. Two convex parcels sharing an edge are settled by that edge in a few
    /// orientation tests; anything uncertain answers false (not shown).
    package static func convexRingSeparates(_ convex: [Position], from vertices: [Position]) -> Bool {
        let twiceArea = twiceSignedArea(convex)
        guard twiceArea != 0, convex.count >= 4, !vertices.isEmpty else { return false }
        let inward = twiceArea > 0 ? 1 : -1
        edges: for k in 0..<(convex.count - 1) {
            let a = convex[k], b = convex[k + 1]
            guard a != b else { continue }
            for v in vertices where v != a && v != b {
                guard let side = Orientation.value(a, b, v).sign, side != inward else { continue edges }
            }
            return true
        }
        return false
    }

    /// The exterior vertices of every part (holes lie inside them); nil for other geometry.
    package static func outerVertices(_ shape: Geometry) -> [Position]? {
        switch shape {
        case .polygon(let polygon): return polygon.exterior
        case .multiPolygon(let polygons): return polygons.flatMap(\.exterior)
        default: return nil
        }
    }

    package static func disjointInteriors(_ a: Geometry, _ b: Geometry) -> Bool? {
        guard case .polygon(let pa) = a, case .polygon(let pb) = b, pa.rings.count == 1, pb.rings.count == 1 else { return nil }
        return disjointInteriors(ring: pa.rings[0], ring: pb.rings[0])
    }

    static func disjointInteriors(ring a: [Position], ring b: [Position]) -> Bool? {
        // Edge flags live in 64-bit masks: no allocation per pair (this runs millions of times on a city layer).
        guard a.count >= 4, b.count >= 4, a.count <= 65, b.count <= 65, a.first == a.last, b.first == b.last,
              (a.count - 1) * (b.count - 1) <= maxEdgePairs else { return nil }
        let orientationA = twiceSignedArea(a), orientationB = twiceSignedArea(b)
        guard orientationA != 0, orientationB != 0 else { return nil }
        let sameOrientation = (orientationA > 0) == (orientationB > 0)
        let n = a.count - 1, m = b.count - 1
        var sharedA: UInt64 = 0, sharedB: UInt64 = 0
        var boxB = Box()
        boxB.add(b)
        for i in 0..<n {
            let p = a[i], q = a[i + 1]
            guard boxB.meets(p, q) else { continue }
            for j in 0..<m {
                let r = b[j], s = b[j + 1]
                guard min(p.x, q.x) <= max(r.x, s.x), min(r.x, s.x) <= max(p.x, q.x),
                      min(p.y, q.y) <= max(r.y, s.y), min(r.y, s.y) <= max(p.y, q.y) else { continue }
                let forward = p == r && q == s, backward = p == s && q == r
                if forward || backward {
                    // The same edge: the polygons must lie on opposite sides of it.
                    guard sameOrientation == backward else { return nil }
                    sharedA |= 1 << UInt64(i)
                    sharedB |= 1 << UInt64(j)
                    continue
                }
                guard contactIsASharedVertex(p, q, r, s) else { return nil }
            }
        }
        // Vertices of one inside the other, and chords, are only possible away from shared edges.
        for j in 0..<m where sharedB & (1 << UInt64(j)) == 0 {
            if isVertex(b[j], of: a) && isVertex(b[j + 1], of: a) { return nil }
        }
        for i in 0..<n where sharedA & (1 << UInt64(i)) == 0 {
            if isVertex(a[i], of: b) && isVertex(a[i + 1], of: b) { return nil }
        }
        for k in 0..<m where !isVertex(b[k], of: a) {
            if inside(b[k], a) { return nil }
        }
        for k in 0..<n where !isVertex(a[k], of: b) {
            if inside(a[k], b) { return nil }
        }
        return true
    }

    /// Two edges whose boxes meet: true when they do not touch, or touch only at one common endpoint
    /// without running along each other.
    static func contactIsASharedVertex(_ p: Position, _ q: Position, _ r: Position, _ s: Position) -> Bool {
        let o1 = orient(p, q, r), o2 = orient(p, q, s), o3 = orient(r, s, p), o4 = orient(r, s, q)
        let scale = max(abs(q.x - p.x) + abs(q.y - p.y), abs(s.x - r.x) + abs(s.y - r.y))
        let tiny = scale * scale * 1e-12
        if let (c, u, w) = p == r ? (p, q, s) : p == s ? (p, q, r) : q == r ? (q, p, s) : q == s ? (q, p, r) : nil {
            // Edges from one common point meet only there unless they run along each other, which needs
            // them collinear and pointing the same way.
            if abs(orient(c, u, w)) > tiny { return true }
            return (u.x - c.x) * (w.x - c.x) + (u.y - c.y) * (w.y - c.y) < 0
        }
        // No common endpoint: any contact at all (crossing, T-junction, collinear) is not simple; near-
        // degenerate configurations are left to relate too.
        if [o1, o2, o3, o4].contains(where: { abs($0) <= tiny }) { return false }
        let straddleAB = (o1 > 0) != (o2 > 0), straddleBA = (o3 > 0) != (o4 > 0)
        return !(straddleAB && straddleBA)
    }

    static func orient(_ a: Position, _ b: Position, _ c: Position) -> Double {
        (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
    }

    /// Twice the signed shoelace area of a closed ring (counter-clockwise positive), taken about its first
    /// vertex so that large coordinates keep their digits.
    /// True when the ring as given has the polygon's interior on its left: an exterior counter-clockwise, a hole
    /// clockwise (a ring of no area counts as either).
    static func interiorOnLeft(_ ring: [Position], exterior: Bool) -> Bool {
        let twiceArea = twiceSignedArea(ring)
        return twiceArea == 0 || (twiceArea > 0) == exterior
    }

    /// Even-odd ray casting; a point on the boundary has been ruled out by the contact checks.
    static func inside(_ v: Position, _ ring: [Position]) -> Bool { evenOddContains(ring, v) }

    /// A linear scan: rings here have at most 64 vertices.
    static func isVertex(_ p: Position, of ring: [Position]) -> Bool {
        ring.contains(p)
    }

    /// A quick, conservative "yes" to "do these two polygons share interior?": some vertex of one lies inside
    /// the other, clear of all its rings by more than rounding could blur. A neighbourhood of that vertex is
    /// then inside the other polygon, and the vertex's own polygon has interior right beside it. Overlapping
    /// red-line patches (hundreds of vertices) are mostly settled here instead of by a full relate; false
    /// means "not shown", never "disjoint".
    package static func interiorsCertainlyMeet(_ a: Geometry, _ b: Geometry) -> Bool {
        guard let pa = a.polygons, let pb = b.polygons else { return false }
        return vertexClearlyInside(pb, pa) || vertexClearlyInside(pa, pb)
    }

    private static func vertexClearlyInside(_ vertices: [Polygon], _ polygons: [Polygon]) -> Bool {
        for polygon in polygons {
            var box = Box()
            box.add(polygon.exterior)
            guard !box.isEmpty else { continue }
            // Clearance: far above the rounding of coordinates of this size, far below any real overlap.
            let clearance = 1e-9 * max(abs(box.maxX), abs(box.maxY), box.width, box.height)
            for part in vertices {
                for ring in part.rings {
                    for v in ring where v.x > box.minX && v.x < box.maxX && v.y > box.minY && v.y < box.maxY {
                        if clearlyInside(v, polygon, clearance) { return true }
                    }
                }
            }
        }
        return false
    }

    /// Inside the exterior, outside every hole, and farther than `clearance` from every edge.
    private static func clearlyInside(_ v: Position, _ polygon: Polygon, _ clearance: Double) -> Bool {
        var crossings = 0
        for ring in polygon.rings {
            var inRing = false
            for k in 0..<(ring.count - 1) {
                let a = ring[k], b = ring[k + 1]
                // The distance only for edges whose box, widened by the clearance, holds the vertex.
                if v.x >= min(a.x, b.x) - clearance, v.x <= max(a.x, b.x) + clearance,
                   v.y >= min(a.y, b.y) - clearance, v.y <= max(a.y, b.y) + clearance,
                   distanceSquared(v, a, b) <= clearance * clearance { return false }
                if (a.y > v.y) != (b.y > v.y), v.x < (b.x - a.x) * (v.y - a.y) / (b.y - a.y) + a.x { inRing.toggle() }
            }
            if inRing { crossings += 1 }
        }
        // Inside the exterior and no hole: exactly one ring (the exterior) encloses it.
        return crossings == 1 && inside(v, polygon.exterior)
    }

    private static func distanceSquared(_ p: Position, _ a: Position, _ b: Position) -> Double {
        let (dx, dy) = (b.x - a.x, b.y - a.y)
        let length = dx * dx + dy * dy
        var t = length > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / length : 0
        t = min(1, max(0, t))
        let (ex, ey) = (a.x + t * dx - p.x, a.y + t * dy - p.y)
        return ex * ex + ey * ey
    }
}

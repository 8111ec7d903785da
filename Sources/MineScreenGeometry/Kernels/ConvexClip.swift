import Foundation

/// The part of a block inside one convex feature, as rings of positions, without GEOS.
///
/// Most of a city run's overlays cut a block with a parcel its boundary crosses (80 000 of them on the
/// benchmark's city). GEOS's overlay costs ~30 µs each, mostly set-up; when the parcel is convex,
/// Sutherland–Hodgman clipping of each block ring by the parcel's half-planes gives the same vertices in
/// ~2 µs. Only areas are taken from it, and only for cuts `cutsInOnePiece` proves whole: where a cut falls
/// apart, the rings come back joined by zero-width bridges along the parcel's edges, which measured as
/// geodesics do not cancel, so the caller leaves those (and near-slivers) to GEOS.
package enum ConvexClip {
    /// True when a closed ring turns one way only at every corner (collinear corners allowed) and goes
    /// round once. Together with the ring being simple (it passed validation) that is convexity.
    package static func isConvex(_ ring: [Position]) -> Bool {
        let n = ring.count - 1
        guard n >= 3, n <= 64, ring[0] == ring[n] else { return false }
        var sign = 0.0
        var turning = 0.0
        for k in 0..<n {
            let a = ring[(k + n - 1) % n], b = ring[k], c = ring[(k + 1) % n]
            let (ux, uy, vx, vy) = (b.x - a.x, b.y - a.y, c.x - b.x, c.y - b.y)
            let cross = ux * vy - uy * vx
            if cross != 0 {
                if sign == 0 { sign = cross > 0 ? 1 : -1 } else if (cross > 0) != (sign > 0) { return false }
            }
            turning += atan2(cross, ux * vx + uy * vy)
        }
        // A pentagram turns one way too, but twice round.
        return sign != 0 && abs(abs(turning) - 2 * .pi) < 1e-6
    }

    /// `subject` (a closed ring of any shape) cut to the convex closed ring `window`. The result's signed
    /// area is the subject's inside the window; empty when nothing of it is inside. Where the cut falls apart
    /// into pieces they come back joined by zero-width bridges along the window's edges (see `cutsInOnePiece`).
    static func clip(_ subject: [Position], by window: [Position]) -> [Position] {
        clipTagged(subject, by: window).ring
    }

    /// `clip`, with each vertex's window edges: bit k set when the vertex was made on edge k's line (a vertex
    /// made from two that share a line lies on it too), so that stretches along the window's edges are known.
    static func clipTagged(_ subject: [Position], by window: [Position]) -> (ring: [Position], tags: [UInt64]) {
        let n = window.count - 1
        // Taken about the first vertex: absolute eastings of 3.8e7 m would drown a small window's area in
        // rounding and could flip its sign (then every half-plane would keep the outside).
        let orientation = twiceSignedArea(window)
        guard orientation != 0, n <= 64 else { return ([], []) }
        let inward = orientation > 0 ? 1.0 : -1.0
        var current = Array(subject.dropLast())
        var next: [Position] = []
        next.reserveCapacity(current.count + 8)
        var currentTags = [UInt64](repeating: 0, count: current.count), nextTags: [UInt64] = []
        nextTags.reserveCapacity(current.count + 8)
        for k in 0..<n where !current.isEmpty {
            let a = window[k], b = window[k + 1]
            guard a != b else { continue }
            // side(p) > 0: p lies on the window's side of the edge line. Taken from the edge's lower endpoint, so
            // that a neighbour sharing the edge (walked the other way) gets the exact negatives and cuts the
            // block at bit-identical points: their shared cut edges then cancel in an `EdgeAreaSum`.
            let (u, v, turn) = (a.x, a.y) < (b.x, b.y) ? (a, b, inward) : (b, a, -inward)
            func side(_ p: Position) -> Double { turn * ((v.x - u.x) * (p.y - u.y) - (v.y - u.y) * (p.x - u.x)) }
            next.removeAll(keepingCapacity: true)
            nextTags.removeAll(keepingCapacity: true)
            var previous = current[current.count - 1]
            var previousTags = currentTags[current.count - 1]
            var previousSide = side(previous)
            let line = UInt64(1) << UInt64(k)
            for (point, pointTags) in zip(current, currentTags) {
                let pointSide = side(point)
                if pointSide >= 0 {
                    if previousSide < 0 {
                        next.append(crossing(previous, previousSide, point, pointSide))
                        nextTags.append(previousTags & pointTags | line)
                    }
                    next.append(point)
                    nextTags.append(pointTags)
                } else if previousSide >= 0 {
                    next.append(crossing(previous, previousSide, point, pointSide))
                    nextTags.append(previousTags & pointTags | line)
                }
                previous = point
                previousTags = pointTags
                previousSide = pointSide
            }
            swap(&current, &next)
            swap(&currentTags, &nextTags)
        }
        guard current.count >= 3 else { return ([], []) }
        current.append(current[0])
        currentTags.append(currentTags[0])
        return (current, currentTags)
    }

    /// The cut of `polygons` by the convex `window` (as `clip`) and its boundary as directed edges, interiors on
    /// their left, with every stretch along a window edge split at every cut vertex on that edge. A cut that
    /// falls apart comes back joined by bridges along the window's edges; split so, a bridge's two walks
    /// become identical edges in opposite directions, which cancel as geodesics too (`EdgeAreaSum`), leaving
    /// exactly the pieces' edges.
    package static func cutEdges(_ polygons: [Polygon], by window: [Position]) -> (cut: [Polygon], edges: [(Position, Position)]) {
        let (cut, rings) = clipTagged(polygons, by: window)
        // Per window edge, the cut's vertices on it in order along it.
        let n = window.count - 1
        func along(_ p: Position, _ k: Int) -> Double {
            (p.x - window[k].x) * (window[k + 1].x - window[k].x) + (p.y - window[k].y) * (window[k + 1].y - window[k].y)
        }
        var onEdge = [[(t: Double, p: Position)]](repeating: [], count: n)
        for entry in rings {
            for (p, tags) in zip(entry.ring.dropLast(), entry.tags) where tags != 0 {
                for k in 0..<n where tags & (1 << UInt64(k)) != 0 { onEdge[k].append((along(p, k), p)) }
            }
        }
        for k in 0..<n { onEdge[k].sort { $0.t < $1.t } }
        var edges: [(Position, Position)] = []
        for entry in rings {
            let forward = CoverageContact.interiorOnLeft(entry.ring, exterior: entry.exterior)
            for i in 0..<(entry.ring.count - 1) {
                let (u, v) = forward ? (entry.ring[i], entry.ring[i + 1]) : (entry.ring[i + 1], entry.ring[i])
                let common = entry.tags[i] & entry.tags[i + 1]
                guard common != 0 else { edges.append((u, v)); continue }
                let k = common.trailingZeroBitCount
                let (tu, tv) = (along(u, k), along(v, k))
                var from = u
                let between = onEdge[k].filter { min(tu, tv) < $0.t && $0.t < max(tu, tv) }
                for point in tu < tv ? between : between.reversed() where point.p != from {
                    edges.append((from, point.p))
                    from = point.p
                }
                if from != v { edges.append((from, v)) }
            }
        }
        return (cut, edges)
    }

    /// Where the segment p→q crosses the edge line, from the two signed distances (of opposite signs).
    private static func crossing(_ p: Position, _ sp: Double, _ q: Position, _ sq: Double) -> Position {
        let t = sp / (sp - sq)
        return Position(p.x + t * (q.x - p.x), p.y + t * (q.y - p.y))
    }

    /// The block `polygons` cut to the convex `window` ring, as polygons (exterior cut, then the holes'
    /// cuts): exterior minus holes is the area inside the window. Rings whose box misses the window's
    /// are left out whole (they cannot reach into it).
    package static func clip(_ polygons: [Polygon], by window: [Position]) -> [Polygon] {
        clipTagged(polygons, by: window).cut
    }

    /// `clip` of polygons, with each cut ring's vertex tags (`clipTagged`) and whether it is an exterior.
    static func clipTagged(_ polygons: [Polygon], by window: [Position])
        -> (cut: [Polygon], rings: [(ring: [Position], tags: [UInt64], exterior: Bool)]) {
        var windowBox = Box()
        windowBox.add(window)
        var cut: [Polygon] = []
        var rings: [(ring: [Position], tags: [UInt64], exterior: Bool)] = []
        for polygon in polygons {
            var kept: [[Position]] = []
            for (r, ring) in polygon.rings.enumerated() {
                var box = Box()
                box.add(ring)
                let (clipped, tags) = box.meets(windowBox) ? clipTagged(ring, by: window) : ([], [])
                if r == 0, clipped.isEmpty { break }
                if !clipped.isEmpty {
                    kept.append(clipped)
                    rings.append((clipped, tags, r == 0))
                }
            }
            if !kept.isEmpty { cut.append(Polygon(rings: kept)) }
        }
        return (cut, rings)
    }

    /// True when the cut of `polygons` by the convex `window` is certainly one piece per block polygon and no
    /// hole of the block reaches the window's edge: every exterior ring crosses the window's boundary at most
    /// twice and every hole ring not at all (a simple ring crossing a convex boundary twice leaves one piece
    /// inside), with no vertex or edge grazing it. Only then are `clip`'s rings free of bridges, which cancel
    /// in a plane but not as geodesics: walked out and back between different points of a long parcel edge
    /// they bow differently (a review found 21 m² lost on a U-shaped block over 1.8 km edges); a hole cut by
    /// the edge would share stretches of it with the exterior's cut, with different ends, likewise.
    static func cutsInOnePiece(_ polygons: [Polygon], by window: [Position]) -> Bool {
        cutShape(polygons, by: window) == .onePiece
    }

    package enum CutShape { case onePiece, pieces, unclear }

    /// `.onePiece` as `cutsInOnePiece`; `.pieces` when the cut may fall apart (more crossings, or a hole
    /// reaching the window) but nothing grazes the window's edges; `.unclear` when something does.
    package static func cutShape(_ polygons: [Polygon], by window: [Position]) -> CutShape {
        let n = window.count - 1
        guard n >= 3 else { return .unclear }
        var pieces = false
        var windowBox = Box()
        windowBox.add(window)
        let orientation = twiceSignedArea(window)
        guard orientation != 0 else { return .unclear }
        let inward = orientation > 0 ? 1.0 : -1.0
        var sp = [Double](repeating: 0, count: n), sq = sp
        // Scaled signed distances of p from each edge line, positive inside; false within rounding of a line.
        func sides(_ p: Position, into result: inout [Double]) -> Bool {
            for k in 0..<n {
                let (a, b) = (window[k], window[k + 1])
                let (dx, dy) = (b.x - a.x, b.y - a.y)
                let value = inward * (dx * (p.y - a.y) - dy * (p.x - a.x))
                let reach = max(abs(dx), abs(dy)) * max(abs(p.x - a.x), abs(p.y - a.y), abs(dx), abs(dy))
                if abs(value) <= 1e-9 * reach { return false }
                result[k] = value
            }
            return true
        }
        for polygon in polygons {
            for (r, ring) in polygon.rings.enumerated() {
                var crossings = 0
                for k in 0..<(ring.count - 1) {
                    let (p, q) = (ring[k], ring[k + 1])
                    // An edge whose box misses the window's cannot cross its boundary.
                    guard min(p.x, q.x) <= windowBox.maxX, max(p.x, q.x) >= windowBox.minX,
                          min(p.y, q.y) <= windowBox.maxY, max(p.y, q.y) >= windowBox.minY else { continue }
                    guard sides(p, into: &sp), sides(q, into: &sq) else { return .unclear }
                    let pInside = sp.allSatisfy { $0 > 0 }, qInside = sq.allSatisfy { $0 > 0 }
                    if pInside != qInside {
                        crossings += 1
                    } else if !pInside {
                        // Both ends outside: the edge may still pass through the window (Cyrus–Beck).
                        var (enter, leave) = (0.0, 1.0)
                        var missed = false
                        for j in 0..<n {
                            if sp[j] < 0, sq[j] < 0 { missed = true; break }
                            if sp[j] < 0 { enter = max(enter, sp[j] / (sp[j] - sq[j])) } else if sq[j] < 0 { leave = min(leave, sp[j] / (sp[j] - sq[j])) }
                        }
                        if !missed {
                            if abs(enter - leave) <= 1e-9 { return .unclear }
                            if enter < leave { crossings += 2 }
                        }
                    }
                    if r == 0 ? crossings > 2 : crossings > 0 { pieces = true }
                }
            }
        }
        return pieces ? .pieces : .onePiece
    }
}

/// A quick, conservative proof that a one-ring polygon is valid, for the common case of a parcel layer:
/// one exterior ring of a few vertices, no holes. Answers `true` (certainly valid) only when every pair of
/// edges is provably apart — adjacent edges meet only at their common vertex (no spike folding back, no
/// collinear overlap), non-adjacent edges do not touch at all, not even at a repeated vertex — and the
/// ring encloses area. Anything else — repeated consecutive positions, self-touching, crossings,
/// near-degenerate turns, holes, multipolygons, rings over 64 edges — is left to GEOS (nil), which then
/// names the problem and its location exactly as before.
/// This replaces a GEOS validity check (~3 µs per parcel, about 1 s of CPU on a 300 000-parcel layer) by
/// a few dozen bounding-box comparisons and orientation tests; the orientation tests are CoverageContact's,
/// which treat near-zero determinants as uncertain.
package enum SimpleRing {
    /// Parcels have a handful of positions; the pairwise test is quadratic, so long rings go to GEOS.
    static let maxPositions = 65

    package static func isCertainlyValid(_ geometry: Geometry) -> Bool? {
        guard case .polygon(let polygon) = geometry, polygon.rings.count == 1 else { return nil }
        return isCertainlyValid(ring: polygon.rings[0])
    }

    static func isCertainlyValid(ring: [Position]) -> Bool? {
        guard ring.count >= 4, ring.count <= maxPositions, ring.first == ring.last else { return nil }
        let n = ring.count - 1
        for i in 0..<n {
            // Finite and far from overflow and underflow (so the determinants' error bound holds), and
            // every edge of non-zero length (repeated consecutive positions are GEOS's to judge).
            let p = ring[i], q = ring[i + 1]
            guard abs(p.x) < 1e100, abs(p.y) < 1e100, abs(q.x - p.x) + abs(q.y - p.y) > 1e-100 else { return nil }
        }
        guard twiceSignedArea(ring) != 0 else { return nil }
        for i in 0..<n {
            let p = ring[i], q = ring[i + 1]
            // Edge i and edge i + 1 share ring[i + 1]; the last edge and the first share ring[0].
            let next = ring[(i + 1) % n + 1]
            guard CoverageContact.contactIsASharedVertex(p, q, q, next) else { return nil }
            // Non-adjacent edges: j from i + 2, skipping the last edge when i == 0 (it ends at ring[0]).
            let minX = min(p.x, q.x), maxX = max(p.x, q.x), minY = min(p.y, q.y), maxY = max(p.y, q.y)
            var j = i + 2
            let end = i == 0 ? n - 1 : n
            while j < end {
                let r = ring[j], s = ring[j + 1]
                j += 1
                guard minX <= max(r.x, s.x), min(r.x, s.x) <= maxX,
                      minY <= max(r.y, s.y), min(r.y, s.y) <= maxY else { continue }
                // A position repeated away from its neighbours makes the ring touch itself.
                if p == r || p == s || q == r || q == s { return nil }
                // Without a common endpoint, this is true only when the edges are certainly apart.
                guard CoverageContact.contactIsASharedVertex(p, q, r, s) else { return nil }
            }
        }
        return true
    }
}

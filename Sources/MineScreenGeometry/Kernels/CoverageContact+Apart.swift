/// Exact answers for two polygonal shapes whose boundaries are settled by orientation tests alone: every pair
/// of boundary edges is certainly apart or certainly crosses properly. Then
/// - a proper crossing means the interiors overlap and neither shape covers the other;
/// - with no crossing, each ring lies wholly inside or wholly outside the other shape, so one vertex per ring,
///   located with `Orientation.inside`, tells which.
/// Anything else (shared vertices and edges, T-junctions, collinear runs, points too near an edge to tell, more
/// edge pairs than `maxBoundaryEdgePairs`) answers nil and is left to GEOS. Inputs are valid polygons (checked
/// features): simple rings, holes inside their exterior, parts of a multipolygon apart.
/// This settles what the neighbour tests of a coverage cannot: patches whose boxes meet but that lie apart or
/// nested (red lines), and parcels near a block's edge that the block raster leaves undecided.
extension CoverageContact {
    /// Above this many boundary edge pairs (after the box filter), GEOS is as fast.
    static let maxBoundaryEdgePairs = 1 << 16

    /// True when the interiors of `a` and `b` share area, false when they certainly do not, nil when the
    /// boundaries are not settled by orientation tests.
    package static func interiorsOverlapExactly(_ a: Geometry, _ b: Geometry) -> Bool? {
        withParts(a) { partsA in
            withParts(b) { partsB in
                guard let partsA, let partsB else { return nil }
                return interiorsOverlapExactly(partsA, partsB)
            }
        }
    }

    /// How `block` meets `feature`: whether they share interior (`intersects`; with settled boundaries they
    /// cannot merely touch) and whether the block covers the feature; nil when not settled.
    package static func blockContact(_ block: [Polygon], _ feature: Geometry) -> (intersects: Bool, covered: Bool)? {
        withParts(feature) { parts in
            guard let parts else { return nil }
            return block.withUnsafeBufferPointer { blockParts in blockContact(blockParts, parts) }
        }
    }

    static func interiorsOverlapExactly(_ a: UnsafeBufferPointer<Polygon>, _ b: UnsafeBufferPointer<Polygon>) -> Bool? {
        guard let meeting = boundaries(a, b) else { return nil }
        if meeting == .crossing { return true }
        for p in a {
            for q in b {
                guard let meet = apartBoundariesOverlap(p, q) else { return nil }
                if meet { return true }
            }
        }
        return false
    }

    static func blockContact(_ block: UnsafeBufferPointer<Polygon>, _ feature: UnsafeBufferPointer<Polygon>) -> (intersects: Bool, covered: Bool)? {
        guard let meeting = boundaries(block, feature) else { return nil }
        if meeting == .crossing { return (true, false) }
        var intersects = false
        // Every part of the feature must lie in one part of the block, and no hole of that part in the feature.
        var covered = true
        for q in feature {
            var inSomePart = false
            for p in block {
                guard let meet = apartBoundariesOverlap(p, q) else { return nil }
                guard meet else { continue }
                intersects = true
                guard let within = inInterior(q.exterior[0], of: p) else { return nil }
                guard within else { continue }
                for hole in p.holes where !hole.isEmpty {
                    guard let holeInFeature = inInterior(hole[0], of: q) else { return nil }
                    if holeInFeature { covered = false }
                }
                inSomePart = true
            }
            if !inSomePart { covered = false }
        }
        return (intersects, intersects && covered)
    }

    enum BoundaryMeeting { case apart, crossing }

    /// Every part of `a` against every part of `b` (`boundaries(_:_:budget:)`), within one budget of
    /// `maxBoundaryEdgePairs`: crossing when some pair crosses, apart when none does, nil when any is unsettled.
    static func boundaries(_ a: UnsafeBufferPointer<Polygon>, _ b: UnsafeBufferPointer<Polygon>) -> BoundaryMeeting? {
        var budget = maxBoundaryEdgePairs
        var crossed = false
        for p in a {
            for q in b {
                switch boundaries(p, q, budget: &budget) {
                case nil: return nil
                case .crossing?: crossed = true
                case .apart?: break
                }
            }
        }
        return crossed ? .crossing : .apart
    }

    /// Every edge of `p`'s rings against every edge of `q`'s rings that could reach it: apart when all pairs are
    /// certainly apart, crossing when all are apart or properly crossing and one crosses, nil otherwise.
    static func boundaries(_ p: Polygon, _ q: Polygon, budget: inout Int) -> BoundaryMeeting? {
        guard usable(p), usable(q) else { return nil }
        var boxP = Box(), boxQ = Box()
        boxP.add(p.exterior)
        boxQ.add(q.exterior)
        guard boxP.meets(boxQ) else { return .apart }
        // Only edges that reach the boxes' common part can meet: q's are gathered once, p's tested against them.
        var common = Box()
        common.add(Position(max(boxP.minX, boxQ.minX), max(boxP.minY, boxQ.minY)))
        common.add(Position(min(boxP.maxX, boxQ.maxX), min(boxP.maxY, boxQ.maxY)))
        var edgesQ: [(Position, Position)] = []
        for ring in q.rings {
            for j in 0..<(ring.count - 1) where common.meets(ring[j], ring[j + 1]) { edgesQ.append((ring[j], ring[j + 1])) }
        }
        guard !edgesQ.isEmpty else { return .apart }
        var crossed = false
        for ringP in p.rings {
            for i in 0..<(ringP.count - 1) {
                let a = ringP[i], b = ringP[i + 1]
                guard common.meets(a, b) else { continue }
                budget -= edgesQ.count
                guard budget > 0 else { return nil }
                for (c, d) in edgesQ {
                    guard min(a.x, b.x) <= max(c.x, d.x), min(c.x, d.x) <= max(a.x, b.x),
                          min(a.y, b.y) <= max(c.y, d.y), min(c.y, d.y) <= max(a.y, b.y) else { continue }
                    switch Orientation.meeting(a, b, c, d) {
                    case .apart: continue
                    case .crossing: crossed = true
                    case .undecided: return nil
                    }
                }
            }
        }
        return crossed ? .crossing : .apart
    }

    /// For two polygons whose boundaries have no common point: whether their interiors overlap. One of them then
    /// has its exterior ring inside the other's interior, or they are apart (each exterior lies outside the other
    /// or in one of its holes).
    static func apartBoundariesOverlap(_ p: Polygon, _ q: Polygon) -> Bool? {
        guard let pInQ = inInterior(p.exterior[0], of: q) else { return nil }
        if pInQ { return true }
        return inInterior(q.exterior[0], of: p)
    }

    /// True inside the exterior and outside every hole; nil when too near a ring to tell.
    static func inInterior(_ v: Position, of polygon: Polygon) -> Bool? {
        var box = Box()
        box.add(polygon.exterior)
        guard box.contains(v) else { return false }
        guard let inExterior = Orientation.inside(v, polygon.exterior) else { return nil }
        guard inExterior else { return false }
        for hole in polygon.holes {
            guard let inHole = Orientation.inside(v, hole) else { return nil }
            if inHole { return false }
        }
        return true
    }

    /// Closed rings of at least three edges.
    private static func usable(_ polygon: Polygon) -> Bool {
        !polygon.rings.isEmpty && polygon.rings.allSatisfy { $0.count >= 4 && $0.first == $0.last }
    }

    /// The parts of a polygonal geometry without building an array for a single polygon; nil for other geometry.
    private static func withParts<R>(_ shape: Geometry, _ body: (UnsafeBufferPointer<Polygon>?) -> R) -> R {
        switch shape {
        case .polygon(let polygon):
            return withUnsafePointer(to: polygon) { body(UnsafeBufferPointer(start: $0, count: 1)) }
        case .multiPolygon(let polygons):
            return polygons.withUnsafeBufferPointer { body($0) }
        default:
            return body(nil)
        }
    }
}

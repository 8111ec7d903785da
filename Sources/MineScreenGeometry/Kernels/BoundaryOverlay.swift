import Foundation

/// Areas of a clip polygon's overlaps with many polygons, measured on the boundary of each result instead of
/// building it: a region's area is a sum of one term per boundary edge (Green's theorem; for the ellipsoid,
/// the geodesic edge terms of `GeodesicArea.edgeAreaTerm`).
///
/// Regions: the clip B, subjects S (each in a layer) and optionally M, a region to leave out (a coverage's
/// outline). Every edge is split where it properly crosses another region's edge; each piece knows which
/// regions it lies in (found by ray casting at the start of a run of edges, then toggled at each crossing) and
/// so whether it bounds a result. The results:
/// - per layer L: B ∩ ⋃{S in G} for each group G of L's subjects (features that overlap each other), added up:
///   the layer's overlap with the block;
/// - `rest`: B ∩ ⋃S ∖ M, what the subjects add to M inside the block;
/// - per subject: a plane estimate of the area and perimeter of B ∩ S, for noise decisions.
/// A stretch of boundary between two splits that matter to a result is one edge of it, so each result has the
/// vertices an overlay of those regions would give it (a geodesic area depends on them, on long edges).
///
/// Regions that touch or share edges are measured moved by micrometres (`measure`); nil only when even then two
/// edges pass too close to decide: then an overlay decides. Rings must not cross within a region (valid polygons) and must lie in one plane without wrap-around.
package struct BoundaryOverlay {
    enum Role: Equatable { case clip, subject(layer: Int, group: Int), minus }

    private struct Region {
        var rings: [[Position]]
        var box: Box
        var role: Role
    }

    private var regions: [Region] = []
    private var minusRegion: Int?
    let layerCount: Int
    private(set) var subjectCount = 0

    /// Metres per unit east and north for the plane estimates; nil: lon/lat degrees, scaled at the clip's latitude.
    private let metresPerUnit: (x: Double, y: Double)?

    /// `metresPerUnit`: the plane's units in metres when it is projected; nil for lon/lat degrees.
    package init(clip: [Polygon], layerCount: Int, metresPerUnit: (x: Double, y: Double)? = nil) {
        self.layerCount = layerCount
        self.metresPerUnit = metresPerUnit
        append(Self.oriented(clip), role: .clip)
    }

    /// Adds one feature's polygons as a subject of `layer`; subjects are numbered in the order added. Subjects of
    /// one `group` (features that overlap each other) are unioned; a layer's groups are added up, as on the
    /// overlay path: where features that do not overlap meet at a vertex only one of them has (a T-junction),
    /// a union would lose the sliver between the one straight edge and the two, as geodesics (42 m² on a 2 km
    /// parcel edge, found in review), while each feature's own overlap keeps it. Nil group: a group of its own.
    package mutating func addSubject(_ polygons: [Polygon], layer: Int, group: Int? = nil) {
        let g = group ?? -1 - subjectCount
        append(Self.oriented(polygons), role: .subject(layer: layer, group: g))
        subjectCount += 1
    }

    /// The region to leave out of `rest`, as closed rings with its interior on their left.
    package mutating func setMinus(rings: [[Position]]) {
        guard minusRegion == nil, !rings.isEmpty else { return }
        minusRegion = regions.count
        append(rings, role: .minus)
    }

    private mutating func append(_ rings: [[Position]], role: Role) {
        var box = Box()
        for ring in rings { box.add(ring) }
        regions.append(Region(rings: rings, box: box, role: role))
    }

    /// Rings closed and turned so that the interior lies on their left (exteriors counter-clockwise).
    static func oriented(_ polygons: [Polygon]) -> [[Position]] {
        var rings: [[Position]] = []
        for polygon in polygons {
            for (k, ring) in polygon.rings.enumerated() where ring.count >= 4 {
                rings.append(CoverageContact.interiorOnLeft(ring, exterior: k == 0) ? ring : ring.reversed())
            }
        }
        return rings
    }

    /// The closed rings of a set of directed edges in which every vertex has as many edges in as out (the
    /// open edges of `EdgeAreaSum`: the outline of a coverage's pieces).
    package static func rings(of edges: [(Position, Position)]) -> [[Position]] {
        struct Key: Hashable { let x: UInt64, y: UInt64 }
        func key(_ p: Position) -> Key { Key(x: p.x.bitPattern, y: p.y.bitPattern) }
        var leaving: [Key: [Int]] = [:]
        for (k, edge) in edges.enumerated() { leaving[key(edge.0), default: []].append(k) }
        var used = [Bool](repeating: false, count: edges.count)
        var rings: [[Position]] = []
        for first in edges.indices where !used[first] {
            var ring = [edges[first].0]
            var k = first
            while true {
                used[k] = true
                ring.append(edges[k].1)
                guard let next = leaving[key(edges[k].1)]?.first(where: { !used[$0] }) else { break }
                k = next
            }
            if ring.count >= 4 { rings.append(ring) }
        }
        return rings
    }

    package struct Sums {
        /// Per layer: the summed edge terms of B ∩ ⋃{S in G}, added over the layer's groups G (its area for an
        /// area-giving term).
        package var layers: [Double]
        /// The summed edge terms of B ∩ ⋃S ∖ M.
        package var rest: Double
        /// Per subject: plane area (m², within 1 %) and perimeter (m) of B ∩ S; perimeter 0 when S meets no
        /// part of B's interior.
        package var subjectArea: [Double]
        package var subjectPerimeter: [Double]
    }

    /// The sums, with `term(a, b)` the contribution of the edge from a to b (its sum over a counter-clockwise
    /// ring is the ring's area); nil when the regions meet in a way only an overlay can decide.
    ///
    /// Regions that share vertices or edges (adjacent red lines, a parcel outline along an urban boundary) are
    /// measured again with every region but the clip moved by a few micrometres, each its own way: the shared
    /// boundaries become slivers whose area is far below what any report shows (the clip's own contacts give
    /// near-noise pieces, which the caller hands to the overlay). An overlay would have made a vertex where
    /// one region's vertex lay on another's edge; the moved vertex no longer does, so edges are also split
    /// where another region's vertex passes within a few moves of them. Without that, whether a long edge
    /// kept such a vertex would depend on the direction of the move, and its geodesic would bow differently
    /// (found in review: 0.4 m² on a 1 km block edge, with the direction set by an unrelated layer).
    package func measure(term: (Position, Position) -> Double) -> Sums? {
        if let sums = measureAsGiven(term: term) { return sums }
        let (moved, step) = nudged()
        return moved.measureAsGiven(term: term, touching: 4 * step)
    }

    /// A copy with each region but the clip moved by 2e-10 of the clip's size, in a direction of its own.
    private func nudged() -> (BoundaryOverlay, step: Double) {
        var copy = self
        let box = regions[0].box
        let step = 2e-10 * max(box.width, box.height)
        for r in regions.indices.dropFirst() {
            let angle = Double(r) * 2.399963229728653
            let (dx, dy) = (step * cos(angle), step * sin(angle))
            copy.regions[r].rings = regions[r].rings.map { $0.map { Position($0.x + dx, $0.y + dy) } }
            copy.regions[r].box = Box()
            for ring in copy.regions[r].rings { copy.regions[r].box.add(ring) }
        }
        return (copy, step)
    }

    /// `touching`: split edges where another region's vertex passes nearer than this (see `measure`).
    private func measureAsGiven(term: (Position, Position) -> Double, touching: Double? = nil) -> Sums? {
        var edges = EdgeSet()
        guard collectEdges(into: &edges) else { return Sums(layers: .init(repeating: 0, count: layerCount), rest: 0,
                                                            subjectArea: .init(repeating: 0, count: subjectCount),
                                                            subjectPerimeter: .init(repeating: 0, count: subjectCount)) }
        guard let crossings = edges.crossings(touching: touching) else { return nil }
        return walk(edges, crossings, term: term)
    }

    // MARK: - Edges near the clip

    /// Edges as flat arrays; walked edges come in runs of consecutive ring edges.
    fileprivate struct EdgeSet {
        var ax: [Double] = [], ay: [Double] = [], bx: [Double] = [], by: [Double] = []
        var owner: [Int32] = []
        var walked: [Bool] = []
        /// First edge and count of each run, with its region.
        var runs: [(first: Int, count: Int, region: Int)] = []
        var count: Int { ax.count }

        mutating func append(_ a: Position, _ b: Position, region: Int, walked isWalked: Bool) {
            ax.append(a.x); ay.append(a.y); bx.append(b.x); by.append(b.y)
            owner.append(Int32(region))
            walked.append(isWalked)
        }
    }

    /// Collects the edges that can bound a result (those whose box meets the clip's) in runs, and the other
    /// edges that can cross them. False when nothing meets the clip.
    private func collectEdges(into edges: inout EdgeSet) -> Bool {
        let window = regions[0].box
        guard !window.isEmpty else { return false }
        var reach = Box()
        for (r, region) in regions.enumerated() {
            guard region.box.meets(window) else { continue }
            for ring in region.rings {
                let n = ring.count - 1
                var meets = [Bool](repeating: false, count: n)
                for k in 0..<n { meets[k] = window.meets(ring[k], ring[k + 1]) }
                guard let outside = meets.firstIndex(of: false) else {
                    appendRun(ring, from: 0, count: n, region: r, into: &edges, reach: &reach)
                    continue
                }
                var k = 1
                while k <= n {
                    let start = (outside + k) % n
                    guard meets[start] else { k += 1; continue }
                    var length = 0
                    while k + length <= n, meets[(outside + k + length) % n] { length += 1 }
                    appendRun(ring, from: start, count: length, region: r, into: &edges, reach: &reach)
                    k += length
                }
            }
        }
        guard !edges.runs.isEmpty else { return false }
        // Edges that cross a walked edge meet the box of all walked edges.
        for (r, region) in regions.enumerated() {
            guard region.box.meets(reach) else { continue }
            for ring in region.rings {
                for k in 0..<(ring.count - 1) where !window.meets(ring[k], ring[k + 1]) && reach.meets(ring[k], ring[k + 1]) {
                    if ring[k] != ring[k + 1] { edges.append(ring[k], ring[k + 1], region: r, walked: false) }
                }
            }
        }
        return true
    }

    private func appendRun(_ ring: [Position], from start: Int, count: Int, region: Int, into edges: inout EdgeSet, reach: inout Box) {
        let n = ring.count - 1
        let first = edges.count
        for j in 0..<count {
            let k = (start + j) % n
            // A repeated vertex is no edge; the run goes on from the same point.
            guard ring[k] != ring[k + 1] else { continue }
            edges.append(ring[k], ring[k + 1], region: region, walked: true)
            reach.add(ring[k])
            reach.add(ring[k + 1])
        }
        if edges.count > first { edges.runs.append((first, edges.count - first, region)) }
    }

    // MARK: - Walking the boundaries

    private func walk(_ edges: EdgeSet, _ crossings: [EdgeSet.Crossing], term: (Position, Position) -> Double) -> Sums? {
        let subjectOf: [Int] = regions.indices.map { r in
            if case .subject = regions[r].role { return r - 1 } else { return -1 }
        }
        // Groups renumbered 0..<n in order of appearance, with their layers.
        var groupIndex: [Int: Int] = [:]
        var groupLayer: [Int] = []
        let groupOf: [Int] = regions.map { region in
            guard case .subject(let layer, let group) = region.role else { return -1 }
            if let known = groupIndex[group] { return known }
            groupIndex[group] = groupLayer.count
            groupLayer.append(layer)
            return groupLayer.count - 1
        }
        var firstCrossing = [Int](repeating: 0, count: edges.count + 1)
        for c in crossings { firstCrossing[Int(c.edge) + 1] += 1 }
        for e in 0..<edges.count { firstCrossing[e + 1] += firstCrossing[e] }

        let window = regions[0].box
        let origin = Position(window.minX, window.minY)
        let latitude = (window.minY + window.maxY) / 2 * .pi / 180
        let (kx, ky) = metresPerUnit ?? (111_320 * cos(latitude), 110_574.0)
        var subjectArea = [Double](repeating: 0, count: subjectCount)
        var subjectPerimeter = [Double](repeating: 0, count: subjectCount)
        // Results: one per layer, then `rest`; Neumaier-compensated sums.
        let rest = layerCount
        var sums = [Double](repeating: 0, count: layerCount + 1), compensation = sums
        func add(_ value: Double, to q: Int) {
            let t = sums[q] + value
            compensation[q] += abs(sums[q]) >= abs(value) ? (sums[q] - t) + value : (value - t) + sums[q]
            sums[q] = t
        }
        var cached: (a: Position, b: Position, term: Double)?
        func measured(_ a: Position, _ b: Position) -> Double {
            if let cached, cached.a == a, cached.b == b { return cached.term }
            let value = term(a, b)
            cached = (a, b, value)
            return value
        }

        var inside = [Bool](repeating: false, count: regions.count)
        var groupInside = [Int](repeating: 0, count: groupLayer.count)
        var subjectsInside = 0
        func toggle(_ r: Int) {
            inside[r].toggle()
            guard groupOf[r] >= 0 else { return }
            let step = inside[r] ? 1 : -1
            groupInside[groupOf[r]] += step
            subjectsInside += step
        }
        // The clip's stretches inside each group: one open run per group, split where that group's edges meet it.
        var clipRuns: [Int: Position] = [:]
        func closeClipRun(_ g: Int, at p: Position) {
            guard let start = clipRuns.removeValue(forKey: g) else { return }
            add(measured(start, p), to: groupLayer[g])
        }

        for run in edges.runs {
            let owner = run.region
            let role = regions[owner].role
            let ownerGroup = groupOf[owner]
            let start = Position(edges.ax[run.first], edges.ay[run.first])
            inside = inside.map { _ in false }
            groupInside = groupInside.map { _ in 0 }
            subjectsInside = 0
            for r in regions.indices where r != owner && regions[r].box.contains(start) {
                guard let isInside = contains(start, region: r) else { return nil }
                if isInside { toggle(r) }
            }
            // A subject's piece bounds its group's union inside the clip when no other member covers it.
            func groupSign() -> Int { ownerGroup >= 0 && inside[0] && groupInside[ownerGroup] == 0 ? 1 : 0 }
            // +1 when the piece bounds `rest` with its left side inside, -1 with its right side, else 0.
            func restSign() -> Int {
                let inMinus = minusRegion.map { inside[$0] } ?? false
                switch role {
                case .clip: return subjectsInside > 0 && !inMinus ? 1 : 0
                case .subject: return inside[0] && subjectsInside == 0 && !inMinus ? 1 : 0
                case .minus: return inside[0] && subjectsInside > 0 ? -1 : 0
                }
            }
            func addPlane(_ a: Position, _ b: Position) {
                switch role {
                case .clip where subjectsInside > 0:
                    for r in regions.indices where inside[r] && subjectOf[r] >= 0 { addPlane(a, b, to: subjectOf[r]) }
                case .subject where inside[0]:
                    addPlane(a, b, to: subjectOf[owner])
                default:
                    break
                }
            }
            func addPlane(_ a: Position, _ b: Position, to s: Int) {
                let (ux, uy, vx, vy) = ((a.x - origin.x) * kx, (a.y - origin.y) * ky, (b.x - origin.x) * kx, (b.y - origin.y) * ky)
                subjectArea[s] += (ux * vy - vx * uy) / 2
                subjectPerimeter[s] += ((vx - ux) * (vx - ux) + (vy - uy) * (vy - uy)).squareRoot()
            }

            for e in run.first..<(run.first + run.count) {
                let a = Position(edges.ax[e], edges.ay[e]), b = Position(edges.bx[e], edges.by[e])
                var (ownSign, ownStart) = (groupSign(), a)
                var (restRun, restStart) = (restSign(), a)
                if role == .clip, subjectsInside > 0 {
                    for g in groupInside.indices where groupInside[g] > 0 { clipRuns[g] = a }
                }
                var current = a
                for c in crossings[firstCrossing[e]..<firstCrossing[e + 1]] {
                    let p = Position(c.x, c.y)
                    addPlane(current, p)
                    let r = Int(c.region), g = groupOf[r]
                    if role == .clip, g >= 0 { closeClipRun(g, at: p) }
                    if c.crosses { toggle(r) }
                    if role == .clip, g >= 0, groupInside[g] > 0 { clipRuns[g] = p }
                    if ownerGroup >= 0, r == 0 || g == ownerGroup {
                        if ownSign != 0 { add(measured(ownStart, p), to: groupLayer[ownerGroup]) }
                        (ownSign, ownStart) = (groupSign(), p)
                    }
                    if restRun != 0 { add(Double(restRun) * measured(restStart, p), to: rest) }
                    (restRun, restStart) = (restSign(), p)
                    current = p
                }
                addPlane(current, b)
                if ownSign != 0 { add(measured(ownStart, b), to: groupLayer[ownerGroup]) }
                if restRun != 0 { add(Double(restRun) * measured(restStart, b), to: rest) }
                for g in clipRuns.keys.sorted() { closeClipRun(g, at: b) }
            }
        }
        let totals = zip(sums, compensation).map { $0 + $1 }
        return Sums(layers: Array(totals[0..<layerCount]), rest: totals[layerCount],
                    subjectArea: subjectArea, subjectPerimeter: subjectPerimeter)
    }

    /// Even-odd ray casting over all of a region's rings; nil when the point lies on or too near an edge.
    private func contains(_ v: Position, region r: Int) -> Bool? {
        var result = false
        for ring in regions[r].rings {
            guard let inRing = Orientation.inside(v, ring) else { return nil }
            if inRing { result.toggle() }
        }
        return result
    }
}

extension BoundaryOverlay.EdgeSet {
    /// A proper crossing on a walked edge: where, how far along (0…1), and whose edge it crosses. The point is
    /// computed once per pair, so both edges' pieces end exactly there.
    struct Crossing {
        var edge: Int32
        var region: Int32
        var t: Double
        var x: Double
        var y: Double
        /// False for a vertex of `region` passing near the edge: a split only, the sides stay the same.
        var crosses = true
    }

    /// All proper crossings between edges of different regions, sorted along each walked edge; nil when two
    /// edges touch or overlap or are too close to tell (a uniform grid finds the pairs whose boxes meet).
    func crossings(touching: Double? = nil) -> [Crossing]? {
        let near = touching ?? 0
        var box = Box()
        for e in 0..<count {
            box.add(Position(ax[e], ay[e]))
            box.add(Position(bx[e], by[e]))
        }
        let cellsWanted = max(1, count)
        let gx = max(1, min(2048, Int((Double(cellsWanted) * box.width / box.height).squareRoot())))
        let gy = max(1, min(2048, cellsWanted / gx))
        let (cellW, cellH) = (box.width / Double(gx), box.height / Double(gy))
        func column(_ x: Double) -> Int { min(gx - 1, max(0, Int((x - box.minX) / cellW))) }
        func row(_ y: Double) -> Int { min(gy - 1, max(0, Int((y - box.minY) / cellH))) }
        // Boxes grown by `near`, so that a vertex passing near an edge meets it.
        func lowX(_ e: Int) -> Double { min(ax[e], bx[e]) - near }
        func highX(_ e: Int) -> Double { max(ax[e], bx[e]) + near }
        func lowY(_ e: Int) -> Double { min(ay[e], by[e]) - near }
        func highY(_ e: Int) -> Double { max(ay[e], by[e]) + near }
        var span = [(Int, Int, Int, Int)]()
        span.reserveCapacity(count)
        var cellCount = [Int](repeating: 0, count: gx * gy + 1)
        for e in 0..<count {
            let s = (column(lowX(e)), column(highX(e)), row(lowY(e)), row(highY(e)))
            span.append(s)
            for cy in s.2...s.3 { for cx in s.0...s.1 { cellCount[cy * gx + cx + 1] += 1 } }
        }
        for c in 0..<(gx * gy) { cellCount[c + 1] += cellCount[c] }
        var fill = cellCount
        var members = [Int32](repeating: 0, count: cellCount[gx * gy])
        for e in 0..<count {
            let s = span[e]
            for cy in s.2...s.3 { for cx in s.0...s.1 { members[fill[cy * gx + cx]] = Int32(e); fill[cy * gx + cx] += 1 } }
        }

        var found: [Crossing] = []
        for cell in 0..<(gx * gy) {
            let list = members[cellCount[cell]..<cellCount[cell + 1]]
            guard list.count > 1 else { continue }
            for (i, e32) in zip(list.indices, list) {
                let e = Int(e32)
                for f32 in list[(i + 1)...] {
                    let f = Int(f32)
                    guard owner[e] != owner[f], walked[e] || walked[f] else { continue }
                    let (lo, hi) = (max(lowX(e), lowX(f)), min(highX(e), highX(f)))
                    let (low, high) = (max(lowY(e), lowY(f)), min(highY(e), highY(f)))
                    // Boxes apart, or the pair is met again in the cell holding the corner of their common box.
                    guard lo <= hi, low <= high, row(low) * gx + column(lo) == cell else { continue }
                    let a = Position(ax[e], ay[e]), b = Position(bx[e], by[e]), c = Position(ax[f], ay[f]), d = Position(bx[f], by[f])
                    if near > 0 {
                        for (v, edge, other) in [(c, e, f), (d, e, f), (a, f, e), (b, f, e)] where walked[edge] {
                            let (p, q) = edge == e ? (a, b) : (c, d)
                            if let t = Self.passage(of: v, near: p, q, within: near) {
                                found.append(Crossing(edge: Int32(edge), region: owner[other], t: t,
                                                      x: p.x + t * (q.x - p.x), y: p.y + t * (q.y - p.y), crosses: false))
                            }
                        }
                    }
                    let (t, s): (Double, Double)
                    switch Orientation.meeting(a, b, c, d) {
                    case .apart: continue
                    case .undecided: return nil
                    case .crossing(let along, let alongOther): (t, s) = (along, alongOther)
                    }
                    let p = e < f ? Position(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)) : Position(c.x + s * (d.x - c.x), c.y + s * (d.y - c.y))
                    if walked[e] { found.append(Crossing(edge: Int32(e), region: owner[f], t: t, x: p.x, y: p.y)) }
                    if walked[f] { found.append(Crossing(edge: Int32(f), region: owner[e], t: s, x: p.x, y: p.y)) }
                }
            }
        }
        found.sort { ($0.edge, $0.t) < ($1.edge, $1.t) }
        return found
    }

    /// Where along p→q (0…1) vertex v passes within `distance`, away from the edge's own ends; nil otherwise.
    static func passage(of v: Position, near p: Position, _ q: Position, within distance: Double) -> Double? {
        let (dx, dy) = (q.x - p.x, q.y - p.y)
        let length = dx * dx + dy * dy
        guard length > 0 else { return nil }
        let t = ((v.x - p.x) * dx + (v.y - p.y) * dy) / length
        let (ex, ey) = (p.x + t * dx - v.x, p.y + t * dy - v.y)
        guard ex * ex + ey * ey <= distance * distance else { return nil }
        let margin = distance / length.squareRoot()
        return t > margin && t < 1 - margin ? t : nil
    }
}

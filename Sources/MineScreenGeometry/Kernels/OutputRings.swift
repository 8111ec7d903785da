/// Rings as they are written in lon/lat degrees: each vertex rounded to 1e-10° (`roundedDegrees`), then
/// vertices closer than `nearDuplicateDegrees` to the vertex kept before them dropped. An overlay's cut
/// can leave two vertices a rounding step apart; GIS validity checks (QGIS: "duplicate nodes") flag them.
/// Dropping a vertex that close moves the outline by less than 1e-9° (about 0.1 mm), so a ring's area
/// changes by less than its perimeter times 0.1 mm.
let nearDuplicateDegrees = 1e-9

/// A ring rounded for output with repeated and near-duplicate vertices dropped. A ring that would keep
/// fewer than three distinct vertices keeps its rounded vertices minus exact repeats (it is degenerate
/// either way; the caller decides whether to drop it).
package func roundedRingWithoutNearDuplicates(_ ring: [Position]) -> [Position] {
    var rounded: [Position] = []
    rounded.reserveCapacity(ring.count)
    for p in ring {
        let q = Position(roundedDegrees(p.x), roundedDegrees(p.y))
        if rounded.last != q { rounded.append(q) }
    }
    guard rounded.count > 3, let first = rounded.first else { return rounded }
    func near(_ a: Position, _ b: Position) -> Bool {
        abs(a.x - b.x) < nearDuplicateDegrees && abs(a.y - b.y) < nearDuplicateDegrees
    }
    let closed = rounded.last == first
    let open = closed ? rounded.dropLast() : rounded[...]
    var kept: [Position] = [first]
    kept.reserveCapacity(open.count + 1)
    for p in open.dropFirst() where !near(p, kept[kept.count - 1]) { kept.append(p) }
    // The last kept vertex may sit next to the first one, across the ring's closing edge.
    while kept.count > 1, near(kept[kept.count - 1], first) { kept.removeLast() }
    guard kept.count >= 3 else { return rounded }
    if closed { kept.append(first) }
    return kept
}

/// A longitude or latitude rounded to 1e-10° (about 0.01 mm), as outputs write coordinates.
package func roundedDegrees(_ v: Double) -> Double { (v * 1e10).rounded() / 1e10 }

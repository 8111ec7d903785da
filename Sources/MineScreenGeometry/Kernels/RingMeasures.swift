/// The two plane measures every kernel and reader shares: the shoelace sum and the even-odd ray cast.
/// Rings may be closed (last vertex equal to the first) or open; both give the same answers.

/// Twice the signed area of a plane ring (shoelace): positive when counter-clockwise. Coordinates are taken
/// relative to the first vertex, which keeps the precision of 8-digit zone-prefixed eastings.
package func twiceSignedArea(_ ring: [Position]) -> Double {
    guard ring.count >= 3 else { return 0 }
    let origin = ring[0]
    var sum = 0.0
    for k in 0..<(ring.count - 1) {
        let a = ring[k], b = ring[k + 1]
        sum += (a.x - origin.x) * (b.y - origin.y) - (b.x - origin.x) * (a.y - origin.y)
    }
    let last = ring[ring.count - 1]
    if last != origin { sum += (last.x - origin.x) * (origin.y - origin.y) - (origin.x - origin.x) * (last.y - origin.y) }
    return sum
}

/// Even-odd ray casting: whether `point` is inside `ring`. A point on the boundary may go either way; callers
/// that need certainty there use `Orientation.inside`.
package func evenOddContains(_ ring: [Position], _ point: Position) -> Bool {
    guard ring.count >= 3 else { return false }
    var result = false
    func cross(_ a: Position, _ b: Position) {
        if (a.y > point.y) != (b.y > point.y), point.x < (b.x - a.x) * (point.y - a.y) / (b.y - a.y) + a.x { result.toggle() }
    }
    for k in 0..<(ring.count - 1) { cross(ring[k], ring[k + 1]) }
    if ring[ring.count - 1] != ring[0] { cross(ring[ring.count - 1], ring[0]) }
    return result
}

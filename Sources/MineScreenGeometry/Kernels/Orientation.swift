/// The side of a point with respect to a directed line, with Shewchuk's error bound for the
/// floating-point determinant: no sign when rounding could have flipped it.
enum Orientation {
    struct Value {
        var det: Double
        var sign: Int?
    }

    /// Positive when c lies left of a→b.
    @inline(__always)
    static func value(_ a: Position, _ b: Position, _ c: Position) -> Value {
        let left = (a.x - c.x) * (b.y - c.y), right = (a.y - c.y) * (b.x - c.x)
        let det = left - right
        // (3 + 16ε)ε of Shewchuk's orient2d, widened tenfold.
        let bound = 3.4e-15 * (abs(left) + abs(right))
        return Value(det: det, sign: det > bound ? 1 : det < -bound ? -1 : nil)
    }

    static func sign(_ a: Position, _ b: Position, _ c: Position) -> Int? { value(a, b, c).sign }

    enum Meeting {
        /// Certainly no common point.
        case apart
        /// A proper crossing, `t` along a→b and `s` along c→d.
        case crossing(t: Double, s: Double)
        /// Touching, overlapping, or too close to tell.
        case undecided
    }

    /// How the segments a→b and c→d meet: apart when one lies certainly on one side of the other's line, a
    /// crossing only when all four sides are certain.
    static func meeting(_ a: Position, _ b: Position, _ c: Position, _ d: Position) -> Meeting {
        let o1 = value(a, b, c), o2 = value(a, b, d)
        if let s1 = o1.sign, let s2 = o2.sign, s1 == s2 { return .apart }
        let o3 = value(c, d, a), o4 = value(c, d, b)
        if let s3 = o3.sign, let s4 = o4.sign, s3 == s4 { return .apart }
        guard o1.sign != nil, o2.sign != nil, o3.sign != nil, o4.sign != nil else { return .undecided }
        return .crossing(t: o3.det / (o3.det - o4.det), s: o1.det / (o1.det - o2.det))
    }

    /// Even-odd ray casting in a closed ring; nil when the point is on or too near an edge to tell.
    static func inside(_ v: Position, _ ring: [Position]) -> Bool? {
        var result = false
        for k in 0..<max(0, ring.count - 1) {
            let (a, b) = (ring[k], ring[k + 1])
            let spans = (a.y > v.y) != (b.y > v.y)
            let near = min(a.x, b.x) <= v.x && v.x <= max(a.x, b.x) && min(a.y, b.y) <= v.y && v.y <= max(a.y, b.y)
            guard spans || near else { continue }
            guard let side = sign(a, b, v) else { return nil }
            if spans, (side > 0) == (b.y > a.y) { result.toggle() }
        }
        return result
    }
}

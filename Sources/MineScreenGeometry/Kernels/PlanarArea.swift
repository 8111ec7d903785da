/// Shoelace area of plane polygons (m² when the plane is metric): exterior minus holes.
public func planarArea(_ polygons: [Polygon]) -> Double {
    func ring(_ r: [Position]) -> Double {
        guard r.count >= 3 else { return 0 }
        // Shifting to the first vertex keeps precision with 8-digit zone-prefixed eastings.
        let origin = r[0]
        var sum = 0.0
        for k in 0..<(r.count - 1) {
            let a = r[k], b = r[k + 1]
            sum += (a.x - origin.x) * (b.y - origin.y) - (b.x - origin.x) * (a.y - origin.y)
        }
        let last = r[r.count - 1]
        if last != r[0] { sum += (last.x - origin.x) * (r[0].y - origin.y) - (r[0].x - origin.x) * (last.y - origin.y) }
        return abs(sum) / 2
    }
    return polygons.reduce(0) { $0 + ring($1.exterior) - $1.holes.reduce(0) { $0 + ring($1) } }
}

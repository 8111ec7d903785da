/// Shoelace area of plane polygons (m² when the plane is metric): exterior minus holes.
public func planarArea(_ polygons: [Polygon]) -> Double {
    func ring(_ r: [Position]) -> Double { abs(twiceSignedArea(r)) / 2 }
    return polygons.reduce(0) { $0 + ring($1.exterior) - $1.holes.reduce(0) { $0 + ring($1) } }
}

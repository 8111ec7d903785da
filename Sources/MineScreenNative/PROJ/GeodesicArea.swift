import CPROJ
import MineScreenGeometry

/// Ellipsoidal areas with Karney's algorithm (`geod_polygonarea`, shipped with PROJ).
/// Plain C on a constant struct: safe to share between threads.
public struct GeodesicArea: Sendable {
    private var geodesic = geod_geodesic()
    public let semiMajorAxis: Double
    public let flattening: Double

    /// CGCS2000: a = 6378137 m, f = 1/298.257222101.
    public static let cgcs2000 = GeodesicArea(semiMajorAxis: 6_378_137, flattening: 1 / 298.257222101)

    public init(semiMajorAxis: Double, flattening: Double) {
        self.semiMajorAxis = semiMajorAxis
        self.flattening = flattening
        geod_init(&geodesic, semiMajorAxis, flattening)
    }

    /// Unsigned area (m²) enclosed by one ring of lon/lat positions; edges are geodesics.
    public func ringArea(_ ring: [Position]) -> Double { ringMeasure(ring).area }

    /// Unsigned area (m²) and perimeter (m) of one ring.
    public func ringMeasure(_ ring: [Position]) -> (area: Double, perimeter: Double) {
        var n = ring.count
        if n > 1, ring[0] == ring[n - 1] { n -= 1 }
        guard n >= 3 else { return (0, 0) }
        var lats = [Double](repeating: 0, count: n)
        var lons = [Double](repeating: 0, count: n)
        for k in 0..<n { lons[k] = ring[k].x; lats[k] = ring[k].y }
        var area = 0.0
        var perimeter = 0.0
        var g = geodesic
        geod_polygonarea(&g, &lats, &lons, Int32(n), &area, &perimeter)
        return (abs(area), perimeter)
    }

    /// Karney's area term of one edge (lon/lat, degrees): the signed area (m²) between the geodesic from `a`
    /// to `b` and the equator. A ring's area is minus the sum over its edges (as `geod_polygonarea` forms it),
    /// so an edge and its reverse cancel.
    public func edgeAreaTerm(_ a: Position, _ b: Position) -> Double {
        var g = geodesic
        var term = 0.0
        _ = geod_geninverse(&g, a.y, a.x, b.y, b.x, nil, nil, nil, nil, nil, nil, &term)
        return term
    }

    /// Length (m) of the geodesic between two lon/lat positions (degrees).
    public func distance(_ a: Position, _ b: Position) -> Double {
        var g = geodesic
        var length = 0.0
        geod_inverse(&g, a.y, a.x, b.y, b.x, &length, nil, nil)
        return length
    }

    /// Area (exterior minus holes) and total boundary length (all rings), summed over parts.
    public func measure(_ polygons: [Polygon]) -> (area: Double, perimeter: Double) {
        var area = 0.0, perimeter = 0.0
        for polygon in polygons {
            for (k, ring) in polygon.rings.enumerated() {
                let m = ringMeasure(ring)
                area += k == 0 ? m.area : -m.area
                perimeter += m.perimeter
            }
        }
        return (area, perimeter)
    }

    /// Exterior minus holes, summed over parts.
    public func area(_ polygons: [Polygon]) -> Double { measure(polygons).area }
}

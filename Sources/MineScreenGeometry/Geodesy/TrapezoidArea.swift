import Foundation

/// Ellipsoidal areas by the trapezoid series of TD/T 1055-2019 Appendix D (the same formula as the
/// Second National Land Survey's 图斑椭球面积, 国土调查办发〔2008〕32号):
///
///     S = 2b²ΔL [ A sin(½ΔB) cos Bm − B sin(3⁄2 ΔB) cos 3Bm + C sin(5⁄2 ΔB) cos 5Bm
///                 − D sin(7⁄2 ΔB) cos 7Bm + E sin(9⁄2 ΔB) cos 9Bm ]
///
/// the area between the parallels B1, B2 and two meridians ΔL apart (radians), Bm = (B1 + B2)/2,
/// with A…E series in e² (below). It is the area element b² cosB/(1 − e² sin²B)² integrated in closed
/// form term by term, so it is independent of Karney's geodesic algorithm that `ellipsoidal` uses;
/// the product form sin(kΔB/2) cos(kBm) keeps full precision for thin strips (no difference of
/// nearly equal sines). Truncation after e⁸ leaves ~e¹⁰ ≈ 1e-11 relative.
public struct TrapezoidArea: Sendable {
    public let semiMajorAxis: Double
    public let flattening: Double
    let bSquared: Double
    let a1, b1, c1, d1, e1: Double

    /// CGCS2000: a = 6378137 m, f = 1/298.257222101.
    public static let cgcs2000 = TrapezoidArea(semiMajorAxis: 6_378_137, flattening: 1 / 298.257222101)

    public init(semiMajorAxis a: Double, flattening f: Double) {
        semiMajorAxis = a
        flattening = f
        let e2 = f * (2 - f)
        let e4 = e2 * e2, e6 = e4 * e2, e8 = e6 * e2
        let b = a * (1 - f)
        bSquared = b * b
        a1 = 1 + 3.0 / 6 * e2 + 30.0 / 80 * e4 + 35.0 / 112 * e6 + 630.0 / 2304 * e8
        b1 = 1.0 / 6 * e2 + 15.0 / 80 * e4 + 21.0 / 112 * e6 + 420.0 / 2304 * e8
        c1 = 3.0 / 80 * e4 + 7.0 / 112 * e6 + 180.0 / 2304 * e8
        d1 = 1.0 / 112 * e6 + 45.0 / 2304 * e8
        e1 = 5.0 / 2304 * e8
    }

    /// Area (m²) of the quadrangle between latitudes `lat1`, `lat2` and meridians `deltaLon` apart (degrees).
    /// Signed: negative when lat2 < lat1 or deltaLon < 0.
    public func quadrangle(deltaLon: Double, lat1: Double, lat2: Double) -> Double {
        let rad = Double.pi / 180
        let dB = (lat2 - lat1) * rad, bm = (lat1 + lat2) / 2 * rad
        let series = a1 * sin(dB / 2) * cos(bm) - b1 * sin(1.5 * dB) * cos(3 * bm) + c1 * sin(2.5 * dB) * cos(5 * bm)
            - d1 * sin(3.5 * dB) * cos(7 * bm) + e1 * sin(4.5 * dB) * cos(9 * bm)
        return 2 * bSquared * deltaLon * rad * series
    }

    /// Unsigned area (m²) of one lon/lat ring whose edges are straight in lon/lat (so an edge along a
    /// parallel or a meridian is exactly that line). The ring is cut into horizontal trapezoids, one per
    /// edge, between the edge's two parallels and from a reference meridian to the edge's mean longitude;
    /// their signed sum is the ring's area. Exact for parallels and meridians. A sloping edge's strip is
    /// off by about δL·g′·ΔB²/12 (δL, ΔB its longitude and latitude spans in radians, g′ ≈ −b² sin B):
    /// 0.003 m² at most for the ≤ 70 m edges TD/T 1055 asks for, but 3 m² for a 2′ edge leaning by 1″.
    /// `maxLatitudeStep` (degrees) cuts sloping edges, straight in lon/lat, into pieces no taller than
    /// that, which shrinks the error with the square of the step.
    public func ringArea(_ ring: [Position], maxLatitudeStep: Double? = nil) -> Double {
        var n = ring.count
        if n > 1, ring[0] == ring[n - 1] { n -= 1 }
        guard n >= 3 else { return 0 }
        // Longitudes from the first vertex keep the strips narrow, so their sum does not cancel digits.
        let reference = ring[0].x
        var sum = 0.0
        for k in 0..<n {
            let p = ring[k], q = ring[(k + 1) % n]
            guard p.y != q.y else { continue }
            let pieces = p.x == q.x ? 1 : maxLatitudeStep.map { max(1, Int((abs(q.y - p.y) / $0).rounded(.up))) } ?? 1
            for s in 0..<pieces {
                let t0 = Double(s) / Double(pieces), t1 = Double(s + 1) / Double(pieces)
                let x0 = p.x + (q.x - p.x) * t0, x1 = p.x + (q.x - p.x) * t1
                let y0 = s == 0 ? p.y : p.y + (q.y - p.y) * t0, y1 = s == pieces - 1 ? q.y : p.y + (q.y - p.y) * t1
                sum += quadrangle(deltaLon: (x0 + x1) / 2 - reference, lat1: y0, lat2: y1)
            }
        }
        return abs(sum)
    }

    /// Exterior minus holes, summed over parts, every sloping edge cut to `maxLatitudeStep` (degrees).
    public func area(_ polygons: [Polygon], maxLatitudeStep: Double?) -> Double {
        polygons.reduce(0) { total, polygon in
            total + polygon.rings.enumerated().reduce(0) {
                $0 + ($1.offset == 0 ? 1 : -1) * ringArea($1.element, maxLatitudeStep: maxLatitudeStep)
            }
        }
    }

    /// Exterior minus holes, summed over parts.
    public func area(_ polygons: [Polygon]) -> Double { area(polygons, maxLatitudeStep: nil) }
}

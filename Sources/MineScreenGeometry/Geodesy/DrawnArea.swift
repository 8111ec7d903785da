import Foundation

/// The ellipsoidal area (CGCS2000) of a region whose edges are straight lines in the CRS it is drawn in:
/// the area `--method tdt1055` gives in `overlap` and `screen`.
///
/// By Green's theorem the area of a ring is ∮ (λ − λref) g(φ) dφ with g(φ) = b² cos φ / (1 − e² sin² φ)², the
/// area element of TD/T 1055-2019 Appendix D, written as its series g = b² (A cos φ − 3B cos 3φ + 5C cos 5φ
/// − 7D cos 7φ + 9E cos 9φ) (`TrapezoidArea`'s A…E). Each edge's term is an integral along the edge as drawn,
/// so it depends only on the edge's end points and on the edge being straight in that CRS: cutting an edge at
/// a point of it gives two terms that add up to the whole, and an overlay's pieces add up to what they were
/// cut from (to the overlay's rounding of the cut points). The densified trapezoid sum of `TDT1055Area`
/// converges to the same value as its pieces shrink, but is not additive: its strips use the mean longitude.
///
/// - Lon/lat edges (CGCS2000 or its equivalents): λ is linear in φ along the edge, and the integral is
///   closed: (λm − λref)·(G(φ1) − G(φ0)) + Δλ·∫(φ − φm) g dφ / Δφ, the second part term by term
///   ∫ u cos(k(φm + u)) du over [−h, h] = −2 sin(kφm)(sin kh − kh cos kh)/k².
/// - Edges in a plane (Gauss-Krüger, the block-centred transverse Mercator, any projected CRS): the edge's
///   image in lon/lat is a smooth curve; it is sampled at Chebyshev points (PROJ's inverse), differentiated
///   spectrally and integrated by Clenshaw–Curtis. The curve is analytic over lengths far below the Earth's
///   radius, so 9 points (edges under 5 km) or 17 reach the integral to rounding.
public struct DrawnArea {
    let series: TrapezoidArea
    /// (k, c_k) of g = b² Σ c_k cos kφ.
    let densityTerms: [(k: Double, c: Double)]

    public init(_ series: TrapezoidArea = .cgcs2000) {
        self.series = series
        densityTerms = [(1, series.a1), (3, -3 * series.b1), (5, 5 * series.c1), (7, -7 * series.d1), (9, 9 * series.e1)]
    }

    static let radiansPerDegree = Double.pi / 180

    // MARK: Lon/lat edges

    /// Signed area term (m²) of the edge (λ0, φ0) → (λ1, φ1), straight in lon/lat (degrees), from the meridian
    /// `reference` (degrees). A counter-clockwise ring's terms sum to its area.
    public func lonLatEdgeTerm(from p: Position, to q: Position, reference: Double) -> Double {
        guard p.y != q.y else { return 0 }
        let rad = Self.radiansPerDegree
        let h = (q.y - p.y) / 2 * rad
        let middle = (p.y + q.y) / 2 * rad
        let meanOffset = ((p.x + q.x) / 2 - reference) * rad
        let span = (q.x - p.x) * rad
        let b2 = series.bSquared
        // G(φ1) − G(φ0) in product form (no difference of nearly equal sines).
        let strip = 2 * b2 * (series.a1 * sin(h) * cos(middle) - series.b1 * sin(3 * h) * cos(3 * middle)
            + series.c1 * sin(5 * h) * cos(5 * middle) - series.d1 * sin(7 * h) * cos(7 * middle)
            + series.e1 * sin(9 * h) * cos(9 * middle))
        guard span != 0 else { return meanOffset * strip }
        // Δλ/Δφ · ∫ (φ − φm) g dφ = −b² Δλ h² Σ c_k k sin(kφm) ψ(kh), c_k the coefficients of g.
        var slope = 0.0
        for (k, c) in densityTerms { slope += c * k * sin(k * middle) * Self.psi(k * h) }
        return meanOffset * strip - b2 * span * h * h * slope
    }

    /// ψ(t) = (sin t − t cos t)/t³, by its series near 0 where the difference would lose digits.
    static func psi(_ t: Double) -> Double {
        let t2 = t * t
        if abs(t) < 0.05 { return 1.0 / 3 - t2 / 30 + t2 * t2 / 840 - t2 * t2 * t2 / 45_360 }
        return (sin(t) - t * cos(t)) / (t2 * t)
    }

    /// Unsigned area (m²) of a ring with edges straight in CGCS2000 lon/lat (degrees).
    public func lonLatRingArea(_ ring: [Position]) -> Double {
        var n = ring.count
        if n > 1, ring[0] == ring[n - 1] { n -= 1 }
        guard n >= 3 else { return 0 }
        let reference = ring[0].x
        var sum = 0.0
        for k in 0..<n { sum += lonLatEdgeTerm(from: ring[k], to: ring[(k + 1) % n], reference: reference) }
        return abs(sum)
    }

    /// Exterior minus holes, summed over parts; edges straight in CGCS2000 lon/lat.
    public func lonLatArea(_ polygons: [Polygon]) -> Double {
        polygons.reduce(0) { total, polygon in
            total + polygon.rings.enumerated().reduce(0) { $0 + ($1.offset == 0 ? 1 : -1) * lonLatRingArea($1.element) }
        }
    }

    // MARK: Plane edges

    /// Chebyshev points cos(jπ/N), their differentiation matrix and Clenshaw–Curtis weights on [−1, 1].
    struct ChebyshevRule {
        let nodes: [Double]
        let differentiation: [[Double]]
        let weights: [Double]

        init(order n: Int) {
            let nodes = (0...n).map { cos(Double($0) * .pi / Double(n)) }
            let scale = (0...n).map { j -> Double in ((j == 0 || j == n) ? 2 : 1) * (j % 2 == 0 ? 1 : -1) }
            var d = [[Double]](repeating: [Double](repeating: 0, count: n + 1), count: n + 1)
            for i in 0...n {
                var diagonal = 0.0
                for j in 0...n where j != i {
                    d[i][j] = scale[i] / scale[j] / (nodes[i] - nodes[j])
                    diagonal -= d[i][j]
                }
                d[i][i] = diagonal
            }
            // Clenshaw–Curtis for even n (Trefethen, Spectral Methods in MATLAB, clencurt).
            var weights = [Double](repeating: 0, count: n + 1)
            let nn = Double(n * n - 1)
            weights[0] = 1 / nn
            weights[n] = 1 / nn
            for i in 1..<n {
                let theta = Double(i) * .pi / Double(n)
                var v = 1.0
                for k in 1..<(n / 2) { v -= 2 * cos(2 * Double(k) * theta) / Double(4 * k * k - 1) }
                v -= cos(Double(n) * theta) / nn
                weights[i] = 2 * v / Double(n)
            }
            self.nodes = nodes
            self.differentiation = d
            self.weights = weights
        }
    }

    static let shortRule = ChebyshevRule(order: 8)
    static let longRule = ChebyshevRule(order: 16)
    /// Edges shorter than this (CRS units: metres) use `shortRule`.
    static let shortEdge = 5_000.0

    /// Signed area term (m²) of the plane edge p → q: the integral of (λ − λref) g(φ) dφ along its image in
    /// lon/lat. `toLonLat` takes plane positions to CGCS2000 lon/lat degrees.
    func planeEdgeTerm(from p: Position, to q: Position, reference: Double,
                       toLonLat: (inout [Position]) throws -> Void) throws -> Double {
        if p == q { return 0 }
        let length = ((q.x - p.x) * (q.x - p.x) + (q.y - p.y) * (q.y - p.y)).squareRoot()
        let rule = length < Self.shortEdge ? Self.shortRule : Self.longRule
        let n = rule.nodes.count
        // Node j at t = cos(jπ/N): t = 1 is p, t = −1 is q; the end points are taken exactly.
        var points = rule.nodes.enumerated().map { j, t -> Position in
            if j == 0 { return p }
            if j == n - 1 { return q }
            let u = (1 - t) / 2
            return Position(p.x + (q.x - p.x) * u, p.y + (q.y - p.y) * u)
        }
        try toLonLat(&points)
        let rad = Self.radiansPerDegree
        let first = points[0]
        // Differences from the first point keep the spectral derivative from differentiating large constants.
        let dLat = points.map { ($0.y - first.y) * rad }
        var integral = 0.0
        for i in 0..<n {
            var derivative = 0.0
            for j in 0..<n { derivative += rule.differentiation[i][j] * dLat[j] }
            let latitude = points[i].y * rad
            let density = series.bSquared * (series.a1 * cos(latitude) - 3 * series.b1 * cos(3 * latitude)
                + 5 * series.c1 * cos(5 * latitude) - 7 * series.d1 * cos(7 * latitude) + 9 * series.e1 * cos(9 * latitude))
            integral += rule.weights[i] * (points[i].x - reference) * rad * density * derivative
        }
        // Along the edge t runs from 1 to −1.
        return -integral
    }

    /// Unsigned area (m²) of a ring with edges straight in a plane.
    package func planeRingArea(_ ring: [Position], toLonLat: (inout [Position]) throws -> Void) throws -> Double {
        var n = ring.count
        if n > 1, ring[0] == ring[n - 1] { n -= 1 }
        guard n >= 3 else { return 0 }
        var start = [ring[0]]
        try toLonLat(&start)
        let reference = start[0].x
        var sum = 0.0
        for k in 0..<n { sum += try planeEdgeTerm(from: ring[k], to: ring[(k + 1) % n], reference: reference, toLonLat: toLonLat) }
        return abs(sum)
    }
}

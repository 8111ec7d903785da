import Foundation

/// Easting/northing of a transverse Mercator plane with its origin on the equator (every Gauss-Krüger zone of
/// CGCS2000, with or without the zone prefix in the false easting) back to longitude/latitude in degrees.
///
/// Why hand-written: areas in a GK plane are measured vertex by vertex on the ellipsoid, so every vertex of every
/// piece goes to lon/lat once; through PROJ that is ~180 ns a vertex (its generic pipeline around the same series),
/// about a tenth of a projected run's CPU. This evaluates the same thing directly: Krüger's series to sixth order
/// in the third flattening n (Karney 2011, "Transverse Mercator with an accuracy of a few nanometers", eqs. 11,
/// 15, 36; the coefficients PROJ's default `tmerc` uses), complex Clenshaw sums, then conformal to geodetic
/// latitude by the same order of series. It agrees with PROJ to rounding (`TransverseMercatorInverseTests`
/// holds it to PROJ on random points of every zone); `Transformer.transverseMercatorInverse` hands it out only
/// for an operation PROJ itself wrote as exactly this projection.
public struct TransverseMercatorInverse: Sendable {
    public let centralMeridian: Double
    public let scale: Double
    public let falseEasting: Double
    public let falseNorthing: Double
    public let semiMajorAxis: Double
    public let flattening: Double

    /// The central meridian in radians, as PROJ holds it.
    private let centralMeridianRadians: Double
    /// Rectifying radius times the scale: metres of northing per radian of rectifying latitude.
    private let metresPerRadian: Double
    /// −β₁…β₆: from the plane's normalised ξ + iη to the sphere's ξ′ + iη′.
    private let toSphere: [Double]
    /// δ₁…δ₆: from the conformal latitude χ to the geodetic latitude φ.
    private let toGeodetic: [Double]

    /// Beyond this |η| (about 150° of longitude from the central meridian) PROJ refuses the point; so does this.
    static let largestEta = 2.623395162778

    public init(centralMeridian: Double, scale: Double, falseEasting: Double, falseNorthing: Double,
                semiMajorAxis: Double = 6_378_137, flattening: Double = 1 / 298.257222101) {
        self.centralMeridian = centralMeridian
        self.scale = scale
        self.falseEasting = falseEasting
        self.falseNorthing = falseNorthing
        self.semiMajorAxis = semiMajorAxis
        self.flattening = flattening
        centralMeridianRadians = centralMeridian * (Double.pi / 180)
        let n = flattening / (2 - flattening)
        let n2 = n * n, n3 = n2 * n, n4 = n3 * n, n5 = n4 * n, n6 = n5 * n
        metresPerRadian = scale * semiMajorAxis / (1 + n) * (1 + n2 / 4 + n4 / 64 + n6 / 256)
        toSphere = [
            -(n / 2 - 2 * n2 / 3 + 37 * n3 / 96 - n4 / 360 - 81 * n5 / 512 + 96199 * n6 / 604800),
            -(n2 / 48 + n3 / 15 - 437 * n4 / 1440 + 46 * n5 / 105 - 1118711 * n6 / 3870720),
            -(17 * n3 / 480 - 37 * n4 / 840 - 209 * n5 / 4480 + 5569 * n6 / 90720),
            -(4397 * n4 / 161280 - 11 * n5 / 504 - 830251 * n6 / 7257600),
            -(4583 * n5 / 161280 - 108847 * n6 / 3991680),
            -(20648693 * n6 / 638668800),
        ]
        toGeodetic = [
            2 * n - 2 * n2 / 3 - 2 * n3 + 116 * n4 / 45 + 26 * n5 / 45 - 2854 * n6 / 675,
            7 * n2 / 3 - 8 * n3 / 5 - 227 * n4 / 45 + 2704 * n5 / 315 + 2323 * n6 / 945,
            56 * n3 / 15 - 136 * n4 / 35 - 1262 * n5 / 105 + 73814 * n6 / 2835,
            4279 * n4 / 630 - 332 * n5 / 35 - 399572 * n6 / 14175,
            4174 * n5 / 315 - 144838 * n6 / 6237,
            601676 * n6 / 22275,
        ]
    }

    /// Longitude and latitude (degrees, x = east) of a plane position; nil where PROJ would refuse it too
    /// (more than 150° from the central meridian, or a coordinate that is not finite).
    public func lonLat(_ p: Position) -> Position? {
        let xi = (p.y - falseNorthing) / metresPerRadian
        let eta = (p.x - falseEasting) / metresPerRadian
        guard xi.isFinite, eta.isFinite, abs(eta) <= Self.largestEta else { return nil }
        // ξ′ + iη′ = ζ + Σ −βⱼ sin(2jζ), ζ = ξ + iη, by Clenshaw's recurrence on the complex sine series.
        let (sin2xi, cos2xi) = (sin(2 * xi), cos(2 * xi))
        let e2 = exp(2 * eta), sinh2eta = (e2 - 1 / e2) / 2, cosh2eta = (e2 + 1 / e2) / 2
        // r = 2 cos(2ζ)
        let rr = 2 * cos2xi * cosh2eta, ri = -2 * sin2xi * sinh2eta
        var (yr, yi) = (0.0, 0.0), (zr, zi) = (0.0, 0.0)
        for c in toSphere.reversed() {
            let nr = c + rr * yr - ri * yi - zr
            let ni = ri * yr + rr * yi - zi
            (zr, zi) = (yr, yi)
            (yr, yi) = (nr, ni)
        }
        // The sum is y₁ · sin(2ζ), sin(2ζ) = sin 2ξ cosh 2η + i cos 2ξ sinh 2η.
        let sr = sin2xi * cosh2eta, si = cos2xi * sinh2eta
        let xiS = xi + (yr * sr - yi * si)
        let etaS = eta + (yr * si + yi * sr)
        // Sphere to conformal latitude χ and longitude λ (Karney 2011, eq. 15).
        let (s, c) = (sin(xiS), cos(xiS))
        let e = exp(etaS), sh = (e - 1 / e) / 2, ch = (e + 1 / e) / 2
        let rho = (sh * sh + c * c).squareRoot()
        let chi = atan2(s, rho)
        let lambda = atan2(sh, c)
        // φ = χ + Σ δⱼ sin(2jχ), by Clenshaw with sin 2χ and cos 2χ from sin χ = s / cosh η′, cos χ = ρ / cosh η′.
        let ch2 = ch * ch
        let sin2chi = 2 * s * rho / ch2, cos2chi = (rho * rho - s * s) / ch2
        var (b1, b2) = (0.0, 0.0)
        for d in toGeodetic.reversed() { (b1, b2) = (d + 2 * cos2chi * b1 - b2, b1) }
        let phi = chi + b1 * sin2chi
        // The longitude put back into [−180°, 180°] as PROJ does (`adjlon`): up to 150° from a central meridian
        // of 75°–135° can pass 180°.
        var longitude = lambda + centralMeridianRadians
        if abs(longitude) >= Double.pi + 1e-12 {
            longitude += Double.pi
            longitude -= 2 * Double.pi * (longitude / (2 * Double.pi)).rounded(.down)
            longitude -= Double.pi
        }
        let degrees = 180 / Double.pi
        return Position(longitude * degrees, phi * degrees)
    }
}

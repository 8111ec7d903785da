/// A CGCS2000 Gauss-Krüger zone as the EPSG registry numbers them: 3° zones 25–45 are EPSG:4513–4533 with
/// the zone number prefixed to the easting and 4534–4554 without; 6° zones 13–23 are 4491–4501 with and
/// 4502–4512 without. One place for this arithmetic so readers, writers and checks agree.
public struct GaussKrugerZone: Hashable, Sendable, CustomStringConvertible {
    /// 3 or 6 (degrees).
    public var width: Int
    public var zone: Int
    /// Whether eastings carry the zone number (38 512 345.67 rather than 512 345.67).
    public var prefixed: Bool

    public init?(width: Int, zone: Int, prefixed: Bool) {
        switch width {
        case 3 where (25...45).contains(zone), 6 where (13...23).contains(zone): break
        default: return nil
        }
        self.width = width; self.zone = zone; self.prefixed = prefixed
    }

    public init?(epsg code: Int) {
        switch code {
        case 4513...4533: self.init(width: 3, zone: code - 4513 + 25, prefixed: true)
        case 4534...4554: self.init(width: 3, zone: code - 4534 + 25, prefixed: false)
        case 4491...4501: self.init(width: 6, zone: code - 4491 + 13, prefixed: true)
        case 4502...4512: self.init(width: 6, zone: code - 4502 + 13, prefixed: false)
        default: return nil
        }
    }

    public init?(_ crs: CRSIdentifier) {
        guard let code = crs.epsgCode else { return nil }
        self.init(epsg: code)
    }

    /// The zone an 8-digit easting's prefix names: 13–23 can only be 6° zones and 25–45 only 3° zones in
    /// CGCS2000's Chinese range, so the prefix alone decides the zone width.
    public init?(prefixOf easting: Double) {
        guard easting.isFinite, easting >= 10_000_000, easting < 100_000_000 else { return nil }
        let prefix = Int(easting / 1_000_000)
        if (13...23).contains(prefix) { self.init(width: 6, zone: prefix, prefixed: true) } else {
            self.init(width: 3, zone: prefix, prefixed: true)
        }
    }

    /// The 3° zone whose band holds a longitude (seams go to the eastern zone, as 3° zones are numbered λ₀/3).
    public static func threeDegree(longitude: Double, prefixed: Bool) -> GaussKrugerZone? {
        guard longitude.isFinite else { return nil }
        return GaussKrugerZone(width: 3, zone: Int((longitude / 3).rounded()), prefixed: prefixed)
    }

    public var epsg: Int {
        switch (width, prefixed) {
        case (3, true): return 4513 + zone - 25
        case (3, false): return 4534 + zone - 25
        case (6, true): return 4491 + zone - 13
        default: return 4502 + zone - 13
        }
    }

    public var crs: CRSIdentifier { CRSIdentifier(authority: "EPSG", code: String(epsg)) }

    public var withPrefix: GaussKrugerZone { var z = self; z.prefixed = true; return z }
    public var withoutPrefix: GaussKrugerZone { var z = self; z.prefixed = false; return z }

    /// Central meridian: 3° zone n at 3n°E, 6° zone n at (6n − 3)°E.
    public var centralMeridian: Double { width == 3 ? Double(3 * zone) : Double(6 * zone - 3) }

    /// The zone's band of longitudes, with a hair (1e-9°, 0.1 mm) of slack for points surveyed on a seam.
    public func bandContains(longitude: Double) -> Bool {
        abs(longitude - centralMeridian) <= Double(width) / 2 + 1e-9
    }

    /// Amount added to eastings in this CRS on top of the 500 000 m false easting.
    public var prefixOffset: Double { prefixed ? Double(zone) * 1_000_000 : 0 }

    public var description: String { "\(width)° zone \(zone) (EPSG:\(epsg))" }
}

import Foundation

/// A CGCS2000 longitude/latitude box (degrees): where a feature lies, when nothing more can be said of it.
public struct LonLatBox: Sendable, Equatable {
    public var minLon: Double, minLat: Double, maxLon: Double, maxLat: Double

    public init(minLon: Double, minLat: Double, maxLon: Double, maxLat: Double) {
        self.minLon = minLon; self.minLat = minLat; self.maxLon = maxLon; self.maxLat = maxLat
    }

    /// The box of `positions` (already lon/lat), nil when none is a finite longitude, latitude.
    public init?(_ positions: [Position]) {
        var box = Box()
        for p in positions where p.isFinite && abs(p.x) <= 180 && abs(p.y) <= 90 { box.add(p) }
        guard !box.isEmpty else { return nil }
        self.init(minLon: box.minX, minLat: box.minY, maxLon: box.maxX, maxLat: box.maxY)
    }

    /// True when the two boxes share a point (touching counts).
    public func meets(_ other: LonLatBox) -> Bool {
        other.minLon <= maxLon && other.maxLon >= minLon && other.minLat <= maxLat && other.maxLat >= minLat
    }

    /// Grown on every side by at least `metres` on the ground. A degree of latitude is at least 110 574 m
    /// (at the equator); a degree of longitude at least 111 320 m × cos of the box's highest latitude after the
    /// latitude growth. 110 000 m per degree is used for both, so the growth is never short.
    public func padded(metres: Double) -> LonLatBox {
        let dLat = metres / 110_000
        let top = min(max(abs(minLat), abs(maxLat)) + dLat, 90)
        let cosine = cos(top * .pi / 180)
        let dLon = cosine > 1e-6 ? min(metres / (110_000 * cosine), 360) : 360
        return LonLatBox(minLon: max(minLon - dLon, -180), minLat: max(minLat - dLat, -90),
                         maxLon: min(maxLon + dLon, 180), maxLat: min(maxLat + dLat, 90))
    }
}

import Foundation

/// A CGCS2000 longitude/latitude box (degrees): where a feature lies, when nothing more can be said of it.
/// A box across the antimeridian has `minLon > maxLon`: it runs east from `minLon` through ±180° to `maxLon`.
public struct LonLatBox: Sendable, Equatable {
    public var minLon: Double, minLat: Double, maxLon: Double, maxLat: Double

    public init(minLon: Double, minLat: Double, maxLon: Double, maxLat: Double) {
        self.minLon = minLon; self.minLat = minLat; self.maxLon = maxLon; self.maxLat = maxLat
    }

    /// The box of `positions` (already lon/lat), nil when none is a finite longitude, latitude. With `wrapping`
    /// the longitudes take the shortest way round: a patch drawn across 180° (vertices at 179.99° and −179.99°)
    /// gets a box 0.02° wide across the antimeridian, not one 359.98° wide around the world.
    public init?(_ positions: [Position], wrapping: Bool = false) {
        var box = Box()
        var longitudes: [Double] = []
        for p in positions where p.isFinite && abs(p.x) <= 180 && abs(p.y) <= 90 {
            box.add(p)
            if wrapping { longitudes.append(p.x) }
        }
        guard !box.isEmpty else { return nil }
        self.init(minLon: box.minX, minLat: box.minY, maxLon: box.maxX, maxLat: box.maxY)
        guard wrapping, longitudes.count > 1 else { return }
        longitudes.sort()
        // The widest empty stretch of longitude is what the box leaves out; across ±180° it is the plain box.
        var widest = (gap: longitudes[0] + 360 - longitudes[longitudes.count - 1], after: longitudes.count - 1)
        for k in 0..<(longitudes.count - 1) where longitudes[k + 1] - longitudes[k] > widest.gap {
            widest = (longitudes[k + 1] - longitudes[k], k)
        }
        if widest.after != longitudes.count - 1 {
            minLon = longitudes[widest.after + 1]
            maxLon = longitudes[widest.after]
        }
    }

    public var crossesAntimeridian: Bool { minLon > maxLon }

    /// Degrees of longitude the box spans.
    var lonWidth: Double { crossesAntimeridian ? maxLon + 360 - minLon : maxLon - minLon }

    /// The box's longitude ranges without wrapping: one, or two either side of ±180°.
    var lonRanges: [(Double, Double)] { crossesAntimeridian ? [(minLon, 180), (-180, maxLon)] : [(minLon, maxLon)] }

    /// True when the two boxes share a point (touching counts).
    public func meets(_ other: LonLatBox) -> Bool {
        guard other.minLat <= maxLat, other.maxLat >= minLat else { return false }
        for a in lonRanges { for b in other.lonRanges where b.0 <= a.1 && b.1 >= a.0 { return true } }
        return false
    }

    /// Grown on every side by at least `metres` on the ground. A degree of latitude is at least 110 574 m
    /// (at the equator); a degree of longitude at least 111 320 m × cos of the box's highest latitude after the
    /// latitude growth. 110 000 m per degree is used for both, so the growth is never short. Growth past ±180°
    /// continues on the other side.
    public func padded(metres: Double) -> LonLatBox {
        let dLat = metres / 110_000
        let top = min(max(abs(minLat), abs(maxLat)) + dLat, 90)
        let cosine = cos(top * .pi / 180)
        let dLon = cosine > 1e-6 ? metres / (110_000 * cosine) : 360
        let south = max(minLat - dLat, -90), north = min(maxLat + dLat, 90)
        guard lonWidth + 2 * dLon < 360 else { return LonLatBox(minLon: -180, minLat: south, maxLon: 180, maxLat: north) }
        var west = minLon - dLon, east = maxLon + dLon
        if west < -180 { west += 360 }
        if east > 180 { east -= 360 }
        return LonLatBox(minLon: west, minLat: south, maxLon: east, maxLat: north)
    }
}

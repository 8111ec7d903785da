import Foundation

/// Shapes that longitude, latitude coordinates cannot honestly describe as one small patch of ground:
/// rings through a pole, edges across the antimeridian, and features wider than this domain ever draws.
///
/// Every engine reads edges as straight lines in the data's CRS (GEOS overlays, densification) and
/// measures them with geodesics or in a transverse Mercator centred on the block. For the features
/// rejected here those readings disagree by whole hemispheres:
/// - An edge from 179.99° to −179.99° is 0.02° long on the ground (RFC 7946 §3.1.9), but a straight line
///   in longitude runs 359.98° the other way round: the geodesic area is 2.4 km², the overlay a band
///   round the whole globe that overlaps every block on its latitudes.
/// - A ring through a pole (the whole globe `[-180,-90] … [180,90]`) has zero geodesic area, since its
///   polar edges are single points, while in longitude, latitude it is the whole Earth; moving it into a
///   block-centred plane leaves the projection's domain, and densifying it was a 150 s, 500 MB hang.
///
/// Splitting at ±180° as RFC 7946 describes would be possible, but every engine (the block-centred
/// transverse Mercator, the 1′ graticule, Gauss-Krüger zones) would then need the wrapped case too, for
/// data this tool never meets: China lies between 73°E and 135°E. Such features are rejected with the
/// reason instead, which is honest, exact and costs one pass over the positions before GEOS sees them.
package enum GeographicExtent {
    /// Widest longitude span of one feature. Blocks are measured and corridors built in a transverse
    /// Mercator centred on the block, which PROJ keeps fully accurate only within 3900 km of its central
    /// meridian: 35° of longitude either side at the equator. China spans 61° (73.5°E–134.8°E), so no
    /// block or constraint feature of this domain comes near the bound.
    package static let maximumLongitudeSpan = 70.0

    /// The first problem found, or nil. `paths` are the feature's rings (or lines, or points) in
    /// CGCS2000 longitude, latitude, in the order `Geometry.forEachPosition` visits them;
    /// `converted` says they were converted from a projected CRS (messages say so).
    package static func problem<Paths: Sequence>(_ paths: Paths, converted: Bool) -> String?
    where Paths.Element: Sequence<Position> {
        let note = converted ? " (in CGCS2000 longitude, latitude)" : ""
        var minLon = Double.infinity, maxLon = -Double.infinity
        var westmost = Position(0, 0), eastmost = Position(0, 0)
        var count = 0
        for path in paths {
            var previous: Position?
            for p in path {
                count += 1
                // Exactly ±90 only: beyond that the coordinate check has already rejected the position.
                if abs(p.y) >= 90 {
                    return "touches a pole (position \(count): \(show(p))\(note)): a ring through a pole has no single area in longitude, latitude (a whole-globe or polar-cap polygon is not a patch of ground this tool can measure)"
                }
                if let q = previous, abs(p.x - q.x) > 180 {
                    return "crosses the antimeridian: the edge from \(show(q)) to \(show(p))\(note) jumps \(degrees(abs(p.x - q.x)))° of longitude, which as drawn runs the long way round the globe; split it at ±180° into parts that do not cross (data of this domain, 73°E–135°E, never does)"
                }
                if p.x < minLon { minLon = p.x; westmost = p }
                if p.x > maxLon { maxLon = p.x; eastmost = p }
                previous = p
            }
        }
        // 1e-9° (0.1 mm) of slack: 148.3 − 78.3 is 70.00000000000001 in binary.
        guard maxLon - minLon > maximumLongitudeSpan + 1e-9 else { return nil }
        let span = degrees(maxLon - minLon)
        if minLon < -90, maxLon > 90 {
            return "crosses the antimeridian: parts at \(show(westmost)) and \(show(eastmost))\(note) lie on both sides of ±180°, spanning \(span)° of longitude as drawn (more than the \(degrees(maximumLongitudeSpan))° one feature may span)"
        }
        return "spans \(span)° of longitude (\(show(westmost)) to \(show(eastmost))\(note)), more than the \(degrees(maximumLongitudeSpan))° one feature may span: no block or constraint patch of this domain is that wide (China spans 61°), and blocks are measured in a transverse Mercator accurate within 35° of their centre"
    }

    /// The feature's position sequences as `forEachPosition` visits them: rings, lines, or single points.
    package static func pathLengths(_ geometry: Geometry) -> [Int] {
        switch geometry {
        case .point: return [1]
        case .multiPoint(let ps): return Array(repeating: 1, count: ps.count)
        case .lineString(let ps): return [ps.count]
        case .multiLineString(let lines): return lines.map(\.count)
        case .polygon(let polygon): return polygon.rings.map(\.count)
        case .multiPolygon(let polygons): return polygons.flatMap { $0.rings.map(\.count) }
        case .unsupported: return []
        }
    }

    /// The first problem of a feature as read (longitude, latitude), visiting its rings in place.
    package static func problem(_ geometry: Geometry) -> String? {
        switch geometry {
        case .point(let p): return problem([[p]], converted: false)
        case .multiPoint(let ps): return problem(ps.lazy.map { CollectionOfOne($0) }, converted: false)
        case .lineString(let ps): return problem([ps], converted: false)
        case .multiLineString(let lines): return problem(lines, converted: false)
        case .polygon(let polygon): return problem(polygon.rings, converted: false)
        case .multiPolygon(let polygons): return problem(polygons.lazy.flatMap(\.rings), converted: false)
        case .unsupported: return nil
        }
    }

    /// `flat` (all positions in visiting order) cut into paths of the given lengths.
    package static func paths(_ flat: [Position], lengths: [Int]) -> [ArraySlice<Position>] {
        var start = 0
        return lengths.map { length in
            defer { start += length }
            return flat[start..<(start + length)]
        }
    }

    private static func show(_ p: Position) -> String { "\(degrees(p.x)),\(degrees(p.y))" }

    /// Degrees to 1e-9 (0.1 mm) without trailing zeros.
    private static func degrees(_ v: Double) -> String {
        var text = String(format: "%.9f", v)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}

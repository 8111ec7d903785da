import Foundation
import MineScreenSupport
import MineScreenGeometry
import MineScreenNative

/// A feature that passed the checks, ready for analysis.
public struct CheckedFeature {
    public var feature: Feature
    /// The geometry as values, in the file's CRS (after repair, if repaired); polygonal, or (for buffer layers)
    /// lines and points too.
    public let shape: Geometry
    /// Set when `--repair` made this feature valid: what was wrong.
    public var repairNote: String?
    private let geos: LazyGEOSGeometry

    /// `geometry`: the GEOS form when the validator had to make it; else it is made on first use.
    public init(feature: Feature, shape: Geometry, repairNote: String? = nil, geometry: GEOSGeom? = nil) {
        self.feature = feature
        self.shape = shape
        self.repairNote = repairNote
        self.geos = geometry.map { LazyGEOSGeometry(made: $0) } ?? LazyGEOSGeometry()
    }

    /// The box of the polygons' exteriors (their GEOS envelope); empty for a shape that is not polygonal.
    package var box: Box {
        var box = Box()
        switch shape {
        case .polygon(let p): box.add(p.exterior)  // no one-element array made per parcel
        case .multiPolygon(let parts): box.add(parts)
        default: break
        }
        return box
    }

    /// `shape` as a GEOS geometry, made on first use (by any thread) and kept.
    public var geometry: GEOSGeom {
        get throws { try geos.geometry(of: shape) }
    }
}

/// What kinds of geometry a caller analyses.
public enum AcceptedGeometry {
    case polygonsOnly
    /// Corridor layers: lines and points are buffered, so they are valid input too.
    case anyFeatureGeometry
}

/// Checks one feature in the order a person would fix them; returns the first problem found.
/// Coordinates are checked before GEOS ever sees them: NaN and infinity never cross into C.
public struct FeatureValidator {
    public var crs: ResolvedCRS
    public var file: String
    public var repair: Bool
    public var accepted: AcceptedGeometry
    /// Survey formats (坐标文件, corner-point CSV) write X = northing first: points in messages follow them.
    public var northingFirst = false
    /// A projected layer's box (`coordinateCheckedBox(of:crs:_:)`) whose positions are known to lie in the CRS
    /// and away from the antimeridian and the poles: a feature inside it skips the per-vertex round trip.
    package var checkedPlaneBox: Box?

    public init(crs: ResolvedCRS, file: String, repair: Bool, accepted: AcceptedGeometry = .polygonsOnly) {
        self.crs = crs; self.file = file; self.repair = repair; self.accepted = accepted
    }

    public func check(_ feature: Feature, in workspace: ThreadWorkspace) -> Result<CheckedFeature, Rejection> {
        func reject(_ reason: String) -> Result<CheckedFeature, Rejection> {
            // A 坐标文件 block is found by its header line.
            var located = reason
            if !reason.hasPrefix("line "), let line = feature.property("headerLine")?.numberValue {
                located = "line \(Int(line)): \(reason)"
            }
            return .failure(Rejection(index: feature.index, id: feature.id, file: file, reason: located))
        }
        if let problem = feature.readProblem { return reject(problem) }
        guard var geometry = feature.geometry else { return reject("null geometry") }
        switch (geometry, accepted) {
        case (.unsupported(let name), .polygonsOnly):
            return reject("unsupported geometry type \(nameForMessage(name)) (Polygon and MultiPolygon are analysed)")
        case (.unsupported(let name), .anyFeatureGeometry):
            return reject("unsupported geometry type \(nameForMessage(name)) (points, lines and polygons are buffered)")
        case (.polygon, _), (.multiPolygon, _), (_, .anyFeatureGeometry):
            break
        default:
            return reject("unsupported geometry type \(geometry.typeName) (Polygon and MultiPolygon are analysed)")
        }
        if case .multiPolygon(let parts) = geometry, parts.contains(where: { $0.rings.isEmpty }) {
            // An empty part adds nothing; the feature is analysed with the others unless none is left.
            geometry = .multiPolygon(parts.filter { !$0.rings.isEmpty })
        }
        if let problem = structureProblem(geometry) { return reject(problem) }
        if let problem = coordinateProblem(geometry, workspace) { return reject(problem) }
        if let polygons = geometry.polygons, let problem = RingCrowding.problem(polygons) { return reject(problem) }
        do {
            // Plain parcels, and polygons whose rings clearly keep apart, are proven valid in Swift: their GEOS
            // form is made only if an analysis needs it. Everything else is GEOS's to judge.
            if geometry.polygons != nil, SimpleRing.isCertainlyValid(geometry) == true || SimplePolygon.isCertainlyValid(geometry) == true {
                return .success(CheckedFeature(feature: feature, shape: geometry))
            }
            let made = try workspace.geos.makeGeometry(geometry)
            guard geometry.polygons != nil, let invalid = try workspace.geos.validityProblem(made) else {
                workspace.geos.primeEnvelopes(made)
                return .success(CheckedFeature(feature: feature, shape: geometry, geometry: made))
            }
            let description = describe(invalid)
            guard repair else { return reject(description) }
            let fixed = try workspace.geos.makeValid(made)
            let polygons = try workspace.geos.polygons(of: fixed)
            guard !polygons.isEmpty else { return reject("\(description); repair left no area") }
            let shape: Geometry = polygons.count == 1 ? .polygon(polygons[0]) : .multiPolygon(polygons)
            let cleaned = try workspace.geos.makeGeometry(shape)
            workspace.geos.primeEnvelopes(cleaned)
            return .success(CheckedFeature(feature: feature, shape: shape, repairNote: description, geometry: cleaned))
        } catch {
            return reject("\(error)")
        }
    }

    /// Empty geometry, ring lengths and closure: GeoJSON's own rules for linear rings.
    func structureProblem(_ geometry: Geometry) -> String? {
        switch geometry {
        case .polygon, .multiPolygon:
            let polygons = geometry.polygons ?? []
            if polygons.isEmpty || polygons.allSatisfy({ $0.rings.isEmpty }) { return "empty geometry" }
            for (p, polygon) in polygons.enumerated() {
                if polygon.rings.isEmpty || polygon.exterior.isEmpty { return "empty geometry (\(where_(p, 0, polygons.count)))" }
                for (r, ring) in polygon.rings.enumerated() {
                    if ring.count < 4 {
                        return "fewer than 4 positions in a ring (\(where_(p, r, polygons.count)) has \(ring.count))"
                    }
                    if ring.first != ring.last, ring.allSatisfy({ $0.isFinite }) {
                        return "unclosed ring (\(where_(p, r, polygons.count)): first and last positions differ)"
                    }
                }
            }
        case .lineString(let ps):
            if ps.isEmpty { return "empty geometry" }
            if ps.count < 2 { return "fewer than 2 positions in a LineString" }
        case .multiLineString(let lines):
            if lines.isEmpty || lines.allSatisfy({ $0.isEmpty }) { return "empty geometry" }
            if lines.contains(where: { $0.count < 2 }) { return "fewer than 2 positions in a LineString" }
        case .multiPoint(let ps):
            if ps.isEmpty { return "empty geometry" }
        case .point, .unsupported:
            break
        }
        return nil
    }

    private func where_(_ part: Int, _ ring: Int, _ parts: Int) -> String {
        let ringName = ring == 0 ? "exterior ring" : "hole \(ring)"
        return parts > 1 ? "part \(part + 1), \(ringName)" : ringName
    }

    /// Non-finite numbers (e.g. 1e400 overflowing to infinity), positions outside the CRS's range, and
    /// shapes longitude, latitude cannot describe (`GeographicExtent`: poles, the antimeridian, huge spans).
    func coordinateProblem(_ geometry: Geometry, _ workspace: ThreadWorkspace) -> String? {
        var problem: String?
        var count = 0
        var insideCheckedBox = checkedPlaneBox != nil && !crs.isGeographic
        geometry.forEachPosition { p in
            guard problem == nil else { return }
            count += 1
            if insideCheckedBox, let box = checkedPlaneBox, !box.contains(p) { insideCheckedBox = false }
            if !p.isFinite {
                problem = "non-finite coordinate (position \(count): \(p.x), \(p.y))"
            } else if crs.isGeographic, abs(p.x) > 180 || abs(p.y) > 90 {
                problem = "out-of-range coordinate (position \(count): \(p.x), \(p.y) is not a longitude, latitude)"
                    + (Self.projectedHint(p).map { "; \($0)" } ?? "")
            }
        }
        if problem != nil { return problem }
        if crs.isGeographic { return GeographicExtent.problem(geometry) }
        if insideCheckedBox { return nil }
        // Projected data: every position must map to a real longitude/latitude.
        var positions: [Position] = []
        geometry.forEachPosition { positions.append($0) }
        var lonLat = positions
        do {
            if let k = try Self.firstOutsideCRS(positions, crs: crs, workspace, lonLat: &lonLat) {
                return "out-of-range coordinate (position \(k + 1): \(positions[k].x), \(positions[k].y) is outside \(crs.identifier))"
            }
        } catch {
            return "out-of-range coordinate: \(crs.identifier) cannot place it (\(error))"
        }
        // A plane has no antimeridian, but its lon/lat image does: PROJ wraps longitudes into [-180, 180],
        // so a projected polygon across 180° becomes a ring whose edge jumps 360° once overlaid in lon/lat.
        return GeographicExtent.problem(GeographicExtent.paths(lonLat, lengths: GeographicExtent.pathLengths(geometry)),
                                        converted: true)
    }

    /// The index of the first projected position that maps to no longitude/latitude of the CRS, nil when all
    /// do. Far outside its zone a projection's formulas still return numbers, but they no longer invert:
    /// a position that does not survive the round trip is not in this CRS. `check` applies the same rule.
    /// `lonLat` receives the positions in CGCS2000 lon/lat.
    package static func firstOutsideCRS(_ positions: [Position], crs: ResolvedCRS, _ workspace: ThreadWorkspace,
                                lonLat: inout [Position]) throws -> Int? {
        let transformer = try workspace.transformer(from: crs.identifier, to: .cgcs2000)
        lonLat = positions
        try transformer.transform(&lonLat)
        var back = lonLat
        try transformer.inverse(&back)
        let scale = crs.isGeographic ? 1e-7 : 0.01
        return positions.indices.first(where: {
            abs(lonLat[$0].x) > 180 || abs(lonLat[$0].y) > 90
                || abs(back[$0].x - positions[$0].x) > scale || abs(back[$0].y - positions[$0].y) > scale
        })
    }

    /// For a projected layer, the box of all its positions when a grid over it round-trips to CGCS2000 lon/lat
    /// ten thousand times more closely than `firstOutsideCRS` asks of each vertex
    /// (`Transformer.sampledRoundTrip`), and its lon/lat image keeps away from the poles and the antimeridian and
    /// spans at most half the longitude one feature may: then no feature inside it can fail
    /// `coordinateProblem`'s round trip, pole or antimeridian checks, and the validator skips them (two PROJ
    /// transforms per vertex, the main cost of validating a projected layer). Nil otherwise: every vertex is
    /// checked as before, so a layer with positions out of its zone is reported feature by feature.
    package static func coordinateCheckedBox(of features: [Feature], crs: ResolvedCRS, _ workspace: ThreadWorkspace) -> Box? {
        guard !crs.isGeographic, let transformer = try? workspace.transformer(from: crs.identifier, to: .cgcs2000) else { return nil }
        var box = Box()
        for feature in features { feature.geometry?.forEachPosition { box.add($0) } }
        guard let image = transformer.sampledRoundTrip(over: box, tolerance: 1e-6) else { return nil }
        guard image.minY > -89, image.maxY < 89, image.minX > -179, image.maxX < 179,
              image.maxX - image.minX <= GeographicExtent.maximumLongitudeSpan / 2 else { return nil }
        return box
    }

    /// What metre coordinates in a lon/lat file probably are (Chinese survey data), as advice.
    static func projectedHint(_ p: Position) -> String? {
        func prefixed(_ easting: Double) -> (zone: Int, crs: String)? {
            let zone = Int(easting / 1_000_000)
            let offset = easting - Double(zone) * 1_000_000
            guard (100_000...900_000).contains(offset) else { return nil }
            if (25...45).contains(zone) { return (zone, "EPSG:\(4513 + zone - 25)") }
            if (13...23).contains(zone) { return (zone, "EPSG:\(4491 + zone - 13)") }
            return nil
        }
        if (1_000_000...10_000_000).contains(p.y), let z = prefixed(p.x) {
            return "looks like CGCS2000 Gauss-Krüger easting with zone prefix \(z.zone): try --crs \(z.crs)"
        }
        if (1_000_000...10_000_000).contains(p.x), let z = prefixed(p.y) {
            return "looks like northing, easting (survey X = northing) in zone \(z.zone): swap the axes, then --crs \(z.crs)"
        }
        if (100_000...900_000).contains(p.x), (1_000_000...10_000_000).contains(p.y) {
            return "looks like Gauss-Krüger metres without a zone prefix: try --crs EPSG:4534…4554 (3° zones 25–45) for your zone"
        }
        return nil
    }

    func describe(_ problem: ValidityProblem) -> String {
        let known: [String: String] = [
            "Self-intersection": "self-intersection",
            "Ring Self-intersection": "ring self-intersection",
            "Hole lies outside shell": "hole outside shell",
            "Holes are nested": "nested holes",
            "Interior is disconnected": "interior is disconnected",
            "Nested shells": "nested shells",
            "Duplicate Rings": "duplicate rings",
            "Too few points in geometry component": "fewer than 4 positions",
            "Invalid Coordinate": "non-finite coordinate",
            "Ring is not closed": "unclosed ring",
        ]
        let reason = known[problem.reason] ?? problem.reason.lowercased()
        guard let at = problem.location else { return reason }
        if northingFirst { return "\(reason) at X \(formatCoordinate(at.y)), Y \(formatCoordinate(at.x))" }
        return "\(reason) at \(formatCoordinate(at.x)),\(formatCoordinate(at.y))"
    }

    private func formatCoordinate(_ v: Double) -> String {
        // Degrees to 1e-9 (0.1 mm), metres to 1e-4: enough to find the spot, not float noise.
        let decimals = crs.isGeographic ? 9 : 4
        var text = String(format: "%.\(decimals)f", v)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}

import Foundation
import MineScreenSupport
import MineScreenGeometry
import MineScreenNative
import MineScreenIO

/// The checks authorities run on submitted boundary coordinates. Closure and repeated points are judged on
/// the coordinates as written (before the reader closes or cleans rings); shape checks use GEOS.
public enum CoordinateCheck {
    public static func run(path source: String, format: InputFormat = .auto, idField: String? = nil, crsOverride: CRSIdentifier? = nil,
                           options: CheckOptions = CheckOptions(), workspace: ThreadWorkspace = ThreadWorkspace()) throws -> CheckResult {
        // A database table (`PG:`) has no bytes to look at, and is named without its password.
        let database = PostGISConnection.isConnection(source)
        let path = PostGISConnection.shownName(source)
        let chosen = database ? .gdal : format == .auto ? InputFormat.detect(try GeoJSONReader.readFileBytes(path: source)) : format
        let (file, _) = try InputLoader.read(path: source, format: chosen, idField: idField, crsOverride: crsOverride)
        if let idField { try NamedField.require(idField, option: "--id-field", file: path, features: file.features) }
        if let field = options.declaredField {
            try NamedField.require(field, option: "--declared-field", file: path, features: file.features)
        }
        let crs = try InputLoader.resolve(file.crs, file: path, in: workspace)
        let raw = file.raw ?? geoJSONRaw(file, crs: crs.identifier)
        let context = BlockContext(file: file, raw: raw, crs: crs, options: options, isCoordinateFile: chosen == .coordfile,
                                   openRingsAllowed: chosen == .csv, zone: raw.declaredZone ?? raw.majorityZone, workspace: workspace)
        let blocks = raw.blocks.map { context.check($0) }
        return CheckResult(file: path, format: chosen, crs: crs.identifier, declaredZone: raw.declaredZone, blocks: blocks,
                           inferredZone: raw.declaredZone == nil ? context.zone : nil)
    }

    /// GeoJSON has no raw form apart from its geometry, which its reader leaves as written.
    static func geoJSONRaw(_ file: FeatureFile, crs: CRSIdentifier) -> RawFile {
        let blocks = file.features.map { f -> RawBlock in
            guard let polygons = f.geometry?.polygons, f.readProblem == nil else {
                let why = f.readProblem ?? (f.geometry.map { "\($0.typeName) is not a polygon" } ?? "null geometry")
                return RawBlock(index: f.index, id: f.id, line: nil, rings: [], malformed: "\(file.path): feature \(f.index): \(why)")
            }
            let rings = polygons.flatMap(\.rings).enumerated().map { k, ring in
                RawRing(number: String(k + 1), points: ring.map { RawPoint(name: "", first: $0.x, second: $0.y, line: nil) })
            }
            return RawBlock(index: f.index, id: f.id, line: nil, rings: rings)
        }
        return RawFile(northingFirst: false, declaredZone: GaussKrugerZone(crs), blocks: blocks)
    }
}

/// What checking one block needs from its file.
struct BlockContext {
    var file: FeatureFile
    var raw: RawFile
    var crs: ResolvedCRS
    var options: CheckOptions
    var isCoordinateFile: Bool
    /// Corner-point CSV: a ring's closing point is optional (as the readers accept), so an open ring is no finding.
    var openRingsAllowed = false
    /// The zone points are checked against: the declared one, else the majority prefix (`majorityZone`).
    var zone: GaussKrugerZone?
    var workspace: ThreadWorkspace

    func check(_ block: RawBlock) -> BlockCheck {
        var problems: [CheckProblem] = []
        if let malformed = block.malformed {
            return BlockCheck(index: block.index, id: block.id, problems: [CheckProblem(code: block.malformedCode, message: malformed)])
        }
        if block.rings.isEmpty {
            return BlockCheck(index: block.index, id: block.id, problems: [CheckProblem(code: "too-few-points", message: "empty geometry: no points")])
        }
        var shapeSound = true
        if let range = rangeProblem(block) { problems.append(range); shapeSound = false }
        for ring in block.rings {
            let ringProblems = checkRing(ring)
            if ringProblems.contains(where: { ["too-few-points", "non-finite"].contains($0.code) }) { shapeSound = false }
            problems += ringProblems
        }
        let zoneProblems = checkZone(block)
        if !zoneProblems.isEmpty { shapeSound = false }
        problems += zoneProblems
        if shapeSound {
            let shape = checkShape(block, duplicates: problems.filter { $0.code == "duplicate-point" }.compactMap(\.at))
            problems += shape
            // A self-crossing outline has no meaningful area to compare.
            if shape.isEmpty, let area = checkArea(block) { problems.append(area) }
        }
        return BlockCheck(index: block.index, id: block.id, problems: problems)
    }

    /// The feature read from a block: readers number features by position, so this is a direct lookup.
    func feature(_ block: RawBlock) -> Feature? {
        if file.features.indices.contains(block.index), file.features[block.index].index == block.index { return file.features[block.index] }
        return file.features.first { $0.index == block.index }
    }

    func label(_ p: RawPoint) -> String {
        let name = p.name.isEmpty ? "point" : "point \(p.name)"
        return p.line.map { "\(name) (\(file.path):\($0))" } ?? name
    }

    func coordinates(_ p: RawPoint) -> String { "\(formatJSONNumber(p.first)), \(formatJSONNumber(p.second))" }

    /// Closure, distinct points and repeats, on the points exactly as written.
    func checkRing(_ ring: RawRing) -> [CheckProblem] {
        var problems: [CheckProblem] = []
        let points = ring.points
        if let bad = points.first(where: { !$0.first.isFinite || !$0.second.isFinite }) {
            return [CheckProblem(code: "non-finite", message: "ring \(ring.number): \(label(bad)) has a non-finite coordinate")]
        }
        guard let first = points.first, let last = points.last else {
            return [CheckProblem(code: "too-few-points", message: "ring \(ring.number) has no points; a boundary needs at least 3")]
        }
        let closed = points.count > 1 && first.first == last.first && first.second == last.second
        if !closed && !openRingsAllowed {
            problems.append(CheckProblem(code: "unclosed-ring",
                                         message: "ring \(ring.number): the last \(label(last)) [\(coordinates(last))] does not repeat the first \(label(first)) [\(coordinates(first))]",
                                         at: [first.first, first.second]))
        }
        let body = closed ? Array(points.dropLast()) : points
        var seen: [[Double]: RawPoint] = [:]
        var distinct = 0
        for p in body {
            let key = [p.first, p.second]
            if let earlier = seen[key] {
                problems.append(CheckProblem(code: "duplicate-point",
                                             message: "ring \(ring.number): \(label(p)) repeats \(label(earlier)) at [\(coordinates(p))]",
                                             at: key))
            } else {
                seen[key] = p
                distinct += 1
            }
        }
        if distinct < 3 {
            problems.insert(CheckProblem(code: "too-few-points",
                                         message: "ring \(ring.number) has \(distinct) distinct point\(distinct == 1 ? "" : "s"); a boundary needs at least 3"),
                            at: problems.firstIndex { $0.code == "duplicate-point" } ?? problems.count)
        }
        return problems
    }

    /// Longitudes beyond ±180° or latitudes beyond ±90° in a lon/lat file (often metres in the wrong CRS);
    /// in a projected file, a point that maps to no longitude/latitude (X = 40 000 000 m is off the planet),
    /// by the rule `area` rejects such a block with (`FeatureValidator.firstOutsideCRS`).
    func rangeProblem(_ block: RawBlock) -> CheckProblem? {
        guard crs.isGeographic else { return projectedRangeProblem(block) }
        for ring in block.rings {
            for p in ring.points where p.first.isFinite && p.second.isFinite {
                let position = raw.position(p)
                if abs(position.x) > 180 || abs(position.y) > 90 {
                    return CheckProblem(code: "out-of-range", message: "ring \(ring.number): \(label(p)) [\(coordinates(p))] is not a longitude, latitude in \(crs.identifier)",
                                        at: [p.first, p.second])
                }
            }
        }
        // The shapes every analysis rejects (the whole globe, a ring across ±180°) are no sound outline here either.
        let rings = block.rings.map { ring in ring.points.filter { $0.first.isFinite && $0.second.isFinite }.map(raw.position)[...] }
        if let why = GeographicExtent.problem(rings, converted: false) {
            return CheckProblem(code: "out-of-range", message: why)
        }
        return nil
    }

    func projectedRangeProblem(_ block: RawBlock) -> CheckProblem? {
        for ring in block.rings {
            let points = ring.points.filter { $0.first.isFinite && $0.second.isFinite }
            let outside: Int?
            do {
                var lonLat: [Position] = []
                outside = try FeatureValidator.firstOutsideCRS(points.map(raw.position), crs: crs, workspace, lonLat: &lonLat)
            } catch {
                return CheckProblem(code: "out-of-range", message: "ring \(ring.number): \(crs.identifier) cannot place its points (\(error))")
            }
            if let k = outside {
                let p = points[k]
                return CheckProblem(code: "out-of-range", message: "ring \(ring.number): \(label(p)) [\(coordinates(p))] is outside \(crs.identifier): no longitude, latitude maps to it",
                                    at: [p.first, p.second])
            }
        }
        return nil
    }

    /// Every point in the declared zone: its easting's prefix is the zone number (prefixed zones), and its
    /// longitude lies in the zone's band. Both are checked because each misses what the other catches: a point
    /// from the neighbouring zone may carry the right prefix yet lie beyond the seam.
    func checkZone(_ block: RawBlock) -> [CheckProblem] {
        guard let zone else { return [] }
        var problems: [CheckProblem] = []
        var done = Set<[Double]>()
        let whose = raw.declaredZone == nil ? "the zone most points' prefixes name (no 带号)" : "the file's zone"
        for ring in block.rings {
            // Non-finite points were reported by the ring check; PROJ has nothing to say about them.
            for p in ring.points where p.first.isFinite && p.second.isFinite && done.insert([p.first, p.second]).inserted {
                let position = raw.position(p)
                var reasons: [String] = []
                var offsetEasting = position.x
                if zone.prefixed {
                    let prefix = GaussKrugerZone(prefixOf: position.x)
                    if prefix?.zone != zone.zone {
                        reasons.append(prefix.map { "its easting has zone prefix \($0.zone), \(whose) is \(zone.zone)" }
                                       ?? "its easting has no zone prefix, \(whose) is \(zone.zone)")
                    }
                    if let prefix { offsetEasting -= prefix.prefixOffset }
                }
                var lonLat = [Position(offsetEasting, position.y)]
                do {
                    try workspace.transformer(from: zone.withoutPrefix.crs, to: .cgcs2000).transform(&lonLat)
                    if !zone.bandContains(longitude: lonLat[0].x) {
                        let west = zone.centralMeridian - Double(zone.width) / 2
                        reasons.append("its longitude \(formatFixed(lonLat[0].x, decimals: 6))°E is outside the band of \(zone.width)° zone \(zone.zone) (\(formatJSONNumber(west))°–\(formatJSONNumber(west + Double(zone.width)))°E)")
                    }
                } catch {
                    reasons.append("it cannot be placed in \(zone) (\(error))")
                }
                if !reasons.isEmpty {
                    problems.append(CheckProblem(code: "zone-mismatch", message: "ring \(ring.number): \(label(p)) [\(coordinates(p))]: " + reasons.joined(separator: "; "),
                                                 at: [p.first, p.second]))
                }
            }
        }
        return problems
    }

    /// The block's polygons from its written rings, each closed (an unclosed ring was reported already).
    func polygons(_ block: RawBlock) -> [Polygon] {
        let rings: [[Position]] = block.rings.map { ring in
            var ps = ring.points.map(raw.position)
            if let first = ps.first, ps.last != first { ps.append(first) }
            return ps
        }
        if raw.northingFirst { return CoordinateFileReader.assemble(rings) }
        // GeoJSON keeps its own structure: the feature's polygons, rings closed.
        guard let written = feature(block)?.geometry?.polygons else { return [] }
        var k = 0
        return written.map { polygon in
            Polygon(rings: polygon.rings.map { _ in defer { k += 1 }; return rings[k] })
        }
    }

    /// GEOS validity (self-intersection with its point). A crossing exactly at a repeated point is the repeat
    /// already reported, not a second problem.
    func checkShape(_ block: RawBlock, duplicates: [[Double]]) -> [CheckProblem] {
        let shape = polygons(block)
        guard !shape.isEmpty else { return [] }
        do {
            let geometry = try workspace.geos.makeGeometry(shape.count == 1 ? .polygon(shape[0]) : .multiPolygon(shape))
            guard let invalid = try workspace.geos.validityProblem(geometry) else { return [] }
            // GEOS computes the crossing: round away float noise (1e-9° or 0.1 mm) so it reads as surveyed.
            let grid = crs.isGeographic ? 1e9 : 1e4
            let at = invalid.location.map { raw.written(Position(($0.x * grid).rounded() / grid, ($0.y * grid).rounded() / grid)) }
            if let at, duplicates.contains(at) { return [] }
            let place = at.map { " at [\(formatJSONNumber($0[0])), \(formatJSONNumber($0[1]))]" } ?? ""
            if invalid.reason.lowercased().contains("self-intersection") {
                return [CheckProblem(code: "self-intersection", message: "the boundary crosses itself\(place)", at: at)]
            }
            return [CheckProblem(code: "invalid-geometry", message: "GEOS: \(invalid.reason)\(place)", at: at)]
        } catch {
            return [CheckProblem(code: "invalid-geometry", message: "GEOS cannot build the boundary: \(error)")]
        }
    }

    /// Declared area against the areas of the coordinates: planar (shoelace in the Gauss-Krüger plane), TD/T 1055
    /// and ellipsoidal, with the library's own area code. `--area-method` picks the one that must agree (`any`:
    /// one of them); a finding lists all three, so the user sees which way the declared figure was computed.
    func checkArea(_ block: RawBlock) -> CheckProblem? {
        let field = options.declaredField ?? (isCoordinateFile ? "地块面积" : nil)
        guard let field, let feature = feature(block),
              let declaredValue = feature.property(field)?.numberValue ?? feature.property(field)?.labelText.flatMap(Double.init) else { return nil }
        // Exports write 0 (or nothing) where the area column was never filled in: no claim to check.
        guard declaredValue > 0 else { return nil }
        let unit = options.declaredUnit ?? (options.declaredField == nil ? .ha : .km2)
        let declared = declaredValue * unit.squareMetres
        let shape = polygons(block)
        guard let (planar, plane) = planarArea(block) else { return nil }
        var areas: [(method: CheckAreaMethod, area: Double, how: String)] = [(.planar, planar, "planar in \(plane)")]
        if let (tdt, tdtPlane) = try? TDT1055Area.area(shape, crs: crs.identifier, workspace) {
            areas.append((.tdt1055, tdt, "TD/T 1055 (edges straight in \(tdtPlane))"))
        }
        if let ellipsoidal = try? workspace.ellipsoidalArea(shape, crs: crs.identifier) {
            areas.append((.ellipsoidal, ellipsoidal, "ellipsoidal"))
        }
        func relative(_ area: Double) -> Double { abs(area - declared) / declared }
        let judged = areas.filter { options.areaMethod == .any || $0.method == options.areaMethod }
        guard !judged.isEmpty, judged.allSatisfy({ relative($0.area) > options.areaTolerance }) else { return nil }
        let listed = areas.map { "\($0.how) \(unit.format(squareMetres: $0.area)) \(unit.symbol) (\(String(format: "%.2e", relative($0.area))))" }
        let wanted = options.areaMethod == .any ? "none of the three is" : "the \(options.areaMethod.rawValue) area is not"
        return CheckProblem(code: "area-mismatch",
                            message: "declared \(field) \(formatJSONNumber(declaredValue)) \(unit.symbol); the coordinates give \(listed.joined(separator: ", ")) (relative differences); \(wanted) within \(formatJSONNumber(options.areaTolerance))")
    }

    /// Shoelace area in the block's Gauss-Krüger zone plane: the file's own plane when it is one, else the
    /// 3° zone of the block's centre.
    func planarArea(_ block: RawBlock) -> (Double, CRSIdentifier)? {
        let shape = polygons(block)
        if GaussKrugerZone(crs.identifier) != nil { return (MineScreenGeometry.planarArea(shape), crs.identifier) }
        guard let lonLat = try? workspace.lonLat(shape, from: crs.identifier), let centre = Conversion.centroid(lonLat),
              let zone = GaussKrugerZone.threeDegree(longitude: centre.x, prefixed: false),
              let plane = try? workspace.transformer(from: .cgcs2000, to: zone.crs).transformed(lonLat) else { return nil }
        return (MineScreenGeometry.planarArea(plane), zone.crs)
    }
}

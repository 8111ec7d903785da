import Foundation

/// Formats `convert` writes.
public enum OutputFileFormat: String, CaseIterable, Sendable {
    case geojson, coordfile, csv

    /// .geojson/.json → GeoJSON, .txt → 坐标文件, .csv → corner-point CSV.
    public init?(extensionOf path: String) {
        switch (path as NSString).pathExtension.lowercased() {
        case "geojson", "json": self = .geojson
        case "txt": self = .coordfile
        case "csv": self = .csv
        default: return nil
        }
    }

    var isSurvey: Bool { self != .geojson }
}

/// Where converted coordinates go, and what the user should be told about that choice.
public struct ConversionPlan: Sendable {
    public var crs: CRSIdentifier
    /// For survey formats: the Gauss-Krüger zone (always written with the zone prefix).
    public var zone: GaussKrugerZone?
    public var note: String?
}

/// Conversion between GeoJSON, 坐标文件 and corner-point CSV. Coordinates move vertex by vertex (PROJ) only
/// when the CRS changes; otherwise they are written as read.
public enum Conversion {
    /// The target CRS: `--target-crs` when given; else the source CRS for GeoJSON; for survey formats the
    /// source's own Gauss-Krüger zone, else the 3° zone holding most blocks' centroids (one zone per file,
    /// as a 坐标文件 header has one 带号).
    public static func plan(_ layer: LoadedLayer, format: OutputFileFormat, target: CRSIdentifier?,
                            workspace: ThreadWorkspace) throws -> ConversionPlan {
        guard format.isSurvey else {
            if let target { return ConversionPlan(crs: target, zone: nil, note: nil) }
            // A CRS built from --towgs84 has no code a GeoJSON crs member could name: write CGCS2000 lon/lat.
            if layer.crs.identifier.authority == "PROJ" {
                return ConversionPlan(crs: .cgcs2000, zone: nil, note: "writing EPSG:4490: the input CRS (\(layer.crs.name)) has no EPSG code")
            }
            return ConversionPlan(crs: layer.crs.identifier, zone: nil, note: nil)
        }
        if let target {
            guard let zone = GaussKrugerZone(target) else {
                throw InputError.invalidArgument("--target-crs \(target): a 坐标文件 or corner-point CSV is written in a CGCS2000 Gauss-Krüger zone (EPSG:4513–4554, 4491–4512)")
            }
            let note = zone.prefixed ? nil : "writing \(zone.withPrefix): survey files carry the zone prefix on the eastings"
            return ConversionPlan(crs: zone.withPrefix.crs, zone: zone.withPrefix, note: note)
        }
        if let zone = GaussKrugerZone(layer.crs.identifier) {
            return ConversionPlan(crs: zone.withPrefix.crs, zone: zone.withPrefix, note: nil)
        }
        var counts: [Int: Int] = [:]
        for f in layer.features {
            guard let polygons = f.shape.polygons, let lonLat = try? workspace.lonLat(polygons, from: layer.crs.identifier),
                  let c = centroid(lonLat), let zone = GaussKrugerZone.threeDegree(longitude: c.x, prefixed: true) else { continue }
            counts[zone.zone, default: 0] += 1
        }
        // Most centroids wins; a tie goes to the western zone, so the choice never depends on input order.
        guard let best = counts.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }),
              let zone = GaussKrugerZone(width: 3, zone: best.key, prefixed: true) else {
            throw InputError.invalidArgument("\(layer.path): no block lies in a CGCS2000 3° Gauss-Krüger zone (25–45); give --target-crs")
        }
        let total = counts.values.reduce(0, +)
        var note = "writing \(zone): it holds the centroids of \(best.value) of \(total) blocks"
        if best.value < total { note += "; the other \(total - best.value) are projected into the same zone, outside its 3° band" }
        return ConversionPlan(crs: zone.crs, zone: zone, note: note)
    }

    /// Every checked feature moved into the plan's CRS; one that cannot be moved is rejected with the others.
    public static func blocks(_ layer: LoadedLayer, plan: ConversionPlan,
                              workspace: ThreadWorkspace) -> (blocks: [ExportBlock], rejected: [Rejection]) {
        var blocks: [ExportBlock] = []
        var rejected = layer.rejected
        for f in layer.features {
            guard let polygons = f.shape.polygons else {
                rejected.append(Rejection(index: f.feature.index, id: f.feature.id, file: layer.path,
                                          reason: "\(f.shape.typeName) is not a polygon"))
                continue
            }
            do {
                let moved = try workspace.reproject(polygons, from: layer.crs.identifier, to: plan.crs)
                guard moved.allSatisfy({ $0.rings.allSatisfy { $0.allSatisfy(\.isFinite) } }) else {
                    throw PROJError(operation: "to \(plan.crs)", message: "non-finite coordinate")
                }
                // A line number of the file read means nothing in the file written.
                let properties = f.feature.properties.filter { $0.key != "headerLine" }
                blocks.append(ExportBlock(id: f.feature.id, properties: properties, polygons: moved))
            } catch {
                rejected.append(Rejection(index: f.feature.index, id: f.feature.id, file: layer.path,
                                          reason: "cannot project into \(plan.crs): \(error)"))
            }
        }
        rejected.sort { $0.index < $1.index }
        return (blocks, rejected)
    }

    /// The bytes of the output file.
    public static func render(_ blocks: [ExportBlock], format: OutputFileFormat, plan: ConversionPlan,
                              encoding: TextEncoding, date: String? = nil) throws -> [UInt8] {
        switch format {
        case .geojson:
            return Array((JSONWriter.string(GeoJSONWriter.document(blocks, crs: plan.crs)) + "\n").utf8)
        case .coordfile:
            let zone = plan.zone ?? GaussKrugerZone(plan.crs)!
            return try encoding.encode(CoordinateFileWriter(zone: zone, date: date).text(blocks))
        case .csv:
            // UTF-8 CSV gets a BOM so Excel does not read it as the local code page.
            return try encoding.encode(CornerPointCSVWriter().text(blocks), byteOrderMark: true)
        }
    }

    /// Area-weighted centroid of the exteriors (plane formula on lon/lat: only used to pick a zone).
    static func centroid(_ polygons: [Polygon]) -> Position? {
        var total = 0.0, sx = 0.0, sy = 0.0
        for ring in polygons.map(\.exterior) where ring.count > 2 {
            // Relative to the ring's first vertex, for precision; the ring's centroid is then o + c.
            let o = ring[0]
            var twiceArea = 0.0, cx = 0.0, cy = 0.0
            for k in 0..<(ring.count - 1) {
                let p = Position(ring[k].x - o.x, ring[k].y - o.y), q = Position(ring[k + 1].x - o.x, ring[k + 1].y - o.y)
                let cross = p.x * q.y - q.x * p.y
                twiceArea += cross; cx += (p.x + q.x) * cross; cy += (p.y + q.y) * cross
            }
            guard twiceArea != 0 else { continue }
            let weight = abs(twiceArea)
            total += weight
            sx += weight * (o.x + cx / (3 * twiceArea))
            sy += weight * (o.y + cy / (3 * twiceArea))
        }
        guard total > 0 else { return polygons.first?.exterior.first }
        return Position(sx / total, sy / total)
    }
}

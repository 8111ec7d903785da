import Foundation
import MineScreenSupport
import MineScreenGeometry
import MineScreenNative

/// Formats `convert` writes.
public enum OutputFileFormat: String, CaseIterable, Sendable {
    case geojson, coordfile, csv
    /// GeoPackage and Shapefile through `GDALVectorWriter`.
    case gpkg, shp

    /// .geojson/.json → GeoJSON, .txt → 坐标文件, .csv → corner-point CSV, .gpkg → GeoPackage, .shp → Shapefile.
    public init?(extensionOf path: String) {
        switch (path as NSString).pathExtension.lowercased() {
        case "geojson", "json": self = .geojson
        case "txt": self = .coordfile
        case "csv": self = .csv
        case "gpkg": self = .gpkg
        case "shp": self = .shp
        default: return nil
        }
    }

    var isSurvey: Bool { self == .coordfile || self == .csv }

    /// GDAL's format for gpkg and shp; nil for the formats written as text here.
    public var gdalFormat: GDALVectorFormat? {
        switch self {
        case .gpkg: return .geoPackage
        case .shp: return .shapefile
        default: return nil
        }
    }
}

/// Where converted coordinates go, and what the user should be told about that choice.
public struct ConversionPlan: Sendable {
    public var crs: CRSIdentifier
    /// For survey formats: the Gauss-Krüger zone (always written with the zone prefix).
    public var zone: GaussKrugerZone?
    public var note: String?
    /// Blocks partly or wholly outside the target zone's band (within `Conversion.bandSlack`).
    public var warnings: [String] = []
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
            if let target { return ConversionPlan(crs: target, zone: nil, note: nil, warnings: try bandWarnings(layer, target: target, workspace: workspace)) }
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
            return ConversionPlan(crs: zone.withPrefix.crs, zone: zone.withPrefix, note: note,
                                  warnings: try bandWarnings(layer, target: target, workspace: workspace))
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
        if layer.crs.identifier.isCGCS2000EquivalentLonLat && layer.crs.identifier != .cgcs2000 {
            // The file says 2000国家大地坐标系: say that WGS 84 input was taken as CGCS2000 (centimetres apart).
            note += "; the input's WGS 84 (\(layer.crs.identifier)) lon/lat is taken as CGCS2000 (they differ by centimetres)"
        }
        return ConversionPlan(crs: zone.crs, zone: zone, note: note)
    }

    /// How far (degrees of longitude) beyond the edge of a target zone's band a block may lie and still be
    /// written. Gauss-Krüger is a transverse Mercator: its scale grows with the square of the distance from the
    /// central meridian, and a few degrees out the series PROJ uses lose precision, so a file written there
    /// does not read back. 1.5° beyond a 3° band's edge is 3° from its central meridian (scale error 1.4e-3).
    public static let bandSlack = 1.5

    /// `--target-crs` into a Gauss-Krüger zone: a warning per block partly or wholly outside the zone's band,
    /// and an error (nothing written) when a block lies wholly more than `bandSlack` beyond the band.
    static func bandWarnings(_ layer: LoadedLayer, target: CRSIdentifier, workspace: ThreadWorkspace) throws -> [String] {
        guard let zone = GaussKrugerZone(target) else { return [] }
        let west = zone.centralMeridian - Double(zone.width) / 2, east = west + Double(zone.width)
        let band = "\(formatJSONNumber(west))°–\(formatJSONNumber(east))°E"
        var warnings: [String] = []
        for f in layer.features {
            guard let polygons = f.shape.polygons, let lonLat = try? workspace.lonLat(polygons, from: layer.crs.identifier) else { continue }
            let longitudes = lonLat.flatMap(\.exterior).map(\.x)
            guard let low = longitudes.min(), let high = longitudes.max() else { continue }
            if zone.bandContains(longitude: low), zone.bandContains(longitude: high) { continue }
            let span = "\(formatFixed(low, decimals: 4))°–\(formatFixed(high, decimals: 4))°E"
            if high < west - bandSlack || low > east + bandSlack {
                let own = GaussKrugerZone.threeDegree(longitude: (low + high) / 2, prefixed: true).map { " (its own 3° zone is EPSG:\($0.epsg))" } ?? ""
                throw InputError.invalidArgument("--target-crs \(target): block \(f.feature.id) lies at \(span), more than \(formatJSONNumber(bandSlack))° outside the band \(band) of \(zone); coordinates that far from the central meridian are distorted and do not read back. Choose a zone near the blocks\(own)")
            }
            let whole = high < west || low > east
            warnings.append("block \(f.feature.id) at \(span) is \(whole ? "wholly" : "partly") outside the band \(band) of \(zone)")
        }
        return warnings
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
                let ellipsoidal = plan.zone == nil ? nil : workspace.geodesic.area(try workspace.lonLat(polygons, from: layer.crs.identifier))
                blocks.append(ExportBlock(id: f.feature.id, properties: properties, polygons: moved, ellipsoidalArea: ellipsoidal))
            } catch {
                rejected.append(Rejection(index: f.feature.index, id: f.feature.id, file: layer.path,
                                          reason: "cannot project into \(plan.crs): \(error)"))
            }
        }
        rejected.sort { $0.index < $1.index }
        return (blocks, rejected)
    }

    /// Writes the output file: text formats through `render`, GeoPackage and Shapefile through
    /// `GDALVectorWriter`, each replacing an existing file atomically. Returns warnings for stderr.
    public static func write(_ blocks: [ExportBlock], format: OutputFileFormat, plan: ConversionPlan,
                             encoding: TextEncoding, to path: String) throws -> [String] {
        if let gdal = format.gdalFormat {
            let features = blocks.enumerated().map { k, b in
                Feature(index: k, id: b.id, properties: b.properties,
                        geometry: b.polygons.count == 1 ? .polygon(b.polygons[0]) : .multiPolygon(b.polygons))
            }
            let summary = try GDALVectorWriter.write(features: features, crs: plan.crs, to: path, format: gdal, overwrite: true)
            return summary.warnings + summary.renamedFields.map { "\(path): property \($0.property) written as field \($0.field)" }
        }
        let bytes = try render(blocks, format: format, plan: plan, encoding: encoding)
        guard format == .coordfile else {
            try AtomicFileWriter.write(bytes, to: path)
            return format == .csv ? CornerPointCSVWriter.warnings(blocks) : []
        }
        // The properties a 坐标文件 has no field for go beside it, written first so the pair is never half there.
        let sidecar = CoordinateFileSidecar.path(for: path)
        try AtomicFileWriter.write(Data(CoordinateFileSidecar.text(blocks).utf8), to: sidecar)
        try AtomicFileWriter.write(bytes, to: path)
        return CoordinateFileWriter.warnings(blocks) + CoordinateFileSidecar.notes(blocks, sidecar: sidecar)
    }

    /// The bytes of the output file.
    public static func render(_ blocks: [ExportBlock], format: OutputFileFormat, plan: ConversionPlan,
                              encoding: TextEncoding, date: String? = nil) throws -> [UInt8] {
        switch format {
        case .geojson, .gpkg, .shp:
            // GDAL formats are written by `write`; asked for bytes, they get the same content as GeoJSON.
            return Array((JSONWriter.string(GeoJSONWriter.document(blocks, crs: plan.crs)) + "\n").utf8)
        case .coordfile:
            let zone = plan.zone ?? GaussKrugerZone(plan.crs)!
            try checkEncodable(blocks, encoding: encoding, texts: CoordinateFileWriter.textFields)
            return try encoding.encode(CoordinateFileWriter(zone: zone, date: date).text(blocks))
        case .csv:
            try checkEncodable(blocks, encoding: encoding) { block in
                [("地块编号", block.id)] + block.properties.flatMap { p in [(p.key, p.key)] + (p.value.labelText.map { [(p.key, $0)] } ?? []) }
            }
            // UTF-8 CSV gets a BOM so Excel does not read it as the local code page.
            return try encoding.encode(CornerPointCSVWriter().text(blocks), byteOrderMark: true)
        }
    }

    /// Every text a survey file may carry (id, property names and values) encodable, else an error naming the
    /// block, the field and the character. The whole conversion stops (exit 2): writing "?" would silently
    /// change a name in a file that goes to the authorities.
    static func checkEncodable(_ blocks: [ExportBlock], encoding: TextEncoding,
                               texts: (ExportBlock) -> [(String, String)]) throws {
        guard encoding == .gbk else { return }
        for block in blocks {
            for (field, text) in texts(block) where !text.allSatisfy(\.isASCII) {
                guard let bad = text.unicodeScalars.first(where: { iconvConvert(Array(String($0).utf8), from: "UTF-8", to: "GBK") == nil }) else { continue }
                throw InputError.invalidArgument("cannot write GBK: block \(block.id), field \(field) \"\(text)\": the character \(bad) (U+\(String(bad.value, radix: 16, uppercase: true))) has no GBK code; use --encoding utf-8")
            }
        }
    }

    /// Area-weighted centroid of the exteriors (plane formula on lon/lat: only used to pick a zone).
    package static func centroid(_ polygons: [Polygon]) -> Position? {
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

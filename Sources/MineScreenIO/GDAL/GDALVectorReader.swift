import CGDAL
import Foundation
import MineScreenSupport
import MineScreenGeometry
import MineScreenNative

/// One layer of a GDAL vector source, read into this tool's model.
public struct GDALLayerRead {
    public var file: FeatureFile
    /// The layer read, and every vector layer of the source in GDAL's order.
    public var layerName: String
    public var layerNames: [String]
    /// GDAL's short driver name: "ESRI Shapefile", "GPKG", "OpenFileGDB", "FlatGeobuf".
    public var driver: String
    /// Things the user should know that are not errors: text read as GBK, other layers not read, GDAL's warnings.
    public var warnings: [String]
}

/// Reads Shapefile, GeoPackage, FileGDB (OpenFileGDB driver, a `.gdb` directory) and FlatGeobuf through
/// GDAL's OGR C API into the same `FeatureFile` the GeoJSON reader makes, so every command reads them.
///
/// - Layer: the first layer with geometry unless `layer` names one (GeoPackage and FileGDB hold several,
///   attribute-only tables among them); a warning names the others.
/// - Ids: the `idField` property, else the feature's FID (Shapefile and FlatGeobuf: the record number from 0;
///   GeoPackage and FileGDB: the primary key, usually from 1), else the index.
/// - CRS: `crsOverride` (`--crs`), else the layer's spatial reference as an authority code (see
///   `SpatialReference.identify`), else an error naming the file (a Shapefile without `.prj`).
/// - Text: GDAL recodes Shapefile attributes to UTF-8 from the `.cpg` (GBK, CP936, 936 …) or the DBF's
///   code page byte (LDID), so no ENCODING open option is passed. With neither, GDAL hands the bytes over
///   unchanged; text that is not UTF-8 then (or after a `.cpg` that lied) is read as GBK (GB18030) for the
///   whole layer, with a warning: one decision per layer, because a short GBK string can pass for UTF-8.
/// - Geometry: exported by GDAL as ISO WKB and read by `WKB`; curves (FileGDB, GeoPackage) are first
///   linearised by GDAL (OGR_G_GetLinearGeometry, its default 4° arc step). Non-polygons and bad
///   coordinates are kept as data and rejected per feature by FeatureValidation, as for GeoJSON.
///
/// Each call opens its own dataset on the calling thread and closes it before returning: GDAL datasets
/// are not shared between threads.
public enum GDALVectorReader {
    /// File name endings read through GDAL. `.gdb` is a directory (Esri file geodatabase).
    public static let fileExtensions: Set<String> = ["shp", "gpkg", "fgb", "gdb"]

    /// True for a path this reader handles, by its ending (case-insensitive): `.shp`, `.gpkg`, `.fgb`,
    /// or a `.gdb` directory. GeoJSON and 坐标文件 stay with their own readers.
    public static func canRead(path: String) -> Bool {
        var trimmed = path
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        let ending = (trimmed as NSString).pathExtension.lowercased()
        return fileExtensions.contains(ending)
    }

    /// Names of the vector layers in a source, in GDAL's order.
    public static func layerNames(path: String) throws -> [String] {
        let session = GDALSession()
        let dataset = try open(path, session: session)
        return dataset.layers.map(\.name)
    }

    /// Reads one layer as a `FeatureFile` (warnings dropped; use `readLayer` to show them).
    public static func read(path: String, layer: String? = nil, idField: String? = nil,
                            crsOverride: CRSIdentifier? = nil) throws -> FeatureFile {
        try readLayer(path: path, layer: layer, idField: idField, crsOverride: crsOverride).file
    }

    /// Reads one layer. Errors that stop the read are `InputError`s naming the file (exit 2 in the CLI).
    /// A Shapefile of polygons has its shapes read on `threads` threads (`ShapefilePolygonRecords`); with
    /// `threads` > 1 a large one has its attribute table read in two halves at once (`GDALColumnarReading.rawFeaturesInHalves`).
    /// A `PG:` connection (see `PostGISConnection`) reads its `tables=` table, only the features whose extent
    /// meets `filter` when one is given; messages name it without its password.
    public static func readLayer(path source: String, layer requested: String? = nil, idField: String? = nil,
                                 crsOverride: CRSIdentifier? = nil, filter: BlockExtentFilter? = nil,
                                 threads: Int = 1, keepsProperties: Bool = true) throws -> GDALLayerRead {
        let database = PostGISConnection(source)
        let path = database?.shown ?? source
        let session = GDALSession()
        let dataset = try database.map { try openDatabase($0, session: session) } ?? open(path, session: session)
        let driver = dataset.driverName
        let layers = dataset.layers
        let names = layers.map(\.name)
        var warnings: [String] = []
        let layer: OGRLayer
        if let requested {
            guard let found = dataset.layer(named: requested) else {
                throw InputError.cannotRead(file: path, why: "no layer named \(requested) (layers: \(names.joined(separator: ", ")))")
            }
            layer = found
        } else if let database {
            layer = try databaseLayer(dataset, database, session: session)
        } else {
            // GeoPackage and FileGDB list attribute-only tables as layers too: the first with geometry is meant.
            guard let first = layers.first(where: \.hasGeometry) ?? layers.first else {
                throw InputError.cannotRead(file: path, why: "no vector layer")
            }
            layer = first
            if layers.count > 1 {
                warnings.append("\(path): \(layers.count) layers (\(names.joined(separator: ", "))); read \(first.name)")
            }
        }

        let attributeTable = driver == "ESRI Shapefile" ? try ShapefileAttributeTable.check(shapefile: path) : nil
        let (crs, crsSource) = try layerCRS(layer, path: path, driver: driver, override: crsOverride)

        // A table's count is a query of its own (and ignores a filter's dedupe): only files declare theirs.
        let declared = database == nil ? layer.cheapFeatureCount : nil
        // A damaged table can fail while GDAL opens the layer or counts its features, and then read as an
        // empty layer: any failure reported so far stops the read.
        if let failure = session.log.lastFailure {
            throw InputError.cannotRead(file: path, why: "GDAL could not read layer \(layer.name): \(failure)")
        }
        let rectangles = database == nil ? nil : filter.flatMap { databaseRectangles($0, layer: layer, crs: crs, session: session) }
        let features = try readFeatures(layer, path: path, idField: idField, session: session, warnings: &warnings,
                                        rectangles: rectangles, digestRows: database != nil,
                                        shapefile: driver == "ESRI Shapefile" ? path : nil,
                                        inHalves: threads > 1 && attributeTable?.deletedCount ?? 0 == 0,
                                        keepsProperties: keepsProperties, threads: threads)
        if let declared {
            // GDAL counts a Shapefile's deleted records and skips them when reading.
            let expected = declared - (attributeTable?.deletedCount ?? 0)
            if features.count != expected {
                throw InputError.cannotRead(file: path, why: "layer \(layer.name) declares \(expected) features but GDAL read \(features.count): the file is damaged or cut short")
            }
        }
        warnings += session.takeWarnings().map { "\(path): GDAL: \($0)" }
        return GDALLayerRead(file: FeatureFile(path: path, crs: crs, crsSource: crsSource, features: features),
                             layerName: layer.name, layerNames: names, driver: driver, warnings: warnings)
    }

    /// Every feature of the layer, text decoded once the whole layer has been seen.
    /// A file is read through GDAL's columnar stream where it can (`GDALColumnarReading`), a Shapefile GDAL would
    /// recode read unrecoded and recoded once per distinct string (`ShapefileRecoding`), a Shapefile of polygons
    /// with its shapes read apart from its attributes (`GDALColumnarReading.rawFeaturesWithShapeRecords`,
    /// `shapefile` is its path; `inHalves`: its attribute table may be read in two halves). With `rectangles` (a
    /// database layer), each is read in turn through a spatial filter, feature by feature, features found twice
    /// kept once, and the whole ordered by FID; `digestRows` records a digest of the rows read.
    private static func readFeatures(_ opened: OGRLayer, path: String, idField: String?, session: GDALSession,
                                     warnings: inout [String], rectangles: [ExtentRectangle]? = nil,
                                     digestRows: Bool = false, shapefile: String? = nil, inHalves: Bool = false,
                                     keepsProperties: Bool = true, threads: Int = 1) throws -> [Feature] {
        let isDatabase = rectangles != nil || digestRows
        var recoding: ShapefileRecoding?
        var layer = opened
        if !isDatabase, let (unrecoded, recoder) = ShapefileRecoding.unrecodedLayer(opened, path: path, session: session) {
            (layer, recoding) = (unrecoded, recoder)
        }
        var fields = layer.fields
        // With no property kept but the id (`keepsProperties`), GDAL reads the id field alone where it recodes the
        // text from a code page: no decision about the text needs the other fields' values then. Elsewhere (UTF-8
        // declared or assumed) a value that is not UTF-8 in any field makes the whole layer read as GBK, with a
        // warning, so every field is read as before.
        if !keepsProperties, !isDatabase, var recoder = recoding {
            let names = fields.map { String(decoding: recoder.recode($0.rawName), as: UTF8.self) }
            let id = idField.flatMap { names.firstIndex(of: $0) }
            let kept = id.map { [fields[$0]] } ?? []
            if idField == nil || id != nil, layer.readsOnly(kept, geometry: true) { fields = kept }
        }
        var raws: [RawFeature] = []
        let openOptions = recoding == nil ? [] : ["ENCODING="]
        if !isDatabase, let shapefile,
           let read = GDALColumnarReading.rawFeaturesWithShapeRecords(layer, path: shapefile, openOptions: openOptions, fields: fields,
                                                                      session: session, inHalves: inHalves, threads: threads) {
            raws = read
        } else if !isDatabase, let shapefile, inHalves, let count = layer.cheapFeatureCount,
           let halves = GDALColumnarReading.rawFeaturesInHalves(path: shapefile, openOptions: openOptions,
                                                                layerName: layer.name, count: count, fields: fields) {
            raws = halves
        } else if !isDatabase, let columnar = GDALColumnarReading.rawFeatures(layer, fields: fields, session: session) {
            raws = columnar
        } else {
            var seen = Set<Int64>()
            do {
                for rectangle in rectangles.map({ $0.map(Optional.some) }) ?? [nil] {
                    if let r = rectangle { OGR_L_SetSpatialFilterRect(layer.raw, r.minX, r.minY, r.maxX, r.maxY) }
                    defer { if rectangle != nil { OGR_L_SetSpatialFilter(layer.raw, nil) } }
                    try layer.forEachFeature { feature, failure in
                        var raw = RawFeature(feature, fields: fields, session: session, digest: digestRows)
                        if let failure, raw.problem == nil { raw.problem = "GDAL: \(failure)" }
                        if rectangles != nil, let fid = raw.fid, !seen.insert(fid).inserted { return }
                        raws.append(raw)
                    }
                }
            } catch let error as GDALError {
                throw InputError.cannotRead(file: path, why: error.message)
            }
        }
        if var recoder = recoding {
            for i in fields.indices { fields[i].rawName = recoder.recode(fields[i].rawName) }
            recoder.recode(&raws)
        }
        if rectangles != nil { raws.sort { ($0.fid ?? .max) < ($1.fid ?? .max) } }
        if digestRows { ProvenanceLog.shared.recordRows(path: path, digests: raws.map(\.digest)) }
        let text = TextDecision(fieldNames: fields.map(\.rawName), features: raws)
        if text.readAsGBK {
            warnings.append("\(path): attribute text is not UTF-8 and no code page (.cpg) says what it is; read as GBK (GB18030)")
        }
        let fieldNames = fields.map { text.decode($0.rawName) }
        // Without all properties (see `LoadOptions.keepsProperties`) only the id field is decoded, when the layer has it.
        let idColumn = idField.flatMap { fieldNames.firstIndex(of: $0) }
        let columns = keepsProperties || idField != nil && idColumn == nil ? Array(fieldNames.indices) : idColumn.map { [$0] } ?? []
        // The id field, once it has given the ids, is not kept either when no property is.
        let dropsIdField = !keepsProperties && idColumn != nil
        let rows = raws
        let chunk = 4096
        // Each chunk made straight into its place in the result (a city layer's features are not gathered twice).
        return [Feature](unsafeUninitializedCapacity: rows.count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            _ = parallelMap(count: (rows.count + chunk - 1) / chunk, threads: threads) { c, _ -> Bool in
                for index in c * chunk..<min(rows.count, (c + 1) * chunk) {
                    let raw = rows[index]
                    let properties = columns.map { (key: fieldNames[$0], value: text.decode(raw.values[$0])) }
                    var id = raw.fid.map(String.init) ?? String(index)
                    if let idField, let label = properties.first(where: { $0.key == idField })?.value.labelText { id = label }
                    var feature = Feature(index: index, id: id, properties: dropsIdField ? [] : properties, geometry: raw.geometry, readProblem: raw.problem)
                    feature.hasIdField = dropsIdField
                    (base + index).initialize(to: feature)
                }
                return true
            }
            initialized = rows.count
        }
    }

    private static func open(_ path: String, session: GDALSession) throws -> GDALDataset {
        guard FileManager.default.fileExists(atPath: path) else { throw InputError.cannotRead(file: path, why: "no such file") }
        try refuseStreams(path)
        do {
            return try GDALDataset.openForReading(path, session: session)
        } catch let error as GDALError {
            throw InputError.cannotRead(file: path, why: error.message)
        }
    }

    /// GDAL opens its files with a blocking `open`, so a FIFO with no writer would hang the run and a pipe
    /// would be read as if it were a seekable file: only regular files and folders (`.gdb`) are handed to
    /// it, and for a Shapefile its sidecars too. Text formats read pipes themselves (`InputBytes`).
    private static func refuseStreams(_ path: String) throws {
        var paths = [path]
        let ending = (path as NSString).pathExtension
        if ending.lowercased() == "shp" {
            let stem = (path as NSString).deletingPathExtension
            paths += ["shx", "dbf", "prj", "cpg"].flatMap { ["\(stem).\($0)", "\(stem).\($0.uppercased())"] }
        }
        for candidate in paths {
            var info = stat()
            guard stat(candidate, &info) == 0 else { continue }
            let kind = info.st_mode & S_IFMT
            if kind != S_IFREG && kind != S_IFDIR {
                let name = candidate == path ? "it" : (candidate as NSString).lastPathComponent
                throw InputError.cannotRead(file: path, why: "\(name) is not a regular file (a pipe, FIFO or device): GDAL formats are read from files only; copy it into a file, or read GeoJSON, 坐标文件 and CSV with --input-format geojson|coordfile|csv")
            }
        }
    }

    private static func layerCRS(_ layer: OGRLayer, path: String, driver: String,
                                 override: CRSIdentifier?) throws -> (CRSIdentifier, String) {
        if let override { return (override, "--crs") }
        do {
            guard let srs = try layer.spatialReference() else {
                let missing = driver == "ESRI Shapefile" ? "(no .prj file)"
                    : driver == "PostgreSQL" ? "(table \(layer.name): SRID 0, or one spatial_ref_sys does not define; set it with UpdateGeometrySRID)" : "(none in layer \(layer.name))"
                throw InputError.unknownCRS(file: path, crs: missing,
                                            why: "the layer has no spatial reference; give it with --crs EPSG:NNNN for blocks, --layer-crs NAME=EPSG:NNNN for a layer (e.g. EPSG:4490)")
            }
            let found = try srs.identify()
            return (found.crs, "\(driver) \(found.how)")
        } catch let error as GDALError {
            throw InputError.unknownCRS(file: path, crs: "(layer SRS)", why: error.message)
        }
    }
}

/// A feature as GDAL gave it, text still as bytes until the layer's encoding is decided.
struct RawFeature {
    enum Value {
        case value(JSONValue)
        case text([UInt8])
        case texts([[UInt8]])
    }

    var fid: Int64?
    var values: [Value]
    var geometry: Geometry?
    var problem: String?
    /// SHA-256 of the row as read (database layers, for the provenance), empty otherwise.
    var digest: String = ""

    init(_ feature: OGRFeature, fields: [OGRFieldInfo], session: GDALSession, digest: Bool = false) {
        let f = feature.raw
        let fid = OGR_F_GetFID(f)
        self.fid = fid == OGRNullFID ? nil : fid
        values = fields.map { field in Self.value(f, field.index, field) }
        (geometry, problem) = Self.geometry(f, session: session)
        if digest { self.digest = rowDigest(f, fieldCount: Int32(fields.count)) }
    }

    private static func value(_ f: OGRFeatureH, _ i: Int32, _ field: OGRFieldInfo) -> Value {
        guard OGR_F_IsFieldSetAndNotNull(f, i) != 0 else { return .value(.null) }
        var count: Int32 = 0
        switch field.type {
        case OFTInteger:
            let v = OGR_F_GetFieldAsInteger(f, i)
            return .value(field.subType == OFSTBoolean ? .bool(v != 0) : .integer(Int64(v)))
        case OFTInteger64:
            return .value(.integer(OGR_F_GetFieldAsInteger64(f, i)))
        case OFTReal:
            return .value(.number(OGR_F_GetFieldAsDouble(f, i)))
        case OFTIntegerList:
            guard let list = OGR_F_GetFieldAsIntegerList(f, i, &count) else { return .value(.array([])) }
            return .value(.array((0..<Int(count)).map { .integer(Int64(list[$0])) }))
        case OFTInteger64List:
            guard let list = OGR_F_GetFieldAsInteger64List(f, i, &count) else { return .value(.array([])) }
            return .value(.array((0..<Int(count)).map { .integer(list[$0]) }))
        case OFTRealList:
            guard let list = OGR_F_GetFieldAsDoubleList(f, i, &count) else { return .value(.array([])) }
            return .value(.array((0..<Int(count)).map { .number(list[$0]) }))
        case OFTStringList:
            var items: [[UInt8]] = []
            if let list = OGR_F_GetFieldAsStringList(f, i) {
                var k = 0
                while let item = list[k] { items.append(cStringBytes(item)); k += 1 }
            }
            return .texts(items)
        default:
            // Strings, and dates, times and binary as GDAL formats them ("2024/05/01", hex).
            return .text(OGR_F_GetFieldAsString(f, i).map(cStringBytes) ?? [])
        }
    }

    /// The feature's geometry as values, or the reason it could not be read (the feature is then rejected).
    private static func geometry(_ f: OGRFeatureH, session: GDALSession) -> (Geometry?, String?) {
        geometry(borrowing: OGR_F_GetGeometryRef(f), session: session)
    }

    /// As `geometry(_:session:)`, for a geometry handle the caller keeps alive.
    static func geometry(borrowing borrowed: OGRGeometryH?, session: GDALSession) -> (Geometry?, String?) {
        guard let borrowed else { return (nil, nil) }
        var linear: OGRGeometry?
        var target = borrowed
        if OGR_G_HasCurveGeometry(borrowed, 1) != 0 {
            guard let made = OGR_G_GetLinearGeometry(borrowed, 0, nil) else {
                return (.unsupported(typeName: "curve"), "GDAL could not linearise the curved geometry: \(session.failure("linearise").message)")
            }
            linear = OGRGeometry(owning: made)
            target = made
        }
        // `target` may be the linearised copy: every use of it stays inside that copy's lifetime.
        let (wkb, isEmpty): ([UInt8]?, Bool) = withExtendedLifetime(linear) {
            let empty = OGR_G_IsEmpty(target) != 0
            let size = Int(OGR_G_WkbSize(target))
            guard size > 0 else { return (nil, empty) }
            var bytes = [UInt8](repeating: 0, count: size)
            guard OGR_G_ExportToIsoWkb(target, wkbNDR, &bytes) == OGRERR_NONE else { return (nil, empty) }
            return (bytes, empty)
        }
        guard let wkb else {
            return (.unsupported(typeName: "?"), "GDAL could not export the geometry: \(session.failure("export WKB").message)")
        }
        do {
            let geometry = try WKB.decode(wkb)
            // An empty point's WKB holds NaNs; say what it is rather than "non-finite coordinate".
            return (geometry, isEmpty ? "empty geometry" : nil)
        } catch {
            return (.unsupported(typeName: "?"), "\(error)")
        }
    }
}

/// The layer's text is either all UTF-8 (GDAL recoded it, or it was UTF-8 already) or read as GBK.
private struct TextDecision {
    let readAsGBK: Bool

    init(fieldNames: [[UInt8]], features: [RawFeature]) {
        func utf8(_ bytes: [UInt8]) -> Bool { bytes.allSatisfy { $0 < 0x80 } || isValidUTF8(bytes) }
        var allUTF8 = fieldNames.allSatisfy(utf8)
        outer: for feature in features where allUTF8 {
            for value in feature.values {
                switch value {
                case .text(let bytes) where !utf8(bytes): allUTF8 = false; break outer
                case .texts(let items) where !items.allSatisfy(utf8): allUTF8 = false; break outer
                default: continue
                }
            }
        }
        readAsGBK = !allUTF8
    }

    func decode(_ bytes: [UInt8]) -> String {
        if readAsGBK, bytes.contains(where: { $0 >= 0x80 }), let text = CoordinateFileReader.convert(bytes, from: "GB18030") {
            return text
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func decode(_ value: RawFeature.Value) -> JSONValue {
        switch value {
        case .value(let v): return v
        case .text(let bytes): return .string(decode(bytes))
        case .texts(let items): return .array(items.map { .string(decode($0)) })
        }
    }
}

import CGDAL
import Foundation
import MineScreenSupport
import MineScreenGeometry
import MineScreenNative

/// Formats `GDALVectorWriter` writes.
public enum GDALVectorFormat: String, CaseIterable, Sendable {
    case geoPackage = "GPKG"
    case shapefile = "ESRI Shapefile"

    /// The format a path's ending names (`.gpkg`, `.shp`), case-insensitive.
    public init?(path: String) {
        switch (path as NSString).pathExtension.lowercased() {
        case "gpkg": self = .geoPackage
        case "shp": self = .shapefile
        default: return nil
        }
    }
}

/// What a write did that the user may need to know.
public struct GDALWriteSummary {
    public var path: String
    public var layerName: String
    public var featureCount: Int
    /// Property name → field name, for every property whose field had to be named differently
    /// (Shapefile: DBF field names hold at most 10 bytes).
    public var renamedFields: [(property: String, field: String)]
    public var warnings: [String]
}

/// Writes polygon features to a GeoPackage or a Shapefile through GDAL.
///
/// - Geometry: every feature must be a Polygon or MultiPolygon with finite coordinates (anything else is
///   an `InputError.cannotWrite` naming the feature, and nothing is left behind). A layer with any
///   MultiPolygon is written as MultiPolygon throughout, as GeoPackage requires one type per layer.
/// - CRS: `crs` as an EPSG code (or anything GDAL's OSRSetFromUserInput reads); coordinates are written
///   as given, x = east.
/// - Properties: one field per property name, in order of first appearance. Integers → Integer64;
///   integers mixed with fractions → Real; booleans → Integer (GeoPackage: boolean subtype); text, and
///   any mix with text, → String (numbers as the JSON text); arrays and objects → their JSON text; null → null.
///   The feature `id` is not written unless it is a property.
/// - Shapefile: field names are cut to 10 bytes of UTF-8 at a character boundary (三个字 is 9 bytes) and
///   made unique (`declared_k`, `declared_1` …), listed in `renamedFields`; text is UTF-8 with a `.cpg`
///   saying so; string fields are as wide as their longest value (at most 254 bytes: DBF's limit, longer
///   text is cut by GDAL with a warning); reals are DBF text of 24 characters with 15 decimals.
/// - An existing file is an error unless `overwrite`. The files are written in a temporary folder beside the
///   target and renamed over it at the end (see `OutputTarget` for symbolic links and read-only targets).
public enum GDALVectorWriter {
    @discardableResult
    public static func write(features: [Feature], crs: CRSIdentifier, to path: String,
                             format: GDALVectorFormat? = nil, layerName: String? = nil,
                             overwrite: Bool = false) throws -> GDALWriteSummary {
        guard let format = format ?? GDALVectorFormat(path: path) else {
            throw InputError.cannotWrite(file: path, why: "unknown format: name it .gpkg or .shp")
        }
        let polygons = try features.map { try writablePolygons($0, path: path) }
        let multi = polygons.contains { $0.count != 1 }
        let schema = Schema(features, format: format)
        let name = layerName ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension

        let session = GDALSession()
        let target = try OutputTarget.resolve(path)
        if OutputTarget.isStream(target) { throw InputError.cannotWrite(file: path, why: "\(format.rawValue) needs a regular file") }
        try checkSidecars(of: target, path: path)
        if !overwrite, FileManager.default.fileExists(atPath: target) {
            throw InputError.cannotWrite(file: path, why: "exists (not overwritten)")
        }
        // Written whole in a temporary folder beside the target, then renamed into place: a failed or
        // killed run leaves the old file (or files, for a Shapefile) as they were.
        let staging = try AtomicFileWriter.makeTemporaryFolder(beside: target, reportedAs: path)
        defer { try? FileManager.default.removeItem(atPath: staging) }
        let staged = staging + "/" + (target as NSString).lastPathComponent
        do {
            let dataset = try GDALDataset.create(staged, driverName: format.rawValue, session: session)
            do {
                try fill(dataset, name: name, crs: crs, format: format, schema: schema, features: features,
                         polygons: polygons, multi: multi, session: session)
                try dataset.close(staged)
            } catch {
                try? dataset.close(staged)
                throw error
            }
        } catch let error as GDALError {
            throw InputError.cannotWrite(file: path, why: error.message)
        }
        try moveStagedFiles(from: staging, to: target, format: format, path: path)
        return GDALWriteSummary(path: path, layerName: name, featureCount: features.count,
                                renamedFields: schema.fields.filter { $0.property != $0.name }.map { ($0.property, $0.name) },
                                warnings: session.takeWarnings().map { "\(path): GDAL: \($0)" })
    }

    private static func writablePolygons(_ feature: Feature, path: String) throws -> [Polygon] {
        let label = "feature \(feature.index) (id \(feature.id))"
        guard let geometry = feature.geometry, let polygons = geometry.polygons else {
            let kind = feature.geometry?.typeName ?? "null geometry"
            throw InputError.cannotWrite(file: path, why: "\(label) is \(kind); only Polygon and MultiPolygon are written")
        }
        var finite = true
        geometry.forEachPosition { if !$0.isFinite { finite = false } }
        guard finite else { throw InputError.cannotWrite(file: path, why: "\(label) has a non-finite coordinate") }
        return polygons
    }

    /// A Shapefile's existing sidecar files are replaced too: each must be replaceable like the `.shp`.
    private static func checkSidecars(of target: String, path: String) throws {
        for file in DatasetFiles.paths(target).dropFirst() where FileManager.default.fileExists(atPath: file) {
            _ = try OutputTarget.resolve(file)
        }
    }

    /// Every file GDAL made (a Shapefile makes several) flushed and renamed into the target's folder; a
    /// Shapefile sidecar of the old file that the new one does not have (an old spatial index) is removed.
    private static func moveStagedFiles(from staging: String, to target: String, format: GDALVectorFormat, path: String) throws {
        let folder = (target as NSString).deletingLastPathComponent
        let made: [String]
        do { made = try FileManager.default.contentsOfDirectory(atPath: staging).sorted() } catch {
            throw InputError.cannotWrite(file: path, why: "cannot list the files written: \(error.localizedDescription)")
        }
        for name in made {
            let fd = open(staging + "/" + name, O_RDONLY)
            guard fd >= 0, fsync(fd) == 0 else {
                let why = String(cString: strerror(errno))
                if fd >= 0 { close(fd) }
                throw InputError.cannotWrite(file: path, why: "cannot flush \(name): \(why)")
            }
            close(fd)
        }
        // The .shp last: a reader that finds the new .shp finds its new sidecars.
        let ordered = made.filter { $0 != (target as NSString).lastPathComponent } + made.filter { $0 == (target as NSString).lastPathComponent }
        for name in ordered {
            // A replaced file keeps its permissions, as text outputs do.
            var old = stat()
            if stat(folder + "/" + name, &old) == 0 { _ = chmod(staging + "/" + name, old.st_mode & 0o7777) }
            try AtomicFileWriter.moveIntoPlace(staging + "/" + name, folder + "/" + name, reportedAs: path)
        }
        if format == .shapefile {
            for stale in DatasetFiles.paths(target).dropFirst() where !made.contains((stale as NSString).lastPathComponent) {
                unlink(stale)
            }
        }
    }

    private static func fill(_ dataset: GDALDataset, name: String, crs: CRSIdentifier, format: GDALVectorFormat,
                             schema: Schema, features: [Feature], polygons: [[Polygon]], multi: Bool,
                             session: GDALSession) throws {
        let srs = try SpatialReference(crs, session: session)
        // UTF-8 text with a .cpg saying so (GDAL's default would be the DBF's ISO-8859-1 code page).
        let options = format == .shapefile ? ["ENCODING=UTF-8"] : []
        let layer = try dataset.createLayer(name, srs: srs, geometryType: multi ? wkbMultiPolygon : wkbPolygon, options: options)
        for field in schema.fields {
            try layer.createField(field.name, type: field.type, subType: field.subType, width: field.width)
        }
        let transaction = dataset.beginTransactionIfSupported()
        for (feature, parts) in zip(features, polygons) {
            let out = try layer.newFeature()
            for (k, field) in schema.fields.enumerated() {
                try set(out, Int32(k), field, feature.property(field.property) ?? .null)
            }
            try setGeometry(out, parts, multi: multi, featureID: feature.id, session: session)
            try layer.add(out)
        }
        if transaction { try dataset.commit() }
    }

    /// Gives `feature` the polygons `parts` (as one MultiPolygon when `multi`), made from WKB by GDAL.
    static func setGeometry(_ feature: OGRFeature, _ parts: [Polygon], multi: Bool, featureID: String,
                            session: GDALSession) throws {
        let wkb = WKB.encode(parts, multi: multi)
        var made: OGRGeometryH?
        try session.check(OGR_G_CreateFromWkb(wkb, nil, &made, Int32(wkb.count)), "make the geometry of feature \(featureID)")
        guard let made else { throw session.failure("make the geometry of feature \(featureID)") }
        let geometry = OGRGeometry(owning: made)
        // OGR_F_SetGeometry copies: `geometry` stays the only owner of its handle.
        try withExtendedLifetime(geometry) {
            try session.check(OGR_F_SetGeometry(feature.raw, geometry.raw), "set the geometry of feature \(featureID)")
        }
    }

    static func set(_ feature: OGRFeature, _ index: Int32, _ field: Schema.Field, _ value: JSONValue) throws {
        let f = feature.raw
        switch (value, field.type) {
        case (.null, _): OGR_F_SetFieldNull(f, index)
        case (.integer(let i), OFTInteger64): OGR_F_SetFieldInteger64(f, index, i)
        case (.bool(let b), OFTInteger): OGR_F_SetFieldInteger(f, index, b ? 1 : 0)
        case (_, OFTReal):
            guard let number = value.numberValue else { OGR_F_SetFieldNull(f, index); return }
            OGR_F_SetFieldDouble(f, index, number)
        default: OGR_F_SetFieldString(f, index, Schema.text(value))
        }
    }

    /// One field per property name, its OGR type chosen from every value the property takes.
    struct Schema {
        struct Field {
            var property: String
            var name: String
            var type: OGRFieldType
            var subType: OGRFieldSubType
            var width: Int32
        }
        var fields: [Field] = []

        init(_ features: [Feature], format: GDALVectorFormat) {
            var order: [String] = []
            var values: [String: [JSONValue]] = [:]
            for feature in features {
                for (key, value) in feature.properties {
                    if values[key] == nil { order.append(key); values[key] = [] }
                    if value != .null { values[key]!.append(value) }
                }
            }
            var taken = Set<String>()
            for property in order {
                let seen = values[property] ?? []
                var type = OFTString, subType = OFSTNone
                if !seen.isEmpty, seen.allSatisfy({ if case .integer = $0 { return true }; return false }) {
                    type = OFTInteger64
                } else if !seen.isEmpty, seen.allSatisfy({ $0.numberValue != nil }) {
                    type = OFTReal
                } else if !seen.isEmpty, seen.allSatisfy({ if case .bool = $0 { return true }; return false }) {
                    type = OFTInteger
                    subType = OFSTBoolean
                }
                var name = property
                var width: Int32 = 0
                if format == .shapefile {
                    name = Self.uniqueDBFName(property, taken: taken)
                    if type == OFTString {
                        let longest = seen.map { Self.text($0).utf8.count }.max() ?? 1
                        width = Int32(min(max(longest, 1), 254))
                    }
                }
                taken.insert(name.lowercased())
                fields.append(Field(property: property, name: name, type: type, subType: subType, width: width))
            }
        }

        /// Text written for a value in a String field.
        static func text(_ value: JSONValue) -> String {
            if let label = value.labelText { return label }
            var out = ""
            JSONWriter.write(value, into: &out)
            return out
        }

        /// A DBF field name: at most 10 bytes, whole UTF-8 characters, unique ignoring case (as DBF readers compare).
        static func uniqueDBFName(_ property: String, taken: Set<String>) -> String {
            func cut(_ text: String, bytes: Int) -> String {
                var out = ""
                for character in text {
                    guard out.utf8.count + String(character).utf8.count <= bytes else { break }
                    out.append(character)
                }
                return out
            }
            let base = cut(property, bytes: 10)
            if !base.isEmpty, !taken.contains(base.lowercased()) { return base }
            for n in 1... {
                let suffix = "_\(n)"
                let candidate = cut(property, bytes: 10 - suffix.utf8.count) + suffix
                if !taken.contains(candidate.lowercased()) { return candidate }
            }
            return property
        }
    }
}

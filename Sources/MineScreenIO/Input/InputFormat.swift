import Foundation
import MineScreenGeometry
import MineScreenSupport

/// The vector formats an input file can be in. `auto` looks at the content (never the extension, which
/// survey offices use loosely: a 坐标文件 may be .txt, .dat or .zb). New formats (e.g. GDAL's) join here:
/// a case, a line in `detect`, a branch in `InputLoader.read`.
public enum InputFormat: String, CaseIterable, Sendable {
    case auto, geojson, coordfile, csv
    /// Shapefile, GeoPackage, FileGDB (a .gdb folder) and FlatGeobuf through GDAL; `auto` picks it by
    /// the name's ending (these are binary containers, and a .gdb is a folder), the first layer is read.
    case gdal

    /// The format of a file's bytes, by structure, never by a substring: a file whose first non-space byte is
    /// `{` is JSON; one starting with `[` is a 坐标文件 when a line of its own is `[属性描述]` or `[地块坐标]`
    /// (in UTF-8 or GBK bytes), else JSON; a corner-point CSV's first line names X and Y columns. Anything
    /// else is tried as GeoJSON, whose reader gives the most precise syntax error (file:line:column).
    public static func detect(_ bytes: [UInt8]) -> InputFormat {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        let first = body.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) })
        if first == UInt8(ascii: "{") { return .geojson }
        if first == UInt8(ascii: "[") {
            return CoordinateFileReader.recognises(bytes) ? .coordfile : .geojson
        }
        if CoordinateFileReader.recognises(bytes) { return .coordfile }
        if CornerPointCSVReader.recognises(bytes) { return .csv }
        return .geojson
    }
}

extension InputLoader {
    /// True when `read` hands the file to GDAL (which reads it, and hashes it for provenance, itself).
    static func readsThroughGDAL(_ path: String, format: InputFormat) -> Bool {
        format == .gdal || (format == .auto && GDALVectorReader.canRead(path: path))
    }

    /// Reads a file's features in the given (or detected) format, before any validation. The one place
    /// that knows every input format.
    /// A `PG:` connection is always read through GDAL, only what meets `filter` (see `BlockExtentFilter`).
    /// `keepsProperties` false: each feature of a GeoJSON, GDAL or database source keeps no property once the
    /// `idField` property has given its id (`Feature.hasIdField`), all of them without it (see `LoadOptions`).
    /// `given`: the file's bytes, already read (and recorded for provenance) by the caller.
    public static func read(path: String, format: InputFormat = .auto, idField: String? = nil,
                            crsOverride: CRSIdentifier? = nil, threads: Int = 1,
                            filter: BlockExtentFilter? = nil, keepsProperties: Bool = true,
                            bytes given: [UInt8]? = nil) throws -> (file: FeatureFile, warnings: [String]) {
        if PostGISConnection.isConnection(path) {
            let read = try GDALVectorReader.readLayer(path: path, idField: idField, crsOverride: crsOverride, filter: filter,
                                                      keepsProperties: keepsProperties)
            return (read.file, read.warnings)
        }
        if readsThroughGDAL(path, format: format) {
            // GDAL reads the files itself: they are hashed just before it opens them.
            ProvenanceLog.shared.recordSourceBeforeOpening(path: path)
            let read = try GDALVectorReader.readLayer(path: path, idField: idField, crsOverride: crsOverride, threads: threads,
                                                      keepsProperties: keepsProperties)
            return (read.file, read.warnings)
        }
        var bytes = try given ?? GeoJSONReader.readFileBytes(path: path)
        var warnings: [String] = []
        let chosen = format == .auto ? InputFormat.detect(bytes) : format
        var file: FeatureFile
        switch chosen {
        case .coordfile:
            file = try CoordinateFileReader().parse(bytes: bytes, path: path, crsOverride: crsOverride)
        case .csv:
            file = try CornerPointCSVReader().parse(bytes: bytes, path: path, crsOverride: crsOverride)
        case .geojson, .auto, .gdal:
            // GeoJSON is UTF-8, but exports from older Chinese tools are GBK: decode those rather than show mojibake.
            if !isValidUTF8(bytes), let text = CoordinateFileReader.convert(bytes, from: "GB18030") {
                bytes = Array(text.utf8)
                warnings.append("\(path): not UTF-8; read as GBK (GB18030)")
            }
            var reader = GeoJSONReader(idField: idField, crsOverride: crsOverride, threads: threads)
            reader.keepsProperties = keepsProperties
            file = try reader.parse(bytes: bytes, path: path)
        }
        // Survey formats have their own ids (地块编号); --id-field picks another property when asked.
        if chosen != .geojson && chosen != .auto, let idField {
            for k in file.features.indices {
                if let label = file.features[k].property(idField)?.labelText { file.features[k].id = label }
            }
            if var raw = file.raw {
                for k in raw.blocks.indices where raw.blocks[k].index < file.features.count {
                    raw.blocks[k].id = file.features[raw.blocks[k].index].id
                }
                file.raw = raw
            }
        }
        // The GeoJSON reader drops properties as it reads; survey formats keep theirs (their files are small, and
        // `headerLine` places a rejection on its line).
        return (file, warnings)
    }

    /// What a feature read without its properties keeps (`LoadOptions.keepsProperties` false): none, and whether
    /// it has the id field, whose property has given its id; all of them when it lacks the id field (so that the
    /// message naming a field no feature has can list the fields there are).
    static func propertiesKept(of properties: [(key: String, value: JSONValue)], idField: String?)
        -> (properties: [(key: String, value: JSONValue)], hasIdField: Bool) {
        guard let idField else { return ([], false) }
        return properties.contains(where: { $0.key == idField }) ? ([], true) : (properties, false)
    }
}

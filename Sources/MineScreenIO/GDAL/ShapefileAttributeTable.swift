import Foundation
import MineScreenSupport

/// What a Shapefile's `.dbf` says about itself, checked before GDAL reads the layer: GDAL opens a Shapefile
/// whose `.dbf` is cut to 0 bytes as a layer with no fields, and one cut short as a layer that simply ends
/// early, with no error in either case. A layer read like that would lose attributes (ids, declared areas)
/// or features without a word, so a `.dbf` that is present but incomplete is an error naming the file.
///
/// dBASE header (little-endian): byte 4 record count (UInt32), byte 8 header length (UInt16), byte 10
/// record length (UInt16); each record starts with a flag byte, `*` for a deleted record (GDAL skips those).
struct ShapefileAttributeTable {
    /// Records the header declares.
    let recordCount: Int
    /// Of those, records marked deleted: GDAL's feature count includes them, its reading skips them.
    let deletedCount: Int

    /// The `.dbf` beside `shapefile`, checked against the `.shx` index; nil when there is no `.dbf`
    /// (GDAL then reads geometry only, which the user sees as missing fields).
    static func check(shapefile: String) throws -> ShapefileAttributeTable? {
        guard let dbf = sibling(of: shapefile, ending: "dbf") else { return nil }
        let name = (dbf as NSString).lastPathComponent
        guard let handle = FileHandle(forReadingAtPath: dbf) else {
            throw InputError.cannotRead(file: shapefile, why: "its attribute table \(name) cannot be opened")
        }
        defer { try? handle.close() }
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: 0)
        let header = try handle.read(upToCount: 32) ?? Data()
        guard header.count == 32 else {
            throw InputError.cannotRead(file: shapefile, why: "its attribute table \(name) is \(size) bytes, shorter than a dBASE header (32 bytes): the file is damaged or cut short")
        }
        let bytes = [UInt8](header)
        let records = Int(bytes[4]) | Int(bytes[5]) << 8 | Int(bytes[6]) << 16 | Int(bytes[7]) << 24
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        let recordLength = Int(bytes[10]) | Int(bytes[11]) << 8
        guard headerLength >= 33, recordLength >= 1 else {
            throw InputError.cannotRead(file: shapefile, why: "its attribute table \(name) has an invalid dBASE header (header length \(headerLength), record length \(recordLength))")
        }
        let available = max(0, (Int(size) - headerLength) / recordLength)
        guard available >= records else {
            throw InputError.cannotRead(file: shapefile, why: "its attribute table \(name) declares \(records) records but holds only \(available): the file is damaged or cut short")
        }
        if let shapes = try shapeCount(shapefile), shapes != records {
            throw InputError.cannotRead(file: shapefile, why: "its attribute table \(name) has \(records) records but the shape index (.shx) lists \(shapes) shapes: the files do not belong together or one is damaged")
        }
        return ShapefileAttributeTable(recordCount: records, deletedCount: try deletedRecords(handle, records: records, headerLength: headerLength, recordLength: recordLength))
    }

    /// Counts records whose flag byte is `*`, reading the table in bounded chunks.
    private static func deletedRecords(_ handle: FileHandle, records: Int, headerLength: Int, recordLength: Int) throws -> Int {
        let perChunk = max(1, (1 << 20) / recordLength)
        var deleted = 0
        var first = 0
        while first < records {
            let count = min(perChunk, records - first)
            try handle.seek(toOffset: UInt64(headerLength + first * recordLength))
            let chunk = try handle.read(upToCount: count * recordLength) ?? Data()
            chunk.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    if raw[offset] == UInt8(ascii: "*") { deleted += 1 }
                    offset += recordLength
                }
            }
            first += count
        }
        return deleted
    }

    /// Shapes listed in the `.shx` (100-byte header, 8 bytes per shape); nil when there is no `.shx`.
    private static func shapeCount(_ shapefile: String) throws -> Int? {
        guard let shx = sibling(of: shapefile, ending: "shx"),
              let size = (try? FileManager.default.attributesOfItem(atPath: shx))?[.size] as? Int,
              size >= 100 else { return nil }
        return (size - 100) / 8
    }

    /// The file beside `shapefile` with the same base name and the given ending in either case (`.dbf`, `.DBF`).
    static func sibling(of shapefile: String, ending: String) -> String? {
        let base = (shapefile as NSString).deletingPathExtension
        for candidate in [base + "." + ending, base + "." + ending.uppercased()]
        where FileManager.default.fileExists(atPath: candidate) {
            return candidate
        }
        return nil
    }
}

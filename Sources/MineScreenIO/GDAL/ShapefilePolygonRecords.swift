import Foundation
import MineScreenGeometry
import MineScreenNative

/// Polygon shapes read straight from a Shapefile's `.shp`, through its `.shx` index, on several threads.
///
/// GDAL reads a Shapefile one record at a time on one thread, and for each record builds a shape object, an
/// OGR feature, an OGR polygon and its WKB before this tool sees a coordinate: on a parcel layer that is most
/// of the read (about 1.4 s of one core for 300 000 parcels). The records are simple enough to read here
/// instead, for the ones whose meaning is certain, while GDAL still reads the attribute table (its encodings,
/// field types and deleted records are its business).
///
/// A record is read here only when it is exactly what GDAL reads as a polygon of one ring holding the record's
/// points as they are (one part: "surely the outer ring", as GDAL's shape2ogr says): shape type 5 (Polygon),
/// one part starting at point 0, 4 to 50 million points (shapelib refuses more), no longer than a chunk's span, and a
/// record whose header agrees with its `.shx` entry and whose length is exactly that of its part and points.
/// Everything else answers nil and the caller asks GDAL for that record: null shapes, several parts (GDAL sorts
/// rings into polygons by orientation and nesting), Z and M types, and any record that does not add up (GDAL then
/// reports the damage its own way).
///
/// Layout (ESRI Shapefile Technical Description, 1998): 100-byte headers; `.shx` entries of two big-endian
/// 32-bit words (offset and content length, in 16-bit words); a record is a big-endian record number and
/// content length, then little-endian content: shape type, bounding box (4 doubles), part count, point count,
/// part starts, points (x, y doubles).
///
/// Each chunk of records is read with its own `pread` into its own buffer, so memory stays bounded and threads
/// share nothing but the file descriptor, which `pread` does not move.
final class ShapefilePolygonRecords {
    /// Shape type of a 2D polygon, in the file headers and in each record.
    static let polygonType: Int32 = 5
    /// Records per chunk: one `pread` each.
    static let chunkSize = 4096
    /// A chunk whose records spread over more than this many bytes (records out of order) is read record by record,
    /// and a record longer than this is left to GDAL.
    static let largestSpan = 64 << 20
    /// Shapelib refuses a record with more points than this as corrupt (GDAL then rejects its feature): left to GDAL.
    static let largestPointCount = 50_000_000

    private let descriptor: Int32
    private let fileSize: Int
    /// Byte offset and content length of each record's content, from the `.shx` (record header excluded).
    private let offsets: [Int]
    private let lengths: [Int]

    var count: Int { offsets.count }

    /// The records of `shapefile`, when its `.shp` and `.shx` both declare polygons (type 5) and the `.shx`
    /// lists exactly `count` records; nil otherwise (GDAL reads every record then). The `.shp` and `.shx` are
    /// found as GDAL finds them: the base name with `.shp` or `.SHP`, `.shx` or `.SHX`.
    init?(shapefile: String, count: Int) {
        guard count > 0, let shp = ShapefileAttributeTable.sibling(of: shapefile, ending: "shp"),
              let shx = ShapefileAttributeTable.sibling(of: shapefile, ending: "shx"),
              let index = FileManager.default.contents(atPath: shx),
              index.count == 100 + 8 * count, Self.isPolygonHeader(index) else { return nil }
        let fd = open(shp, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        var info = stat()
        var header = [UInt8](repeating: 0, count: 100)
        guard fstat(fd, &info) == 0, pread(fd, &header, 100, 0) == 100, Self.isPolygonHeader(Data(header)) else {
            close(fd)
            return nil
        }
        descriptor = fd
        fileSize = Int(info.st_size)
        var offsets = [Int](repeating: 0, count: count), lengths = [Int](repeating: 0, count: count)
        index.withUnsafeBytes { raw in
            for i in 0..<count {
                // Both in 16-bit words; the content starts after the 8-byte record header.
                offsets[i] = Int(Self.bigEndian(raw, 100 + 8 * i)) * 2 + 8
                lengths[i] = Int(Self.bigEndian(raw, 104 + 8 * i)) * 2
            }
        }
        self.offsets = offsets
        self.lengths = lengths
    }

    deinit {
        close(descriptor)
    }

    /// Each record's polygon, or nil where GDAL must read the record; in record order.
    func polygons(threads: Int) -> [Geometry?] {
        let chunks = (count + Self.chunkSize - 1) / Self.chunkSize
        let read = parallelMap(count: chunks, threads: threads) { c, _ -> [Geometry?] in
            self.polygons(in: c * Self.chunkSize..<min(self.count, (c + 1) * Self.chunkSize))
        }
        return Array(read.joined())
    }

    private func polygons(in records: Range<Int>) -> [Geometry?] {
        var start = Int.max, end = 0
        for i in records where offsets[i] >= 8 {
            start = min(start, offsets[i] - 8)
            end = max(end, offsets[i] + lengths[i])
        }
        guard start < end, end <= fileSize, end - start <= Self.largestSpan else {
            return records.map(polygonReadAlone)
        }
        guard let span = readBytes(at: start, count: end - start) else { return records.map { _ in nil } }
        return span.withUnsafeBytes { raw in
            records.map { i in Self.polygon(raw, at: offsets[i] - 8 - start, length: lengths[i], record: i) }
        }
    }

    /// One record read on its own (a chunk whose records are scattered through the file).
    private func polygonReadAlone(_ i: Int) -> Geometry? {
        // A record longer than a chunk may be (a hostile index can claim one record per chunk) is left to GDAL:
        // memory stays bounded by a chunk's span per thread.
        guard offsets[i] >= 8, lengths[i] <= Self.largestSpan, offsets[i] + lengths[i] <= fileSize,
              let bytes = readBytes(at: offsets[i] - 8, count: lengths[i] + 8) else { return nil }
        return bytes.withUnsafeBytes { Self.polygon($0, at: 0, length: lengths[i], record: i) }
    }

    private func readBytes(at offset: Int, count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            done += n
        }
        return bytes
    }

    /// The polygon of the record whose 8-byte header starts at `at`, when it is certain (see the type's summary).
    private static func polygon(_ raw: UnsafeRawBufferPointer, at: Int, length: Int, record: Int) -> Geometry? {
        guard at >= 0, length >= 44, at + 8 + length <= raw.count,
              bigEndian(raw, at) == UInt32(record + 1), Int(bigEndian(raw, at + 4)) * 2 == length else { return nil }
        let content = at + 8
        let type = Int32(bitPattern: littleEndian(raw, content))
        let parts = Int32(bitPattern: littleEndian(raw, content + 36))
        let points = Int(Int32(bitPattern: littleEndian(raw, content + 40)))
        guard type == polygonType, parts == 1, points >= 4, points <= largestPointCount, length == 44 + 4 + 16 * points,
              littleEndian(raw, content + 44) == 0 else { return nil }
        var ring = [Position]()
        ring.reserveCapacity(points)
        let first = content + 48
        for k in 0..<points {
            let x = Double(bitPattern: littleEndian64(raw, first + 16 * k))
            let y = Double(bitPattern: littleEndian64(raw, first + 16 * k + 8))
            ring.append(Position(x, y))
        }
        return .polygon(Polygon(rings: [ring]))
    }

    /// File code 9994 and shape type 5 in a `.shp` or `.shx` header.
    private static func isPolygonHeader(_ header: Data) -> Bool {
        header.count >= 100 && header.withUnsafeBytes { raw in
            bigEndian(raw, 0) == 9994 && Int32(bitPattern: littleEndian(raw, 32)) == polygonType
        }
    }

    private static func bigEndian(_ raw: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
        UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self))
    }

    private static func littleEndian(_ raw: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
        UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt32.self))
    }

    private static func littleEndian64(_ raw: UnsafeRawBufferPointer, _ at: Int) -> UInt64 {
        UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self))
    }
}

import CGDAL
import Foundation
import MineScreenSupport
import MineScreenGeometry
import MineScreenNative

/// Reads a layer's features through GDAL's columnar Arrow stream (`OGR_L_GetArrowStream`) instead of one
/// feature at a time: GDAL fills batches of columns (FID, fields, geometry as WKB) in C++, and this turns
/// them into the same `RawFeature`s the per-feature path makes, so everything after (text decision, ids,
/// validation) is shared and the result is identical.
///
/// It steps aside (returns nil, and the per-feature path reads the layer) whenever it could not promise
/// the same result: a field type whose Arrow form differs from GDAL's per-feature text (dates, times,
/// binary, lists, booleans, 32-bit floats), a schema other than FID + fields + geometry, or any failure GDAL reports
/// while filling the batches (a damaged record: only the per-feature path can tell which feature it hit).
/// Geometries other than non-empty polygons and multipolygons (curves, empties, points, lines, WKB the
/// decoder does not take) go through GDAL's own geometry handling feature by feature, as before.
///
/// Setting the environment variable `MINESCREEN_GDAL_READ=features` turns this path and `ShapefileRecoding` off:
/// the reader as it was, for comparing the two in tests and in Scripts/bench.
enum GDALColumnarReading {
    /// Features per batch: a batch's columns are held while they are converted, so memory stays bounded.
    static let batchSize = 16_384

    static var isDisabled: Bool {
        getenv("MINESCREEN_GDAL_READ").map { String(cString: $0) } == "features"
    }

    /// Every feature of the layer, or nil when the per-feature path must read it. `fields` are the fields the
    /// layer reads (all of them, or those `OGRLayer.readsOnly` kept). With `withoutGeometry` the layer must have
    /// been told to skip its geometry, and features come back without any (`ShapefilePolygonRecords` reads it).
    static func rawFeatures(_ layer: OGRLayer, fields: [OGRFieldInfo], session: GDALSession,
                            withoutGeometry: Bool = false) -> [RawFeature]? {
        rawFeatures(layer, fields: fields, session: session, from: 0, limit: nil, withoutGeometry: withoutGeometry)
    }

    /// Features `start`, `start + 1`, … (at most `limit`), or nil when the per-feature path must read the layer.
    private static func rawFeatures(_ layer: OGRLayer, fields: [OGRFieldInfo], session: GDALSession,
                                    from start: Int, limit: Int?, withoutGeometry: Bool) -> [RawFeature]? {
        guard !isDisabled, layer.geometryFieldCount >= 1 else { return nil }
        guard let kinds = fields.map(FieldKind.init).reduce(into: Optional([FieldKind]()), { all, kind in
            if let kind { all?.append(kind) } else { all = nil }
        }) else { return nil }
        do {
            let stream = try layer.arrowStream(from: start, options: ["INCLUDE_FID=YES", "MAX_FEATURES_IN_BATCH=\(batchSize)"])
            guard let columns = ColumnLayout(stream.schema, kinds: kinds, withGeometry: !withoutGeometry) else { return nil }
            var raws: [RawFeature] = []
            if let count = limit ?? layer.cheapFeatureCount { raws.reserveCapacity(count) }
            while raws.count < limit ?? .max, let batch = try stream.nextBatch() {
                if session.log.lastFailure != nil { return nil }
                guard try convert(batch, columns: columns, kinds: kinds, session: session, into: &raws) else { return nil }
            }
            if let limit, raws.count > limit { raws.removeLast(raws.count - limit) }
            return session.log.lastFailure == nil ? raws : nil
        } catch {
            return nil
        }
    }

    /// Layers with fewer features are read in one piece: two openings cost more than they save (tests lower it).
    nonisolated(unsafe) static var halvesFrom = 50_000

    /// A Shapefile's `count` features read in two halves at once, each half by its own thread with its own session
    /// and dataset (opened with `openOptions`): GDAL's Shapefile reader is one thread's work per dataset, and a
    /// parcel layer's records are most of the read. The second half starts at feature `count / 2`, found through
    /// the .shx. Nil (the caller reads in one piece) unless both halves read without any message from GDAL and
    /// the features come out with FIDs 0, 1, …, `count` − 1 in order, as one read gives them: a file with deleted
    /// records, or a GDAL whose stream ignores the seek, is read in one piece.
    static func rawFeaturesInHalves(path: String, openOptions: [String], layerName: String, count: Int,
                                    fields: [OGRFieldInfo], withoutGeometry: Bool = false) -> [RawFeature]? {
        guard !isDisabled, count >= halvesFrom else { return nil }
        let half = count / 2
        let halves = concurrently([(0, half), (half, count - half)].map { start, limit in
            { () -> [RawFeature]? in
                let session = GDALSession()
                guard let dataset = try? GDALDataset.openForReading(path, session: session, options: openOptions),
                      let layer = dataset.layer(named: layerName), session.takeWarnings().isEmpty,
                      layer.readsOnly(fields, geometry: !withoutGeometry),
                      let raws = rawFeatures(layer, fields: fields, session: session, from: start, limit: limit,
                                             withoutGeometry: withoutGeometry),
                      session.log.lastFailure == nil, session.takeWarnings().isEmpty else { return nil }
                return raws
            }
        }, threads: 2)
        guard case .success(let first?) = halves[0], case .success(let second?) = halves[1] else { return nil }
        let raws = first + second
        guard raws.count == count, raws.indices.allSatisfy({ raws[$0].fid == Int64($0) }) else { return nil }
        return raws
    }

    /// Appends the batch's features; false when a column is not laid out as its schema said.
    private static func convert(_ batch: OGRArrowBatch, columns: ColumnLayout, kinds: [FieldKind],
                                session: GDALSession, into raws: inout [RawFeature]) throws -> Bool {
        let top = batch.array.pointee
        guard top.n_children == columns.count, let children = top.children else { return false }
        func column(_ i: Int) -> ArrowColumn? { children[i].map { ArrowColumn($0.pointee, parentOffset: Int(top.offset)) } }
        let geometry = columns.geometry.flatMap(column)
        guard let fid = column(columns.fid), fid.hasBuffers(2),
              columns.geometry == nil || geometry?.hasBuffers(3) == true else { return false }
        var fieldColumns: [ArrowColumn] = []
        for (i, kind) in kinds.enumerated() {
            guard let field = column(columns.firstField + i), field.hasBuffers(kind.bufferCount) else { return false }
            fieldColumns.append(field)
        }
        let rows = Int(top.length)
        for row in 0..<rows {
            let values: [RawFeature.Value] = zip(kinds, fieldColumns).map { kind, column in
                column.isNull(row) ? .value(.null) : kind.value(column, row)
            }
            let (shape, problem) = fid.isNull(row) || geometry?.isNull(row) ?? true
                ? (nil, nil) : polygonal(geometry!.bytes(row), session: session)
            let id = fid.isNull(row) ? Int64(OGRNullFID) : fid.int64(row)
            raws.append(RawFeature(fid: id == Int64(OGRNullFID) ? nil : id, values: values, geometry: shape, problem: problem))
        }
        return true
    }

    /// Non-empty polygons and multipolygons straight from the WKB; anything else as GDAL reads it.
    private static func polygonal(_ wkb: [UInt8], session: GDALSession) -> (Geometry?, String?) {
        if let decoded = try? WKB.decode(wkb) {
            switch decoded {
            case .polygon(let polygon) where polygon.rings.contains(where: { !$0.isEmpty }):
                return (decoded, nil)
            case .multiPolygon(let parts) where parts.contains(where: { $0.rings.contains { !$0.isEmpty } }):
                return (decoded, nil)
            default: break
            }
        }
        var made: OGRGeometryH?
        let code = wkb.withUnsafeBytes { OGR_G_CreateFromWkbEx($0.baseAddress, nil, &made, $0.count) }
        guard code == OGRERR_NONE, let made else {
            return (.unsupported(typeName: "?"), "GDAL could not read the geometry: \(session.failure("read WKB").message)")
        }
        let owner = OGRGeometry(owning: made)
        return withExtendedLifetime(owner) { RawFeature.geometry(borrowing: owner.raw, session: session) }
    }
}

/// How one OGR field appears as an Arrow column, for the field types whose Arrow values are exactly what
/// the per-feature path reads; nil for the others (dates, times, binary, lists, booleans, 32-bit floats).
private enum FieldKind {
    case int32, int16, int64, double, text

    init?(_ field: OGRFieldInfo) {
        switch (field.type, field.subType) {
        // Booleans stay with the per-feature path: GDAL 3.6's Arrow stream does not carry their values
        // faithfully (every value reads false), so a layer with one is read feature by feature.
        case (OFTInteger, OFSTInt16): self = .int16
        case (OFTInteger, OFSTNone): self = .int32
        case (OFTInteger64, OFSTNone): self = .int64
        case (OFTReal, OFSTNone): self = .double
        case (OFTString, OFSTNone), (OFTString, OFSTJSON), (OFTString, OFSTUUID): self = .text
        default: return nil
        }
    }

    var format: String {
        switch self {
        case .int32: return "i"
        case .int16: return "s"
        case .int64: return "l"
        case .double: return "g"
        case .text: return "u"
        }
    }

    var bufferCount: Int { self == .text ? 3 : 2 }

    func value(_ column: ArrowColumn, _ row: Int) -> RawFeature.Value {
        switch self {
        case .int32: return .value(.integer(Int64(column.fixed(row, as: Int32.self))))
        case .int16: return .value(.integer(Int64(column.fixed(row, as: Int16.self))))
        case .int64: return .value(.integer(column.int64(row)))
        case .double: return .value(.number(column.fixed(row, as: Double.self)))
        case .text: return .text(column.bytes(row))
        }
    }
}

/// Where FID, fields and geometry sit among the batch's columns, checked against the schema once.
private struct ColumnLayout {
    let count: Int
    let fid = 0
    let firstField = 1
    /// Nil when the layer was read without geometry.
    let geometry: Int?

    init?(_ schema: ArrowColumnSchema, kinds: [FieldKind], withGeometry: Bool) {
        let columns = schema.children
        // FID, the fields in the layer's order, then the geometry field(s), unless ignored.
        guard schema.format == "+s", columns.count >= kinds.count + (withGeometry ? 2 : 1), columns[0].format == "l" else { return nil }
        for (i, kind) in kinds.enumerated() where columns[1 + i].format != kind.format { return nil }
        if withGeometry {
            geometry = 1 + kinds.count
            guard columns[1 + kinds.count].format == "z" else { return nil }
        } else {
            geometry = nil
            guard columns.count == kinds.count + 1 else { return nil }
        }
        count = columns.count
    }
}

/// Read access to one column of a batch (Arrow C data interface: validity bitmap, then values or offsets
/// and data). Valid while the batch that holds it lives.
private struct ArrowColumn {
    let array: ArrowArray
    let offset: Int

    init(_ array: ArrowArray, parentOffset: Int) {
        self.array = array
        offset = Int(array.offset) + parentOffset
    }

    func hasBuffers(_ count: Int) -> Bool {
        Int(array.n_buffers) == count && array.buffers != nil
            && (1..<count).allSatisfy { array.buffers[$0] != nil || array.length == 0 }
    }

    func isNull(_ row: Int) -> Bool {
        guard array.null_count != 0, let validity = array.buffers[0] else { return false }
        let i = offset + row
        return validity.load(fromByteOffset: i >> 3, as: UInt8.self) & (1 << UInt8(i & 7)) == 0
    }

    func fixed<T>(_ row: Int, as type: T.Type) -> T {
        array.buffers[1]!.load(fromByteOffset: (offset + row) * MemoryLayout<T>.stride, as: T.self)
    }

    func int64(_ row: Int) -> Int64 { fixed(row, as: Int64.self) }

    /// A variable-length value (utf8 or binary: 32-bit offsets, then data).
    func bytes(_ row: Int) -> [UInt8] {
        let offsets = array.buffers[1]!.assumingMemoryBound(to: Int32.self)
        let start = Int(offsets[offset + row]), end = Int(offsets[offset + row + 1])
        guard end > start, let data = array.buffers[2] else { return [] }
        return Array(UnsafeRawBufferPointer(start: data + start, count: end - start))
    }
}

extension RawFeature {
    /// A feature from columns already read (the columnar path).
    init(fid: Int64?, values: [Value], geometry: Geometry?, problem: String?) {
        self.fid = fid
        self.values = values
        self.geometry = geometry
        self.problem = problem
    }
}

extension GDALColumnarReading {
    /// A Shapefile of polygons read in two streams: its attribute table through the Arrow stream with the
    /// geometry ignored (in halves when `inHalves`, as `rawFeaturesInHalves`), its shapes by
    /// `ShapefilePolygonRecords` on `threads` threads, and the records those leave (several parts, null shapes,
    /// damage) through GDAL one feature at a time, as the per-feature path reads them. Nil when either stream
    /// steps aside; the layer then reads its geometry again and is read as before.
    static func rawFeaturesWithShapeRecords(_ layer: OGRLayer, path: String, openOptions: [String], fields: [OGRFieldInfo],
                                            session: GDALSession, inHalves: Bool, threads: Int) -> [RawFeature]? {
        // Fields the Arrow path leaves to the per-feature one send the whole layer there, before any work.
        guard !isDisabled, fields.allSatisfy({ FieldKind($0) != nil }), let count = layer.cheapFeatureCount,
              let records = ShapefilePolygonRecords(shapefile: path, count: count),
              layer.readsOnly(fields, geometry: false) else { return nil }
        let read = (inHalves ? rawFeaturesInHalves(path: path, openOptions: openOptions, layerName: layer.name,
                                                   count: count, fields: fields, withoutGeometry: true) : nil)
            ?? rawFeatures(layer, fields: fields, session: session, withoutGeometry: true)
        // The layer reads its geometry again whatever came of the attributes (`readsOnly` reads everything again
        // when it cannot do that).
        let readsGeometry = layer.readsOnly(fields, geometry: true)
        guard readsGeometry, var raws = read else { return nil }
        let polygons = records.polygons(threads: threads)
        var left: [Int] = []
        for k in raws.indices {
            guard let fid = raws[k].fid else { return nil }
            if fid >= 0, fid < count, let polygon = polygons[Int(fid)] {
                raws[k].geometry = polygon
            } else {
                left.append(k)
            }
        }
        guard !left.isEmpty else { return raws }
        // The records left to GDAL are read for their shapes alone (no field read again), then the layer reads
        // `fields` again.
        guard layer.readsOnly([], geometry: true) else { return nil }
        defer { _ = layer.readsOnly(fields, geometry: true) }
        for k in left {
            let (feature, failure) = layer.feature(fid: raws[k].fid!)
            guard let feature else { return nil }
            var (geometry, problem) = withExtendedLifetime(feature) {
                RawFeature.geometry(borrowing: OGR_F_GetGeometryRef(feature.raw), session: session)
            }
            if let failure, problem == nil { problem = "GDAL: \(failure)" }
            (raws[k].geometry, raws[k].problem) = (geometry, problem)
        }
        return raws
    }
}

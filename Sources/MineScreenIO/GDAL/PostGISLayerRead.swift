import CGDAL
import Foundation
import MineScreenSupport
import MineScreenGeometry
import MineScreenNative

/// The parts of `GDALVectorReader` that only a database layer (GDAL's PostgreSQL driver) needs: opening
/// without file checks, the `tables=` table checked to exist, the blocks' rectangles in the layer's CRS,
/// and a digest of each row for the provenance.
extension GDALVectorReader {
    /// Opens a `PG:` connection read-only; a failure names the connection without its password.
    static func openDatabase(_ database: PostGISConnection, session: GDALSession) throws -> GDALDataset {
        guard database.table != nil else {
            throw InputError.cannotRead(file: database.shown, why: "no table named: add tables=SCHEMA.TABLE to the connection")
        }
        do {
            return try GDALDataset.openForReading(database.original, session: session)
        } catch let error as GDALError {
            throw InputError.cannotRead(file: database.shown, why: "cannot connect: " + database.scrub(error.message.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
    }

    /// The `tables=` table (or view), refused when it does not exist or has no geometry column. GDAL lists
    /// a table named in `tables=` even when the database has none by that name, so this asks the catalogue.
    static func databaseLayer(_ dataset: GDALDataset, _ database: PostGISConnection, session: GDALSession) throws -> OGRLayer {
        guard let (schema, table) = database.schemaAndTable else { preconditionFailure("checked when opened") }
        func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        let query = """
            SELECT c.relkind FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = \(literal(schema)) AND c.relname = \(literal(table))
            """
        let exists = try dataset.queryHasRows(query)
        guard exists else {
            throw InputError.cannotRead(file: database.shown, why: "no table or view \(schema).\(table) in the database")
        }
        guard let layer = dataset.layers.first else {
            throw InputError.cannotRead(file: database.shown, why: "GDAL found no layer for table \(schema).\(table)")
        }
        guard layer.hasGeometry else {
            throw InputError.cannotRead(file: database.shown, why: "table \(schema).\(table) has no geometry column")
        }
        return layer
    }

    /// The filter's rectangles in the layer's CRS `crs` (edges densified, so a curved edge in the layer's CRS
    /// stays inside), or nil when they cannot be transformed: the layer is then read whole.
    static func databaseRectangles(_ filter: BlockExtentFilter, layer: OGRLayer, crs: CRSIdentifier, session: GDALSession) -> [ExtentRectangle]? {
        guard let source = try? SpatialReference(filter.crs, session: session),
              let target = try? SpatialReference(crs, session: session),
              let transformation = OCTNewCoordinateTransformation(source.raw, target.raw) else {
            _ = session.failure("transform the blocks' extent")
            return nil
        }
        defer { OCTDestroyCoordinateTransformation(transformation) }
        var out: [ExtentRectangle] = []
        for r in filter.rectangles {
            var minX = 0.0, minY = 0.0, maxX = 0.0, maxY = 0.0
            let ok = withExtendedLifetime((source, target)) {
                OCTTransformBounds(transformation, r.minX, r.minY, r.maxX, r.maxY, &minX, &minY, &maxX, &maxY, 21)
            }
            guard ok != 0, [minX, minY, maxX, maxY].allSatisfy(\.isFinite) else {
                _ = session.failure("transform the blocks' extent")
                return nil
            }
            // Rounding in the transformation: a hair wider, never narrower.
            let pad = max(maxX - minX, maxY - minY, 1) * 1e-9
            out.append(ExtentRectangle(minX: minX - pad, minY: minY - pad, maxX: maxX + pad, maxY: maxY + pad))
        }
        // Rectangles that meet after the transformation are read once, as one.
        let joined = BlockExtentFilter.cluster(out)
        // Features found twice are dropped by FID: a table or view without a key column gets one rectangle.
        let fidColumn = OGR_L_GetFIDColumn(layer.raw).map { String(cString: $0) } ?? ""
        if fidColumn.isEmpty, let first = joined.first { return [joined.dropFirst().reduce(first) { $0.union($1) }] }
        return joined
    }
}

/// SHA-256 of one row as GDAL read it: its FID, every field as GDAL's text (null as a marker of its own),
/// and its geometry as ISO WKB; fields separated so that moving text between them changes the digest.
func rowDigest(_ f: OGRFeatureH, fieldCount: Int32) -> String {
    var hash = SHA256()
    withUnsafeBytes(of: OGR_F_GetFID(f).littleEndian) { hash.update($0) }
    for i in 0..<fieldCount {
        if OGR_F_IsFieldSetAndNotNull(f, i) == 0 {
            hash.update([0xFF, 0x00])
        } else {
            let text = OGR_F_GetFieldAsString(f, i).map(cStringBytes) ?? []
            withUnsafeBytes(of: UInt64(text.count).littleEndian) { hash.update($0) }
            hash.update(text)
        }
    }
    if let geometry = OGR_F_GetGeometryRef(f) {
        let size = Int(OGR_G_WkbSize(geometry))
        var bytes = [UInt8](repeating: 0, count: max(size, 0))
        if size > 0, OGR_G_ExportToIsoWkb(geometry, wkbNDR, &bytes) == OGRERR_NONE { hash.update(bytes) }
    } else {
        hash.update([0xFE])
    }
    return hash.finalizeHex()
}

extension GDALDataset {
    /// True when an SQL query returns a row (GDAL's ExecuteSQL; the result set released here).
    func queryHasRows(_ sql: String) throws -> Bool {
        guard let raw else { preconditionFailure("GDAL dataset used after close") }
        session.log.lastFailure = nil
        guard let result = GDALDatasetExecuteSQL(raw, sql, nil, nil) else {
            if session.log.lastFailure != nil { throw session.failure("query the catalogue") }
            return false
        }
        defer { GDALDatasetReleaseResultSet(raw, result) }
        guard let row = OGR_L_GetNextFeature(result) else { return false }
        OGR_F_Destroy(row)
        return true
    }
}

import CGDAL
import Foundation
import MineScreenSupport
import MineScreenGeometry
import MineScreenNative

/// What a table write did.
public struct PostGISWriteSummary {
    /// `SCHEMA.TABLE` as written.
    public var table: String
    public var rows: Int
    /// True when an existing table was replaced (`overwrite`).
    public var replaced: Bool
    public var warnings: [String]
}

/// Writes features into a PostGIS table through GDAL's PostgreSQL driver, all or nothing.
///
/// - Table: `SCHEMA.TABLE` (`public` when not qualified). An existing table (or view) is an error unless
///   `overwrite`; then it is dropped and made anew inside the same transaction.
/// - Rows: one per feature, in order; the key column `ogc_fid` (serial), then one column per property with
///   the types `GDALVectorWriter` chooses (integers → bigint, numbers → double precision, booleans → boolean,
///   text and mixtures → character varying, arrays and objects → their JSON text), named exactly as the
///   properties (no laundering), and the geometry column `geom`, MultiPolygon with the CRS's SRID (4490 for
///   CGCS2000), with a GiST index. A feature without polygon geometry (an empty remainder) gets a NULL `geom`.
/// - One transaction: the drop, the table, every row and the index are committed together; any failure
///   rolls back, leaving the database as it was (no new table, an old one untouched).
public enum PostGISWriter {
    public static func write(features: [Feature], crs: CRSIdentifier, connection: PostGISConnection, table: String,
                             overwrite: Bool) throws -> PostGISWriteSummary {
        let shown = connection.shown
        let (schema, name) = try schemaAndName(table, connection: connection)
        let qualified = "\(schema).\(name)"
        let polygons = try features.map { try polygonsOrNull($0, shown: shown) }
        let fields = GDALVectorWriter.Schema(features, format: .geoPackage).fields
        // GDAL writes reals to PostgreSQL with 15 significant digits: a real column is made double precision
        // through COLUMN_TYPES and given the number's shortest exact text, which PostgreSQL reads back exactly.
        // (A name with `,` or `=` cannot be listed there and keeps GDAL's 15 digits.)
        let exactReals = Set(fields.filter { $0.type == OFTReal && !$0.name.contains(",") && !$0.name.contains("=") }.map(\.name))
        let columnTypes = exactReals.sorted().map { "\($0)=float8" }.joined(separator: ",")

        let session = GDALSession()
        let dataset = try openSchema(schema, connection: connection, session: session)
        func identifier(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let exists = try tableExists(schema, name, in: dataset, connection: connection)
        if exists, !overwrite { throw existingTable(schema, name, connection: connection) }
        do {
            guard dataset.beginTransactionIfSupported() else { throw session.failure("begin a transaction") }
            do {
                if exists {
                    if let index = dataset.layerIndex(named: name) {
                        try session.check(dataset.deleteLayer(at: index), "drop table \(qualified)")
                    } else {
                        try dataset.execute("DROP TABLE \(identifier(schema)).\(identifier(name))")
                    }
                }
                let srs = try SpatialReference(crs, session: session)
                let layer = try dataset.createLayer(name, srs: srs, geometryType: wkbMultiPolygon, options: [
                    "SCHEMA=\(schema)", "GEOMETRY_NAME=geom", "LAUNDER=NO", "PRECISION=NO", "SPATIAL_INDEX=GIST", "DIM=2",
                ] + (columnTypes.isEmpty ? [] : ["COLUMN_TYPES=\(columnTypes)"]))
                for field in fields {
                    try layer.createField(field.name, type: exactReals.contains(field.name) ? OFTString : field.type, subType: field.subType)
                }
                for (feature, parts) in zip(features, polygons) {
                    let out = try layer.newFeature()
                    for (k, field) in fields.enumerated() {
                        let value = feature.property(field.property) ?? .null
                        if exactReals.contains(field.name), let number = value.numberValue, value != .null {
                            OGR_F_SetFieldString(out.raw, Int32(k), formatJSONNumber(number))
                        } else {
                            try GDALVectorWriter.set(out, Int32(k), field, value)
                        }
                    }
                    if let parts {
                        try GDALVectorWriter.setGeometry(out, parts, multi: true, featureID: feature.id, session: session)
                    }
                    try layer.add(out)
                }
                try dataset.commit()
            } catch {
                dataset.rollback()
                throw error
            }
            try dataset.close(shown)
        } catch let error as GDALError {
            throw InputError.cannotWrite(file: shown, why: "\(qualified): " + connection.scrub(error.message) + " (nothing written)")
        }
        return PostGISWriteSummary(table: qualified, rows: features.count, replaced: exists,
                                   warnings: session.takeWarnings().map { "\(shown): GDAL: \(connection.scrub($0))" })
    }

    /// A feature's polygons, nil for a feature without polygon geometry; anything else cannot be written.
    private static func polygonsOrNull(_ feature: Feature, shown: String) throws -> [Polygon]? {
        guard let geometry = feature.geometry else { return nil }
        guard let polygons = geometry.polygons else {
            throw InputError.cannotWrite(file: shown, why: "feature \(feature.index) (id \(feature.id)) is \(geometry.typeName); only Polygon and MultiPolygon are written")
        }
        guard !polygons.isEmpty else { return nil }
        var finite = true
        geometry.forEachPosition { if !$0.isFinite { finite = false } }
        guard finite else { throw InputError.cannotWrite(file: shown, why: "feature \(feature.index) (id \(feature.id)) has a non-finite coordinate") }
        return polygons
    }
}

extension GDALDataset {
    /// Opens a vector dataset for writing (a database connection).
    static func openForUpdate(_ path: String, session: GDALSession) throws -> GDALDataset {
        let flags = UInt32(GDAL_OF_VECTOR | GDAL_OF_UPDATE | GDAL_OF_VERBOSE_ERROR)
        guard let raw = GDALOpenEx(path, flags, nil, nil, nil) else { throw session.failure("open the database") }
        return GDALDataset(owning: raw, session: session)
    }

    func layerIndex(named name: String) -> Int32? {
        guard let raw else { return nil }
        for i in 0..<GDALDatasetGetLayerCount(raw) {
            if let layer = GDALDatasetGetLayer(raw, i), let layerName = OGR_L_GetName(layer), String(cString: layerName) == name { return i }
        }
        return nil
    }

    func deleteLayer(at index: Int32) -> OGRErr {
        guard let raw else { preconditionFailure("GDAL dataset used after close") }
        return GDALDatasetDeleteLayer(raw, index)
    }

    /// Runs an SQL statement that returns no rows; GDAL's failure message is thrown.
    func execute(_ sql: String) throws {
        guard let raw else { preconditionFailure("GDAL dataset used after close") }
        session.log.lastFailure = nil
        if let result = GDALDatasetExecuteSQL(raw, sql, nil, nil) { GDALDatasetReleaseResultSet(raw, result) }
        if session.log.lastFailure != nil { throw session.failure("run \(sql)") }
    }

    /// Undoes the open transaction; errors are ignored (the failure being reported is the one that matters).
    func rollback() {
        guard let raw else { return }
        _ = GDALDatasetRollbackTransaction(raw)
        session.log.lastFailure = nil
    }
}

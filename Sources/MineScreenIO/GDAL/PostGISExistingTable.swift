import Foundation
import MineScreenSupport
import MineScreenNative

extension PostGISWriter {
    /// Throws the error `write` throws for an existing `table` without `overwrite`, without writing anything: a run
    /// that writes two tables (results and remainders) checks both before writing the first, so a refusal leaves
    /// the database as it was.
    public static func refuseExisting(connection: PostGISConnection, table: String) throws {
        let (schema, name) = try schemaAndName(table, connection: connection)
        let dataset = try openSchema(schema, connection: connection, session: GDALSession())
        if try tableExists(schema, name, in: dataset, connection: connection) {
            throw existingTable(schema, name, connection: connection)
        }
    }

    /// `SCHEMA.TABLE` or `TABLE` (in `public`) split; an empty part is an error naming the connection.
    static func schemaAndName(_ table: String, connection: PostGISConnection) throws -> (schema: String, name: String) {
        let parts = table.split(separator: ".", maxSplits: 1).map(String.init)
        let (schema, name) = parts.count == 2 ? (parts[0], parts[1]) : ("public", parts[0])
        guard !schema.isEmpty, !name.isEmpty else {
            throw InputError.cannotWrite(file: connection.shown, why: "table name \(table) is empty")
        }
        return (schema, name)
    }

    /// The database opened for update on the one schema, so that GDAL lists its spatial tables (to drop one
    /// replaced) and no others; a failed connection is an error with the password scrubbed.
    static func openSchema(_ schema: String, connection: PostGISConnection, session: GDALSession) throws -> GDALDataset {
        do {
            return try GDALDataset.openForUpdate(connection.withoutTables(adding: "schemas=\(schema)"), session: session)
        } catch let error as GDALError {
            throw InputError.cannotWrite(file: connection.shown, why: "cannot connect: " + connection.scrub(error.message.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
    }

    /// Whether a relation (table, view …) named `schema.name` exists, from the catalogue.
    static func tableExists(_ schema: String, _ name: String, in dataset: GDALDataset, connection: PostGISConnection) throws -> Bool {
        do {
            return try dataset.queryHasRows("""
                SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = \(sqlLiteral(schema)) AND c.relname = \(sqlLiteral(name))
                """)
        } catch let error as GDALError {
            throw InputError.cannotWrite(file: connection.shown, why: connection.scrub(error.message))
        }
    }

    /// The refusal of an existing table without `--overwrite`.
    static func existingTable(_ schema: String, _ name: String, connection: PostGISConnection) -> InputError {
        InputError.cannotWrite(file: connection.shown, why: "table \(schema).\(name) exists (not replaced: give --overwrite to replace it)")
    }

    /// A SQL string literal.
    static func sqlLiteral(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
}

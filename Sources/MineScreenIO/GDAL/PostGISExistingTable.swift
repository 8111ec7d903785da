import Foundation
import MineScreenSupport
import MineScreenNative

extension PostGISWriter {
    /// Throws the error `write` throws for an existing `table` without `overwrite`, without writing anything: a run
    /// that writes two tables (results and remainders) checks both before writing the first, so a refusal leaves
    /// the database as it was.
    public static func refuseExisting(connection: PostGISConnection, table: String) throws {
        let shown = connection.shown
        let parts = table.split(separator: ".", maxSplits: 1).map(String.init)
        let (schema, name) = parts.count == 2 ? (parts[0], parts[1]) : ("public", parts[0])
        guard !schema.isEmpty, !name.isEmpty else { throw InputError.cannotWrite(file: shown, why: "table name \(table) is empty") }
        let session = GDALSession()
        let dataset: GDALDataset
        do {
            dataset = try GDALDataset.openForUpdate(connection.withoutTables(adding: "schemas=\(schema)"), session: session)
        } catch let error as GDALError {
            throw InputError.cannotWrite(file: shown, why: "cannot connect: " + connection.scrub(error.message.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        let exists: Bool
        do {
            exists = try dataset.queryHasRows("""
                SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = \(literal(schema)) AND c.relname = \(literal(name))
                """)
        } catch let error as GDALError {
            throw InputError.cannotWrite(file: shown, why: connection.scrub(error.message))
        }
        if exists {
            throw InputError.cannotWrite(file: shown, why: "table \(schema).\(name) exists (not replaced: give --overwrite to replace it)")
        }
    }
}

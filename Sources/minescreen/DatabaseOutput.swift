import ArgumentParser
import MineScreenKit

/// `--format postgis -o 'PG:…' [--table NAME] [--overwrite]`: the GeoJSON output's rows written into a
/// PostGIS table in one transaction (`PostGISWriter`).
struct DatabaseOutputOptions: ParsableArguments {
    @Option(name: .long, help: "--format postgis: the table to write, SCHEMA.TABLE or TABLE (default: the tables= of -o, else minescreen_<command>).")
    var table: String?

    @Flag(name: .long, help: "--format postgis (and a PG: --remainder): replace an existing table (without it, an existing table is exit 2).")
    var overwrite = false

    /// -o `PG:…` and `--format postgis` go together.
    static func validate(_ format: OutputFormat, output: String?) throws {
        let database = output.map(PostGISConnection.isConnection) ?? false
        if format == .postgis, !database {
            throw ValidationError("--format postgis writes into PostGIS: give -o 'PG:host=… dbname=… user=…' (password from PGPASSWORD or ~/.pgpass)")
        }
        if database, format != .postgis { throw ValidationError("-o PG:… is a database: give --format postgis") }
    }

    /// Writes the output's rows into `--table` (else the connection's tables=, else `defaultTable`).
    func write(_ document: () throws -> JSONValue, to output: String?, defaultTable: String, inputs: [String]) throws {
        guard let output, let connection = PostGISConnection(output) else { throw ValidationError("--format postgis needs -o 'PG:…'") }
        try writeTable(try document(), connection: connection, table: table ?? connection.table ?? defaultTable,
                       overwrite: overwrite, inputs: inputs)
    }
}

/// Writes a GeoJSON document's features into a table; refuses a table the run reads.
func writeTable(_ document: JSONValue, connection: PostGISConnection, table: String, overwrite: Bool, inputs: [String]) throws {
    let qualified = table.contains(".") ? table : "public." + table
    for input in inputs {
        guard let read = PostGISConnection(input), let (schema, name) = read.schemaAndTable else { continue }
        if "\(schema).\(name)" == qualified, read.withoutTables() == connection.withoutTables() {
            throw InputError.invalidArgument("table \(qualified) is read by this run (\(read.shown)): refusing to replace an input; write another table")
        }
    }
    let file = try FeatureFile(geoJSON: document, path: connection.shown)
    let summary = try runTimings.wall(.write) {
        try PostGISWriter.write(features: file.features, crs: file.crs, connection: connection, table: table, overwrite: overwrite)
    }
    warn(summary.warnings)
}

/// `-o 'PG:…'` with `--remainder 'PG:…'`: two tables. One table named for both would first receive the results,
/// then be replaced by the remainders (with `--overwrite`): refused before anything runs.
func refuseOneTableForResultsAndRemainders(output: String?, table: String?, defaultTable: String,
                                           remainder: String?, remainderTable: String?) throws {
    guard let output, let results = PostGISConnection(output), let remainder, let remainders = PostGISConnection(remainder) else { return }
    func qualified(_ name: String) -> String { name.contains(".") ? name : "public." + name }
    let resultsTable = qualified(table ?? results.table ?? defaultTable)
    let remaindersTable = qualified(remainderTable ?? remainders.table ?? "minescreen_remainder")
    if resultsTable == remaindersTable, results.withoutTables() == remainders.withoutTables() {
        throw ValidationError("-o and --remainder both name table \(resultsTable): give the remainders another table (--remainder-table)")
    }
}

import Foundation
import XCTest

/// The throwaway PostGIS server of `Scripts/pg/start` (its connection in MINESCREEN_PG, libpq keywords).
/// Without it the PostGIS tests skip, saying how to start it; under Scripts/test (MINESCREEN_REQUIRE_TOOLS=1)
/// they fail instead. Tables are loaded with ogr2ogr and checked with psql: tools independent of minescreen.
struct PostGISTestDatabase {
    /// `host=… port=… dbname=… user=…`
    let connection: String

    /// `PG:` + the connection + `tables=public.TABLE`, as a user gives a layer.
    func layer(_ table: String) -> String { "PG:\(connection) tables=public.\(table)" }
    var target: String { "PG:\(connection)" }

    static func require() throws -> PostGISTestDatabase {
        let environment = ProcessInfo.processInfo.environment
        if let connection = environment["MINESCREEN_PG"], !connection.isEmpty {
            let database = PostGISTestDatabase(connection: connection)
            let probe = try database.psqlRun("select postgis_version()")
            if probe.status == 0 { return database }
            return try unavailable("MINESCREEN_PG=\(connection) does not answer: \(probe.stderr)")
        }
        return try unavailable("no PostGIS server: run `eval \"$(Scripts/pg/start)\"` (sets MINESCREEN_PG) to run the PostGIS tests")
    }

    private static func unavailable(_ why: String) throws -> PostGISTestDatabase {
        if ProcessInfo.processInfo.environment["MINESCREEN_REQUIRE_TOOLS"] == "1" { throw Unavailable(why: why) }
        throw XCTSkip(why)
    }

    struct Unavailable: Error, CustomStringConvertible {
        var why: String
        var description: String { "PostGIS is required here (MINESCREEN_REQUIRE_TOOLS=1): \(why)" }
    }

    func psqlRun(_ sql: String) throws -> CLIRun {
        try CLI.runProgram("/usr/bin/env", ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", connection, "-c", sql])
    }

    /// Runs SQL; its rows as lines of `|`-separated columns.
    @discardableResult
    func psql(_ sql: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
        let run = try psqlRun(sql)
        XCTAssertEqual(run.status, 0, "psql \(sql): \(run.stderr)", file: file, line: line)
        return run.stdout.split(separator: "\n").map(String.init)
    }

    /// Loads a file into `public.TABLE` with ogr2ogr (column names as in the file, geometry column geom,
    /// a GiST index, the file's CRS as the SRID), replacing any table of that name, then ANALYZE.
    func load(_ path: String, into table: String, extra: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws {
        let run = try CLI.runProgram("/usr/bin/env", ["ogr2ogr", "-f", "PostgreSQL", "PG:\(connection)", path, "-nln", table,
                                                      "-overwrite", "-lco", "GEOMETRY_NAME=geom", "-lco", "LAUNDER=NO"] + extra)
        XCTAssertEqual(run.status, 0, "ogr2ogr \(path): \(run.stderr)", file: file, line: line)
        try psql("analyze \"\(table)\"", file: file, line: line)
    }

    func drop(_ tables: [String]) throws {
        for table in tables { try psql("drop table if exists \"\(table)\" cascade") }
    }
}

import Foundation
import XCTest
import MineScreenTestSupport

/// `--format postgis` and `--remainder 'PG:…'`: the GeoJSON output's rows, read back with psql, with typed
/// columns and geometry column geom (SRID 4490); an existing table replaced only with --overwrite; one
/// transaction, so a failing write leaves the database as it was.
final class PostGISOutputTests: XCTestCase {
    private let overlapArguments = ["overlap", "Fixtures/overlap/blocks.geojson", "--id-field", "code",
                                    "--layer", "farmland=Fixtures/overlap/farmland.geojson", "--layer-id-field", "farmland=BSM",
                                    "--layer", "redline=Fixtures/overlap/redline.geojson", "--layer", "urban=Fixtures/overlap/urban.geojson"]

    private func features(_ geojson: String, file: StaticString = #filePath, line: UInt = #line) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(geojson.utf8)) as? [String: Any]
        return try XCTUnwrap(object?["features"] as? [[String: Any]], file: file, line: line)
    }

    /// Every position of a GeoJSON Polygon or MultiPolygon, in order.
    private func positions(_ geometry: Any?) -> [[Double]] {
        guard let g = geometry as? [String: Any], let type = g["type"] as? String else { return [] }
        switch type {
        case "Polygon": return (g["coordinates"] as? [[[Double]]] ?? []).flatMap { $0 }
        case "MultiPolygon": return (g["coordinates"] as? [[[[Double]]]] ?? []).flatMap { $0.flatMap { $0 } }
        default: return []
        }
    }

    /// The table's rows (without geom and the key) and geometries, in the order written, read with psql.
    private func readBack(_ db: PostGISTestDatabase, _ table: String, file: StaticString = #filePath, line: UInt = #line) throws -> (rows: [[String: Any]], geometries: [Any]) {
        let text = try db.psql("""
            select json_build_object('rows', json_agg(to_jsonb(t) - 'geom' - 'ogc_fid' order by ogc_fid),
                                     'geometries', json_agg(ST_AsGeoJSON(geom, 17)::json order by ogc_fid))
            from \(table) t
            """, file: file, line: line).joined()
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], file: file, line: line)
        return (object["rows"] as? [[String: Any]] ?? [], object["geometries"] as? [Any] ?? [])
    }

    private func assertRowsEqual(_ expected: [[String: Any]], _ db: PostGISTestDatabase, _ table: String,
                                 file: StaticString = #filePath, line: UInt = #line) throws {
        let (rows, geometries) = try readBack(db, table, file: file, line: line)
        XCTAssertEqual(rows.count, expected.count, file: file, line: line)
        XCTAssertGreaterThan(rows.count, 0, file: file, line: line)
        for (k, (row, feature)) in zip(rows, expected).enumerated() {
            let properties = try XCTUnwrap(feature["properties"] as? [String: Any], file: file, line: line)
            XCTAssertEqual(Set(row.keys), Set(properties.keys), "row \(k)", file: file, line: line)
            for (key, value) in properties {
                if let number = value as? Double, !(value is Bool) {
                    XCTAssertEqual(row[key] as? Double ?? .nan, number, accuracy: 0, "row \(k) \(key)", file: file, line: line)
                } else {
                    XCTAssertEqual("\(row[key] ?? "null")", "\(value)", "row \(k) \(key)", file: file, line: line)
                }
            }
            let written = positions(geometries[k]), given = positions(feature["geometry"])
            XCTAssertEqual(written.count, given.count, "row \(k) positions", file: file, line: line)
            for (p, q) in zip(written, given) {
                XCTAssertEqual(p[0], q[0], accuracy: 1e-12, file: file, line: line)
                XCTAssertEqual(p[1], q[1], accuracy: 1e-12, file: file, line: line)
            }
        }
    }

    func testOverlapRowsAreTheGeoJSONRows() throws {
        let db = try PostGISTestDatabase.require()
        try db.drop(["out_overlap"])
        let geojson = try CLI.run(overlapArguments + ["--format", "geojson"])
        XCTAssertEqual(geojson.status, 0, geojson.stderr)
        let written = try CLI.run(overlapArguments + ["--format", "postgis", "-o", db.target, "--table", "out_overlap"])
        XCTAssertEqual(written.status, 0, written.stderr)
        XCTAssertEqual(written.stdout, "")
        try assertRowsEqual(try features(geojson.stdout), db, "out_overlap")
        XCTAssertEqual(try db.psql("select find_srid('public', 'out_overlap', 'geom')"), ["4490"])
        XCTAssertEqual(try db.psql("select type from geometry_columns where f_table_name = 'out_overlap' and f_geometry_column = 'geom'"), ["MULTIPOLYGON"])
        let types = try db.psql("select column_name || ' ' || data_type from information_schema.columns where table_name = 'out_overlap' order by ordinal_position")
        for column in ["area_m2 double precision", "percent double precision", "count bigint", "block character varying", "layer character varying"] {
            XCTAssertTrue(types.contains(column), "\(column) in \(types)")
        }
        XCTAssertEqual(try db.psql("select count(*) from pg_indexes where tablename = 'out_overlap' and indexdef like '%gist%'"), ["1"])
        try db.drop(["out_overlap"])
    }

    func testScreenAndItsRemainderIntoTables() throws {
        let db = try PostGISTestDatabase.require()
        try db.drop(["out_screen", "out_remainder"])
        let folder = try makeScratchFolder("pg-out")
        defer { try? FileManager.default.removeItem(at: folder) }
        let remainderFile = folder.appendingPathComponent("remainder.geojson").path
        let screen = ["screen", "Fixtures/screen/blocks.geojson", "--rules", "Fixtures/screen/rules.yaml", "--id-field", "code"]
        let geojson = try CLI.run(screen + ["--format", "geojson", "--remainder", remainderFile])
        XCTAssertEqual(geojson.status, 1, geojson.stderr)
        let written = try CLI.run(screen + ["--format", "postgis", "-o", db.target, "--table", "out_screen",
                                            "--remainder", db.target, "--remainder-table", "out_remainder"])
        XCTAssertEqual(written.status, 1, written.stderr)
        try assertRowsEqual(try features(geojson.stdout), db, "out_screen")
        try assertRowsEqual(try features(try String(contentsOfFile: remainderFile, encoding: .utf8)), db, "out_remainder")
        XCTAssertEqual(try db.psql("select find_srid('public', 'out_remainder', 'geom')"), ["4490"])
        try db.drop(["out_screen", "out_remainder"])
    }

    /// Results and remainders are two tables: one named for both is refused before anything runs; an existing
    /// remainder table without --overwrite stops the run before the results table is written.
    func testResultsAndRemaindersNeverShareOrHalfWriteTables() throws {
        let db = try PostGISTestDatabase.require()
        try db.drop(["twice_screen", "half_screen", "half_remainder"])
        let screen = ["screen", "Fixtures/screen/blocks.geojson", "--rules", "Fixtures/screen/rules.yaml", "--id-field", "code",
                      "--format", "postgis", "-o", db.target]
        let twice = try CLI.run(screen + ["--table", "twice_screen", "--remainder", db.target, "--remainder-table", "public.twice_screen", "--overwrite"])
        XCTAssertEqual(twice.status, 2, twice.stderr)
        XCTAssertTrue(twice.stderr.contains("--remainder-table"), twice.stderr)
        XCTAssertEqual(try db.psql("select count(*) from pg_class where relname = 'twice_screen'"), ["0"])

        try db.psql("create table half_remainder (x int); insert into half_remainder values (7)")
        let half = try CLI.run(screen + ["--table", "half_screen", "--remainder", db.target, "--remainder-table", "half_remainder"])
        XCTAssertEqual(half.status, 2, half.stderr)
        XCTAssertTrue(half.stderr.contains("half_remainder exists"), half.stderr)
        XCTAssertEqual(try db.psql("select count(*) from pg_class where relname = 'half_screen'"), ["0"])
        XCTAssertEqual(try db.psql("select x from half_remainder"), ["7"])
        try db.drop(["twice_screen", "half_screen", "half_remainder"])
    }

    /// One row per polygon with the JSON report's figures; PostGIS measures the written geometry (geodesic,
    /// GeographicLib on the WGS 84 spheroid, a hair from CGCS2000's) to the same area.
    func testAreaRowsIntoATable() throws {
        let db = try PostGISTestDatabase.require()
        try db.drop(["out_area"])
        let json = try CLI.run(["area", "Fixtures/changzhi-cs21.geojson", "--id-field", "code", "--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let expected = try XCTUnwrap(try json.json()["features"] as? [[String: Any]])
        let run = try CLI.run(["area", "Fixtures/changzhi-cs21.geojson", "--id-field", "code", "--format", "postgis", "-o", db.target, "--table", "out_area"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let rows = try db.psql("select id, area_m2, ST_Area(geom::geography, true), ST_SRID(geom) from out_area order by ogc_fid")
        XCTAssertEqual(rows.count, expected.count)
        XCTAssertEqual(rows.count, 21)
        for (row, feature) in zip(rows, expected) {
            let columns = row.split(separator: "|").map(String.init)
            XCTAssertEqual(columns[0], feature["id"] as? String)
            let area = try XCTUnwrap(feature["area_m2"] as? Double)
            XCTAssertEqual(Double(columns[2]) ?? .nan, area, accuracy: area * 1e-8, columns[0])
            XCTAssertEqual(columns[3], "4490")
        }
        // Every area exactly as the JSON report prints it, compared by PostgreSQL's own number reading.
        let report = json.stdout.replacingOccurrences(of: "'", with: "''")
        XCTAssertEqual(try db.psql("""
            select count(*) from out_area t join json_array_elements('\(report)'::json -> 'features') f on f ->> 'id' = t.id
            where (f ->> 'area_m2')::float8 = t.area_m2
            """), ["21"])
        try db.drop(["out_area"])
    }

    func testAnExistingTableIsReplacedOnlyWithOverwrite() throws {
        let db = try PostGISTestDatabase.require()
        try db.drop(["out_twice"])
        let first = try CLI.run(overlapArguments + ["--format", "postgis", "-o", db.target + " tables=public.out_twice"])
        XCTAssertEqual(first.status, 0, first.stderr)
        let rows = try db.psql("select count(*) from out_twice")
        try db.psql("update out_twice set layer = 'marker' where ogc_fid = 1")
        let again = try CLI.run(overlapArguments + ["--format", "postgis", "-o", db.target, "--table", "out_twice"])
        XCTAssertEqual(again.status, 2)
        XCTAssertTrue(again.stderr.contains("public.out_twice"), again.stderr)
        XCTAssertTrue(again.stderr.contains("--overwrite"), again.stderr)
        XCTAssertEqual(try db.psql("select count(*) from out_twice where layer = 'marker'"), ["1"])
        let replaced = try CLI.run(overlapArguments + ["--format", "postgis", "-o", db.target, "--table", "out_twice", "--overwrite"])
        XCTAssertEqual(replaced.status, 0, replaced.stderr)
        XCTAssertEqual(try db.psql("select count(*) from out_twice where layer = 'marker'"), ["0"])
        XCTAssertEqual(try db.psql("select count(*) from out_twice"), rows)
        try db.drop(["out_twice"])
    }

    /// The server refuses the third row of any table named ms_fail_*: the write fails half way, and the
    /// database is as before: no new table, and a table being replaced keeps its rows.
    func testAFailedWriteLeavesTheDatabaseAsItWas() throws {
        let db = try PostGISTestDatabase.require()
        try db.psql("drop event trigger if exists ms_test_fail")
        try db.drop(["ms_fail_new", "ms_fail_old"])
        try db.psql("create table ms_fail_old (ogc_fid serial primary key, layer text, geom geometry(MultiPolygon, 4490)); insert into ms_fail_old (layer) values ('old row')")
        try db.psql("""
            create or replace function ms_test_refuse_third_row() returns trigger language plpgsql as $$
            declare n bigint;
            begin
              execute format('select count(*) from %I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME) into n;
              if n >= 2 then raise exception 'refused by the test'; end if;
              return NEW;
            end $$;
            create or replace function ms_test_arm() returns event_trigger language plpgsql as $$
            declare r record;
            begin
              for r in select * from pg_event_trigger_ddl_commands() where command_tag = 'CREATE TABLE' loop
                if r.object_identity like '%.ms_fail_%' then
                  execute format('create trigger refuse before insert on %s for each row execute function ms_test_refuse_third_row()', r.object_identity);
                end if;
              end loop;
            end $$;
            create event trigger ms_test_fail on ddl_command_end execute function ms_test_arm();
            """)
        defer { _ = try? db.psql("drop event trigger if exists ms_test_fail"); _ = try? db.drop(["ms_fail_new", "ms_fail_old"]) }
        let fresh = try CLI.run(overlapArguments + ["--format", "postgis", "-o", db.target, "--table", "ms_fail_new"])
        XCTAssertEqual(fresh.status, 2, fresh.stderr)
        XCTAssertTrue(fresh.stderr.contains("refused by the test"), fresh.stderr)
        XCTAssertEqual(try db.psql("select to_regclass('public.ms_fail_new') is null"), ["t"])
        let replacing = try CLI.run(overlapArguments + ["--format", "postgis", "-o", db.target, "--table", "ms_fail_old", "--overwrite"])
        XCTAssertEqual(replacing.status, 2, replacing.stderr)
        XCTAssertEqual(try db.psql("select layer from ms_fail_old"), ["old row"])
    }

    func testFormatAndTargetGoTogether() throws {
        let db = try PostGISTestDatabase.require()
        let noTarget = try CLI.run(overlapArguments + ["--format", "postgis"])
        XCTAssertEqual(noTarget.status, 2)
        XCTAssertTrue(noTarget.stderr.contains("PG:"), noTarget.stderr)
        let notPostGIS = try CLI.run(overlapArguments + ["--format", "json", "-o", db.target])
        XCTAssertEqual(notPostGIS.status, 2)
        XCTAssertTrue(notPostGIS.stderr.contains("--format postgis"), notPostGIS.stderr)
    }

    func testATableTheRunReadsIsNotReplaced() throws {
        let db = try PostGISTestDatabase.require()
        try db.load("Fixtures/overlap/farmland.geojson", into: "in_farmland")
        let run = try CLI.run(["overlap", "Fixtures/overlap/blocks.geojson", "--layer", "farmland=" + db.layer("in_farmland"),
                               "--format", "postgis", "-o", db.target, "--table", "in_farmland", "--overwrite"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("in_farmland"), run.stderr)
        XCTAssertEqual(try db.psql("select count(*) from in_farmland"), ["60"])
        try db.drop(["in_farmland"])
    }

    func testConnectionFailureWhenWritingHidesThePassword() throws {
        _ = try PostGISTestDatabase.require()
        let run = try CLI.run(overlapArguments + ["--format", "postgis", "-o", "PG:host=/nonexistent-socket-dir dbname=gis password=s3cr3tpw", "--table", "x"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.stderr.contains("dbname=gis"), run.stderr)
        XCTAssertFalse(run.stderr.contains("s3cr3tpw"), run.stderr)
    }
}

import Foundation
import XCTest
import MineScreenTestSupport

/// Layers and blocks read from PostGIS tables (loaded from the fixtures with ogr2ogr) give what the same
/// files give: ids, counts, areas to 1e-9; only the rows near the blocks are fetched (pg_stat_user_tables);
/// connection and table problems exit 2 naming the connection without its password.
final class PostGISSourceTests: XCTestCase {
    private func json(_ arguments: [String], status: Int32 = 0, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let run = try CLI.run(arguments)
        XCTAssertEqual(run.status, status, run.stderr, file: file, line: line)
        return try run.json(file: file, line: line)
    }

    /// `keyIds`: layers whose ids in `b` are primary keys (from 1) where `a` has the index in the file (from 0).
    private func assertSameOverlaps(_ a: [String: Any], _ b: [String: Any], keyIds: Set<String> = [],
                                    file: StaticString = #filePath, line: UInt = #line) throws {
        let blocksA = try XCTUnwrap(a["blocks"] as? [[String: Any]], file: file, line: line)
        let blocksB = try XCTUnwrap(b["blocks"] as? [[String: Any]], file: file, line: line)
        XCTAssertEqual(blocksA.count, blocksB.count, file: file, line: line)
        for (x, y) in zip(blocksA, blocksB) {
            let id = x["id"] as? String ?? "?"
            XCTAssertEqual(id, y["id"] as? String, file: file, line: line)
            for key in ["area_m2", "conflict_m2", "clean_m2"] {
                let wanted = try XCTUnwrap(x[key] as? Double, file: file, line: line)
                XCTAssertEqual(y[key] as? Double ?? .nan, wanted, accuracy: max(1e-9 * wanted, 1e-9), "\(id) \(key)", file: file, line: line)
            }
            XCTAssertEqual(x["clean"] as? Bool, y["clean"] as? Bool, id, file: file, line: line)
            let overlapsA = try XCTUnwrap(x["overlaps"] as? [String: [String: Any]], file: file, line: line)
            let overlapsB = try XCTUnwrap(y["overlaps"] as? [String: [String: Any]], file: file, line: line)
            XCTAssertEqual(Set(overlapsA.keys), Set(overlapsB.keys), file: file, line: line)
            for (layer, o) in overlapsA {
                let p = try XCTUnwrap(overlapsB[layer], file: file, line: line)
                let wanted = try XCTUnwrap(o["area_m2"] as? Double, file: file, line: line)
                XCTAssertEqual(p["area_m2"] as? Double ?? .nan, wanted, accuracy: max(1e-9 * wanted, 1e-9), "\(id) \(layer)", file: file, line: line)
                XCTAssertEqual(p["count"] as? Int, o["count"] as? Int, "\(id) \(layer)", file: file, line: line)
                let ids = (p["features"] as? [String] ?? []).map { keyIds.contains(layer) ? Int($0).map { String($0 - 1) } ?? $0 : $0 }
                XCTAssertEqual(ids, o["features"] as? [String], "\(id) \(layer)", file: file, line: line)
            }
        }
    }

    /// Fixtures/overlap in EPSG:4490 and EPSG:4526 (the SRID says which), tables against files and the oracle.
    func testOverlapOverTablesEqualsOverFiles() throws {
        let db = try PostGISTestDatabase.require()
        for (folder, suffix) in [("Fixtures/overlap", "4490"), ("Fixtures/overlap/epsg4526", "4526")] {
            for layer in ["redline", "farmland", "urban"] { try db.load("\(folder)/\(layer).geojson", into: "src_\(layer)_\(suffix)") }
            try db.load("\(folder)/blocks.geojson", into: "src_blocks_\(suffix)")
            XCTAssertEqual(try db.psql("select find_srid('public', 'src_farmland_\(suffix)', 'geom')"), [suffix])
            let common = ["--id-field", "code", "--layer-id-field", "farmland=BSM", "--layer-id-field", "redline=名称", "--format", "json"]
            let files = try json(["overlap", "\(folder)/blocks.geojson", "--layer", "redline=\(folder)/redline.geojson",
                                  "--layer", "farmland=\(folder)/farmland.geojson", "--layer", "urban=\(folder)/urban.geojson"] + common)
            let tables = try json(["overlap", db.layer("src_blocks_\(suffix)"), "--layer", "redline=" + db.layer("src_redline_\(suffix)"),
                                   "--layer", "farmland=" + db.layer("src_farmland_\(suffix)"), "--layer", "urban=" + db.layer("src_urban_\(suffix)")] + common)
            // The urban areas have no id property: the file's ids are indices, the table's its key.
            try assertSameOverlaps(files, tables, keyIds: ["urban"])
            // Some block meets some layer: the comparison is not between two empty reports.
            let blocks = try XCTUnwrap(tables["blocks"] as? [[String: Any]])
            XCTAssertTrue(blocks.contains { ($0["conflict_m2"] as? Double ?? 0) > 1000 })
            XCTAssertEqual(tables["crs"] as? String, "EPSG:\(suffix)")
            // The provenance names each table, hashes its rows, and counts them.
            let inputs = try XCTUnwrap((tables["provenance"] as? [String: Any])?["inputs"] as? [[String: Any]])
            let farmland = try XCTUnwrap(inputs.first { $0["role"] as? String == "layer:farmland" })
            XCTAssertEqual(farmland["path"] as? String, db.layer("src_farmland_\(suffix)"))
            XCTAssertEqual((farmland["sha256"] as? String)?.count, 64)
            XCTAssertEqual(farmland["crs"] as? String, "EPSG:\(suffix)")
        }
        // Blocks in lon/lat, tables in a Gauss-Krüger zone: the blocks' rectangles are transformed to fetch.
        let mixedArguments = ["--id-field", "code", "--layer-id-field", "farmland=BSM", "--layer-id-field", "redline=名称", "--format", "json"]
        let mixedFiles = try json(["overlap", "Fixtures/overlap/blocks.geojson", "--layer", "redline=Fixtures/overlap/epsg4526/redline.geojson",
                                   "--layer", "farmland=Fixtures/overlap/epsg4526/farmland.geojson"] + mixedArguments)
        let mixedTables = try json(["overlap", "Fixtures/overlap/blocks.geojson", "--layer", "redline=" + db.layer("src_redline_4526"),
                                    "--layer", "farmland=" + db.layer("src_farmland_4526")] + mixedArguments)
        try assertSameOverlaps(mixedFiles, mixedTables)
    }

    func testScreenOverTablesEqualsOverFiles() throws {
        let db = try PostGISTestDatabase.require()
        var rules = try String(contentsOfFile: CLI.fixture("screen/rules.yaml"), encoding: .utf8)
        for layer in ["redline", "farmland", "railway", "rights", "dwellings"] {
            try db.load("Fixtures/screen/\(layer).geojson", into: "scr_\(layer)")
            // The files' ids are GeoJSON ids, which ogr2ogr keeps in a column named id (farmland has BSM).
            let idField = layer == "farmland" ? "" : "\n    id_field: id"
            rules = rules.replacingOccurrences(of: "path: \(layer).geojson", with: "path: '\(db.layer("scr_\(layer)"))'" + idField)
        }
        XCTAssertFalse(rules.contains(".geojson"), rules)
        let folder = try makeScratchFolder("pg-screen")
        defer { try? FileManager.default.removeItem(at: folder) }
        let rulesPath = folder.appendingPathComponent("rules.yaml").path
        try rules.write(toFile: rulesPath, atomically: true, encoding: .utf8)
        let common = ["--id-field", "code", "--format", "json"]
        let files = try json(["screen", "Fixtures/screen/blocks.geojson", "--rules", "Fixtures/screen/rules.yaml"] + common, status: 1)
        let tables = try json(["screen", "Fixtures/screen/blocks.geojson", "--rules", rulesPath] + common, status: 1)
        let a = try XCTUnwrap(files["blocks"] as? [[String: Any]]), b = try XCTUnwrap(tables["blocks"] as? [[String: Any]])
        XCTAssertEqual(a.count, b.count)
        XCTAssertGreaterThan(a.count, 3)
        var verdicts = Set<String>()
        for (x, y) in zip(a, b) {
            let id = x["id"] as? String ?? "?"
            XCTAssertEqual(id, y["id"] as? String)
            XCTAssertEqual(x["verdict"] as? String, y["verdict"] as? String, id)
            verdicts.insert(x["verdict"] as? String ?? "")
            for key in ["area_m2", "conflict_m2", "clean_m2"] {
                let wanted = try XCTUnwrap(x[key] as? Double, "\(id) \(key)")
                XCTAssertEqual(y[key] as? Double ?? .nan, wanted, accuracy: max(1e-9 * wanted, 1e-9), "\(id) \(key)")
            }
            func canonical(_ value: Any?) throws -> String {
                String(decoding: try JSONSerialization.data(withJSONObject: value ?? NSNull(), options: [.sortedKeys, .fragmentsAllowed]), as: UTF8.self)
            }
            XCTAssertEqual(try canonical(x["reasons"]), try canonical(y["reasons"]), id)
        }
        XCTAssertGreaterThan(verdicts.count, 1, "the fixture has clean and conflicting blocks")
    }

    func testAreaOfBlocksInATable() throws {
        let db = try PostGISTestDatabase.require()
        try db.load("Fixtures/changzhi-cs21.geojson", into: "src_zones")
        let oracle = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: CLI.fixture("changzhi-cs21.oracle.json")))) as? [String: Any])?["zones"] as? [String: Double])
        let report = try json(["area", db.layer("src_zones"), "--id-field", "code", "--format", "json"])
        let features = try XCTUnwrap(report["features"] as? [[String: Any]])
        XCTAssertEqual(features.count, oracle.count)
        for feature in features {
            let id = try XCTUnwrap(feature["id"] as? String)
            let expected = try XCTUnwrap(oracle[id], id)
            XCTAssertEqual(try XCTUnwrap(feature["area_m2"] as? Double), expected, accuracy: expected * 1e-6, id)
        }
        // Without --id-field, the ids are the primary key (ogr2ogr numbers rows from 1).
        let byKey = try json(["area", db.layer("src_zones"), "--format", "json"])
        let keys = try XCTUnwrap(byKey["features"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        XCTAssertEqual(keys, (1...oracle.count).map(String.init))
        // `check` reads the table too, with the file's findings.
        let checkFile = try CLI.run(["check", "Fixtures/changzhi-cs21.geojson", "--id-field", "code", "--format", "json"])
        let checkTable = try CLI.run(["check", db.layer("src_zones"), "--id-field", "code", "--format", "json"])
        XCTAssertEqual(checkTable.status, checkFile.status, checkTable.stderr)
        let fileBlocks = try XCTUnwrap(try checkFile.json()["blocks"] as? [[String: Any]])
        let tableBlocks = try XCTUnwrap(try checkTable.json()["blocks"] as? [[String: Any]])
        XCTAssertEqual(tableBlocks.count, 21)
        XCTAssertEqual(tableBlocks.map { "\($0["id"] ?? "")" }, fileBlocks.map { "\($0["id"] ?? "")" })
    }

    /// A province-like grid of 20 000 parcels and three small blocks far apart: the run fetches the few
    /// parcels near the blocks (table statistics), and finds exactly the parcels PostGIS says overlap them,
    /// with the areas of a run on the whole table exported to a GeoPackage.
    func testOnlyRowsNearTheBlocksAreFetched() throws {
        let db = try PostGISTestDatabase.require()
        try db.drop(["grid_parcels"])
        try db.psql("""
            create table grid_parcels (pid serial primary key, code text, geom geometry(Polygon, 4490));
            insert into grid_parcels (code, geom)
              select 'P' || i || '_' || j, ST_MakeEnvelope(112.5 + i * 0.005, 36.0 + j * 0.005, 112.505 + i * 0.005, 36.005 + j * 0.005, 4490)
              from generate_series(0, 199) i, generate_series(0, 99) j;
            create index on grid_parcels using gist (geom);
            analyze grid_parcels;
            """)
        let boxes = [(112.6030, 36.1030, 112.6080, 36.1070), (113.3021, 36.4022, 113.3064, 36.4081), (112.9511, 36.0512, 112.9533, 36.0577)]
        let folder = try makeScratchFolder("pg-pushdown")
        defer { try? FileManager.default.removeItem(at: folder) }
        let blocksPath = folder.appendingPathComponent("blocks.geojson").path
        let features = boxes.enumerated().map { k, b in
            "{\"type\":\"Feature\",\"properties\":{\"code\":\"B\(k + 1)\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[\(b.0),\(b.1)],[\(b.2),\(b.1)],[\(b.2),\(b.3)],[\(b.0),\(b.3)],[\(b.0),\(b.1)]]]}}"
        }
        try "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::4490\"}},\"features\":[\(features.joined(separator: ","))]}"
            .write(toFile: blocksPath, atomically: true, encoding: .utf8)

        func fetched() throws -> Int {
            Int(try db.psql("select coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) from pg_stat_user_tables where relname = 'grid_parcels'").first ?? "") ?? -1
        }
        let before = try fetched()
        let run = try json(["overlap", blocksPath, "--id-field", "code", "--layer", "parcels=" + db.layer("grid_parcels"),
                            "--layer-id-field", "parcels=code", "--format", "json"])
        // Statistics reach the shared view when the reading backend ends; allow it a moment.
        var read = try fetched() - before
        for _ in 0..<30 where read <= 0 { usleep(100_000); read = try fetched() - before }
        XCTAssertGreaterThan(read, 0, "the statistics saw no read")
        XCTAssertLessThan(read, 200, "rows fetched from a 20 000-row table for three small blocks")

        // PostGIS's own answer: the parcels sharing area with each block.
        let blocks = try XCTUnwrap(run["blocks"] as? [[String: Any]])
        XCTAssertEqual(blocks.count, 3)
        for (block, b) in zip(blocks, boxes) {
            let expected = try db.psql("""
                select code from grid_parcels where ST_Area(ST_Intersection(geom, ST_MakeEnvelope(\(b.0), \(b.1), \(b.2), \(b.3), 4490))) > 0 order by code
                """)
            let found = ((block["overlaps"] as? [String: [String: Any]])?["parcels"]?["features"] as? [String] ?? []).sorted()
            XCTAssertEqual(found, expected, block["id"] as? String ?? "?")
            XCTAssertGreaterThanOrEqual(found.count, 2)
        }
        // The same layer read whole from a file gives the same areas.
        let exported = folder.appendingPathComponent("parcels.gpkg").path
        let export = try CLI.runProgram("/usr/bin/env", ["ogr2ogr", "-f", "GPKG", exported, "PG:\(db.connection) tables=public.grid_parcels"])
        XCTAssertEqual(export.status, 0, export.stderr)
        let whole = try json(["overlap", blocksPath, "--id-field", "code", "--layer", "parcels=" + exported,
                              "--layer-id-field", "parcels=code", "--format", "json"])
        try assertSameOverlaps(whole, run)
        try db.drop(["grid_parcels"])
    }

    /// Two blocks half a degree apart get a rectangle each; a row meeting both is read once.
    func testARowMeetingTwoRectanglesIsReadOnce() throws {
        let db = try PostGISTestDatabase.require()
        try db.drop(["wide_rows"])
        try db.psql("""
            create table wide_rows (id serial primary key, code text, geom geometry(Polygon, 4490));
            insert into wide_rows (code, geom) values
              ('wide', ST_MakeEnvelope(112.9, 35.9, 113.6, 36.1, 4490)),
              ('west', ST_MakeEnvelope(113.0004, 36.0004, 113.0006, 36.0006, 4490)),
              ('far', ST_MakeEnvelope(110.0, 30.0, 110.1, 30.1, 4490));
            """)
        let folder = try makeScratchFolder("pg-twice")
        defer { try? FileManager.default.removeItem(at: folder) }
        let blocksPath = folder.appendingPathComponent("blocks.geojson").path
        let square = { (code: String, x: Double) in
            "{\"type\":\"Feature\",\"properties\":{\"code\":\"\(code)\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[\(x),36.0],[\(x + 0.001),36.0],[\(x + 0.001),36.001],[\(x),36.001],[\(x),36.0]]]}}"
        }
        try "{\"type\":\"FeatureCollection\",\"features\":[\(square("W", 113.0)),\(square("E", 113.5))]}".write(toFile: blocksPath, atomically: true, encoding: .utf8)
        let run = try json(["overlap", blocksPath, "--id-field", "code", "--layer", "rows=" + db.layer("wide_rows"),
                            "--layer-id-field", "rows=code", "--format", "json"])
        let blocks = try XCTUnwrap(run["blocks"] as? [[String: Any]])
        let features = blocks.map { ($0["overlaps"] as? [String: [String: Any]])?["rows"]?["features"] as? [String] ?? [] }
        XCTAssertEqual(features, [["wide", "west"], ["wide"]])
        let inputs = try XCTUnwrap((run["provenance"] as? [String: Any])?["inputs"] as? [[String: Any]])
        XCTAssertEqual(inputs.first { $0["role"] as? String == "layer:rows" }?["features"] as? Int, 2, "wide once, west, not far")
        try db.drop(["wide_rows"])
    }

    /// A corridor layer: a line beyond the blocks' extent, whose buffer reaches a block, is still fetched.
    func testCorridorLayersFetchTheirWidthAround() throws {
        let db = try PostGISTestDatabase.require()
        try db.load("Fixtures/screen/railway.geojson", into: "scr_railway_only")
        let rules = """
            tolerance_m2: 1
            min_clean_area_m2: 100000
            layers:
              - name: railway
                path: '\(db.layer("scr_railway_only"))'
                buffer_m: 1000
            """
        let fileRules = rules.replacingOccurrences(of: "'\(db.layer("scr_railway_only"))'", with: CLI.fixture("screen/railway.geojson"))
        let folder = try makeScratchFolder("pg-corridor")
        defer { try? FileManager.default.removeItem(at: folder) }
        try rules.write(toFile: folder.appendingPathComponent("db.yaml").path, atomically: true, encoding: .utf8)
        try fileRules.write(toFile: folder.appendingPathComponent("file.yaml").path, atomically: true, encoding: .utf8)
        let a = try CLI.run(["screen", "Fixtures/screen/blocks.geojson", "--id-field", "code", "--rules", folder.appendingPathComponent("file.yaml").path, "--format", "json"])
        let b = try CLI.run(["screen", "Fixtures/screen/blocks.geojson", "--id-field", "code", "--rules", folder.appendingPathComponent("db.yaml").path, "--format", "json"])
        XCTAssertEqual(a.status, 1, a.stderr)
        XCTAssertEqual(b.status, a.status, b.stderr)
        let verdicts = { (run: CLIRun) throws -> [String] in
            try XCTUnwrap(try run.json()["blocks"] as? [[String: Any]]).map { "\($0["id"] ?? "") \($0["verdict"] ?? "") \($0["conflict_m2"] ?? "")" }
        }
        XCTAssertEqual(try verdicts(b), try verdicts(a))
    }

    /// `verify` re-reads a table and compares the rows' digest: an edited row near a block is a changed input.
    func testVerifyNoticesAChangedTable() throws {
        let db = try PostGISTestDatabase.require()
        try db.load("Fixtures/overlap/farmland.geojson", into: "ver_farmland")
        let folder = try makeScratchFolder("pg-verify")
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = folder.appendingPathComponent("report.json").path
        let run = try CLI.run(["overlap", "Fixtures/overlap/blocks.geojson", "--id-field", "code", "--layer", "farmland=" + db.layer("ver_farmland"),
                               "--layer-id-field", "farmland=BSM", "--format", "json", "-o", report])
        XCTAssertEqual(run.status, 0, run.stderr)
        let same = try CLI.run(["verify", report])
        XCTAssertEqual(same.status, 0, same.stdout + same.stderr)
        // Another land class for one parcel: no figure changes, but the rows read did.
        try db.psql("update ver_farmland set \"DLMC\" = 'changed' where \"BSM\" = '140426000001'")
        let changed = try CLI.run(["verify", report])
        XCTAssertEqual(changed.status, 1, changed.stdout + changed.stderr)
        XCTAssertTrue(changed.stdout.contains("changed input layer:farmland"), changed.stdout)
        try db.drop(["ver_farmland"])
    }

    /// A report of a layer given with a password records `password=***`; verify re-runs without that pair (libpq
    /// then takes the password from PGPASSWORD or ~/.pgpass, never `***`) and still matches the table's input.
    func testVerifyOfALayerGivenWithAPassword() throws {
        let db = try PostGISTestDatabase.require()
        try db.load("Fixtures/overlap/farmland.geojson", into: "ver_pw_farmland")
        let folder = try makeScratchFolder("pg-verify-pw")
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = folder.appendingPathComponent("report.json").path
        let run = try CLI.run(["overlap", "Fixtures/overlap/blocks.geojson", "--id-field", "code",
                               "--layer", "farmland=PG:\(db.connection) password=s3cr3tpw tables=public.ver_pw_farmland",
                               "--format", "json", "-o", report])
        XCTAssertEqual(run.status, 0, run.stderr)
        let text = try String(contentsOfFile: report, encoding: .utf8)
        XCTAssertFalse(text.contains("s3cr3tpw"))
        XCTAssertTrue(text.contains("password=***"))
        let verified = try CLI.run(["verify", report])
        XCTAssertEqual(verified.status, 0, verified.stdout + verified.stderr)
        try db.drop(["ver_pw_farmland"])
    }

    func testConnectionAndTableErrorsExit2WithoutPassword() throws {
        let db = try PostGISTestDatabase.require()
        // Nobody listens there: the connection is named, the password is not.
        let refused = try CLI.run(["area", "PG:host=/nonexistent-socket-dir dbname=gis user=ms password=s3cr3tpw tables=public.farmland", "--format", "json"])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("dbname=gis"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("cannot connect"), refused.stderr)
        XCTAssertFalse(refused.stderr.contains("s3cr3tpw"), refused.stderr)
        XCTAssertEqual(refused.stdout, "")

        let missing = try CLI.run(["overlap", "Fixtures/overlap/blocks.geojson", "--layer", "farmland=PG:\(db.connection) password=s3cr3tpw tables=public.no_such_table"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("public.no_such_table"), missing.stderr)
        XCTAssertFalse(missing.stderr.contains("s3cr3tpw"), missing.stderr)

        let unnamed = try CLI.run(["area", db.target])
        XCTAssertEqual(unnamed.status, 2)
        XCTAssertTrue(unnamed.stderr.contains("tables="), unnamed.stderr)

        // SRID 0: no CRS to go by.
        try db.drop(["srid_zero"])
        try db.psql("create table srid_zero (id serial primary key, geom geometry(Polygon)); insert into srid_zero (geom) values ('POLYGON((113 36,113.01 36,113.01 36.01,113 36.01,113 36))')")
        let zero = try CLI.run(["area", db.layer("srid_zero")])
        XCTAssertEqual(zero.status, 2)
        XCTAssertTrue(zero.stderr.contains("SRID 0"), zero.stderr)
        // As a layer: the message names the option that gives a layer its CRS.
        let zeroLayer = try CLI.run(["overlap", "Fixtures/overlap/blocks.geojson", "--layer", "z=\(db.layer("srid_zero"))"])
        XCTAssertEqual(zeroLayer.status, 2)
        XCTAssertTrue(zeroLayer.stderr.contains("--layer-crs NAME=EPSG:NNNN"), zeroLayer.stderr)
        // Beijing 1954 (EPSG:4214) is another datum: refused as for a file.
        try db.drop(["srid_beijing"])
        try db.psql("create table srid_beijing (id serial primary key, geom geometry(Polygon, 4214)); insert into srid_beijing (geom) values ('SRID=4214;POLYGON((113 36,113.01 36,113.01 36.01,113 36.01,113 36))')")
        let beijing = try CLI.run(["area", db.layer("srid_beijing")])
        XCTAssertEqual(beijing.status, 2)
        XCTAssertTrue(beijing.stderr.contains("tables=public.srid_beijing"), beijing.stderr)
        try db.drop(["srid_zero", "srid_beijing"])

        // A password given anyway is kept out of the recorded command line and the inputs.
        let report = try CLI.run(["area", "PG:\(db.connection) password=s3cr3tpw tables=public.src_zones_pw", "--format", "json"])
        XCTAssertFalse(report.stdout.contains("s3cr3tpw"))
        XCTAssertFalse(report.stderr.contains("s3cr3tpw"))
    }

    func testRejectedRowsNameTheTable() throws {
        let db = try PostGISTestDatabase.require()
        try db.drop(["bad_rows"])
        // A bow-tie (self-intersecting) parcel over a block, and a good one.
        try db.psql("""
            create table bad_rows (id serial primary key, code text, geom geometry(Polygon, 4490));
            insert into bad_rows (code, geom) values
              ('good', ST_GeomFromText('POLYGON((113.006 36.28375,113.02 36.28375,113.02 36.29,113.006 36.29,113.006 36.28375))', 4490)),
              ('bowtie', ST_GeomFromText('POLYGON((113.006 36.28375,113.02 36.29,113.02 36.28375,113.006 36.29,113.006 36.28375))', 4490));
            """)
        let run = try CLI.run(["overlap", "Fixtures/overlap/blocks.geojson", "--layer", "parcels=" + db.layer("bad_rows"),
                               "--layer-id-field", "parcels=code", "--format", "json"])
        XCTAssertEqual(run.status, 3, run.stderr)
        let rejected = try XCTUnwrap(try run.json()["rejected"] as? [[String: Any]])
        XCTAssertEqual(rejected.count, 1)
        XCTAssertEqual(rejected.first?["id"] as? String, "bowtie")
        XCTAssertTrue((rejected.first?["file"] as? String ?? "").contains("tables=public.bad_rows"), "\(rejected)")
        try db.drop(["bad_rows"])
    }
}

@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport
import XCTest

final class PostGISConnectionTests: XCTestCase {
    func testOnlyPGValuesAreConnections() {
        XCTAssertNil(PostGISConnection("farmland.gpkg"))
        XCTAssertNil(PostGISConnection("pg:host=x"))
        XCTAssertNotNil(PostGISConnection("PG:dbname=gis"))
    }

    func testTableAndSchema() throws {
        let plain = try XCTUnwrap(PostGISConnection("PG:host=/run/pg dbname=gis user=ms tables=farmland"))
        XCTAssertEqual(plain.table, "farmland")
        XCTAssertEqual(plain.schemaAndTable?.schema, "public")
        XCTAssertEqual(plain.schemaAndTable?.table, "farmland")
        let qualified = try XCTUnwrap(PostGISConnection("PG:dbname=gis tables=sanqu.farmland_2024"))
        XCTAssertEqual(qualified.schemaAndTable?.schema, "sanqu")
        XCTAssertEqual(qualified.schemaAndTable?.table, "farmland_2024")
        XCTAssertNil(PostGISConnection("PG:dbname=gis")?.table)
        let withColumn = try XCTUnwrap(PostGISConnection("PG:dbname=gis tables=sanqu.farmland(shape),other"))
        XCTAssertEqual(withColumn.schemaAndTable?.schema, "sanqu")
        XCTAssertEqual(withColumn.schemaAndTable?.table, "farmland")
    }

    func testPasswordsAreNeverShown() throws {
        let plain = try XCTUnwrap(PostGISConnection("PG:host=db dbname=gis password=hunter2 tables=a.b"))
        XCTAssertEqual(plain.shown, "PG:host=db dbname=gis password=*** tables=a.b")
        XCTAssertEqual(plain.scrub("auth failed for hunter2"), "auth failed for ***")
        let quoted = try XCTUnwrap(PostGISConnection("PG:dbname=gis password = 'it\\'s secret' tables=a.b"))
        XCTAssertFalse(quoted.shown.contains("secret"), quoted.shown)
        let uri = try XCTUnwrap(PostGISConnection("PG:postgresql://ms:pa55@db/gis"))
        XCTAssertFalse(uri.shown.contains("pa55"), uri.shown)
        XCTAssertEqual(PostGISConnection("PG:dbname=gis tables=t")?.shown, "PG:dbname=gis tables=t")
        XCTAssertEqual(PostGISConnection.argumentWithoutPassword("farmland=PG:dbname=gis password=x1y2 tables=t"),
                       "farmland=PG:dbname=gis password=*** tables=t")
        XCTAssertEqual(PostGISConnection.argumentWithoutPassword("--format"), "--format")
    }

    func testWithoutTables() throws {
        let connection = try XCTUnwrap(PostGISConnection("PG:host=db tables=public.x dbname=gis"))
        XCTAssertEqual(connection.withoutTables(), "PG:host=db  dbname=gis")
        XCTAssertEqual(connection.withoutTables(adding: "schemas=out"), "PG:host=db  dbname=gis schemas=out")
    }
}

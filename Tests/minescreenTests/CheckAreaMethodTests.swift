import Foundation
import XCTest

/// `check --area-method`, zone inference and open CSV rings. Oracles: Fixtures/check/fix5/square.oracle.json
/// (pyproj densification + Geod, Scripts/oracles/make_check_area_fixtures.py) and hand-made fixtures there.
final class CheckAreaMethodTests: XCTestCase {
    func problems(_ arguments: [String]) throws -> (status: Int32, codes: [String: [String]], messages: [String]) {
        let run = try CLI.run(["check"] + arguments + ["--format", "json"])
        let blocks = try XCTUnwrap(try run.json()["blocks"] as? [[String: Any]], run.stderr)
        var codes: [String: [String]] = [:]
        var messages: [String] = []
        for block in blocks {
            let found = block["problems"] as? [[String: Any]] ?? []
            codes[block["id"] as? String ?? ""] = found.compactMap { $0["code"] as? String }
            messages += found.compactMap { $0["message"] as? String }
        }
        return (run.status, codes, messages)
    }

    /// A 1 km square 80 km west of zone 38's central meridian declared with its TD/T 1055 area (99.9844 ha,
    /// oracle 999 844.33 m²): the plane area (1e6 m²) is 1.6e-4 larger, so only `planar` flags it.
    func testDeclaredTDT1055AreaPassesUnlessPlanarIsDemanded() throws {
        let oracle = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: CLI.fixture("check/fix5/square.oracle.json")))) as? [String: Double])
        XCTAssertEqual(oracle["declared_ha"]!, 99.9844)
        XCTAssertEqual(oracle["tdt1055_m2"]!, 999_844.33, accuracy: 0.01)
        let file = "Fixtures/check/fix5/square-tdt.txt"
        for method in ["any", "tdt1055", "ellipsoidal"] {
            let result = try problems([file, "--area-method", method])
            XCTAssertEqual(result.status, 0, method)
            XCTAssertEqual(result.codes["SQ01"], [], method)
        }
        XCTAssertEqual(try problems([file]).codes["SQ01"], [], "default is any")
        let planar = try problems([file, "--area-method", "planar"])
        XCTAssertEqual(planar.status, 1)
        XCTAssertEqual(planar.codes["SQ01"], ["area-mismatch"])
        // The finding lists all three areas with their relative differences.
        let message = try XCTUnwrap(planar.messages.first)
        for words in ["planar in EPSG:4526 100.0000 ha (1.56e-04)", "TD/T 1055", "99.9844 ha", "ellipsoidal"] {
            XCTAssertTrue(message.contains(words), "\(words) in \(message)")
        }
    }

    /// The Changzhi figures are official (ellipsoidal) areas: `any` accepts all 21; `planar` flags the far ones.
    func testChangzhiDeclaredAreasPassWithAny() throws {
        let arguments = ["Fixtures/changzhi-cs21.geojson", "--id-field", "code", "--declared-field", "declared_km2", "--declared-unit", "km2"]
        let any = try problems(arguments)
        XCTAssertEqual(any.status, 0)
        XCTAssertEqual(any.codes.count, 21)
        XCTAssertTrue(any.codes.values.allSatisfy(\.isEmpty), "\(any.codes)")
        XCTAssertEqual(try problems(arguments + ["--area-method", "planar"]).status, 1)
    }

    /// 带号=38 with eastings written without the zone prefix: a clean block, no "no zone prefix" per point.
    func testUnprefixedEastingsWithDeclaredZoneAreClean() throws {
        let result = try problems(["Fixtures/check/fix5/unprefixed-38.txt"])
        XCTAssertEqual(result.status, 0, "\(result.messages)")
        XCTAssertEqual(result.codes["UP01"], [])
    }

    /// No 带号, one easting with prefix 37 among prefix-38 ones: zone-mismatch at that point, not a crossing.
    func testStrayPrefixIsAZoneMismatchNotASelfIntersection() throws {
        let run = try CLI.run(["check", "Fixtures/check/fix5/stray-37.txt", "--format", "json"])
        XCTAssertEqual(run.status, 1, run.stderr)
        let block = try XCTUnwrap((try run.json()["blocks"] as? [[String: Any]])?.first)
        let found = try XCTUnwrap(block["problems"] as? [[String: Any]])
        XCTAssertEqual(found.compactMap { $0["code"] as? String }, ["zone-mismatch"])
        XCTAssertEqual(found.first?["at"] as? [Double], [4001000, 37421000])
    }

    /// A corner-point CSV need not repeat its first point (the readers accept both): no unclosed-ring.
    func testOpenCSVRingIsNoFinding() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("open-\(UUID()).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("地块编号,点号,X,Y\nK1,J1,4000000,38420000\nK1,J2,4000000,38421000\nK1,J3,4001000,38421000\nK1,J4,4001000,38420000\n".utf8)
            .write(to: URL(fileURLWithPath: path))
        let result = try problems([path])
        XCTAssertEqual(result.status, 0, "\(result.messages)")
        XCTAssertEqual(result.codes["K1"], [])
    }
}

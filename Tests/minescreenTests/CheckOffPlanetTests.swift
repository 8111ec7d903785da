import Foundation
import XCTest

/// `check` and `area` judge the same coordinates alike: a 坐标文件 point that no longitude/latitude maps to
/// (X = 40 000 000 m, ten times the distance from the equator to the pole) is rejected by `area` and must be
/// a finding of `check` naming the block and the line, not a pass.
final class CheckOffPlanetTests: XCTestCase {
    private func coordinateFile(x: String) throws -> String {
        // Two blocks; the area column is left empty so that no area mismatch can stand in for the finding.
        let text = """
        [属性描述]
        坐标系=2000国家大地坐标系
        几度分带=3
        投影类型=高斯克吕格
        计量单位=米
        带号=38
        [地块坐标]
        5,,OFF,off the planet,面,,采矿用地,,@
        J1,1,4012345.67,38512345.67
        J2,1,\(x),38513345.67
        J3,1,4011345.67,38513345.67
        J4,1,4011345.67,38512345.67
        J1,1,4012345.67,38512345.67
        5,,OK,sound,面,,采矿用地,,@
        J1,1,4022345.67,38512345.67
        J2,1,4022345.67,38513345.67
        J3,1,4021345.67,38513345.67
        J4,1,4021345.67,38512345.67
        J1,1,4022345.67,38512345.67

        """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("off-planet-\(UUID()).txt").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testCheckFindsWhatAreaRejects() throws {
        let path = try coordinateFile(x: "40000000")
        let area = try CLI.run(["area", path, "--format", "json"])
        XCTAssertEqual(area.status, 3, area.stderr)
        let rejected = try XCTUnwrap(try area.json()["rejected"] as? [[String: Any]])
        XCTAssertEqual(rejected.compactMap { $0["id"] as? String }, ["OFF"])

        let check = try CLI.run(["check", path, "--format", "json"])
        XCTAssertEqual(check.status, 1, check.stderr)
        let blocks = try XCTUnwrap(try check.json()["blocks"] as? [[String: Any]])
        let found = try XCTUnwrap(blocks.first { $0["id"] as? String == "OFF" }?["problems"] as? [[String: Any]])
        XCTAssertEqual(found.compactMap { $0["code"] as? String }, ["out-of-range"])
        let message = try XCTUnwrap(found.first?["message"] as? String)
        XCTAssertTrue(message.contains("J2 (\(path):10)"), message)
        let sound = try XCTUnwrap(blocks.first { $0["id"] as? String == "OK" })
        XCTAssertEqual((sound["problems"] as? [Any])?.count ?? 0, 0, "\(sound)")
    }

    func testANearbyNorthingPasses() throws {
        // The same block with J2 on its square (4 012 345.67): nothing to find, so the finding above is J2's.
        let path = try coordinateFile(x: "4012345.67")
        let check = try CLI.run(["check", path])
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
    }
}

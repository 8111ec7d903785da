import Foundation
import XCTest

/// `area --method planar` on Gauss-Krüger input measures the input's own plane coordinates. Oracle: the
/// hand-made rectangle Fixtures/check/fix5/rect-exact.txt, 8 m × 125.015625 m = 1000.125 m² exactly.
final class PlanarOwnPlaneTests: XCTestCase {
    func testExactRectangleInItsOwnPlaneAndHalfUpRounding() throws {
        let json = try CLI.run(["area", "Fixtures/check/fix5/rect-exact.txt", "--method", "planar", "--format", "json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        let feature = try XCTUnwrap((try json.json()["features"] as? [[String: Any]])?.first)
        XCTAssertEqual(feature["area_m2"] as? Double, 1000.125)  // exact: no trip through lon/lat
        XCTAssertEqual(feature["plane"] as? String, "EPSG:4526")  // the file's zone, not the centre's
        // A tie prints half up, as CAD prints it (printf alone would give 1000.12).
        let table = try CLI.run(["area", "Fixtures/check/fix5/rect-exact.txt", "--method", "planar", "--unit", "m2"])
        XCTAssertTrue(table.stdout.contains("1000.13"), table.stdout)
        XCTAssertFalse(table.stdout.contains("1000.12"), table.stdout)
    }
}

import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// Oracle: Fixtures/proj-points.json, written by PROJ's cs2cs program (Scripts/oracles/cs2cs_points.sh).
final class TransformerTests: XCTestCase {
    func testAxisOrderIsXEastBothWaysAndMatchesCs2cs() throws {
        let cases = try XCTUnwrap(try Fixture.json("proj-points.json")["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 9)
        let context = PROJContext()
        for c in cases {
            let target = try XCTUnwrap(CRSIdentifier.parse(try XCTUnwrap(c["target"] as? String)))
            let transformer = try Transformer(from: .cgcs2000, to: target, in: context)
            var positions = [Position(try XCTUnwrap(c["lon"] as? Double), try XCTUnwrap(c["lat"] as? Double))]
            try transformer.transform(&positions)
            XCTAssertEqual(positions[0].x, try XCTUnwrap(c["easting"] as? Double), accuracy: 1e-5, "\(target)")
            XCTAssertEqual(positions[0].y, try XCTUnwrap(c["northing"] as? Double), accuracy: 1e-5, "\(target)")
            try transformer.inverse(&positions)
            XCTAssertEqual(positions[0].x, c["lon"] as? Double ?? 0, accuracy: 1e-10)
            XCTAssertEqual(positions[0].y, c["lat"] as? Double ?? 0, accuracy: 1e-10)
        }
    }

    func testUnknownCRSCarriesPROJsMessage() {
        XCTAssertThrowsError(try PROJCRS(CRSIdentifier(authority: "EPSG", code: "99999"), in: PROJContext())) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("EPSG:99999"), text)
            XCTAssertFalse((error as? PROJError)?.message.isEmpty ?? true)
        }
    }

    func testUntransformablePositionIsAnErrorNotInfinity() throws {
        let transformer = try Transformer(from: CRSIdentifier(authority: "EPSG", code: "4526"), to: .cgcs2000, in: PROJContext())
        // cs2cs prints "* *" (HUGE_VAL) for this easting; it must come back as an error, never as a number.
        var positions = [Position(99_000_000, 38_501_000)]
        XCTAssertThrowsError(try transformer.transform(&positions))
    }

    func testCRSKindAndEllipsoid() throws {
        let context = PROJContext()
        XCTAssertTrue(try PROJCRS(.cgcs2000, in: context).isGeographic)
        XCTAssertFalse(try PROJCRS(CRSIdentifier(authority: "EPSG", code: "4547"), in: context).isGeographic)
        let ellipsoid = try PROJCRS(.cgcs2000, in: context).ellipsoid()
        XCTAssertEqual(ellipsoid.semiMajorAxis, 6_378_137)
        XCTAssertEqual(ellipsoid.inverseFlattening, 298.257222101, accuracy: 1e-9)
    }

    func testGeodesicAreaOfASphericalCapQuadrantAgainstClosedForm() {
        // On a sphere (f = 0) the area between the equator and latitude φ over Δλ is R²·Δλ·sin φ.
        let sphere = GeodesicArea(semiMajorAxis: 6_371_000, flattening: 0)
        let ring = [Position(0, 0), Position(1, 0), Position(1, 1), Position(0, 1), Position(0, 0)]
        let dense = densified([Polygon(rings: [ring])], maxSegment: 0.001)  // follow the parallel, not the geodesic
        let expected = 6_371_000.0 * 6_371_000.0 * (Double.pi / 180) * sin(Double.pi / 180)
        XCTAssertEqual(sphere.area(dense), expected, accuracy: expected * 1e-6)
    }
}

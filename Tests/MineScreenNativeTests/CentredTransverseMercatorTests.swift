import XCTest
@testable import MineScreenGeometry
@testable import MineScreenNative
import MineScreenTestSupport

/// Oracle: PROJ's own CGCS2000 → transverse Mercator operation (`proj_create_crs_to_crs`, the general path), against
/// which the pipelines built without a database look-up must agree to rounding.
final class CentredTransverseMercatorTests: XCTestCase {
    func testPipelinesAreTheCRSToCRSOperationAroundRandomCentresInChina() throws {
        let context = PROJContext()
        var random = SeededRandom(seed: 14)
        var largestOffset = 0.0
        for _ in 0..<40 {
            let plane = CentredTransverseMercator(lon: Double.random(in: 74...134, using: &random),
                                                  lat: Double.random(in: 18...53, using: &random))
            let centreLon = try XCTUnwrap(Double(plane.lon)), centreLat = try XCTUnwrap(Double(plane.lat))
            // Points up to ~30 km from the centre: a large block, and the corridor margin around it.
            let lonLat = (0..<50).map { _ in
                Position(centreLon + Double.random(in: -0.3...0.3, using: &random), centreLat + Double.random(in: -0.3...0.3, using: &random))
            }
            let fromLonLat = try plane.transformerFromLonLat(in: context)
            let referenceFromLonLat = try Transformer(from: .cgcs2000, to: plane.identifier, in: context)
            var fast = lonLat, reference = lonLat
            try fromLonLat.transform(&fast)
            try referenceFromLonLat.transform(&reference)
            for (a, b) in zip(fast, reference) {
                XCTAssertEqual(a.x, b.x, accuracy: 1e-9, plane.projection)
                XCTAssertEqual(a.y, b.y, accuracy: 1e-9, plane.projection)
                largestOffset = max(largestOffset, abs(b.x), abs(b.y))
            }

            // The other way, from plane positions: the inverse pipeline, and the forward one run backwards.
            let toLonLat = try plane.transformerToLonLat(in: context)
            let referenceToLonLat = try Transformer(from: plane.identifier, to: .cgcs2000, in: context)
            var back = reference, referenceBack = reference, backwards = reference
            try toLonLat.transform(&back)
            try referenceToLonLat.transform(&referenceBack)
            try fromLonLat.inverse(&backwards)
            for ((a, b), c) in zip(zip(back, referenceBack), backwards) {
                XCTAssertEqual(a.x, b.x, accuracy: 1e-12, plane.projection)
                XCTAssertEqual(a.y, b.y, accuracy: 1e-12, plane.projection)
                XCTAssertEqual(c.x, b.x, accuracy: 1e-12, plane.projection)
                XCTAssertEqual(c.y, b.y, accuracy: 1e-12, plane.projection)
            }
            for (a, b) in zip(referenceBack, lonLat) {
                XCTAssertEqual(a.x, b.x, accuracy: 1e-9, "reference round trip")
                XCTAssertEqual(a.y, b.y, accuracy: 1e-9, "reference round trip")
            }
        }
        XCTAssertGreaterThan(largestOffset, 20_000, "points well away from the centres")
    }

    func testWorkspaceUsesThePipelinesForCentredPlanesOnly() throws {
        let plane = CentredTransverseMercator(lon: 113.25, lat: 36.5)
        XCTAssertEqual(CentredTransverseMercator(plane.identifier), plane)
        XCTAssertEqual(plane.identifier.code, "+proj=tmerc +lat_0=36.500000 +lon_0=113.250000 +k=1 +x_0=0 +y_0=0 +ellps=GRS80 +units=m +no_defs +type=crs")
        // Any other PROJ string, even a transverse Mercator differing only in its datum or scale, takes the general path.
        for other in [plane.identifier.code.replacingOccurrences(of: "+k=1", with: "+k=0.9996"),
                      plane.identifier.code.replacingOccurrences(of: "+ellps=GRS80", with: "+ellps=krass +towgs84=15.8,-154.4,-82.3,0,0,0,0"),
                      plane.identifier.code.replacingOccurrences(of: "36.500000", with: "36.5")] {
            XCTAssertNil(CentredTransverseMercator(CRSIdentifier(projString: other)), other)
        }
        XCTAssertNil(CentredTransverseMercator(CRSIdentifier(authority: "EPSG", code: "4526")))

        let context = PROJContext()
        XCTAssertNotNil(try CentredTransverseMercator.lonLatTransformer(from: .cgcs2000, to: plane.identifier, in: context))
        XCTAssertNotNil(try CentredTransverseMercator.lonLatTransformer(from: plane.identifier, to: .cgcs2000, in: context))
        XCTAssertNil(try CentredTransverseMercator.lonLatTransformer(from: CRSIdentifier(authority: "EPSG", code: "4526"), to: plane.identifier, in: context))
        XCTAssertNil(try CentredTransverseMercator.lonLatTransformer(from: .crs84, to: plane.identifier, in: context))

        // What the workspace hands out for the pair moves a point as the general path does.
        let workspace = ThreadWorkspace()
        let point = Position(113.4, 36.6)
        let moved = try XCTUnwrap(try workspace.transformer(from: .cgcs2000, to: plane.identifier).transformed(point))
        let reference = try XCTUnwrap(try Transformer(from: .cgcs2000, to: plane.identifier, in: context).transformed(point))
        XCTAssertEqual(moved.x, reference.x, accuracy: 1e-9)
        XCTAssertEqual(moved.y, reference.y, accuracy: 1e-9)
        XCTAssertGreaterThan(moved.x, 10_000)
    }
}

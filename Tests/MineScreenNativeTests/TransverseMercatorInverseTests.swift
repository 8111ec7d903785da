import XCTest
@testable import MineScreenGeometry
@testable import MineScreenNative
import MineScreenTestSupport

/// `TransverseMercatorInverse` against pyproj (Fixtures/gk-inverse/points.json, Scripts/oracles/gk_inverse_points.py:
/// 12 points in each of the 64 CGCS2000 Gauss-Krüger CRSs, EPSG:4491-4554), and `Transformer` handing it out only
/// for an operation that is exactly a CGCS2000 Gauss-Krüger zone to CGCS2000 lon/lat.
final class TransverseMercatorInverseTests: XCTestCase {
    func testEveryZoneAgreesWithPyproj() throws {
        let cases = try XCTUnwrap(try Fixture.json("gk-inverse/points.json")["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 768)
        let context = PROJContext()
        var transformers: [String: Transformer] = [:]
        var worst = 0.0
        for c in cases {
            let name = try XCTUnwrap(c["crs"] as? String)
            let crs = try XCTUnwrap(CRSIdentifier.parse(name))
            let transformer = try transformers[name] ?? Transformer(from: crs, to: .cgcs2000, in: context)
            transformers[name] = transformer
            let inverse = try XCTUnwrap(transformer.transverseMercatorInverse, "\(name) is not taken as a Gauss-Krüger zone")
            let plane = Position(try XCTUnwrap(c["easting"] as? Double), try XCTUnwrap(c["northing"] as? Double))
            let expected = Position(try XCTUnwrap(c["lon"] as? Double), try XCTUnwrap(c["lat"] as? Double))
            let found = try XCTUnwrap(inverse.lonLat(plane))
            worst = max(worst, abs(found.x - expected.x), abs(found.y - expected.y))
            // Transformer goes through the same kernel, one position or a list.
            XCTAssertEqual(transformer.transformed(plane), found)
            var list = [plane]
            try transformer.transform(&list)
            XCTAssertEqual(list, [found])
        }
        // 1e-12° is 0.1 µm; the series agree to rounding (a wrong coefficient of order n⁴ would show as 1e-9°).
        XCTAssertLessThan(worst, 1e-12, "worst difference from pyproj: \(worst)°")
    }

    /// Against the PROJ this tool links, through the same pipeline with an identity step added (so that `Transformer`
    /// leaves it to PROJ), on points anywhere PROJ takes them: up to its limit of about 150° from the central
    /// meridian, past 180° of longitude (wrapped), and beyond (refused by both).
    func testAgreesWithTheLinkedPROJFarFromTheMeridian() throws {
        let context = PROJContext()
        var random = SeededRandom(seed: 38)
        let label = CRSIdentifier(authority: "EPSG", code: "4526")
        var worst = 0.0, wrapped = 0, refused = 0
        for (lon0, x0) in [(75.0, 25_500_000.0), (114.0, 38_500_000.0), (135.0, 500_000.0)] {
            let definition = "+proj=pipeline +step +inv +proj=tmerc +lat_0=0 +lon_0=\(lon0) +k=1 +x_0=\(x0) +y_0=0 +ellps=GRS80 "
                + "+step +proj=unitconvert +xy_in=rad +xy_out=deg"
            let kernel = try Transformer(pipeline: definition, from: label, to: .cgcs2000, in: context)
            let proj = try Transformer(pipeline: definition + " +step +proj=affine +xoff=0", from: label, to: .cgcs2000, in: context)
            XCTAssertNotNil(kernel.transverseMercatorInverse, definition)
            XCTAssertNil(proj.transverseMercatorInverse)
            for _ in 0..<400 {
                let p = Position(x0 + Double.random(in: -18_000_000...18_000_000, using: &random),
                                 Double.random(in: -9_000_000...9_000_000, using: &random))
                let (a, b) = (kernel.transformed(p), proj.transformed(p))
                XCTAssertEqual(a == nil, b == nil, "\(p): \(String(describing: a)) / \(String(describing: b))")
                guard let a, let b else { refused += 1; continue }
                if abs(b.x - lon0) > 180 { wrapped += 1 }
                worst = max(worst, abs(a.x - b.x), abs(a.y - b.y))
            }
        }
        XCTAssertGreaterThan(wrapped, 10)
        XCTAssertGreaterThan(refused, 10)
        XCTAssertLessThan(worst, 1e-9, "worst difference from PROJ: \(worst)°")
    }

    func testOnlyACGCS2000GaussKrugerZoneIsTakenForIt() throws {
        let context = PROJContext()
        let zone38 = try Transformer(from: CRSIdentifier(authority: "EPSG", code: "4526"), to: .cgcs2000, in: context)
        let found = try XCTUnwrap(zone38.transverseMercatorInverse)
        XCTAssertEqual([found.centralMeridian, found.scale, found.falseEasting, found.falseNorthing], [114, 1, 38_500_000, 0])
        // Another datum (Xian 1980 GK), another projection (UTM on WGS 84), the other direction, a block-centred plane.
        let centred = CentredTransverseMercator(lon: 113.1, lat: 36.2)
        for transformer in [try Transformer(from: CRSIdentifier(authority: "EPSG", code: "2385"), to: .cgcs2000, in: context),
                            try Transformer(from: CRSIdentifier(authority: "EPSG", code: "32650"), to: .cgcs2000, in: context),
                            try Transformer(from: .cgcs2000, to: CRSIdentifier(authority: "EPSG", code: "4526"), in: context),
                            try centred.transformerToLonLat(in: context)] {
            XCTAssertNil(transformer.transverseMercatorInverse, "\(transformer.source) → \(transformer.target)")
        }
    }

    func testBeyondTheProjectionsReachIsRefusedAsPROJRefusesIt() throws {
        let inverse = TransverseMercatorInverse(centralMeridian: 114, scale: 1, falseEasting: 38_500_000, falseNorthing: 0)
        XCTAssertNil(inverse.lonLat(Position(99_000_000, 4_000_000)))
        XCTAssertNil(inverse.lonLat(Position(.nan, 4_000_000)))
        XCTAssertNotNil(inverse.lonLat(Position(38_600_000, 4_000_000)))
    }
}

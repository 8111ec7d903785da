import Foundation
import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// Islands nested in lakes thousands deep are rejected before GEOS; ordinary many-ring features are not.
final class RingCrowdingTests: XCTestCase {
    let validator = FeatureValidator(crs: ResolvedCRS(identifier: .cgcs2000, name: "CGCS2000", isGeographic: true), file: "rings.geojson", repair: false)

    func square(_ cx: Double, _ cy: Double, _ half: Double, clockwise: Bool = false) -> [Position] {
        let ring = [Position(cx - half, cy - half), Position(cx + half, cy - half), Position(cx + half, cy + half),
                    Position(cx - half, cy + half), Position(cx - half, cy - half)]
        return clockwise ? ring.reversed() : ring
    }

    /// 12 000 concentric rings as one valid MultiPolygon (island, lake, island in the lake, …): every ring
    /// overlaps all around it, 72 million pairs; GEOS needed about a minute, the bound answers at once.
    func testConcentricIslandsAreRejectedQuickly() {
        let rings = 12_000
        let parts = stride(from: 0, to: rings, by: 2).map { k in
            Polygon(rings: [square(113, 36, 0.1 * (1 - Double(k) / Double(rings))),
                            square(113, 36, 0.1 * (1 - Double(k + 1) / Double(rings)), clockwise: true)])
        }
        guard case .failure(let rejection) = validator.check(Feature(index: 0, id: "nested", geometry: .multiPolygon(parts)), in: ThreadWorkspace()) else {
            return XCTFail("12 000 nested rings were accepted")
        }
        XCTAssertTrue(rejection.reason.hasPrefix("rings too entangled to check: over 2000000 pairs of its 12000 rings overlap in extent"), rejection.reason)
    }

    /// 4 000 parcels side by side (a village's farmland as one feature) and 4 000 strips stacked one above
    /// another (all overlapping in x, none in y): few overlapping pairs, accepted.
    func testManyPartsSideBySideAreAccepted() {
        let parcels = (0..<4_000).map { k in Polygon(rings: [square(113 + 0.002 * Double(k % 64), 36 + 0.002 * Double(k / 64), 0.0009)]) }
        let strips = (0..<4_000).map { k -> Polygon in
            let south = 36 + 0.0001 * Double(k), north = south + 0.00005
            return Polygon(rings: [[Position(113, south), Position(113.5, south), Position(113.5, north), Position(113, north), Position(113, south)]])
        }
        for (name, parts) in [("parcels", parcels), ("strips", strips)] {
            XCTAssertNil(RingCrowding.problem(parts), name)
            guard case .success = validator.check(Feature(index: 0, id: name, geometry: .multiPolygon(parts)), in: ThreadWorkspace()) else {
                return XCTFail("\(name) rejected")
            }
        }
    }
}

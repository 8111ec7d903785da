import Foundation
import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
import MineScreenTestSupport

/// `screen` without remainder, maps or corridors takes the area-only path (overlap's shortcuts). On random
/// scenes, in lon/lat and in a Gauss-Krüger plane, its answers must be those of the general GEOS path (the
/// same run with a remainder asked for, which ScreenEngineTests holds to the shapely/pyproj oracle) to 1e-6 of
/// the block's area in the projected plane (1e-5 in lon/lat: edge semantics, below), and its conflict that of
/// `overlap` on the same layers to 1e-6, and of overlap's GEOS path (`OverlapOutput.geometry`) to 1e-6 (2e-6 in lon/lat).
final class ScreenAreaOnlyTests: XCTestCase {
    func testAreaOnlyPathAgreesWithTheGeneralPathAndWithOverlap() throws {
        var random = SeededRandom(seed: 20_261_206)
        let folder = try makeScratchFolder("screen-area-only")
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = ThreadWorkspace()
        var comparedSlivers = 0, comparedBlockPairs = 0
        for scene in 0..<8 {
            let inPlane = scene % 2 == 1
            let cx = Double.random(in: 112.0...113.5, using: &random), cy = Double.random(in: 35.5...37.0, using: &random)
            // Blocks around the centre; farmland parcels (a grid, ~30 % notched, some left out) under them;
            // red-line patches that overlap each other; a few town outlines.
            var blocks: [[Position]] = []
            for _ in 0..<5 {
                blocks.append(randomStar(cx + Double.random(in: -0.03...0.03, using: &random), cy + Double.random(in: -0.03...0.03, using: &random),
                                         Double.random(in: 0.006...0.02, using: &random), Int.random(in: 5...12, using: &random), spread: 0.6...1,
                                         using: &random))
            }
            var parcels: [[Position]] = []
            let step = 0.004
            for i in -13..<13 {
                for j in -13..<13 where Double.random(in: 0..<1, using: &random) > 0.07 {
                    // Corners computed from the grid index alone, so neighbours share their vertices exactly.
                    let x0 = cx + Double(i) * step, y0 = cy + Double(j) * step
                    let x1 = cx + Double(i + 1) * step, y1 = cy + Double(j + 1) * step
                    var ring = [Position(x0, y0), Position(x1, y0), Position(x1, y1), Position(x0, y1)]
                    if Double.random(in: 0..<1, using: &random) < 0.3 {
                        // A notch: the midpoint of the top edge pulled in, so the parcel is not convex.
                        ring.insert(Position(x0 + step / 2, y0 + step * Double.random(in: 0.45...0.8, using: &random)), at: 3)
                    }
                    ring.append(ring[0])
                    parcels.append(ring)
                }
            }
            var patches: [[Position]] = []
            for _ in 0..<Int.random(in: 4...9, using: &random) {
                let b = blocks[Int.random(in: 0..<blocks.count, using: &random)]
                let k = Int.random(in: 0..<(b.count - 1), using: &random)
                patches.append(randomStar(b[k].x, b[k].y, Double.random(in: 0.002...0.012, using: &random), 24, using: &random))
            }
            let towns = (0..<2).map { _ in
                randomStar(cx + Double.random(in: -0.03...0.03, using: &random), cy + Double.random(in: -0.03...0.03, using: &random),
                           0.008, 40, spread: 0.8...1, using: &random)
            }

            func file(_ name: String, _ rings: [[Position]]) throws -> String {
                let path = folder.appendingPathComponent("\(scene)-\(name).geojson").path
                try writeSceneLayer(rings, idPrefix: name, inGaussKruger: inPlane, to: path, workspace)
                return path
            }
            let options = LoadOptions(idField: "id", threads: 1)
            let blockLayer = try InputLoader.load(path: try file("block", blocks), options: options)
            let layers = try [("farmland", parcels), ("redline", patches), ("urban", towns)].map { name, rings in
                ScreenLayer(layer: ConstraintLayer(name: name, loaded: try InputLoader.load(path: try file(name, rings), options: options)), bufferMetres: nil)
            }
            XCTAssertTrue(layers.allSatisfy { $0.layer.loaded.rejected.isEmpty }, "scene \(scene)")

            let overlap = OverlapEngine(blocks: blockLayer, layers: layers.map(\.layer)).run(threads: 2)
            // The shortcuts must really serve both planes, or this comparison would only test GEOS against itself:
            // the parcels summed edge by edge, and every block measured on boundaries.
            XCTAssertEqual(overlap.layerStates.first?.path, .edgeSums, "scene \(scene)")
            var prepared = OverlapEngine(blocks: blockLayer, layers: layers.map(\.layer))
            prepared.prepareLayers(threads: 1)
            XCTAssertTrue(prepared.measuredOnBoundaries, "scene \(scene)")
            for block in blockLayer.features {
                let blockArea = try workspace.ellipsoidalArea(block.shape.polygons ?? [], crs: blockLayer.crs.identifier)
                XCTAssertNotNil(try prepared.boundaryAnalysis(block, blockArea: blockArea, workspace), "scene \(scene) block \(block.feature.id)")
            }
            let overlapGEOS = OverlapEngine(blocks: blockLayer, layers: layers.map(\.layer), output: .geometry).run(threads: 2)
            // The general path places the vertices where pieces cut a lon/lat block's edges on the block's geodesic
            // edges (BlockBoundaryPlacement); overlap and the area-only path keep them on the straight lon/lat lines
            // and measure those as geodesics (docs/speed.md, "edge semantics"). On these 1-2 km edges that parts
            // the two by up to ~1e-5 of the block; in a projected CRS both cut along the same straight edges.
            let edgeSemantics = inPlane ? 1e-6 : 1e-5
            for tolerance in [0.0, 2_000.0] {
                let rules = ScreeningRules(toleranceM2: tolerance, minCleanAreaM2: 0, layers: [], file: "test")
                let fast = ScreenEngine(blocks: blockLayer, layers: layers, rules: rules)
                XCTAssertTrue(fast.takesAreaOnlyPath)
                let general = ScreenEngine(blocks: blockLayer, layers: layers, rules: rules, keepRemainder: true)
                XCTAssertFalse(general.takesAreaOnlyPath)
                let a = fast.run(threads: 2).results, b = general.run(threads: 2).results
                XCTAssertEqual(a.count, blocks.count)
                for (((x, y), o), g) in zip(zip(zip(a, b), overlap.results), overlapGEOS.results) {
                    let label = "scene \(scene) (\(inPlane ? "GK" : "lon/lat")) tolerance \(tolerance) block \(x.id)"
                    XCTAssertEqual(x.id, y.id, label)
                    XCTAssertEqual(x.area, y.area, accuracy: y.area * 1e-9, label)
                    XCTAssertEqual(x.conflict, y.conflict, accuracy: y.area * edgeSemantics, label)
                    XCTAssertEqual(x.verdict, y.verdict, label)
                    XCTAssertEqual(x.reasons.map(\.overlap.layer), y.reasons.map(\.overlap.layer), label)
                    XCTAssertEqual(x.slivers.map(\.layer), y.slivers.map(\.layer), label)
                    for (r, s) in zip(x.reasons, y.reasons) {
                        XCTAssertEqual(r.overlap.area, s.overlap.area, accuracy: y.area * edgeSemantics, label)
                        XCTAssertEqual(r.overlap.featureIDs.sorted(), s.overlap.featureIDs.sorted(), label)
                    }
                    XCTAssertEqual(x.overlapsWith.map(\.id), y.overlapsWith.map(\.id), label)
                    // Measured once per pair on the area-only path, by each block on the general path.
                    for (p, q) in zip(x.overlapsWith, y.overlapsWith) {
                        XCTAssertEqual(p.area, q.area, accuracy: y.area * edgeSemantics, "\(label) overlap with \(p.id)")
                        comparedBlockPairs += 1
                    }
                    if x.slivers.isEmpty {
                        XCTAssertEqual(x.conflict, o.conflict, accuracy: o.area * 1e-6, "\(label): screen against overlap")
                        XCTAssertEqual(x.conflict, g.conflict, accuracy: o.area * (inPlane ? 1e-6 : 2e-6), "\(label): screen against overlap's GEOS path")
                    } else {
                        comparedSlivers += 1
                    }
                }
            }
        }
        // The tolerance must have made some layer a sliver somewhere, or that branch went untested.
        XCTAssertGreaterThan(comparedSlivers, 0)
        XCTAssertGreaterThan(comparedBlockPairs, 0)
    }

    func testCorridorsRemaindersAndMapsKeepTheGeneralPath() throws {
        let blocks = try Fixture.load("screen/blocks.geojson", idField: "code")
        let rules = ScreeningRules(toleranceM2: 0, minCleanAreaM2: 0, layers: [], file: "test")
        let layer = ConstraintLayer(name: "L", loaded: blocks)
        XCTAssertFalse(ScreenEngine(blocks: blocks, layers: [ScreenLayer(layer: layer, bufferMetres: 50)], rules: rules).takesAreaOnlyPath)
        var maps = ScreenEngine(blocks: blocks, layers: [ScreenLayer(layer: layer, bufferMetres: nil)], rules: rules)
        XCTAssertTrue(maps.takesAreaOnlyPath)
        maps.keepGeometry = true
        XCTAssertFalse(maps.takesAreaOnlyPath)
        var drawn = ScreenEngine(blocks: blocks, layers: [ScreenLayer(layer: layer, bufferMetres: nil)], rules: rules)
        drawn.areaMethod = .tdt1055
        XCTAssertFalse(drawn.takesAreaOnlyPath)
    }
}

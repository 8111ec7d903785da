import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// `overlap` and `screen` with `--method tdt1055`: every area is that of the region as drawn in the overlay's CRS,
/// so overlaps never exceed their block, the conflict is never below its largest layer, and a remainder's own area
/// is `clean_m2`, to 1e-9 of the block, before any clamping. Oracle: Fixtures/drawn-area/oracle.json
/// (Scripts/oracles/drawn_area_oracle.py: shapely overlays, Gauss-Legendre on the closed-form area element).
final class DrawnAreaOverlayTests: XCTestCase {
    func layer(_ name: String, _ file: String, _ workspace: ThreadWorkspace) throws -> ConstraintLayer {
        ConstraintLayer(name: name, loaded: try Fixture.load("drawn-area/\(file).geojson", idField: "id"))
    }

    func rules(tolerance: Double = 0) -> ScreeningRules {
        ScreeningRules(toleranceM2: tolerance, minCleanAreaM2: 0, layers: [], file: "test")
    }

    func testOracleScenesInLonLatAndGaussKruger() throws {
        let oracle = try Fixture.json("drawn-area/oracle.json")
        for plane in ["lonlat", "gk"] {
            let expected = try XCTUnwrap(oracle[plane] as? [String: Any])
            let workspace = ThreadWorkspace()
            let blocks = try Fixture.load("drawn-area/blocks-\(plane).geojson", idField: "id")
            let layers = [try layer("red", "red-\(plane)", workspace), try layer("farm", "farm-\(plane)", workspace)]
            var engine = OverlapEngine(blocks: blocks, layers: layers)
            engine.areaMethod = .tdt1055
            let block = try XCTUnwrap(engine.run(threads: 1).results.first)
            let blockArea = try XCTUnwrap(expected["area_m2"] as? Double)
            XCTAssertEqual(block.area, blockArea, accuracy: blockArea * 1e-9, plane)
            let perLayer = try XCTUnwrap(expected["layers"] as? [String: Double])
            for overlap in block.overlaps {
                XCTAssertEqual(overlap.area, try XCTUnwrap(perLayer[overlap.layer]), accuracy: blockArea * 1e-9, "\(plane) \(overlap.layer)")
            }
            XCTAssertEqual(block.conflict, try XCTUnwrap(expected["conflict_m2"] as? Double), accuracy: blockArea * 1e-9, plane)

            var screen = ScreenEngine(blocks: blocks, layers: layers.map { ScreenLayer(layer: $0, bufferMetres: nil) },
                                      rules: rules(), keepRemainder: true)
            screen.areaMethod = .tdt1055
            let screened = try XCTUnwrap(screen.run(threads: 1).results.first)
            XCTAssertEqual(screened.clean, try XCTUnwrap(expected["clean_m2"] as? Double), accuracy: blockArea * 1e-9, plane)
            XCTAssertEqual(try XCTUnwrap(screened.remainderArea), try XCTUnwrap(expected["remainder_m2"] as? Double),
                           accuracy: blockArea * 1e-9, plane)
            XCTAssertEqual(try XCTUnwrap(screened.remainderArea), screened.clean, accuracy: blockArea * 1e-9, plane)
        }
    }

    /// The same scene measured by the default method does not add up (the test above can tell): the cut adds
    /// vertices to the block's 8 km lon/lat edges, and geodesics through them enclose more than the block's.
    func testEllipsoidalPiecesOfTheSceneDoNotAddUpByVertices() throws {
        let workspace = ThreadWorkspace()
        let blocks = try Fixture.load("drawn-area/blocks-lonlat.geojson", idField: "id")
        let layers = [try layer("red", "red-lonlat", workspace), try layer("farm", "farm-lonlat", workspace)]
        let geos = workspace.geos
        let block = try blocks.features[0].geometry
        let union = try geos.union(try layers.flatMap { l in try l.features.map { try geos.intersection(block, $0.geometry) } })
        let rest = try geos.difference(block, union)
        func geodesic(_ g: GEOSGeom) throws -> Double { try workspace.ellipsoidalArea(g, crs: .cgcs2000) }
        func asDrawn(_ g: GEOSGeom) throws -> Double { try workspace.drawnArea.area(try geos.polygons(of: g), in: .cgcs2000, workspace) }
        let blockGeodesic = try geodesic(block)
        XCTAssertGreaterThan(abs(try geodesic(union) + geodesic(rest) - blockGeodesic), blockGeodesic * 1e-7)
        XCTAssertEqual(try asDrawn(union) + asDrawn(rest), try asDrawn(block), accuracy: blockGeodesic * 1e-11)
    }

    /// Random scenes: blocks with 3–9 km edges cut by overlapping patches of two layers, in lon/lat and in a
    /// Gauss-Krüger plane. Checked on the unclamped figures: the layer's pieces against the block, the union
    /// against its largest layer, and the written remainder against clean.
    func testRandomScenesAddUp() throws {
        var random = SeededRandom(seed: 20_191_055)
        let folder = try makeScratchFolder("drawn-area")
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = ThreadWorkspace()
        for scene in 0..<12 {
            let inPlane = scene % 2 == 1
            let cx = Double.random(in: 111.0...113.5, using: &random), cy = Double.random(in: 35.5...37.5, using: &random)
            let block = randomStar(cx, cy, 0.05, Int.random(in: 4...6, using: &random), spread: 0.8...1, using: &random)
            var layers: [[[Position]]] = [[], []]
            for l in 0..<2 {
                for _ in 0..<Int.random(in: 3...6, using: &random) {
                    // Centred on the block's edges, so that the long edges are cut.
                    let k = Int.random(in: 0..<(block.count - 1), using: &random), t = Double.random(in: 0.1...0.9, using: &random)
                    let x = block[k].x + (block[k + 1].x - block[k].x) * t, y = block[k].y + (block[k + 1].y - block[k].y) * t
                    layers[l].append(randomStar(x, y, Double.random(in: 0.005...0.025, using: &random), 9, using: &random))
                }
            }
            func file(_ name: String, _ rings: [[Position]]) throws -> String {
                let path = folder.appendingPathComponent("\(scene)-\(name).geojson").path
                try writeSceneLayer(rings, idPrefix: name, inGaussKruger: inPlane, to: path, workspace)
                return path
            }
            let options = LoadOptions(idField: "id", threads: 1)
            let blocks = try InputLoader.load(path: try file("block", [block]), options: options)
            let constraint = try (0..<2).map { l in
                ConstraintLayer(name: "L\(l)", loaded: try InputLoader.load(path: try file("L\(l)", layers[l]), options: options))
            }
            XCTAssertEqual(blocks.features.count, 1)
            XCTAssertTrue(constraint.allSatisfy { $0.loaded.rejected.isEmpty })

            var engine = OverlapEngine(blocks: blocks, layers: constraint)
            engine.areaMethod = .tdt1055
            engine.prepareLayers(threads: 1)
            workspace.measuresAsDrawn = true
            let checked = blocks.features[0]
            let blockArea = try engine.blockArea(checked, workspace)
            var works = try constraint.map { try engine.overlap(checked, blockArea: blockArea, with: $0, workspace) }
            for work in works { XCTAssertLessThanOrEqual(work.partsArea, blockArea * (1 + 1e-9), "scene \(scene) \(work.overlap.layer)") }
            works = works.filter { !$0.parts.isEmpty }
            guard !works.isEmpty else { continue }
            let (union, plane) = try OverlapEngine.combinedUnion(&works, otherwiseIn: blocks.crs, workspace)
            let unionArea = try workspace.measuredArea(try workspace.geos.polygons(of: union), in: plane)
            let largest = works.map(\.partsArea).max() ?? 0
            XCTAssertGreaterThanOrEqual(unionArea, largest - blockArea * 1e-9, "scene \(scene)")
            XCTAssertLessThanOrEqual(unionArea, blockArea * (1 + 1e-9), "scene \(scene)")

            var screen = ScreenEngine(blocks: blocks, layers: constraint.map { ScreenLayer(layer: $0, bufferMetres: nil) },
                                      rules: rules(), keepRemainder: true)
            screen.areaMethod = .tdt1055
            let screened = try XCTUnwrap(screen.run(threads: 1).results.first)
            XCTAssertEqual(screened.area, blockArea, accuracy: blockArea * 1e-12)
            XCTAssertEqual(screened.conflict, unionArea, accuracy: blockArea * 1e-9, "scene \(scene): conflict is the union, unclamped")
            XCTAssertEqual(try XCTUnwrap(screened.remainderArea), screened.clean, accuracy: blockArea * 1e-9, "scene \(scene) remainder")
            workspace.measuresAsDrawn = false
        }
    }
}

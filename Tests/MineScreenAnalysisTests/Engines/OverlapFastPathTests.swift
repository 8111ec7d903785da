import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// The overlay's area-only shortcuts (ConvexClip cuts, red-line patches unioned group by group, the conflict
/// measured against a coverage part by part) against the geometry run (GEOS cuts, snap-rounded unions)
/// and against Fixtures/overlap-fastpath/*/oracle.json from Scripts/oracles/make_fastpath_fixture.py
/// (shapely overlay + pyproj Geod, each in its variant's own plane).
final class OverlapFastPathTests: XCTestCase {
    let variants = ["epsg4490", "epsg4526"]

    func layers(_ folder: String) throws -> [ConstraintLayer] {
        return try [("redline", nil), ("farmland", "BSM")].map { name, idField in
            ConstraintLayer(name: name, loaded: try Fixture.load("\(folder)/\(name).geojson", idField: idField))
        }
    }

    func run(_ folder: String, blocks: String? = nil, keepGeometry: Bool, threads: Int = 2) throws -> OverlapResult {
        let blockLayer = try Fixture.load("\(blocks ?? folder)/blocks.geojson", idField: "code")
        return OverlapEngine(blocks: blockLayer, layers: try layers(folder), output: keepGeometry ? .geometry : .areas).run(threads: threads)
    }

    func oracle(_ variant: String) throws -> [[String: Any]] {
        try XCTUnwrap(try Fixture.json("overlap-fastpath/\(variant)/oracle.json")["blocks"] as? [[String: Any]])
    }

    func assertClose(_ actual: Double, _ expected: Double, _ relative: Double, _ what: String,
                     file: StaticString = #filePath, line: UInt = #line) {
        XCTAssert(abs(actual - expected) <= max(1e-6, abs(expected) * relative),
                  "\(what): \(actual) vs \(expected) (relative \(abs(actual - expected) / max(abs(expected), 1e-300)))",
                  file: file, line: line)
    }

    /// The fixture does exercise the shortcuts: convex and non-convex features that blocks cut.
    func testFixtureHasConvexAndNonConvexFeaturesInBothPlanes() throws {
        for variant in variants {
            let (redline, farmland) = try { () -> (ConstraintLayer, ConstraintLayer) in
                let l = try layers("overlap-fastpath/\(variant)")
                return (l[0], l[1])
            }()
            func convex(_ f: CheckedFeature) -> Bool {
                if case .polygon(let p) = f.shape, p.rings.count == 1 { return ConvexClip.isConvex(p.rings[0]) }
                return false
            }
            XCTAssertEqual(redline.features.filter(convex).map(\.feature.id), ["HXA", "HXB", "HXC", "HXD", "HXE", "HXH"], variant)
            let facts = try XCTUnwrap(try Fixture.json("overlap-fastpath/\(variant)/oracle.json")["facts"] as? [String: Int])
            XCTAssertEqual(farmland.features.count, facts["farmland"], variant)
            XCTAssertEqual(farmland.features.filter(convex).count, facts["convex_farmland"], variant)
            XCTAssertGreaterThan(facts["convex_farmland_meeting_B01"] ?? 0, 4, variant)
            XCTAssertGreaterThan(farmland.features.count - farmland.features.filter(convex).count, 2, variant)
        }
    }

    /// (a) Areas alone (ConvexClip where it may) equal the geometry run's (GEOS throughout), and both the oracle.
    func testAreaOnlyRunEqualsGeometryRunAndOracle() throws {
        for variant in variants {
            let folder = "overlap-fastpath/\(variant)"
            let fast = try run(folder, keepGeometry: false)
            let slow = try run(folder, keepGeometry: true)
            let expected = try oracle(variant)
            XCTAssertTrue(fast.rejected.isEmpty && slow.rejected.isEmpty, variant)
            XCTAssertEqual(fast.results.map(\.id), ["B01", "B02", "B03"], variant)
            XCTAssertEqual(slow.results.map(\.id), fast.results.map(\.id), variant)
            for ((a, b), e) in zip(zip(fast.results, slow.results), expected) {
                let overlaps = try XCTUnwrap(e["overlaps"] as? [String: [String: Any]])
                for (o, p) in zip(a.overlaps, b.overlaps) {
                    let what = "\(variant) \(a.id) \(o.layer)"
                    XCTAssertEqual(o.featureIDs, p.featureIDs, what)
                    XCTAssertEqual(o.featureIDs, overlaps[o.layer]?["features"] as? [String], what)
                    assertClose(o.area, p.area, 1e-7, what + " fast vs geometry run")
                    assertClose(o.area, try XCTUnwrap(overlaps[o.layer]?["area_m2"] as? Double), 1e-6, what + " vs oracle")
                }
                assertClose(a.area, try XCTUnwrap(e["area_m2"] as? Double), 1e-9, "\(variant) \(a.id) block area")
            }
        }
    }

    /// (a) The same when the blocks are in another CRS than the layers (the block is moved into the layer's
    /// plane vertex by vertex before ConvexClip cuts it, as before GEOS does).
    func testAreaOnlyEqualsGeometryRunWithBlocksInAnotherCRS() throws {
        let fast = try run("overlap-fastpath/epsg4490", blocks: "overlap-fastpath/epsg4526", keepGeometry: false)
        let slow = try run("overlap-fastpath/epsg4490", blocks: "overlap-fastpath/epsg4526", keepGeometry: true)
        XCTAssertEqual(fast.results.map(\.id), ["B01", "B02", "B03"])
        for (a, b) in zip(fast.results, slow.results) {
            for (o, p) in zip(a.overlaps, b.overlaps) {
                XCTAssertEqual(o.featureIDs, p.featureIDs, "\(a.id) \(o.layer)")
                assertClose(o.area, p.area, 1e-7, "\(a.id) \(o.layer)")
            }
            assertClose(a.conflict, b.conflict, 1e-7, "\(a.id) conflict")
        }
    }

    /// (b) Red-line patches A–B–G overlap in a chain inside B01, D and E only outside it, C and H overlap
    /// nothing: the layer's overlap is the union (the oracle), well below the pieces' sum, and the groups
    /// the engine unions are exactly the chains.
    func testOverlappingPatchesAreUnionedGroupByGroup() throws {
        for variant in variants {
            let folder = "overlap-fastpath/\(variant)"
            let result = try run(folder, keepGeometry: false)
            let b01 = try XCTUnwrap(result.results.first { $0.id == "B01" })
            let redline = b01.overlaps[0]
            XCTAssertEqual(redline.layer, "redline")
            XCTAssertEqual(redline.featureIDs, ["HXA", "HXB", "HXG", "HXC", "HXD", "HXE", "HXH"], variant)
            XCTAssertEqual(redline.count, 7)
            let e = try XCTUnwrap((try oracle(variant)[0]["overlaps"] as? [String: [String: Any]])?["redline"])
            let union = try XCTUnwrap(e["area_m2"] as? Double), sum = try XCTUnwrap(e["sum_of_pieces_m2"] as? Double)
            // The trap is real: adding A, B and G up would be 15 000 m² too much.
            XCTAssertGreaterThan(sum - union, 10_000, variant)
            assertClose(redline.area, union, 1e-6, "\(variant) B01 red line vs oracle")
            assertClose(redline.percent, union / b01.area * 100, 1e-6, "\(variant) B01 red line percent")

            let layer = result.layers[0], state = result.layerStates[0]
            XCTAssertFalse(state.isCoverage)
            let id = { (k: Int) in layer.features[k].feature.id }
            XCTAssertEqual(Set(state.overlappingFeatures.map(id)), ["HXA", "HXB", "HXG", "HXD", "HXE"], variant)
            let hits = redline.featureIndices
            let overlapping = hits.indices.filter { state.overlappingFeatures.contains(hits[$0]) }
            let groups = OverlapEngine.overlapGroups(of: overlapping, hits: hits, state).map { $0.map { id(hits[$0]) } }
            XCTAssertEqual(groups, [["HXA", "HXB", "HXG"], ["HXD", "HXE"]], variant)
        }
    }

    /// overlapGroups on its own: pairs chain transitively, and a feature whose only neighbour is not hit
    /// stands alone.
    func testOverlapGroupsFollowPairsTransitively() throws {
        let result = try run("overlap-fastpath/epsg4526", keepGeometry: false)
        let layer = result.layers[0], state = result.layerStates[0]
        let index = Dictionary(uniqueKeysWithValues: layer.features.enumerated().map { ($1.feature.id, $0) })
        let id = { (k: Int) in layer.features[k].feature.id }
        // A block meeting A, G, D, C only: A and G overlap only through B (not hit), D's partner E is not hit.
        let hits = ["HXA", "HXG", "HXD", "HXC"].map { index[$0]! }
        let overlapping = hits.indices.filter { state.overlappingFeatures.contains(hits[$0]) }
        XCTAssertEqual(overlapping, [0, 1, 2])
        let groups = OverlapEngine.overlapGroups(of: overlapping, hits: hits, state).map { $0.map { id(hits[$0]) } }
        XCTAssertEqual(groups, [["HXA"], ["HXG"], ["HXD"]])
        // With B, all three chain into one group; E joins D.
        let more = ["HXG", "HXE", "HXA", "HXD", "HXB"].map { index[$0]! }
        let groups2 = OverlapEngine.overlapGroups(of: Array(more.indices), hits: more, state).map { Set($0.map { id(more[$0]) }) }
        XCTAssertEqual(Set(groups2), [["HXA", "HXB", "HXG"], ["HXD", "HXE"]])
    }

    /// (c) B01 against the farmland coverage (12 parcels: the part-by-part conflict) and the red line: the
    /// conflict equals the geometry run's (one snap-rounded union of everything) and the oracle's, and never
    /// exceeds the block. The shortcut is checked to be the one that answers.
    func testConflictWithCoverageAndRedLine() throws {
        for variant in variants {
            let folder = "overlap-fastpath/\(variant)"
            let fast = try run(folder, keepGeometry: false)
            let slow = try run(folder, keepGeometry: true)
            for ((a, b), e) in zip(zip(fast.results, slow.results), try oracle(variant)) {
                let what = "\(variant) \(a.id)"
                assertClose(a.conflict, b.conflict, 1e-7, what + " conflict fast vs geometry run")
                assertClose(a.conflict, try XCTUnwrap(e["conflict_m2"] as? Double), 1e-6, what + " conflict vs oracle")
                XCTAssertLessThanOrEqual(a.conflict, a.area, what)
                XCTAssertGreaterThanOrEqual(a.conflict, a.overlaps.map(\.area).max() ?? 0, what)
                XCTAssertEqual(a.clean + a.conflict, a.area, accuracy: a.area * 1e-12, what)
            }
            let b01 = fast.results[0]
            XCTAssertEqual(b01.overlaps[1].count, 12, variant)
            // The conflict is neither the larger layer nor their sum: the layers overlap in part.
            XCTAssertGreaterThan(b01.conflict, b01.overlaps[1].area + 10_000, variant)
            XCTAssertLessThan(b01.conflict, b01.overlaps[0].area + b01.overlaps[1].area - 10_000, variant)

            // The answer comes from disjointConflictArea (not the general union), with cuts left to make.
            let blocks = try Fixture.load("\(folder)/blocks.geojson", idField: "code")
            var engine = OverlapEngine(blocks: blocks, layers: try layers(folder))
            engine.prepareLayers(threads: 1)
            let workspace = ThreadWorkspace()
            let block = blocks.features[0]
            let blockArea = try workspace.ellipsoidalArea(block.shape.polygons ?? [], crs: blocks.crs.identifier)
            var works = try engine.layers.map { try engine.overlap(block, blockArea: blockArea, with: $0, workspace) }
            XCTAssertTrue(works.allSatisfy(\.disjointParts), variant)
            XCTAssertFalse(works[1].pendingCuts.isEmpty, "\(variant): no farmland cut was measured by ConvexClip")
            XCTAssertFalse(works[0].pendingCuts.isEmpty, "\(variant): no red-line cut was measured by ConvexClip")
            let area = try XCTUnwrap(try OverlapEngine.disjointConflictArea(&works, workspace), variant)
            assertClose(area, try XCTUnwrap(try oracle(variant)[0]["conflict_m2"] as? Double), 1e-6, "\(variant) disjointConflictArea")
            assertClose(area, slow.results[0].conflict, 1e-7, "\(variant) disjointConflictArea vs geometry run")
        }
    }

    /// With every layer in one plane, CGCS2000 lon/lat or Gauss-Krüger, the red lines and the conflict are
    /// measured on boundaries (`boundaryAnalysis`, no GEOS cut or union): it answers for every block and matches
    /// the oracle (shapely in the variant's own plane, pyproj Geod on its vertices).
    func testBoundaryPathAnswersInBothPlanes() throws {
        for variant in variants {
            let folder = "overlap-fastpath/\(variant)"
            let blocks = try Fixture.load("\(folder)/blocks.geojson", idField: "code")
            var engine = OverlapEngine(blocks: blocks, layers: try layers(folder))
            engine.prepareLayers(threads: 1)
            let workspace = ThreadWorkspace()
            for (block, e) in zip(blocks.features, try oracle(variant)) {
                let blockArea = try workspace.ellipsoidalArea(block.shape.polygons ?? [], crs: blocks.crs.identifier)
                let measured = try engine.boundaryAnalysis(block, blockArea: blockArea, workspace)
                let answer = try XCTUnwrap(measured, "\(variant) \(block.feature.id)")
                let overlaps = try XCTUnwrap(e["overlaps"] as? [String: [String: Any]])
                for o in answer.overlaps {
                    let what = "\(variant) \(block.feature.id) \(o.layer)"
                    XCTAssertEqual(o.featureIDs, overlaps[o.layer]?["features"] as? [String], what)
                    assertClose(o.area, try XCTUnwrap(overlaps[o.layer]?["area_m2"] as? Double), 1e-6, what + " vs oracle")
                }
                assertClose(answer.conflict, try XCTUnwrap(e["conflict_m2"] as? Double), 1e-6, "\(block.feature.id) conflict vs oracle")
            }
        }
    }

    /// Found in review (Fixtures/review/boundary-nudge): touching regions are measured moved by micrometres, and a
    /// vertex lying on another region's edge must still split it. The red-line area no longer depends on an
    /// unrelated layer, and a block drawn along parcels gets no conflict beyond the layers' union.
    func testTouchingRegionsMeasuredMovedKeepTheOverlaysVertices() throws {
        let folder = "review/boundary-nudge"
        func layer(_ name: String, _ file: String) throws -> ConstraintLayer {
            ConstraintLayer(name: name, loaded: try Fixture.load("\(folder)/\(file).geojson", idField: nil))
        }
        func run(_ blocks: String, _ layers: [ConstraintLayer], keepGeometry: Bool) throws -> BlockOverlap {
            let loaded = try Fixture.load("\(folder)/\(blocks)/blocks.geojson", idField: nil)
            return try XCTUnwrap(OverlapEngine(blocks: loaded, layers: layers, output: keepGeometry ? .geometry : .areas).run(threads: 1).results.first)
        }
        let node = try XCTUnwrap((try Fixture.json("\(folder)/node/oracle.json")["blocks"] as? [String: [String: Any]])?["B"])
        let red = try layer("red", "node/red"), other = try layer("other", "node/other")
        let alone = try run("node", [red], keepGeometry: false)
        let withOther = try run("node", [other, red], keepGeometry: false)
        let geometry = try run("node", [red], keepGeometry: true)
        XCTAssertEqual(withOther.overlaps[1].area, alone.overlaps[0].area, accuracy: alone.area * 1e-9)
        assertClose(alone.overlaps[0].area, geometry.overlaps[0].area, 1e-9, "red vs geometry run")
        let redOracle = try XCTUnwrap((node["layers"] as? [String: Double])?["red"])
        assertClose(alone.overlaps[0].area, redOracle, 2e-6, "red vs union-first oracle")

        let conflict = try XCTUnwrap((try Fixture.json("\(folder)/conflict/oracle.json")["blocks"] as? [String: [String: Any]])?["B8"])
        let layers = [try layer("farm", "conflict/farm"), try layer("urban", "conflict/urban")]
        let fast = try run("conflict", layers, keepGeometry: false)
        let slow = try run("conflict", layers, keepGeometry: true)
        assertClose(fast.conflict, slow.conflict, 1e-9, "conflict vs geometry run")
        XCTAssertLessThanOrEqual(fast.conflict, (fast.overlaps.map(\.area).max() ?? 0) + fast.area * 1e-9)
        assertClose(fast.conflict, try XCTUnwrap(conflict["conflict_m2"] as? Double), 5e-6, "conflict vs oracle")
    }

    /// Found in review (Fixtures/review/tjunction): two parcels meeting along a 2 km edge where only one has a
    /// middle vertex. The area-only run adds them up like the geometry run (it had unioned them: 41.5 m² less).
    func testTJunctionAddsUpLikeTheOverlayPath() throws {
        let farm = ConstraintLayer(name: "farm", loaded: try Fixture.load("review/tjunction/farm.geojson", idField: nil))
        let blocks = try Fixture.load("review/tjunction/blocks.geojson", idField: nil)
        let fastRun = OverlapEngine(blocks: blocks, layers: [farm]).run(threads: 1)
        let fast = try XCTUnwrap(fastRun.results.first)
        let slow = try XCTUnwrap(OverlapEngine(blocks: blocks, layers: [farm], output: .geometry).run(threads: 1).results.first)
        XCTAssertTrue(fastRun.layerStates[0].isCoverage)
        assertClose(fast.overlaps[0].area, slow.overlaps[0].area, 1e-9, "farm vs geometry run")
        XCTAssertEqual(fast.overlaps[0].featureIDs, slow.overlaps[0].featureIDs)
    }

    /// A U-shaped block whose legs enter one long convex parcel: Sutherland–Hodgman would join the two pieces
    /// by a zero-width bridge, which as geodesics lost 21 m² (1e-4) on 1.8 km edges (found in review). Such
    /// cuts go to GEOS; both layers must match Fixtures/review/sh-bridge/oracle.json (shapely + pyproj).
    func testCutInTwoPiecesMatchesTheOracle() throws {
        let layers = try ["farm", "red"].map { ConstraintLayer(name: $0, loaded: try Fixture.load("review/sh-bridge/\($0).geojson")) }
        let result = OverlapEngine(blocks: try Fixture.load("review/sh-bridge/blocks.geojson"), layers: layers).run(threads: 1)
        let expected = try XCTUnwrap((try Fixture.json("review/sh-bridge/oracle.json")["blocks"] as? [String: [String: Double]])?["U"])
        let block = try XCTUnwrap(result.results.first)
        for overlap in block.overlaps {
            assertClose(overlap.area, try XCTUnwrap(expected[overlap.layer]), 1e-9, "U \(overlap.layer)")
        }
        XCTAssertEqual(block.conflict, block.overlaps.map(\.area).max()!, accuracy: 1e-6)
        // The shortcut itself refuses the cut, and takes a plain one.
        let ring = try XCTUnwrap(layers[0].features.first?.shape.polygons?.first?.exterior)
        XCTAssertFalse(ConvexClip.cutsInOnePiece(try XCTUnwrap(result.blocks.features.first?.shape.polygons), by: ring))
    }
}

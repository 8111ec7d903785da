import Foundation
import XCTest
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
import MineScreenTestSupport

/// `--cache`'s shortcuts inside the overlap engine, against the same engine without a cache on seeded random
/// scenes: contacts read back for unchanged neighbourhoods (`OverlapEngine+CachedContacts`) and the coverage
/// check settled by the last run's memo (`CoverageMemo`). After every edit (parcels moved onto their neighbours,
/// removed, added twice, a layer made a coverage again) a cached run must give the uncached run's figures bit
/// for bit, and the same coverage facts: overlapping features, their neighbours and the pairs a report lists.
final class OverlapCacheTests: XCTestCase {
    var scratch: URL!

    override func setUpWithError() throws { scratch = try makeScratchFolder("minescreen-overlap-cache") }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    /// A square parcel of `size` degrees at column `i`, row `j` of a grid from (112, 36): neighbours share edges.
    func parcel(_ i: Int, _ j: Int, size: Double = 0.002) -> [Position] {
        let (x, y) = (112 + Double(i) * size, 36 + Double(j) * size)
        return [Position(x, y), Position(x + size, y), Position(x + size, y + size), Position(x, y + size), Position(x, y)]
    }

    func load(_ rings: [[Position]], _ name: String) throws -> LoadedLayer {
        let path = scratch.appendingPathComponent("\(name).geojson").path
        try writeGeoJSONPolygons(rings, idPrefix: name, crs: "urn:ogc:def:crs:EPSG::4490", to: path)
        return try InputLoader.load(path: path, options: LoadOptions(idField: "id", threads: 2))
    }

    func run(_ blocks: LoadedLayer, _ layers: [(String, LoadedLayer)], cache: ResultCache?) -> OverlapResult {
        var engine = OverlapEngine(blocks: blocks, layers: layers.map { ConstraintLayer(name: $0.0, loaded: $0.1) })
        engine.cache = cache
        return engine.run(threads: 2)
    }

    func assertSame(_ uncached: OverlapResult, _ cached: OverlapResult, _ what: String,
                    file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(uncached.results.count, cached.results.count, what, file: file, line: line)
        for (a, b) in zip(uncached.results, cached.results) {
            XCTAssertEqual(a.id, b.id, what, file: file, line: line)
            XCTAssertEqual(a.area.bitPattern, b.area.bitPattern, "\(what), block \(a.id) area", file: file, line: line)
            XCTAssertEqual(a.conflict.bitPattern, b.conflict.bitPattern, "\(what), block \(a.id) conflict", file: file, line: line)
            XCTAssertEqual(a.overlaps.map(\.layer), b.overlaps.map(\.layer), what, file: file, line: line)
            for (x, y) in zip(a.overlaps, b.overlaps) {
                XCTAssertEqual(x.area.bitPattern, y.area.bitPattern, "\(what), block \(a.id), \(x.layer)", file: file, line: line)
                XCTAssertEqual(x.featureIDs, y.featureIDs, "\(what), block \(a.id), \(x.layer)", file: file, line: line)
            }
        }
        for (a, b) in zip(uncached.layerStates, cached.layerStates) {
            XCTAssertEqual(a.overlappingFeatures, b.overlappingFeatures, what, file: file, line: line)
            XCTAssertEqual(a.overlapNeighbours, b.overlapNeighbours, what, file: file, line: line)
            XCTAssertEqual(a.overlappingPairs.map { "\($0.0)|\($0.1)" }, b.overlappingPairs.map { "\($0.0)|\($0.1)" }, what,
                           file: file, line: line)
            XCTAssertEqual(a.contacts?.mapValues(\.features), b.contacts?.mapValues(\.features), what, file: file, line: line)
            XCTAssertEqual(a.contacts?.mapValues(\.covered), b.contacts?.mapValues(\.covered), what, file: file, line: line)
        }
    }

    func testCachedRunsAfterRandomEditsGiveTheUncachedFiguresAndCoverageFacts() throws {
        var random = SeededRandom(seed: 1907)
        // A 30 × 30 grid of parcels (a coverage), some overlapping stars (not one), and 12 blocks across both.
        var parcels: [[Position]] = []
        for i in 0..<30 { for j in 0..<30 { parcels.append(parcel(i, j)) } }
        var stars = (0..<40).map { _ in
            randomStar(112 + Double.random(in: 0...0.06, using: &random), 36 + Double.random(in: 0...0.06, using: &random), 0.004, 9,
                       using: &random)
        }
        let blockRings = (0..<12).map { _ in
            randomStar(112.005 + Double.random(in: 0...0.05, using: &random), 36.005 + Double.random(in: 0...0.05, using: &random),
                       0.006, 11, using: &random)
        }
        let blocks = try load(blockRings, "blocks")
        let cache = try ResultCache(directory: scratch.appendingPathComponent("cache").path, maxMegabytes: 256)
        var partlyReused = 0
        for round in 0..<8 {
            switch round {
            case 0: break
            case 1, 5:
                // Parcels moved by a fraction of their size: they overlap their neighbours (no longer a coverage).
                for _ in 0..<6 {
                    let k = Int.random(in: 0..<parcels.count, using: &random)
                    parcels[k] = parcels[k].map { Position($0.x + 0.0007, $0.y + 0.0003) }
                }
            case 2:
                for _ in 0..<20 { parcels.remove(at: Int.random(in: 0..<parcels.count, using: &random)) }
            case 3:
                // The same parcel twice (same id and shape): its copies overlap each other.
                let k = Int.random(in: 0..<parcels.count, using: &random)
                parcels.insert(parcels[k], at: k + 1)
                stars.append(stars[0])
            case 4:
                // A coverage again: the grid rebuilt with parcels missing here and there.
                parcels = []
                for i in 0..<30 { for j in 0..<30 where (i * 7 + j) % 23 != 0 { parcels.append(parcel(i, j)) } }
            case 6:
                stars = stars.map { star in star.map { Position($0.x, $0.y + 0.0002) } }
            default:
                stars.removeLast(5)
            }
            // Ids follow positions (as a file's ids would not): so edits also change ids, which digests cover.
            let layers = [("farmland", try load(parcels, "farmland")), ("redline", try load(stars, "redline"))]
            let uncached = run(blocks, layers, cache: nil)
            let (hitsBefore, missesBefore) = (cache.hits, cache.misses)
            let cached = run(blocks, layers, cache: cache)
            assertSame(uncached, cached, "round \(round)")
            let (hits, misses) = (cache.hits - hitsBefore, cache.misses - missesBefore)
            XCTAssertEqual(hits + misses, blockRings.count, "round \(round)")
            if hits > 0, misses > 0 { partlyReused += 1 }
            // Again on the same data: every block a hit, and still the same.
            let again = run(blocks, layers, cache: cache)
            assertSame(uncached, again, "round \(round), second cached run")
            XCTAssertEqual(cache.hits - hitsBefore - hits, blockRings.count, "round \(round), second cached run")
            if round == 1 { XCTAssertFalse(uncached.layerStates[0].isCoverage, "moved parcels overlap their neighbours") }
            if round == 3 { XCTAssertFalse(uncached.layerStates[1].overlappingPairs.isEmpty) }
        }
        XCTAssertGreaterThan(partlyReused, 0, "some edit left some blocks' results reusable")
    }

    /// Contacts kept and read back are those found; a damaged entry (wrong counts, a mark that cannot be) is refused.
    func testContactsRoundTripAndDamagedEntriesAreRefused() throws {
        var first = BlockContacts(), second = BlockContacts()
        (first.features, first.covered) = ([3, 9], [true, false])
        (second.features, second.covered) = ([], [])
        let candidates = [[1, 3, 9, 12], [4]]
        let payload = try XCTUnwrap(OverlapEngine.encodeContacts([first, second], candidates: candidates))
        let decoded = try OverlapEngine.decodeContacts(payload, candidates: candidates, layers: 2)
        XCTAssertEqual(decoded.map(\.features), [[3, 9], []])
        XCTAssertEqual(decoded.map(\.covered), [[true, false], []])
        XCTAssertNil(OverlapEngine.encodeContacts([first, second], candidates: [[1, 3], [4]]), "a contact that is no candidate")
        XCTAssertThrowsError(try OverlapEngine.decodeContacts(payload, candidates: [[1, 3, 9], [4]], layers: 2))
        XCTAssertThrowsError(try OverlapEngine.decodeContacts(payload, candidates: candidates, layers: 3))
        var bad = payload
        bad[16] = 7
        XCTAssertThrowsError(try OverlapEngine.decodeContacts(bad, candidates: candidates, layers: 2))
        XCTAssertThrowsError(try OverlapEngine.decodeContacts(Array(payload.dropLast()), candidates: candidates, layers: 2))
    }
}

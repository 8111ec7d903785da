import Foundation
import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
import MineScreenTestSupport

/// `LayerSnapshot`: a layer decoded from the cache is the layer a load without the cache gives, feature by feature
/// and rejection by rejection, wherever the file lies; the marker of the last read decides only what is kept.
final class LayerSnapshotTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = try makeScratchFolder("layer-snapshot")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("moved"), withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// A layer with what a load can make of features: ids from the field, the Feature id or the index; a hole; a
    /// multipolygon with an empty part (its shape differs from its geometry); a bowtie (rejected, or repaired);
    /// a null geometry, a point, a position that is no longer/latitude (rejected, the last with no extent).
    func layerText(parcels: Int = 6, nudge: String = "0") -> String {
        var features: [String] = []
        for k in 0..<parcels {
            let x = 112 + 0.01 * Double(k)
            let ring = "[[\(x),36],[\(x + 0.005),36],[\(x + 0.005),36.00\(nudge)5],[\(x),36.005],[\(x),36]]"
            features.append(#"{"type":"Feature","properties":{"BSM":"P\#(k)","DLMC":"旱地"},"geometry":{"type":"Polygon","coordinates":[\#(ring)]}}"#)
        }
        features += [
            #"{"type":"Feature","id":"no-field","properties":{"DLMC":"水田"},"geometry":{"type":"Polygon","coordinates":[[[112.2,36],[112.21,36],[112.21,36.01],[112.2,36.01],[112.2,36]],[[112.202,36.002],[112.202,36.004],[112.204,36.004],[112.204,36.002],[112.202,36.002]]]}}"#,
            #"{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[112.3,36],[112.31,36],[112.31,36.01],[112.3,36]]]}}"#,
            #"{"type":"Feature","properties":{"BSM":"M1"},"geometry":{"type":"MultiPolygon","coordinates":[[],[[[112.4,36],[112.41,36],[112.41,36.01],[112.4,36]]]]}}"#,
            #"{"type":"Feature","properties":{"BSM":"BOW"},"geometry":{"type":"Polygon","coordinates":[[[112.5,36],[112.51,36.01],[112.51,36],[112.5,36.01],[112.5,36]]]}}"#,
            #"{"type":"Feature","properties":{"BSM":"NULL"},"geometry":null}"#,
            #"{"type":"Feature","properties":{"BSM":"PT"},"geometry":{"type":"Point","coordinates":[112.6,36]}}"#,
            #"{"type":"Feature","properties":{"BSM":"FAR"},"geometry":{"type":"Polygon","coordinates":[[[412.7,36],[412.71,36],[412.71,36.01],[412.7,36]]]}}"#,
        ]
        return #"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4490"}},"features":["#
            + features.joined(separator: ",\n") + "]}"
    }

    func write(_ text: String, _ name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func options(repair: Bool = false, cache: ResultCache? = nil) -> LoadOptions {
        var options = LoadOptions(idField: "BSM", repair: repair, threads: 2)
        options.keepsProperties = false
        options.provenanceRole = "layer:farmland"
        options.cache = cache
        return options
    }

    func assertSameLayer(_ a: LoadedLayer, _ b: LoadedLayer, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.path, b.path, file: file, line: line)
        XCTAssertEqual(a.crs.identifier, b.crs.identifier, file: file, line: line)
        XCTAssertEqual(a.crs.name, b.crs.name, file: file, line: line)
        XCTAssertEqual(a.crs.isGeographic, b.crs.isGeographic, file: file, line: line)
        XCTAssertEqual(a.crsSource, b.crsSource, file: file, line: line)
        XCTAssertEqual(a.inputCount, b.inputCount, file: file, line: line)
        XCTAssertEqual(a.warnings, b.warnings, file: file, line: line)
        XCTAssertEqual(a.rejected, b.rejected, file: file, line: line)
        XCTAssertEqual(a.features.count, b.features.count, file: file, line: line)
        for (x, y) in zip(a.features, b.features) {
            XCTAssertEqual(x.feature.index, y.feature.index, file: file, line: line)
            XCTAssertEqual(x.feature.id, y.feature.id, file: file, line: line)
            XCTAssertEqual(x.feature.idIsIndex, y.feature.idIsIndex, file: file, line: line)
            XCTAssertEqual(x.feature.hasIdField, y.feature.hasIdField, file: file, line: line)
            XCTAssertEqual(x.feature.properties.map(\.key), y.feature.properties.map(\.key), file: file, line: line)
            XCTAssertEqual(x.feature.geometry, y.feature.geometry, file: file, line: line)
            XCTAssertEqual(x.feature.readProblem, y.feature.readProblem, file: file, line: line)
            XCTAssertEqual(x.shape, y.shape, file: file, line: line)
            XCTAssertEqual(x.repairNote, y.repairNote, file: file, line: line)
        }
    }

    /// The cache's snapshot entries (by the format name their payload starts with).
    func snapshots(_ cache: ResultCache) throws -> [String] {
        let marker = Data(LayerSnapshot.format.utf8)
        return try FileManager.default.contentsOfDirectory(atPath: cache.directory).filter { $0.hasSuffix(".entry") }
            .filter { try Data(contentsOf: URL(fileURLWithPath: cache.directory + "/" + $0)).range(of: marker) != nil }
            .sorted()
    }

    /// Loads `path` and tells whether the layer came from a snapshot: every snapshot is dated an hour back first,
    /// and a hit dates the one it read now.
    func loadTellingHit(_ path: String, _ options: LoadOptions, _ cache: ResultCache) throws -> (LoadedLayer, Bool) {
        let past = Date().addingTimeInterval(-3600)
        let before = try snapshots(cache)
        for name in before {
            try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: cache.directory + "/" + name)
        }
        let layer = try InputLoader.load(path: path, options: options)
        cache.finishStores()
        let touched = try before.contains { name in
            let date = try FileManager.default.attributesOfItem(atPath: cache.directory + "/" + name)[.modificationDate] as! Date
            return date > past.addingTimeInterval(60)
        }
        return (layer, touched)
    }

    func testASnapshotGivesTheLoadOfTheSameBytesWhereverTheyLie() throws {
        for repair in [false, true] {
            let cache = try ResultCache(directory: folder.appendingPathComponent("cache-\(repair)").path, maxMegabytes: 64)
            let text = layerText()
            let path = try write(text, "farmland.geojson"), moved = try write(text, "moved/farmland-copy.geojson")
            let (first, firstHit) = try loadTellingHit(path, options(repair: repair, cache: cache), cache)
            XCTAssertFalse(firstHit)
            assertSameLayer(first, try InputLoader.load(path: path, options: options(repair: repair)))
            XCTAssertEqual(try snapshots(cache).count, 1)
            // The scene really holds what the snapshot must restore.
            XCTAssertEqual(first.rejected.count, repair ? 3 : 4)
            XCTAssertEqual(first.features.filter { $0.repairNote != nil }.count, repair ? 1 : 0)
            XCTAssertTrue(first.features.contains { $0.feature.geometry != $0.shape })
            XCTAssertTrue(first.features.contains { $0.feature.idIsIndex })
            XCTAssertTrue(first.rejected.contains { $0.extent == nil } && first.rejected.contains { $0.extent != nil })

            let (again, hit) = try loadTellingHit(moved, options(repair: repair, cache: cache), cache)
            XCTAssertTrue(hit, "the copy's bytes are the same: its layer is decoded")
            assertSameLayer(again, try InputLoader.load(path: moved, options: options(repair: repair)))
            XCTAssertTrue(again.rejected.allSatisfy { $0.file == moved })
            XCTAssertEqual(try snapshots(cache).count, 1)
        }
    }

    /// Other load options are another snapshot: the same bytes read with another id field give other ids.
    func testOptionsThatShapeTheLoadAreInTheKey() throws {
        let cache = try ResultCache(directory: folder.appendingPathComponent("cache").path, maxMegabytes: 64)
        let path = try write(layerText(), "farmland.geojson")
        _ = try loadTellingHit(path, options(cache: cache), cache)
        var byIndex = options(cache: cache)
        byIndex.idField = nil
        let (layer, hit) = try loadTellingHit(path, byIndex, cache)
        XCTAssertFalse(hit)
        var plain = byIndex
        plain.cache = nil
        assertSameLayer(layer, try InputLoader.load(path: path, options: plain))
    }

    /// A layer that changed since the last run is read as without a cache and not kept, until it has been read
    /// twice the same (then kept, and decoded the time after); one that changed after it was hashed is not kept.
    func testALayerThatChangedIsKeptOnlyOnceItStaysTheSame() throws {
        let cache = try ResultCache(directory: folder.appendingPathComponent("cache").path, maxMegabytes: 64)
        let original = try write(layerText(parcels: 6), "farmland.geojson")
        _ = try loadTellingHit(original, options(cache: cache), cache)
        XCTAssertEqual(try snapshots(cache).count, 1)

        let adjusted = try write(layerText(parcels: 5), "moved/farmland.geojson")
        var (layer, hit) = try loadTellingHit(adjusted, options(cache: cache), cache)
        XCTAssertFalse(hit)
        assertSameLayer(layer, try InputLoader.load(path: adjusted, options: options()))
        XCTAssertEqual(try snapshots(cache).count, 1, "another size: read as without a cache, nothing kept")

        (layer, hit) = try loadTellingHit(adjusted, options(cache: cache), cache)
        XCTAssertFalse(hit)
        XCTAssertEqual(try snapshots(cache).count, 2, "the same again: kept")
        (layer, hit) = try loadTellingHit(adjusted, options(cache: cache), cache)
        XCTAssertTrue(hit)
        assertSameLayer(layer, try InputLoader.load(path: adjusted, options: options()))

        // The same size, other bytes (one digit): hashed first, not found, and not kept.
        let nudged = try write(layerText(parcels: 5, nudge: "1"), "moved/farmland-nudged.geojson")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: nudged)).count, try Data(contentsOf: URL(fileURLWithPath: adjusted)).count)
        (layer, hit) = try loadTellingHit(nudged, options(cache: cache), cache)
        XCTAssertFalse(hit)
        assertSameLayer(layer, try InputLoader.load(path: nudged, options: options()))
        XCTAssertEqual(try snapshots(cache).count, 2)
    }

    /// A snapshot torn on disk, or whole but holding nonsense, is a miss: the file is read as without a cache.
    func testDamagedSnapshotsAreMisses() throws {
        let cache = try ResultCache(directory: folder.appendingPathComponent("cache").path, maxMegabytes: 64)
        let text = layerText()
        let path = try write(text, "farmland.geojson")
        _ = try loadTellingHit(path, options(cache: cache), cache)
        let name = try XCTUnwrap(try snapshots(cache).first)
        let entry = cache.directory + "/" + name
        let whole = try Data(contentsOf: URL(fileURLWithPath: entry))
        try whole.prefix(whole.count - 9).write(to: URL(fileURLWithPath: entry))
        let plain = try InputLoader.load(path: path, options: options())
        assertSameLayer(try InputLoader.load(path: path, options: options(cache: cache)), plain)
        cache.finishStores()

        // Whole entries (as a faulty writer would leave them) whose payloads are cut short, run on, or have a byte
        // changed anywhere after the format name.
        let key = LayerSnapshot.key(sha256: SHA256.hex(Array(text.utf8)), options: options())
        let good = try XCTUnwrap(cache.lookup(key, countsBlock: false) { $0 }, "the torn snapshot was stored again")
        var bad: [[UInt8]] = [Array(good.dropLast()), good + [0]]
        for k in stride(from: LayerSnapshot.format.utf8.count + 8, to: good.count, by: max(1, good.count / 40)) {
            var changed = good
            changed[k] ^= 0xFF
            bad.append(changed)
        }
        for payload in bad {
            cache.store(key, payload: payload)
            let layer = try InputLoader.load(path: path, options: options(cache: cache))
            // A changed byte may still decode (a coordinate's low bits): the entry's own checksum is what stops such
            // damage on disk. Here what must never happen is a crash, or features and rejections that do not add up.
            XCTAssertEqual(layer.features.count + layer.rejected.count, layer.inputCount)
        }
        cache.store(key, payload: Array(good.dropLast()))
        assertSameLayer(try InputLoader.load(path: path, options: options(cache: cache)), plain)

        // A whole entry that claims more features than its bytes could hold is refused before anything is reserved.
        var claims = CacheByteWriter()
        claims.string(LayerSnapshot.format)
        for text in ["EPSG", "4490", "crs member"] { claims.string(text) }
        claims.int(Int.max / 2)
        claims.int(Int.max / 4)
        claims.int(1)
        claims.int(0)
        cache.store(key, payload: claims.bytes)
        assertSameLayer(try InputLoader.load(path: path, options: options(cache: cache)), plain)
    }

    /// A file whose load cannot be kept (GBK text, read with a warning) is never kept, and once known is read at once.
    func testAGBKLayerIsNotKept() throws {
        let cache = try ResultCache(directory: folder.appendingPathComponent("cache").path, maxMegabytes: 64)
        var bytes = Array(layerText().utf8)
        // 旱地 in GBK (B5 CC B5 D8) where the UTF-8 text has it: not UTF-8 any more.
        let utf8 = Array("旱地".utf8)
        while let at = (0...(bytes.count - utf8.count)).first(where: { Array(bytes[$0..<$0 + utf8.count]) == utf8 }) {
            bytes.replaceSubrange(at..<at + utf8.count, with: [0xB5, 0xCC, 0xB5, 0xD8])
        }
        let path = folder.appendingPathComponent("gbk.geojson").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let plain = try InputLoader.load(path: path, options: options())
        XCTAssertTrue(plain.warnings.contains { $0.contains("GBK") }, "\(plain.warnings)")
        for _ in 0..<3 {
            let (layer, hit) = try loadTellingHit(path, options(cache: cache), cache)
            XCTAssertFalse(hit)
            assertSameLayer(layer, plain)
            XCTAssertEqual(try snapshots(cache), [])
        }
    }
}

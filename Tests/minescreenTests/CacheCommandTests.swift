import Foundation
import XCTest
import MineScreenTestSupport

/// `--cache DIR` on `overlap` and `screen`: a cached run writes the report a run without the cache writes (all
/// but provenance's `started`, `duration_s`, `command` and `cache`), recomputes only the blocks an edit can
/// reach, and survives damaged entries, concurrent runs, an unusable directory and eviction. Works on copies of
/// Fixtures/demo (8 blocks; plain and buffered layers) in a scratch folder, normalised once through
/// JSONSerialization so that later edits leave the other features' coordinates byte for byte as they were.
final class CacheCommandTests: XCTestCase {
    var scratch: URL!
    static let layerFiles = ["redline", "farmland", "urban", "railway", "expressway", "rights", "dwellings"]

    override func setUpWithError() throws {
        scratch = try makeScratchFolder("minescreen-cache-test")
        for name in ["blocks"] + Self.layerFiles {
            try writeJSON(try readJSON(CLI.fixture("demo/\(name).geojson")), to: path("\(name).geojson"))
        }
        try FileManager.default.copyItem(atPath: CLI.fixture("demo/rules.yaml"), toPath: path("rules.yaml"))
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    func path(_ name: String) -> String { scratch.appendingPathComponent(name).path }

    func readJSON(_ file: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
    }

    func writeJSON(_ object: [String: Any], to file: String) throws {
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: URL(fileURLWithPath: file))
    }

    var overlapLayers: [String] {
        ["redline", "farmland", "urban", "rights"].flatMap { ["--layer", "\($0)=\(path("\($0).geojson"))"] }
            + ["--layer-id-field", "farmland=BSM"]
    }

    func overlapArguments(_ extra: [String] = []) -> [String] { ["overlap", path("blocks.geojson")] + overlapLayers + extra }
    func screenArguments(_ extra: [String] = []) -> [String] { ["screen", path("blocks.geojson"), "--rules", path("rules.yaml")] + extra }

    /// Runs `arguments` writing `output`, with the cache when `cache` is given; returns the report's text.
    @discardableResult
    func run(_ arguments: [String], cache: String? = nil, output: String, maxMB: Int? = nil, environment: [String: String] = [:],
             file: StaticString = #filePath, line: UInt = #line) throws -> String {
        var all = arguments + ["-o", path(output), "--quiet"]
        if let cache { all += ["--cache", cache] }
        if let maxMB { all += ["--cache-max-mb", String(maxMB)] }
        let run = try CLI.run(all, environment: environment)
        XCTAssertTrue([0, 1].contains(run.status), "exit \(run.status): \(run.stderr)", file: file, line: line)
        return try String(contentsOfFile: path(output), encoding: .utf8)
    }

    /// hits and misses recorded in a JSON report's provenance.
    func cacheCounts(_ report: String, file: StaticString = #filePath, line: UInt = #line) throws -> (hits: Int, misses: Int) {
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any], file: file, line: line)
        let provenance = try XCTUnwrap(json["provenance"] as? [String: Any], file: file, line: line)
        let cache = try XCTUnwrap(provenance["cache"] as? [String: Any], "no provenance.cache", file: file, line: line)
        return (try XCTUnwrap(cache["hits"] as? Int), try XCTUnwrap(cache["misses"] as? Int))
    }

    /// The JSON reports agree byte for byte up to their provenance, and in it apart from the run's own details.
    func assertSameReport(_ uncached: String, _ cached: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) throws {
        guard let a = uncached.range(of: "\"provenance\""), let b = cached.range(of: "\"provenance\"") else {
            // Reports without provenance (GeoJSON, CSV) must be equal as a whole.
            XCTAssertEqual(uncached, cached, what, file: file, line: line)
            return
        }
        XCTAssertEqual(String(uncached[..<a.lowerBound]), String(cached[..<b.lowerBound]), what, file: file, line: line)
        func provenance(_ text: String) throws -> NSDictionary {
            let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            var members = try XCTUnwrap(json["provenance"] as? [String: Any])
            for key in ["started", "duration_s", "command", "cache"] { members.removeValue(forKey: key) }
            // Layers read at once may be listed in either order (not the cache's doing): compared by role.
            if let inputs = members["inputs"] as? [[String: Any]] {
                members["inputs"] = inputs.sorted { ($0["role"] as? String ?? "") < ($1["role"] as? String ?? "") }
            }
            return members as NSDictionary
        }
        XCTAssertEqual(try provenance(uncached), try provenance(cached), what, file: file, line: line)
    }

    /// Uncached, then cached twice (the second all hits); every report the same.
    func checkEquivalence(_ arguments: [String], format: String, cache: String, _ what: String) throws {
        let plain = try run(arguments + ["--format", format], output: "plain.\(format)")
        let first = try run(arguments + ["--format", format], cache: cache, output: "first.\(format)")
        let second = try run(arguments + ["--format", format], cache: cache, output: "second.\(format)")
        try assertSameReport(plain, first, "\(what), first cached run")
        try assertSameReport(plain, second, "\(what), second cached run")
    }

    func testCachedRunsWriteTheReportsOfUncachedRuns() throws {
        let cache = path("cache")
        for format in ["json", "geojson", "csv"] {
            try checkEquivalence(overlapArguments(), format: format, cache: cache, "overlap --format \(format)")
            try checkEquivalence(screenArguments(), format: format, cache: cache, "screen --format \(format)")
        }
        try checkEquivalence(overlapArguments(["--method", "tdt1055"]), format: "json", cache: cache, "overlap tdt1055")
        try checkEquivalence(screenArguments(["--method", "tdt1055"]), format: "json", cache: cache, "screen tdt1055")
        // The remainder file of a cached screening is the uncached one's.
        try run(screenArguments(["--format", "json", "--remainder", path("remainder-plain.geojson")]), output: "r.json")
        try run(screenArguments(["--format", "json", "--remainder", path("remainder-cached.geojson")]), cache: cache, output: "r.json")
        try run(screenArguments(["--format", "json", "--remainder", path("remainder-cached2.geojson")]), cache: cache, output: "r.json")
        let remainder = try String(contentsOfFile: path("remainder-plain.geojson"), encoding: .utf8)
        XCTAssertEqual(remainder, try String(contentsOfFile: path("remainder-cached.geojson"), encoding: .utf8))
        XCTAssertEqual(remainder, try String(contentsOfFile: path("remainder-cached2.geojson"), encoding: .utf8))
    }

    func testSecondRunHitsEveryBlock() throws {
        let cache = path("cache")
        let first = try run(overlapArguments(["--format", "json"]), cache: cache, output: "a.json")
        let second = try run(overlapArguments(["--format", "json"]), cache: cache, output: "b.json")
        XCTAssertEqual(try cacheCounts(first).hits, 0)
        XCTAssertEqual(try cacheCounts(first).misses, 8)
        XCTAssertEqual(try cacheCounts(second).hits, 8)
        XCTAssertEqual(try cacheCounts(second).misses, 0)
        // Another command, or other options, never take these entries.
        let screen = try run(screenArguments(["--format", "json"]), cache: cache, output: "c.json")
        XCTAssertEqual(try cacheCounts(screen).misses, 8)
        let drawn = try run(overlapArguments(["--format", "json", "--method", "tdt1055"]), cache: cache, output: "d.json")
        XCTAssertEqual(try cacheCounts(drawn).misses, 8)
        // A report without --cache has no cache member.
        let plain = try run(overlapArguments(["--format", "json"]), output: "e.json")
        XCTAssertFalse(plain.contains("\"cache\""))
    }

    /// Envelope of a GeoJSON geometry's coordinates (any nesting): [minX, minY, maxX, maxY].
    func envelope(_ coordinates: Any) -> [Double] {
        var box = [Double.infinity, Double.infinity, -Double.infinity, -Double.infinity]
        func visit(_ value: Any) {
            if let pair = value as? [Double], pair.count >= 2 {
                box = [min(box[0], pair[0]), min(box[1], pair[1]), max(box[2], pair[0]), max(box[3], pair[1])]
            } else if let list = value as? [Any] {
                list.forEach(visit)
            }
        }
        visit(coordinates)
        return box
    }

    func coordinates(of feature: Any) -> Any { ((feature as? [String: Any])?["geometry"] as? [String: Any])?["coordinates"] ?? [] }

    /// Maps every position of a GeoJSON geometry's coordinates.
    func mapPositions(_ value: Any, _ transform: ([Double]) -> [Double]) -> Any {
        if let pair = value as? [Double], pair.count >= 2 { return transform(pair) }
        if let list = value as? [Any] { return list.map { mapPositions($0, transform) } }
        return value
    }

    func withCoordinates(_ feature: Any, _ coordinates: Any) -> Any {
        var f = feature as! [String: Any]
        var g = f["geometry"] as! [String: Any]
        g["coordinates"] = coordinates
        f["geometry"] = g
        return f
    }

    /// Shrinking one parcel towards its centre (it stays inside its old outline, the coverage stays one) changes the
    /// keys of exactly the blocks whose envelope meets the parcel's old envelope: the oracle here is that envelope
    /// test, done on the GeoJSON coordinates.
    /// A variable that steers minescreen, PROJ or GDAL (here one minescreen does not read, as `PROJ_DATA` naming
    /// other grids would be) is part of every key: blocks analysed under one setting are not reused under another.
    func testSteeringEnvironmentIsPartOfEveryKey() throws {
        let cache = path("cache")
        let steered = ["MINESCREEN_UNREAD_SWITCH": "1"]
        try run(overlapArguments(["--format", "json"]), cache: cache, output: "a.json")
        let other = try run(overlapArguments(["--format", "json"]), cache: cache, output: "b.json", environment: steered)
        XCTAssertEqual(try cacheCounts(other).hits, 0)
        XCTAssertEqual(try cacheCounts(other).misses, 8)
        let same = try run(overlapArguments(["--format", "json"]), cache: cache, output: "c.json", environment: steered)
        XCTAssertEqual(try cacheCounts(same).hits, 8)
        let unrelated = try run(overlapArguments(["--format", "json"]), cache: cache, output: "d.json", environment: ["LANG": "C"])
        XCTAssertEqual(try cacheCounts(unrelated).hits, 8)
    }

    func testShrunkParcelMissesOnlyTheBlocksItsEnvelopeMeets() throws {
        let cache = path("cache")
        try run(overlapArguments(["--format", "json"]), cache: cache, output: "a.json")
        let blocks = try XCTUnwrap(try readJSON(path("blocks.geojson"))["features"] as? [Any]).map { envelope(coordinates(of: $0)) }
        var farmland = try readJSON(path("farmland.geojson"))
        var parcels = try XCTUnwrap(farmland["features"] as? [Any])
        func meets(_ a: [Double], _ b: [Double]) -> Bool { a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3] }
        // A parcel whose envelope meets some blocks but not all.
        let chosen = try XCTUnwrap(parcels.indices.first { k in
            let touched = blocks.filter { meets($0, envelope(coordinates(of: parcels[k]))) }.count
            return touched >= 1 && touched < blocks.count
        })
        let old = envelope(coordinates(of: parcels[chosen]))
        let expectedMisses = blocks.filter { meets($0, old) }.count
        let (cx, cy) = ((old[0] + old[2]) / 2, (old[1] + old[3]) / 2)
        parcels[chosen] = withCoordinates(parcels[chosen], mapPositions(coordinates(of: parcels[chosen])) {
            [cx + ($0[0] - cx) * 0.9, cy + ($0[1] - cy) * 0.9]
        })
        farmland["features"] = parcels
        try writeJSON(farmland, to: path("farmland.geojson"))
        let edited = try run(overlapArguments(["--format", "json"]), cache: cache, output: "b.json")
        XCTAssertEqual(try cacheCounts(edited).misses, expectedMisses)
        XCTAssertEqual(try cacheCounts(edited).hits, blocks.count - expectedMisses)
        try assertSameReport(try run(overlapArguments(["--format", "json"]), output: "c.json"), edited, "after the edit")
    }

    /// Seeded random edits, one kind per round; after each, cached overlap and screening runs (sharing one cache
    /// across all rounds) must write the uncached reports.
    func testRandomisedEditsGiveTheAnswersOfUncachedRuns() throws {
        var random = SplitMix(seed: 19)
        let cache = path("cache")
        let kinds = ["move", "add", "remove", "swap-layer", "rules", "move", "remove", "add"]
        var partlyReused = 0
        try run(overlapArguments(["--format", "json"]), cache: cache, output: "co.json")
        try run(screenArguments(["--format", "json"]), cache: cache, output: "cs.json")
        for (round, kind) in kinds.enumerated() {
            let layerName = ["farmland", "redline", "rights", "dwellings", "urban"][random.next(5)]
            var layer = try readJSON(path("\(layerName).geojson"))
            var features = try XCTUnwrap(layer["features"] as? [Any])
            let k = random.next(features.count)
            switch kind {
            case "move":
                let (dx, dy) = (Double(random.next(200)) * 1e-5 - 1e-3, Double(random.next(200)) * 1e-5 - 1e-3)
                features[k] = withCoordinates(features[k], mapPositions(coordinates(of: features[k])) { [$0[0] + dx, $0[1] + dy] })
            case "add":
                var copy = try XCTUnwrap(withCoordinates(features[k], mapPositions(coordinates(of: features[k])) { [$0[0] + 0.002, $0[1] - 0.001] }) as? [String: Any])
                copy["id"] = "added-\(round)"
                if var properties = copy["properties"] as? [String: Any] {
                    properties["BSM"] = "added-\(round)"
                    copy["properties"] = properties
                }
                features.insert(copy, at: random.next(features.count + 1))
            case "remove":
                if features.count > 1 { features.remove(at: k) }
            case "swap-layer":
                // The rules' redline now reads the rights file, and overlap's rights layer the redline file.
                var rules = try String(contentsOfFile: path("rules.yaml"), encoding: .utf8)
                rules = rules.replacingOccurrences(of: "path: redline.geojson", with: "path: rights-copy.geojson")
                try rules.write(toFile: path("rules.yaml"), atomically: true, encoding: .utf8)
                try? FileManager.default.removeItem(atPath: path("rights-copy.geojson"))
                try FileManager.default.copyItem(atPath: path("rights.geojson"), toPath: path("rights-copy.geojson"))
            case "rules":
                var rules = try String(contentsOfFile: path("rules.yaml"), encoding: .utf8)
                rules = rules.replacingOccurrences(of: "tolerance_m2: 1\n", with: "tolerance_m2: 5000\n")
                rules = rules.replacingOccurrences(of: "buffer_m: 300", with: "buffer_m: 450")
                try rules.write(toFile: path("rules.yaml"), atomically: true, encoding: .utf8)
            default:
                XCTFail(kind)
            }
            layer["features"] = features
            try writeJSON(layer, to: path("\(layerName).geojson"))
            let what = "round \(round): \(kind) in \(layerName)"
            let plainOverlap = try run(overlapArguments(["--format", "json"]), output: "po.json")
            let cachedOverlap = try run(overlapArguments(["--format", "json"]), cache: cache, output: "co.json")
            try assertSameReport(plainOverlap, cachedOverlap, "overlap, " + what)
            let plainScreen = try run(screenArguments(["--format", "json"]), output: "ps.json")
            let cachedScreen = try run(screenArguments(["--format", "json"]), cache: cache, output: "cs.json")
            try assertSameReport(plainScreen, cachedScreen, "screen, " + what)
            let counts = try cacheCounts(cachedScreen)
            XCTAssertEqual(counts.hits + counts.misses, 8, what)
            let overlapCounts = try cacheCounts(cachedOverlap)
            for reuse in [overlapCounts, counts] where reuse.hits > 0 && reuse.misses > 0 { partlyReused += 1 }
        }
        // Local edits reuse the blocks they cannot reach (rules and layer swaps recompute everything).
        XCTAssertGreaterThan(partlyReused, 0)
    }

    func testConcurrentRunsShareOneCache() throws {
        let cache = path("cache")
        let plain = try run(screenArguments(["--format", "json"]), output: "plain.json")
        // Four runs at once, twice: the first wave writes the same entries concurrently, the second reads them
        // while more runs write.
        for wave in 0..<2 {
            let group = DispatchGroup()
            let failures = Failures()
            for k in 0..<4 {
                group.enter()
                DispatchQueue.global().async {
                    defer { group.leave() }
                    let arguments = self.screenArguments(["--format", "json", "-o", self.path("w\(wave)-\(k).json"), "--quiet", "--cache", cache])
                    if let run = try? CLI.run(arguments), ![0, 1].contains(run.status) {
                        failures.add(run.stderr)
                    }
                }
            }
            group.wait()
            XCTAssertEqual(failures.messages, [])
            for k in 0..<4 {
                try assertSameReport(plain, try String(contentsOfFile: path("w\(wave)-\(k).json"), encoding: .utf8), "wave \(wave) run \(k)")
            }
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: cache).filter { !$0.hasSuffix(".entry") }
        XCTAssertEqual(leftovers, [], "temporary files left behind")
    }

    func testDamagedEntriesAreRecomputed() throws {
        let cache = path("cache")
        let plain = try run(overlapArguments(["--format", "json"]), output: "plain.json")
        try run(overlapArguments(["--format", "json"]), cache: cache, output: "a.json")
        // The whole report's entry goes: the next run must go through the blocks' entries.
        let runEntries = try self.runEntries(cache)
        XCTAssertEqual(runEntries.count, 1)
        for name in runEntries { try FileManager.default.removeItem(atPath: cache + "/" + name) }
        let entries = try blockEntries(cache)
        XCTAssertEqual(entries.count, 8)
        // Truncated (a killed writer on a filesystem without atomic rename), a payload byte flipped, emptied (a full
        // disk), and another entry's bytes under this name.
        let truncated = cache + "/" + entries[0], flipped = cache + "/" + entries[1], emptied = cache + "/" + entries[2]
        let misplaced = cache + "/" + entries[3]
        var bytes = try Data(contentsOf: URL(fileURLWithPath: truncated))
        try bytes.prefix(bytes.count - 5).write(to: URL(fileURLWithPath: truncated))
        bytes = try Data(contentsOf: URL(fileURLWithPath: flipped))
        bytes[bytes.count - 9] ^= 0x40
        try bytes.write(to: URL(fileURLWithPath: flipped))
        try Data().write(to: URL(fileURLWithPath: emptied))
        try Data(contentsOf: URL(fileURLWithPath: cache + "/" + entries[4])).write(to: URL(fileURLWithPath: misplaced))
        // What the run keeps to prepare its layers, damaged too: contacts and memos are then found again.
        let preparing = try self.entries(cache, marked: "minescreen block contacts 1") + self.entries(cache, marked: "minescreen coverage memo 2")
        XCTAssertEqual(preparing.count, 8 + 4)
        for (k, name) in preparing.enumerated() {
            let file = URL(fileURLWithPath: cache + "/" + name)
            bytes = try Data(contentsOf: file)
            if k % 2 == 0 { bytes[bytes.count - 1] ^= 0x01 } else { bytes = bytes.prefix(bytes.count / 2) }
            try bytes.write(to: file)
        }
        let damaged = try run(overlapArguments(["--format", "json"]), cache: cache, output: "b.json")
        XCTAssertEqual(try cacheCounts(damaged).misses, 4)
        XCTAssertEqual(try cacheCounts(damaged).hits, 4)
        try assertSameReport(plain, damaged, "with damaged entries")
        // The damaged entries were replaced by good ones.
        let repaired = try run(overlapArguments(["--format", "json"]), cache: cache, output: "c.json")
        XCTAssertEqual(try cacheCounts(repaired).hits, 8)
    }

    func testEvictionKeepsTheDirectoryUnderItsLimit() throws {
        let cache = path("cache")
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
        // 3 MB of older entries (unknown keys), last used a day ago, and a temporary file a killed run left.
        for k in 0..<3 {
            let old = cache + "/" + String(repeating: String(k), count: 64) + ".entry"
            try Data(count: 1 << 20).write(to: URL(fileURLWithPath: old))
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -86_400 + Double(k))], ofItemAtPath: old)
        }
        let abandoned = cache + "/.tmp-1-1-1"
        try Data(count: 100).write(to: URL(fileURLWithPath: abandoned))
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -86_400)], ofItemAtPath: abandoned)
        try run(overlapArguments(["--format", "json"]), cache: cache, output: "a.json", maxMB: 2)
        var names = Set(try FileManager.default.contentsOfDirectory(atPath: cache))
        // The oldest two went (3 MB + the new entries > 2 MB; 1 MB + them ≤ 2 MB); the newest old one stayed.
        XCTAssertFalse(names.contains(String(repeating: "0", count: 64) + ".entry"))
        XCTAssertFalse(names.contains(String(repeating: "1", count: 64) + ".entry"))
        XCTAssertTrue(names.contains(String(repeating: "2", count: 64) + ".entry"))
        XCTAssertFalse(names.contains(".tmp-1-1-1"))
        // 8 blocks' entries, their 8 contacts, the 4 layers' coverage memos, snapshots and notes of their last read,
        // the whole report's, and the old one that fitted.
        XCTAssertEqual(try blockEntries(cache).count, 9)
        XCTAssertEqual(try entries(cache, marked: "minescreen layer snapshot 1").count, 4)
        XCTAssertEqual(names.filter { $0.hasSuffix(".entry") }.count, 30)
        // A limit of 1 MB leaves only entries written or used by these runs (a replayed run evicts too).
        let again = try run(overlapArguments(["--format", "json"]), cache: cache, output: "b.json", maxMB: 1)
        XCTAssertEqual(try cacheCounts(again).hits, 8)
        names = Set(try FileManager.default.contentsOfDirectory(atPath: cache))
        XCTAssertEqual(names.filter { $0.hasSuffix(".entry") }.count, 29)
        let total = try names.reduce(0) { $0 + ((try FileManager.default.attributesOfItem(atPath: cache + "/" + $1)[.size] as? Int) ?? 0) }
        XCTAssertLessThanOrEqual(total, 1 << 20)
    }

    func testUnusableCacheDirectoryWarnsAndRunsWithoutIt() throws {
        let notADirectory = path("blocks.geojson")
        let plain = try run(overlapArguments(["--format", "json"]), output: "plain.json")
        let run = try CLI.run(overlapArguments(["--format", "json", "-o", path("cached.json"), "--quiet", "--cache", notADirectory]))
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("warning:") && run.stderr.contains("running without the cache"), run.stderr)
        let cached = try String(contentsOfFile: path("cached.json"), encoding: .utf8)
        try assertSameReport(plain, cached, "without a usable cache")
        XCTAssertEqual(try cacheCounts(cached).hits, 0)
        XCTAssertEqual(try cacheCounts(cached).misses, 8)
        let bad = try CLI.run(overlapArguments(["--cache", path("c"), "--cache-max-mb", "0"]))
        XCTAssertEqual(bad.status, 2, bad.stderr)
    }
}

extension CacheCommandTests {
    /// A full disk: the cache on a 20 KB tmpfs holds a few entries; the rest cannot be stored. The run warns once,
    /// writes the uncached report, and the next run takes what was stored. Needs `mount` (root); skipped otherwise.
    func testFullDiskStoresWhatFitsAndWarns() throws {
        let mountPoint = path("tiny")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let mount = try CLI.runProgram("/bin/mount", ["-t", "tmpfs", "-o", "size=20k", "tmpfs", mountPoint])
        guard mount.status == 0 else { throw XCTSkip("cannot mount a tmpfs here: \(mount.stderr)") }
        defer { _ = try? CLI.runProgram("/bin/umount", [mountPoint]) }
        let cache = mountPoint + "/cache"
        let plain = try run(screenArguments(["--format", "geojson"]), output: "plain.geojson")
        let arguments = screenArguments(["--format", "geojson", "-o", path("full.geojson"), "--quiet", "--cache", cache])
        let full = try CLI.run(arguments)
        XCTAssertEqual(full.status, 1, full.stderr)
        XCTAssertTrue(full.stderr.contains("No space left on device"), full.stderr)
        XCTAssertEqual(full.stderr.components(separatedBy: "warning:").count, 2, "one warning: \(full.stderr)")
        XCTAssertEqual(plain, try String(contentsOfFile: path("full.geojson"), encoding: .utf8))
        // The layers' snapshots and notes are written first, then blocks' entries while room is left.
        let stored = try FileManager.default.contentsOfDirectory(atPath: cache).filter { $0.hasSuffix(".entry") }.count
        XCTAssertGreaterThan(stored, 0)
        XCTAssertLessThan(stored, 8)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cache).filter { !$0.hasSuffix(".entry") }, [])
        let storedBlocks = try blockEntries(cache).count
        let next = try run(screenArguments(["--format", "json"]), cache: cache, output: "next.json")
        XCTAssertEqual(try cacheCounts(next).hits, storedBlocks)
        try assertSameReport(try run(screenArguments(["--format", "json"]), output: "plain.json"), next, "after a full disk")
    }

    /// A run killed while it fills the cache leaves at worst temporary files and missing entries: the next runs
    /// give the uncached answer.
    func testKilledRunLeavesAUsableCache() throws {
        let cache = path("cache")
        let plain = try run(screenArguments(["--format", "json"]), output: "plain.json")
        for delay in [0.05, 0.2, 0.4] {
            try? FileManager.default.removeItem(atPath: cache)
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = screenArguments(["--format", "json", "-o", path("killed.json"), "--quiet", "--cache", cache])
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try assertSameReport(plain, try run(screenArguments(["--format", "json"]), cache: cache, output: "after.json"),
                                 "after a run killed at \(delay) s")
        }
    }

    /// Fixtures/screen has blocks that overlap each other: `overlapsWith` is computed on every run, and a block taken
    /// from the cache must measure it as a computed block does (as drawn with tdt1055, on geodesic edges otherwise).
    func testOverlapsBetweenBlocksAreMeasuredAsWithoutTheCache() throws {
        for name in ["blocks", "dwellings", "farmland", "railway", "redline", "rights"] {
            try FileManager.default.copyItem(atPath: CLI.fixture("screen/\(name).geojson"), toPath: path("screen-\(name).geojson"))
        }
        let rules = try String(contentsOfFile: CLI.fixture("screen/rules.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "path: ", with: "path: screen-")
        try rules.write(toFile: path("screen-rules.yaml"), atomically: true, encoding: .utf8)
        for method in ["ellipsoidal", "tdt1055"] {
            let arguments = ["screen", path("screen-blocks.geojson"), "--rules", path("screen-rules.yaml"), "--method", method]
            try checkEquivalence(arguments, format: "json", cache: path("cache"), "screen --method \(method)")
            XCTAssertTrue(try String(contentsOfFile: path("second.json"), encoding: .utf8).contains("\"overlapsWith\": [\n"))
        }
    }

    /// `verify` re-runs a cached run's command without the cache: it recomputes every block.
    func testVerifyRecomputesWithoutTheCache() throws {
        let cache = path("cache")
        try run(overlapArguments(["--format", "json"]), cache: cache, output: "report.json")
        for name in try FileManager.default.contentsOfDirectory(atPath: cache) { try FileManager.default.removeItem(atPath: cache + "/" + name) }
        let verify = try CLI.run(["verify", path("report.json")])
        XCTAssertEqual(verify.status, 0, verify.stdout + verify.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cache), [], "the re-run used the cache")
    }
}

/// Messages collected from concurrent runs.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ message: String) { lock.withLock { list.append(message) } }
    var messages: [String] { lock.withLock { list } }
}

/// A small seeded generator (SplitMix64): the same edits on every run of the test.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(max(1, bound)))
    }
}

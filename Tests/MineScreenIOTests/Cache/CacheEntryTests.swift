import Foundation
import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// The on-disk entry (`CacheEntry`) and the directory store (`ResultCache`): an entry is used only when whole and
/// intact, writes leave no temporary files, and eviction removes the least recently used first.
final class CacheEntryTests: XCTestCase {
    let key = String(repeating: "ab", count: 32)
    let payload = Array("a block's result".utf8) + [0, 1, 2, 255]

    func testHeaderLayoutAndRoundTrip() throws {
        let entry = CacheEntry.encode(key: key, payload: payload)
        XCTAssertEqual(Array(entry[0..<8]), Array("MSCACHE1".utf8))
        XCTAssertEqual(String(decoding: entry[8..<72], as: UTF8.self), key)
        // Length, little-endian.
        XCTAssertEqual(Array(entry[72..<80]), [UInt8(payload.count), 0, 0, 0, 0, 0, 0, 0])
        // The payload's SHA-256 as sha256sum prints it (`printf 'a block'"'"'s result\0\1\2\377' | sha256sum`).
        XCTAssertEqual(String(decoding: entry[80..<144], as: UTF8.self),
                       "8d25f5f5bf0cca7593e0f5c67e0c9df0c7fc68f12ff4305158537c1e2c91f4ce")
        XCTAssertEqual(Array(entry[144...]), payload)
        XCTAssertEqual(CacheEntry.decode(entry, key: key), payload)
    }

    func testDamagedEntriesAreRefused() {
        let entry = CacheEntry.encode(key: key, payload: payload)
        for cut in [0, 1, 100, 144, entry.count - 1] {
            XCTAssertNil(CacheEntry.decode(Array(entry.prefix(cut)), key: key), "truncated to \(cut)")
        }
        XCTAssertNil(CacheEntry.decode(entry + [0], key: key), "padded")
        for position in [0, 10, 75, 90, 150, entry.count - 1] {
            var flipped = entry
            flipped[position] ^= 0x01
            XCTAssertNil(CacheEntry.decode(flipped, key: key), "byte \(position) flipped")
        }
        XCTAssertNil(CacheEntry.decode(entry, key: String(repeating: "cd", count: 32)), "another key's entry")
    }

    func testByteReaderRefusesCountsBeyondItsBytes() {
        var writer = CacheByteWriter()
        writer.int(1 << 40)
        var reader = CacheByteReader(writer.bytes)
        XCTAssertThrowsError(try reader.positions())
        var doubles = CacheByteWriter()
        doubles.double(.nan)
        doubles.double(-0.0)
        doubles.double(0.1 + 0.2)
        var back = CacheByteReader(doubles.bytes)
        XCTAssertEqual(try back.double().bitPattern, Double.nan.bitPattern)
        XCTAssertEqual(try back.double().bitPattern, (-0.0).bitPattern)
        XCTAssertEqual(try back.double(), 0.1 + 0.2)
        XCTAssertTrue(back.isAtEnd)
    }

    func scratchDirectory() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("minescreen-cache-unit-\(UUID().uuidString)")
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    func testStoreLookupAndCounts() throws {
        let cache = try ResultCache(directory: try scratchDirectory() + "/nested/cache", maxMegabytes: 1)
        XCTAssertNil(cache.lookup(key) { $0 })
        cache.store(key, payload: payload)
        XCTAssertEqual(cache.lookup(key) { $0 }, payload)
        // A payload its decoder refuses is a miss too.
        XCTAssertNil(cache.lookup(key) { _ -> Int in throw CacheByteReader.Damaged() })
        XCTAssertEqual(cache.hits, 1)
        XCTAssertEqual(cache.misses, 2)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: cache.directory), [key + ".entry"])
        XCTAssertNil(cache.writeFailure)
    }

    /// A FIFO, a symbolic link or a directory under an entry's name is a miss, never a hang or a followed link;
    /// storing the entry replaces a FIFO or link.
    func testEntriesThatAreNotRegularFilesAreMisses() throws {
        let cache = try ResultCache(directory: try scratchDirectory(), maxMegabytes: 1)
        let other = String(repeating: "ef", count: 32)
        cache.store(other, payload: payload)
        let entry = cache.entryPath(key)
        XCTAssertEqual(mkfifo(entry, 0o644), 0)
        XCTAssertNil(cache.lookup(key) { $0 })
        cache.store(key, payload: payload)
        XCTAssertEqual(cache.lookup(key) { $0 }, payload)
        unlink(entry)
        XCTAssertEqual(symlink(cache.entryPath(other), entry), 0)
        XCTAssertNil(cache.lookup(key) { $0 })
        cache.store(key, payload: payload)
        XCTAssertEqual(cache.lookup(key) { $0 }, payload)
        unlink(entry)
        XCTAssertEqual(mkdir(entry, 0o755), 0)
        XCTAssertNil(cache.lookup(key) { $0 })
        XCTAssertEqual(cache.hits, 2)
        XCTAssertEqual(cache.misses, 3)
    }

    func testUnusableDirectoriesAreRefused() throws {
        let directory = try scratchDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let file = directory + "/file"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        XCTAssertThrowsError(try ResultCache(directory: file, maxMegabytes: 1))
        XCTAssertThrowsError(try ResultCache(directory: file + "/below", maxMegabytes: 1))
    }

    func testEvictionRemovesTheLeastRecentlyUsed() throws {
        let directory = try scratchDirectory()
        let cache = try ResultCache(directory: directory, maxMegabytes: 1)
        let big = [UInt8](repeating: 7, count: 400_000)
        let keys = (0..<4).map { String(repeating: String($0), count: 64) }
        for (k, key) in keys.enumerated() {
            cache.store(key, payload: big)
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: Double(k - 100))],
                                                  ofItemAtPath: directory + "/" + key + ".entry")
        }
        // Using the oldest makes it the newest.
        XCTAssertNotNil(cache.lookup(keys[0]) { $0 })
        cache.evict()
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: directory))
        XCTAssertEqual(left, [keys[0] + ".entry", keys[3] + ".entry"])
    }

    /// Every key's preamble holds the variables that steer minescreen, PROJ and GDAL, and no others; by default
    /// this process's.
    func testKeysHoldTheSteeringEnvironment() {
        func preamble(_ environment: [String: String]) -> [UInt8] {
            CacheByteWriter(format: "f", build: "b", environment: environment).bytes
        }
        let base = preamble(["PROJ_DATA": "/usr/share/proj", "HOME": "/root"])
        XCTAssertNotEqual(base, preamble(["PROJ_DATA": "/other/grids", "HOME": "/root"]))
        XCTAssertNotEqual(base, preamble(["PROJ_DATA": "/usr/share/proj", "GDAL_DATA": "/g", "HOME": "/root"]))
        XCTAssertEqual(base, preamble(["PROJ_DATA": "/usr/share/proj"]))
        XCTAssertEqual(CacheByteWriter(format: "f", build: "b").bytes, preamble(ProcessInfo.processInfo.environment))
        XCTAssertNotEqual(CacheByteWriter(format: "f", build: "b").bytes,
                          preamble(ProcessInfo.processInfo.environment.merging(["SHAPE_ENCODING": "CP936-test"]) { $1 }))
    }
}

import Foundation
import XCTest
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
import MineScreenTestSupport

/// Shapes read straight from the `.shp` (`ShapefilePolygonRecords`, through `GDALColumnarReading.rawFeaturesWithShapeRecords`)
/// against GDAL reading every record itself (the per-feature path), on randomised Shapefiles written byte by byte here:
/// one-ring polygons of either orientation, rings with holes, several outer rings, null shapes, and records damaged
/// in ways GDAL must judge (a part that does not start at 0, too few points, a record header that disagrees with
/// the index, a length that does not match the points). Every feature, property, coordinate and rejection must
/// come out the same; the records read here must be exactly the one-ring polygons written, with their coordinates.
final class ShapefilePolygonRecordsTests: XCTestCase {
    func testStraightReadAgreesWithGDALOnRandomisedFiles() throws {
        for seed in [1, 2, 3] as [UInt64] {
            var random = SeededRandom(seed: 1000 + seed)
            var file = RandomShapefile(records: seed == 1 ? 9000 : 700, random: &random)
            // Seed 2: records marked deleted in the table (GDAL skips them); seed 3: index and shapes as .SHX, .SHP.
            if seed == 2 { file.deleted = [0, 5, 17, 300] }
            if seed == 3 { file.upperCaseEndings = true }
            let folder = try temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let path = try file.write(in: folder)

            let records = try XCTUnwrap(ShapefilePolygonRecords(shapefile: path, count: file.shapes.count))
            let read = records.polygons(threads: 2)
            for (i, shape) in file.shapes.enumerated() {
                if case .oneRing(let ring) = shape {
                    // Compared as printed, so that a NaN written reads back as NaN.
                    XCTAssertEqual(String(reflecting: read[i]), String(reflecting: Geometry?.some(.polygon(Polygon(rings: [ring])))),
                                   "seed \(seed) record \(i)")
                } else {
                    XCTAssertNil(read[i], "seed \(seed) record \(i): \(shape) must be left to GDAL")
                }
            }

            let saved = GDALColumnarReading.halvesFrom
            GDALColumnarReading.halvesFrom = 2
            defer { GDALColumnarReading.halvesFrom = saved }
            for threads in [1, 2] {
                let straight = try GDALVectorReader.readLayer(path: path, idField: "code", crsOverride: .cgcs2000, threads: threads)
                let gdal = try readingFeatureByFeature { try GDALVectorReader.readLayer(path: path, idField: "code", crsOverride: .cgcs2000, threads: threads) }
                XCTAssertEqual(straight.warnings, gdal.warnings, "seed \(seed)")
                XCTAssertEqual(straight.file.features.count, file.shapes.count - file.deleted.count)
                XCTAssertEqual(straight.file.features.count, gdal.file.features.count)
                for (a, b) in zip(straight.file.features, gdal.file.features) {
                    XCTAssertEqual(a.id, b.id)
                    XCTAssertEqual(String(reflecting: a.properties), String(reflecting: b.properties), a.id)
                    XCTAssertEqual(String(reflecting: a.geometry), String(reflecting: b.geometry), "seed \(seed) \(a.id)")
                    XCTAssertEqual(a.readProblem, b.readProblem, "seed \(seed) \(a.id)")
                }
            }
        }
    }

    /// The comparison above holds only if the straight reader was used: it must take these files.
    func testTheStraightReaderTakesTheRandomisedFiles() throws {
        var random = SeededRandom(seed: 5)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = RandomShapefile(records: 500, random: &random)
        let path = try file.write(in: folder)
        let session = GDALSession()
        let dataset = try GDALDataset.openForReading(path, session: session)
        let layer = try XCTUnwrap(dataset.layers.first)
        let raws = try XCTUnwrap(GDALColumnarReading.rawFeaturesWithShapeRecords(layer, path: path, openOptions: [], fields: layer.fields,
                                                                                 session: session, inHalves: false, threads: 2))
        XCTAssertEqual(raws.count, 500)
        // A record GDAL judges corrupt (a point count its length cannot hold) is rejected with GDAL's message.
        let corrupt = file.shapes.indices.filter { if case .hugePointCount = file.shapes[$0] { return true }; return false }
        XCTAssertFalse(corrupt.isEmpty)
        for i in corrupt { XCTAssertTrue(raws[i].problem?.hasPrefix("GDAL: ") == true, "record \(i): \(String(describing: raws[i].problem))") }
    }

    func testFilesOtherThanPolygonsAreLeftToGDAL() throws {
        var random = SeededRandom(seed: 9)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var file = RandomShapefile(records: 10, random: &random)
        file.headerType = 15  // PolygonZ
        let path = try file.write(in: folder)
        XCTAssertNil(ShapefilePolygonRecords(shapefile: path, count: 10))
        XCTAssertNil(ShapefilePolygonRecords(shapefile: try RandomShapefile(records: 10, random: &random).write(in: folder), count: 11),
                     "an index listing another number of records")
    }

    /// A GBK Shapefile with Chinese field names, read for an analysis that keeps only the id field: GDAL reads
    /// that field alone (`OGRLayer.readsOnly`), and the ids are those of a read that keeps every field.
    func testOnlyTheIdFieldIsReadFromAGBKTable() throws {
        var random = SeededRandom(seed: 11)
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var file = RandomShapefile(records: 300, random: &random)
        file.gbk = true
        let path = try file.write(in: folder)
        for idField in ["标识码", "地类名称", nil] as [String?] {
            var options = LoadOptions(idField: idField, threads: 2)
            let all = try InputLoader.load(path: path, options: options)
            options.keepsProperties = false
            let trimmed = try InputLoader.load(path: path, options: options)
            XCTAssertEqual(trimmed.features.map(\.feature.id), all.features.map(\.feature.id))
            XCTAssertEqual(trimmed.rejected.map(\.id), all.rejected.map(\.id))
            XCTAssertEqual(Set(all.features.map { $0.feature.properties.map(\.key) }), [["标识码", "地类名称"]])
            // The id field's property is not kept either once it has given the ids.
            XCTAssertEqual(Set(trimmed.features.map { $0.feature.properties.map(\.key) }), [[]])
            XCTAssertEqual(Set(trimmed.features.map(\.feature.hasIdField)), [idField != nil])
        }
        let names = try InputLoader.load(path: path, options: LoadOptions(idField: "地类名称")).features.map(\.feature.id)
        XCTAssertEqual(Set(names), ["旱地", "水田"])
    }

    private func temporaryFolder() throws -> URL {
        let folder = try makeScratchFolder("shp-records")
        return folder
    }

}

/// A polygon Shapefile (.shp, .shx, and a .dbf with one text field `code`) written byte by byte, with records of
/// every kind the straight reader must read or leave to GDAL.
private struct RandomShapefile {
    enum Shape: CustomStringConvertible {
        /// Read straight: one part, at least 4 points, record consistent.
        case oneRing([Position])
        case rings([[Position]])
        case null
        case partStartsAtOne([Position])
        case fewerThanFourPoints([Position])
        case wrongRecordNumber([Position])
        case paddedRecord([Position])
        /// A point count of 2³¹ − 1 for the points written: shapelib refuses the record as corrupt.
        case hugePointCount([Position])

        var description: String {
            switch self {
            case .oneRing: return "one ring"
            case .rings(let r): return "\(r.count) rings"
            case .null: return "null shape"
            case .partStartsAtOne: return "part starting at 1"
            case .fewerThanFourPoints: return "fewer than four points"
            case .wrongRecordNumber: return "wrong record number"
            case .paddedRecord: return "record longer than its points"
            case .hugePointCount: return "point count beyond the record"
            }
        }
    }

    var shapes: [Shape] = []
    var headerType: Int32 = 5
    var gbk = false
    /// Records whose table row is marked deleted.
    var deleted: Set<Int> = []
    var upperCaseEndings = false

    init(records: Int, random: inout SeededRandom) {
        for i in 0..<records {
            let cx = 112 + Double(i % 100) * 0.01, cy = 36 + Double(i / 100) * 0.01
            var ring = randomStar(cx, cy, 0.004, Int.random(in: 3...14, using: &random), spread: 0.3...1, using: &random)
            if Bool.random(using: &random) { ring.reverse() }
            switch Int.random(in: 0..<40, using: &random) {
            case 0..<28: shapes.append(.oneRing(ring))
            case 28..<31:
                // An outer ring (clockwise, as Shapefiles write them) with a hole (counter-clockwise).
                let outer = isClockwise(ring) ? ring : ring.reversed()
                let hole = randomStar(cx, cy, 0.001, 5, using: &random)
                shapes.append(.rings([outer, isClockwise(hole) ? hole.reversed() : hole]))
            case 31..<33:
                let other = randomStar(cx + 0.0045, cy, 0.0004, 4, using: &random)
                shapes.append(.rings([ring, other]))
            case 33: shapes.append(.null)
            case 34: shapes.append(.partStartsAtOne(ring))
            case 35: shapes.append(.fewerThanFourPoints(Array(ring.prefix(3))))
            case 36: shapes.append(.wrongRecordNumber(ring))
            case 37: shapes.append(i % 2 == 0 ? .paddedRecord(ring) : .hugePointCount(ring))
            case 38:
                // Not closed: still one ring as GDAL reads it; validation rejects it the same on both paths.
                let open = Array(ring.dropLast())
                shapes.append(open.count >= 4 ? .oneRing(open) : .fewerThanFourPoints(open))
            default:
                var odd = ring
                odd[1] = Position(.nan, odd[1].y)
                shapes.append(.oneRing(odd))
            }
        }
    }

    /// Writes `shapes.shp/.shx/.dbf` in `folder`; returns the `.shp` path.
    func write(in folder: URL) throws -> String {
        var contents: [Bytes] = []
        for shape in shapes {
            var content = Bytes()
            func polygon(_ rings: [[Position]], partStart: Int32 = 0, padding: Int = 0, pointCount: Int32? = nil) {
                let points = rings.flatMap { $0 }
                content.little(Int32(5))
                let xs = points.map(\.x).filter(\.isFinite), ys = points.map(\.y).filter(\.isFinite)
                for v in [xs.min() ?? 0, ys.min() ?? 0, xs.max() ?? 0, ys.max() ?? 0] { content.little(v) }
                content.little(Int32(rings.count))
                content.little(pointCount ?? Int32(points.count))
                var start: Int32 = 0
                for (k, ring) in rings.enumerated() {
                    content.little(k == 0 ? partStart : start)
                    start += Int32(ring.count)
                }
                for p in points { content.little(p.x); content.little(p.y) }
                content.bytes += [UInt8](repeating: 0, count: padding)
            }
            switch shape {
            case .oneRing(let ring): polygon([ring])
            case .rings(let rings): polygon(rings)
            case .null: content.little(Int32(0))
            case .partStartsAtOne(let ring): polygon([ring], partStart: 1)
            case .fewerThanFourPoints(let ring): polygon([ring])
            case .wrongRecordNumber(let ring): polygon([ring])
            case .paddedRecord(let ring): polygon([ring], padding: 16)
            case .hugePointCount(let ring): polygon([ring], pointCount: .max)
            }
            contents.append(content)
        }
        func header(length: Int) -> Bytes {
            var h = Bytes()
            h.big(Int32(9994))
            h.bytes += [UInt8](repeating: 0, count: 20)
            h.big(Int32(length / 2))
            h.little(Int32(1000))
            h.little(headerType)
            for v in [111.0, 35.0, 114.0, 38.0, 0, 0, 0, 0] { h.little(v) }
            return h
        }
        let shpLength = 100 + contents.reduce(0) { $0 + 8 + $1.bytes.count }
        var shp = header(length: shpLength)
        var shx = header(length: 100 + 8 * contents.count)
        for (i, content) in contents.enumerated() {
            let offset = shp.bytes.count
            var number = Int32(i + 1)
            if case .wrongRecordNumber = shapes[i] { number += 7 }
            shp.big(number)
            shp.big(Int32(content.bytes.count / 2))
            shp.bytes += content.bytes
            shx.big(Int32(offset / 2))
            shx.big(Int32(content.bytes.count / 2))
        }
        let base = folder.appendingPathComponent("shapes")
        try Data(shp.bytes).write(to: base.appendingPathExtension(upperCaseEndings ? "SHP" : "shp"))
        try Data(shx.bytes).write(to: base.appendingPathExtension(upperCaseEndings ? "SHX" : "shx"))
        try Data(dbf().bytes).write(to: base.appendingPathExtension("dbf"))
        if gbk { try Data("GBK".utf8).write(to: base.appendingPathExtension("cpg")) }
        try Data(contentsOf: URL(fileURLWithPath: Fixture.path("gdal/changzhi-cs21.prj"))).write(to: base.appendingPathExtension("prj"))
        return base.appendingPathExtension(upperCaseEndings ? "SHP" : "shp").path
    }

    /// dBASE III: one text field `code` ("P0000001" …); with `gbk`, GBK fields 标识码 (the same codes) and
    /// 地类名称 (旱地 or 水田), and a `.cpg` saying GBK.
    private func dbf() -> Bytes {
        let fields: [(name: [UInt8], width: Int)] = gbk ? [([0xB1, 0xEA, 0xCA, 0xB6, 0xC2, 0xEB], 8), ([0xB5, 0xD8, 0xC0, 0xE0, 0xC3, 0xFB, 0xB3, 0xC6], 4)]
            : [(Array("code".utf8), 8)]
        var d = Bytes()
        d.bytes += [0x03, 126, 12, 7]
        d.little(Int32(shapes.count))
        d.little(Int16(32 + 32 * fields.count + 1))
        d.little(Int16(1 + fields.reduce(0) { $0 + $1.width }))
        d.bytes += [UInt8](repeating: 0, count: 20)
        for field in fields {
            d.bytes += field.name + [UInt8](repeating: 0, count: 11 - field.name.count)
            d.bytes += [UInt8(ascii: "C"), 0, 0, 0, 0, UInt8(field.width), 0] + [UInt8](repeating: 0, count: 14)
        }
        d.bytes.append(0x0D)
        for i in shapes.indices {
            d.bytes += [deleted.contains(i) ? 0x2A : 0x20] + Array(String(format: "P%07d", i + 1).utf8)
            if gbk { d.bytes += i % 2 == 0 ? [0xBA, 0xB5, 0xB5, 0xD8] : [0xCB, 0xAE, 0xCC, 0xEF] }
        }
        d.bytes.append(0x1A)
        return d
    }
}

private struct Bytes {
    var bytes: [UInt8] = []
    mutating func big(_ v: Int32) { withUnsafeBytes(of: v.bigEndian) { bytes += $0 } }
    mutating func little(_ v: Int32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func little(_ v: Int16) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func little(_ v: Double) { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
}

/// Whether `ring` runs clockwise (negative shoelace sum).
private func isClockwise(_ ring: [Position]) -> Bool {
    zip(ring, ring.dropFirst()).reduce(0) { $0 + ($1.0.x * $1.1.y - $1.1.x * $1.0.y) } < 0
}

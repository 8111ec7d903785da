import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

/// The GDAL copies of the Changzhi zones were made by ogr2ogr (Scripts/oracles/make_gdal_fixtures.sh);
/// areas are checked against the pyproj oracle of the GeoJSON they were made from, not against this code.
final class GDALVectorReaderTests: XCTestCase {
    static let everyFormat = ["changzhi-cs21.shp", "changzhi-cs21-cp936.shp", "changzhi-cs21-nocpg.shp", "changzhi-cs21-4526.shp",
                              "changzhi-cs21-tm1125.shp", "changzhi-cs21.gpkg", "changzhi-cs21.fgb", "changzhi-cs21.gdb"]

    func testEveryFormatGivesTheOracleAreas() throws {
        let zones = try XCTUnwrap(try Fixture.json("changzhi-cs21.oracle.json")["zones"] as? [String: Double])
        for name in Self.everyFormat {
            let layer = try Fixture.load("gdal/" + name, idField: "code")
            XCTAssertEqual(layer.features.count, 21, name)
            XCTAssertTrue(layer.rejected.isEmpty, "\(name): \(layer.rejected)")
            let result = AreaAnalysis.run(layer, options: AreaOptions(), threads: 2)
            XCTAssertEqual(Set(result.features.map(\.id)), Set(zones.keys), name)
            for f in result.features {
                // Lon/lat copies hold the GeoJSON's doubles, except FileGDB, which snaps them to its 1e-9° grid;
                // the projected copies went through PROJ and back.
                let tolerance = name.contains("4526") || name.contains("tm1125") ? 1e-6 : name.hasSuffix(".gdb") ? 1e-7 : 1e-9
                XCTAssertRelative(f.area, try XCTUnwrap(zones[f.id]), tolerance, "\(name) \(f.id)")
            }
        }
    }

    func testFileGDBVerticesAreTheGeoJSONsOnItsGrid() throws {
        let exact = try GDALVectorReader.read(path: Fixture.path("gdal/changzhi-cs21.gpkg"), idField: "code").features
        let gridded = try GDALVectorReader.read(path: Fixture.path("gdal/changzhi-cs21.gdb"), idField: "code").features
        let byID = Dictionary(uniqueKeysWithValues: gridded.map { ($0.id, $0) })
        var worst = 0.0
        for f in exact {
            let a = try XCTUnwrap(f.geometry?.polygons), b = try XCTUnwrap(byID[f.id]?.geometry?.polygons)
            XCTAssertEqual(a.count, b.count, f.id)
            for (p, q) in zip(a, b) {
                for (r, s) in zip(p.rings, q.rings) {
                    XCTAssertEqual(r.count, s.count, f.id)
                    // FileGDB keeps Esri's ring orientation (exteriors clockwise): match vertices, not order.
                    for u in r {
                        worst = max(worst, s.map { max(abs(u.x - $0.x), abs(u.y - $0.y)) }.min() ?? .infinity)
                    }
                }
            }
        }
        XCTAssertLessThanOrEqual(worst, 1e-9)  // 0.1 mm
    }

    func testCRSFromTheLayer() throws {
        XCTAssertEqual(try Fixture.load("gdal/changzhi-cs21.shp").crs.identifier, .cgcs2000)
        XCTAssertEqual(try Fixture.load("gdal/changzhi-cs21.gdb").crs.identifier, .cgcs2000)
        let projected = try Fixture.load("gdal/changzhi-cs21-4526.shp")
        XCTAssertEqual(projected.crs.identifier, CRSIdentifier(authority: "EPSG", code: "4526"))
        XCTAssertFalse(projected.crs.isGeographic)
        // x = easting with the zone-38 prefix, y = northing.
        let first = try XCTUnwrap(projected.features.first?.shape.polygons?.first?.exterior.first)
        XCTAssertTrue((38_000_000...39_000_000).contains(first.x), "\(first)")
        XCTAssertTrue((3_900_000...4_200_000).contains(first.y), "\(first)")
        // Lon/lat copies come out x = longitude although EPSG:4490 declares latitude first.
        let lonLat = try XCTUnwrap(try Fixture.load("gdal/changzhi-cs21.gpkg").features.first?.shape.polygons?.first?.exterior.first)
        XCTAssertEqual(lonLat.x, 112.2400423406, accuracy: 1e-12)
        XCTAssertEqual(lonLat.y, 36.5979909214, accuracy: 1e-12)
    }

    func testAPlaneWithoutCodeGoesToPROJAsItsDefinition() throws {
        let layer = try Fixture.load("gdal/changzhi-cs21-tm1125.shp")
        XCTAssertEqual(layer.crs.identifier.authority, "PROJ")
        XCTAssertTrue(layer.crs.identifier.code.contains("+proj=tmerc"), layer.crs.identifier.code)
        XCTAssertTrue(layer.crs.identifier.code.contains("+lon_0=112.5"), layer.crs.identifier.code)
        XCTAssertFalse(layer.crs.isGeographic)
    }

    func testOddGeometries() throws {
        let layer = try Fixture.load("gdal/odd.gpkg", idField: "name")
        XCTAssertEqual(layer.crs.identifier, CRSIdentifier(authority: "EPSG", code: "4547"))
        // The circle arrives as a polygon GDAL cut into segments: inscribed, so a little under π·r².
        XCTAssertEqual(layer.features.map(\.feature.id), ["circle"])
        let area = AreaAnalysis.run(layer, options: AreaOptions(), threads: 1).total
        XCTAssertLessThan(area, Double.pi * 1e6)
        XCTAssertGreaterThan(area, Double.pi * 1e6 * (1 - 1e-3))
        XCTAssertEqual(layer.rejected.map(\.id), ["point", "empty", "line"])
        XCTAssertTrue(layer.rejected[0].reason.contains("unsupported geometry type Point"), layer.rejected[0].reason)
        XCTAssertEqual(layer.rejected[1].reason, "null geometry")
        XCTAssertTrue(layer.rejected[2].reason.contains("unsupported geometry type LineString"), layer.rejected[2].reason)
        // Corridor layers take points and lines.
        let any = try Fixture.load("gdal/odd.gpkg", idField: "name", accepted: .anyFeatureGeometry)
        XCTAssertEqual(any.features.map(\.feature.id), ["circle", "point", "line"])
    }

    func testNoPrjNeedsCRS() throws {
        let path = Fixture.path("gdal/changzhi-cs21-noprj.shp")
        XCTAssertThrowsError(try GDALVectorReader.read(path: path)) { error in
            guard case InputError.unknownCRS(let file, _, let why) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(file, path)
            XCTAssertTrue(why.contains("--crs"), why)
        }
        let given = try Fixture.load("gdal/changzhi-cs21-noprj.shp", idField: "code", crs: .cgcs2000)
        XCTAssertEqual(given.crs.identifier, .cgcs2000)
        XCTAssertEqual(given.crsSource, "--crs")
        XCTAssertEqual(given.features.count, 21)
    }

    func testGBKTextDecodes() throws {
        for name in ["changzhi-cs21.shp", "changzhi-cs21-cp936.shp", "changzhi-cs21-nocpg.shp"] {
            let read = try GDALVectorReader.readLayer(path: Fixture.path("gdal/" + name), idField: "code")
            let first = try XCTUnwrap(read.file.features.first)
            XCTAssertEqual(first.id, "CS001", name)
            XCTAssertEqual(first.property("county"), .string("沁源县"), name)
            XCTAssertEqual(first.property("name"), .string("集中开采区001"), name)
            XCTAssertEqual(first.property("mineral"), .string("建筑石料用灰岩"), name)
            XCTAssertEqual(first.property("declared_k"), .number(2.45), name)
            // Only the file without a .cpg needs the reader's own guess, and says so.
            XCTAssertEqual(read.warnings.contains { $0.contains("read as GBK") }, name.contains("nocpg"), "\(name): \(read.warnings)")
        }
        let counties = Set(try GDALVectorReader.read(path: Fixture.path("gdal/changzhi-cs21-nocpg.shp")).features.compactMap { $0.property("county")?.stringValue })
        XCTAssertEqual(counties, ["沁源县", "武乡县", "黎城县", "潞城区", "上党区", "壶关县", "平顺县"])
    }

    func testIdsFallBackToFIDThenIndex() throws {
        // Shapefile FIDs are record numbers from 0; GeoPackage FIDs are its primary key, from 1.
        XCTAssertEqual(try GDALVectorReader.read(path: Fixture.path("gdal/changzhi-cs21.shp")).features.prefix(2).map(\.id), ["0", "1"])
        XCTAssertEqual(try GDALVectorReader.read(path: Fixture.path("gdal/changzhi-cs21.gpkg")).features.prefix(2).map(\.id), ["1", "2"])
        let byCode = try GDALVectorReader.read(path: Fixture.path("gdal/changzhi-cs21.gpkg"), idField: "code")
        XCTAssertEqual(byCode.features.map(\.index), Array(0..<21))
        XCTAssertEqual(byCode.features.first?.id, "CS001")
    }

    func testLayers() throws {
        let path = Fixture.path("gdal/two-layers.gpkg")
        XCTAssertEqual(try GDALVectorReader.layerNames(path: path), ["first_three", "all_zones"])
        let first = try GDALVectorReader.readLayer(path: path)
        XCTAssertEqual(first.layerName, "first_three")
        XCTAssertEqual(first.file.features.count, 3)
        XCTAssertTrue(first.warnings.contains { $0.contains("2 layers") }, "\(first.warnings)")
        let named = try GDALVectorReader.readLayer(path: path, layer: "all_zones")
        XCTAssertEqual(named.file.features.count, 21)
        XCTAssertTrue(named.warnings.isEmpty, "\(named.warnings)")
        XCTAssertThrowsError(try GDALVectorReader.read(path: path, layer: "nope")) { error in
            XCTAssertTrue("\(error)".contains("first_three, all_zones"), "\(error)")
        }
    }

    func testACorruptShapeRejectsItsFeatureOnly() throws {
        let folder = try makeScratchFolder("corrupt")
        defer { try? FileManager.default.removeItem(at: folder) }
        for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
            try FileManager.default.copyItem(atPath: Fixture.path("gdal/changzhi-cs21." + ext), toPath: folder.appendingPathComponent("z." + ext).path)
        }
        // Record 2's point count (after the 8-byte record header, shape type, box and part count) set to 2^31-1.
        let shx = try Data(contentsOf: folder.appendingPathComponent("z.shx"))
        let offset = Int(shx[116..<120].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }) * 2
        var shp = try Data(contentsOf: folder.appendingPathComponent("z.shp"))
        shp.replaceSubrange((offset + 48)..<(offset + 52), with: [0xFF, 0xFF, 0xFF, 0x7F])
        try shp.write(to: folder.appendingPathComponent("z.shp"))

        let layer = try InputLoader.load(path: folder.appendingPathComponent("z.shp").path, options: LoadOptions(idField: "code", threads: 2))
        XCTAssertEqual(layer.features.count, 20)
        XCTAssertEqual(layer.rejected.map(\.id), ["CS003"])
        XCTAssertTrue(layer.rejected.first?.reason.hasPrefix("GDAL: ") == true, "\(layer.rejected)")
    }

    func testThreadsEachReadTheirOwnDataset() throws {
        // Each read opens its own dataset and pushes its own error handler on its own thread.
        let sources = ["changzhi-cs21.gpkg", "changzhi-cs21.shp", "changzhi-cs21.fgb", "changzhi-cs21.gdb",
                       "changzhi-cs21-nocpg.shp", "changzhi-cs21-noprj.shp"]
        let lock = NSLock()
        var outcomes: [String: String] = [:]
        DispatchQueue.concurrentPerform(iterations: sources.count * 4) { k in
            let name = sources[k % sources.count]
            let outcome: String
            do {
                let read = try GDALVectorReader.readLayer(path: Fixture.path("gdal/" + name), idField: "code")
                outcome = "\(read.file.crs) \(read.file.features.count) \(read.file.features.first { $0.id == "CS001" }?.property("county")?.stringValue ?? "-")"
            } catch {
                outcome = "\(error)"
            }
            lock.lock()
            if let earlier = outcomes[name] { XCTAssertEqual(earlier, outcome, name) }
            outcomes[name] = outcome
            lock.unlock()
        }
        for name in sources.dropLast() { XCTAssertEqual(outcomes[name], "EPSG:4490 21 沁源县", name) }
        XCTAssertTrue(outcomes["changzhi-cs21-noprj.shp"]?.contains("no .prj") == true, "\(outcomes)")
    }

    func testCanReadByName() {
        for yes in ["a.shp", "B.SHP", "x/y.gpkg", "z.fgb", "data.gdb", "data.gdb/"] { XCTAssertTrue(GDALVectorReader.canRead(path: yes), yes) }
        for no in ["a.geojson", "a.json", "coords.txt", "shp", "a.shp.txt"] { XCTAssertFalse(GDALVectorReader.canRead(path: no), no) }
    }

    func testUnreadableSourcesAreInputErrors() throws {
        XCTAssertThrowsError(try GDALVectorReader.read(path: "/nonexistent/x.shp")) { error in
            XCTAssertEqual(error as? InputError, .cannotRead(file: "/nonexistent/x.shp", why: "no such file"))
        }
        let junk = FileManager.default.temporaryDirectory.appendingPathComponent("junk-\(UUID()).gpkg").path
        defer { try? FileManager.default.removeItem(atPath: junk) }
        try Data("not a geopackage".utf8).write(to: URL(fileURLWithPath: junk))
        XCTAssertThrowsError(try GDALVectorReader.read(path: junk)) { error in
            guard case InputError.cannotRead(let file, let why) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(file, junk)
            XCTAssertFalse(why.isEmpty)  // GDAL's own message
        }
    }
}

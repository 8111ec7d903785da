import CGEOS
import MineScreenGeometry

/// Conversions between the plain value model and GEOS geometries.
/// Callers validate first: non-finite coordinates never reach these functions.
extension GEOSContext {
    func coordinateSequence(_ positions: [Position]) throws -> OpaquePointer {
        let seq = positions.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: Double.self) { doubles in
                GEOSCoordSeq_copyFromBuffer_r(handle, doubles.baseAddress, UInt32(positions.count), 0, 0)
            }
        }
        guard let seq else { throw failure("coordinate sequence") }
        return seq
    }

    func makeRawPolygon(_ polygon: Polygon) throws -> OpaquePointer {
        var rings: [OpaquePointer] = []
        do {
            for ring in polygon.rings {
                let seq = try coordinateSequence(ring)
                guard let linearRing = GEOSGeom_createLinearRing_r(handle, seq) else { throw failure("linear ring") }
                rings.append(linearRing)
            }
        } catch {
            rings.forEach { GEOSGeom_destroy_r(handle, $0) }
            throw error
        }
        guard let shell = rings.first else {
            guard let empty = GEOSGeom_createEmptyPolygon_r(handle) else { throw failure("empty polygon") }
            return empty
        }
        var holes: [OpaquePointer?] = rings.dropFirst().map { $0 }
        let result = holes.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createPolygon_r(handle, shell, buffer.baseAddress, UInt32(buffer.count))
        }
        guard let result else { throw failure("polygon") }
        return result
    }

    /// Takes ownership of `parts` (GEOS does, on success and failure alike).
    func makeRawCollection(_ type: GEOSGeomTypes, _ parts: [OpaquePointer]) throws -> OpaquePointer {
        var array: [OpaquePointer?] = parts
        let result = array.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createCollection_r(handle, Int32(type.rawValue), buffer.baseAddress, UInt32(buffer.count))
        }
        guard let result else { throw failure("collection") }
        return result
    }

    public func makeGeometry(_ polygons: [Polygon]) throws -> GEOSGeom {
        if polygons.count == 1 { return try own(makeRawPolygon(polygons[0]), "polygon") }
        let parts = try rawParts(polygons) { try makeRawPolygon($0) }
        return try own(makeRawCollection(GEOS_MULTIPOLYGON, parts), "multipolygon")
    }

    public func makeGeometry(_ geometry: Geometry) throws -> GEOSGeom {
        switch geometry {
        case .polygon(let p): return try makeGeometry([p])
        case .multiPolygon(let ps): return try makeGeometry(ps)
        case .point(let p):
            return try own(GEOSGeom_createPoint_r(handle, try coordinateSequence([p])), "point")
        case .multiPoint(let ps):
            let points = try rawParts(ps) { GEOSGeom_createPoint_r(handle, try coordinateSequence([$0])) }
            return try own(makeRawCollection(GEOS_MULTIPOINT, points), "multipoint")
        case .lineString(let ps):
            return try own(GEOSGeom_createLineString_r(handle, try coordinateSequence(ps)), "linestring")
        case .multiLineString(let lines):
            let parts = try rawParts(lines) { GEOSGeom_createLineString_r(handle, try coordinateSequence($0)) }
            return try own(makeRawCollection(GEOS_MULTILINESTRING, parts), "multilinestring")
        case .unsupported(let name):
            throw GEOSError(operation: "convert", message: "unsupported geometry type \(name)")
        }
    }

    /// Makes one raw geometry per item; if any fails, frees the ones already made and throws.
    func rawParts<T>(_ items: [T], _ make: (T) throws -> OpaquePointer?) throws -> [OpaquePointer] {
        var parts: [OpaquePointer] = []
        do {
            for item in items {
                guard let part = try make(item) else { throw failure("collection part") }
                parts.append(part)
            }
        } catch {
            parts.forEach { GEOSGeom_destroy_r(handle, $0) }
            throw error
        }
        return parts
    }

    /// A collection of copies of `geometries` (the originals stay with their owners).
    public func collection(of geometries: [GEOSGeom]) throws -> GEOSGeom {
        var parts: [OpaquePointer] = []
        for g in geometries { parts.append(try g.cloneRaw(in: self)) }
        return try own(makeRawCollection(GEOS_GEOMETRYCOLLECTION, parts), "collection")
    }

    func positions(ofSequence seq: OpaquePointer) throws -> [Position] {
        var size: UInt32 = 0
        guard GEOSCoordSeq_getSize_r(handle, seq, &size) != 0 else { throw failure("coordinate sequence size") }
        var result = [Position](repeating: Position(0, 0), count: Int(size))
        let ok = result.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: Double.self) { doubles in
                GEOSCoordSeq_copyToBuffer_r(handle, seq, doubles.baseAddress, 0, 0)
            }
        }
        guard ok != 0 else { throw failure("copy coordinates") }
        return result
    }

    func ringPositions(_ ring: OpaquePointer) throws -> [Position] {
        guard let seq = GEOSGeom_getCoordSeq_r(handle, ring) else { throw failure("ring coordinates") }
        return try positions(ofSequence: seq)
    }

    /// The polygonal parts of any geometry, as values; lines and points (e.g. from an edge touch) are dropped.
    public func polygons(of geometry: GEOSGeom) throws -> [Polygon] {
        var result: [Polygon] = []
        try collectPolygons(geometry.raw, into: &result)
        return result
    }

    private func collectPolygons(_ g: OpaquePointer, into result: inout [Polygon]) throws {
        let type = GEOSGeomTypeId_r(handle, g)
        if type == Int32(GEOS_POLYGON.rawValue) {
            if GEOSisEmpty_r(handle, g) == 1 { return }
            guard let shell = GEOSGetExteriorRing_r(handle, g) else { throw failure("exterior ring") }
            var rings = [try ringPositions(shell)]
            let holeCount = GEOSGetNumInteriorRings_r(handle, g)
            guard holeCount >= 0 else { throw failure("interior ring count") }
            for k in 0..<holeCount {
                guard let hole = GEOSGetInteriorRingN_r(handle, g, k) else { throw failure("interior ring") }
                rings.append(try ringPositions(hole))
            }
            result.append(Polygon(rings: rings))
        } else if type == Int32(GEOS_MULTIPOLYGON.rawValue) || type == Int32(GEOS_GEOMETRYCOLLECTION.rawValue) {
            let n = GEOSGetNumGeometries_r(handle, g)
            guard n >= 0 else { throw failure("part count") }
            for k in 0..<n {
                guard let part = GEOSGetGeometryN_r(handle, g, k) else { throw failure("part") }
                try collectPolygons(part, into: &result)
            }
        } else if type < 0 {
            throw failure("geometry type")
        }
    }
}

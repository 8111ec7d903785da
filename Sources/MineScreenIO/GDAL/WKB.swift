import MineScreenGeometry
/// Well-known binary (ISO 19125 / SQL/MM, as OGR_G_ExportToIsoWkb writes it) to and from this tool's
/// geometry values. Reading keeps whatever doubles the file holds, NaN and infinity included: they
/// reach FeatureValidation as data and reject their feature there, before GEOS sees them.
enum WKB {
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    // MARK: reading

    /// The geometry of one WKB blob; Z and M values are dropped (areas are 2D).
    static func decode(_ bytes: [UInt8]) throws -> Geometry {
        try bytes.withUnsafeBytes { buffer in
            var reader = Reader(bytes: buffer)
            let geometry = try reader.geometry(depth: 0)
            // An unsupported type's body is not read: only its name matters.
            if case .unsupported = geometry { return geometry }
            guard reader.offset == buffer.count else {
                throw Malformed(description: "WKB has \(buffer.count - reader.offset) bytes after the geometry")
            }
            return geometry
        }
    }

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0
        var littleEndian = true

        init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

        mutating func geometry(depth: Int) throws -> Geometry {
            // Collections nest; a corrupt blob must not recurse without end.
            guard depth < 32 else { throw Malformed(description: "WKB nested too deep") }
            let header = try self.header()
            switch header.type {
            case 1: return .point(try position(header.dimensions))
            case 2: return .lineString(try positions(header.dimensions))
            case 3: return .polygon(try polygon(header.dimensions))
            case 4: return .multiPoint(try parts(expecting: 1, depth: depth) { $0.asPoint })
            case 5: return .multiLineString(try parts(expecting: 2, depth: depth) { $0.asLine })
            case 6: return .multiPolygon(try parts(expecting: 3, depth: depth) { $0.asPolygon })
            default:
                // Kept by name so the feature is rejected as "unsupported geometry type …", like GeoJSON's.
                return .unsupported(typeName: Self.typeNames[header.type] ?? "WKB type \(header.type)")
            }
        }

        static let typeNames: [UInt32: String] = [
            7: "GeometryCollection", 8: "CircularString", 9: "CompoundCurve", 10: "CurvePolygon",
            11: "MultiCurve", 12: "MultiSurface", 13: "Curve", 14: "Surface", 15: "PolyhedralSurface",
            16: "TIN", 17: "Triangle",
        ]

        /// Byte order, base type and number of ordinates per position (2 to 4).
        mutating func header() throws -> (type: UInt32, dimensions: Int) {
            let order = try byte()
            guard order <= 1 else { throw Malformed(description: "WKB byte order \(order) is neither 0 nor 1") }
            littleEndian = order == 1
            var code = try uint32()
            // EWKB (PostGIS) flags, in case a driver hands those over: Z, M, SRID.
            var hasZ = code & 0x8000_0000 != 0, hasM = code & 0x4000_0000 != 0
            if code & 0x2000_0000 != 0 { _ = try uint32() }
            code &= 0x0FFF_FFFF
            // ISO: 1000 adds Z, 2000 adds M, 3000 adds both.
            switch code / 1000 {
            case 1: hasZ = true
            case 2: hasM = true
            case 3: hasZ = true; hasM = true
            default: break
            }
            return (code % 1000, 2 + (hasZ ? 1 : 0) + (hasM ? 1 : 0))
        }

        enum Part {
            case point(Position), line([Position]), polygon(Polygon), other(String)
            var asPoint: Position? { if case .point(let p) = self { return p }; return nil }
            var asLine: [Position]? { if case .line(let l) = self { return l }; return nil }
            var asPolygon: Polygon? { if case .polygon(let p) = self { return p }; return nil }
        }

        mutating func parts<T>(expecting type: UInt32, depth: Int, _ pick: (Part) -> T?) throws -> [T] {
            let count = try self.count(minimumBytesEach: 5)
            var out: [T] = []
            out.reserveCapacity(count)
            for _ in 0..<count {
                let part: Part
                switch try geometry(depth: depth + 1) {
                case .point(let p): part = .point(p)
                case .lineString(let l): part = .line(l)
                case .polygon(let p): part = .polygon(p)
                case let other: part = .other(other.typeName)
                }
                guard let value = pick(part) else {
                    throw Malformed(description: "WKB collection of type \(type) holds a \(Self.describe(part))")
                }
                out.append(value)
            }
            return out
        }

        static func describe(_ part: Part) -> String {
            switch part {
            case .point: return "Point"
            case .line: return "LineString"
            case .polygon: return "Polygon"
            case .other(let name): return name
            }
        }

        mutating func polygon(_ dimensions: Int) throws -> Polygon {
            let count = try self.count(minimumBytesEach: 4)
            var rings: [[Position]] = []
            rings.reserveCapacity(count)
            for _ in 0..<count { rings.append(try positions(dimensions)) }
            return Polygon(rings: rings)
        }

        mutating func positions(_ dimensions: Int) throws -> [Position] {
            let count = try self.count(minimumBytesEach: 8 * dimensions)
            var out: [Position] = []
            out.reserveCapacity(count)
            for _ in 0..<count { out.append(try position(dimensions)) }
            return out
        }

        mutating func position(_ dimensions: Int) throws -> Position {
            let x = try double(), y = try double()
            for _ in 2..<dimensions { _ = try double() }
            return Position(x, y)
        }

        /// A count that the remaining bytes can hold, so a corrupt count cannot ask for gigabytes.
        mutating func count(minimumBytesEach: Int) throws -> Int {
            let n = Int(try uint32())
            guard n <= (bytes.count - offset) / minimumBytesEach else {
                throw Malformed(description: "WKB count \(n) exceeds the bytes left")
            }
            return n
        }

        mutating func byte() throws -> UInt8 {
            guard offset < bytes.count else { throw Malformed(description: "WKB ends early") }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func uint32() throws -> UInt32 {
            guard offset + 4 <= bytes.count else { throw Malformed(description: "WKB ends early") }
            let value = bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
            offset += 4
            return littleEndian ? UInt32(littleEndian: value) : UInt32(bigEndian: value)
        }

        mutating func double() throws -> Double {
            guard offset + 8 <= bytes.count else { throw Malformed(description: "WKB ends early") }
            let value = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            offset += 8
            return Double(bitPattern: littleEndian ? UInt64(littleEndian: value) : UInt64(bigEndian: value))
        }
    }

    // MARK: writing

    /// Little-endian 2D WKB of polygons: a Polygon, or a MultiPolygon when `multi` (GeoPackage and
    /// FlatGeobuf layers hold one geometry type, so a layer with any multipolygon writes all as multi).
    static func encode(_ polygons: [Polygon], multi: Bool) -> [UInt8] {
        var out: [UInt8] = []
        func uint32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func double(_ v: Double) { withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
        func polygon(_ p: Polygon) {
            out.append(1)
            uint32(3)
            uint32(UInt32(p.rings.count))
            for ring in p.rings {
                uint32(UInt32(ring.count))
                for position in ring { double(position.x); double(position.y) }
            }
        }
        if multi {
            out.append(1)
            uint32(6)
            uint32(UInt32(polygons.count))
            polygons.forEach(polygon)
        } else {
            polygon(polygons.first ?? Polygon(rings: []))
        }
        return out
    }
}

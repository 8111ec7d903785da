import Foundation
import MineScreenSupport
import MineScreenGeometry

/// Little-endian encoding of cached results: doubles by their bit pattern (so a cached figure is the computed
/// one, bit for bit, NaN included), counts and strings length-prefixed.
public struct CacheByteWriter {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public init(capacity: Int) { bytes.reserveCapacity(capacity) }

    /// A writer that starts with what every cache key and digest starts with: `format` (what the entry is, and its
    /// layout's version), the GEOS, PROJ and GDAL versions, `build` (what tells this minescreen binary from
    /// another of the same version) and this process's steering variables (`steering(_:)`). An entry made by other
    /// software, for another purpose or under other settings is never found.
    public init(format: String, build: String = buildIdentity) {
        self.init(format: format, build: build, environment: Self.processSteering)
    }

    /// As `init(format:build:)`, with the steering variables of `environment` instead of this process's.
    public init(format: String, build: String, environment: [String: String]) {
        self.init(format: format, build: build, environment: Self.steering(environment))
    }

    private init(format: String, build: String, environment steering: [(key: String, value: String)]) {
        string(format)
        for (name, version) in ProvenanceLog.software { string(name); string(version) }
        string(build)
        int(steering.count)
        for (name, value) in steering { string(name); string(value) }
    }

    /// Prefixes of the environment variables that change what minescreen, PROJ or GDAL read or compute: `PROJ_DATA`
    /// (which grids a datum shift uses), a GDAL driver's options, minescreen's own switches.
    static let steeringPrefixes = ["MINESCREEN_", "PROJ_", "GDAL_", "OGR_", "CPL_", "SHAPE_"]

    /// The variables of `environment` that steer a result (`steeringPrefixes`), sorted by name.
    static func steering(_ environment: [String: String]) -> [(key: String, value: String)] {
        environment.filter { variable in steeringPrefixes.contains { variable.key.hasPrefix($0) } }
            .sorted { $0.key < $1.key }
    }

    private static let processSteering = steering(ProcessInfo.processInfo.environment)

    /// Empties the writer, keeping its storage: one writer serves many short messages in turn.
    public mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    public mutating func uint64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func int(_ value: Int) { uint64(UInt64(bitPattern: Int64(value))) }
    public mutating func double(_ value: Double) { uint64(value.bitPattern) }
    public mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }
    public mutating func uint8(_ value: UInt8) { bytes.append(value) }

    public mutating func string(_ value: String) {
        int(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    public mutating func raw<Bytes: Collection>(_ value: Bytes) where Bytes.Element == UInt8 { bytes.append(contentsOf: value) }

    public mutating func positions(_ ring: [Position]) {
        int(ring.count)
        #if _endian(little)
        // A `Position` is its two doubles, x then y: in memory already the bytes written below, in one copy.
        if MemoryLayout<Position>.stride == 16, MemoryLayout<Position>.offset(of: \Position.y) == 8 {
            ring.withUnsafeBytes { bytes.append(contentsOf: $0) }
            return
        }
        #endif
        bytes.reserveCapacity(bytes.count + 16 * ring.count)
        for p in ring { double(p.x); double(p.y) }
    }

    public mutating func polygons(_ polygons: [Polygon]) {
        int(polygons.count)
        for polygon in polygons { rings(of: polygon) }
    }

    private mutating func rings(of polygon: Polygon) {
        int(polygon.rings.count)
        for ring in polygon.rings { positions(ring) }
    }

    /// A feature's geometry as values: its kind, then its coordinates.
    public mutating func geometry(_ geometry: Geometry) {
        switch geometry {
        case .point(let p): int(1); positions([p])
        case .multiPoint(let ps): int(2); positions(ps)
        case .lineString(let ps): int(3); positions(ps)
        case .multiLineString(let lines): int(4); int(lines.count); for line in lines { positions(line) }
        case .polygon(let p): int(5); int(1); rings(of: p)  // as `polygons([p])`, without the array
        case .multiPolygon(let ps): int(6); polygons(ps)
        case .unsupported(let name): int(7); string(name)
        }
    }

    @inlinable  // specialised where it is used: a generic call per feature digest otherwise
    public mutating func optional<T>(_ value: T?, _ write: (inout CacheByteWriter, T) -> Void) {
        bool(value != nil)
        if let value { write(&self, value) }
    }
}

/// Reads what `CacheByteWriter` wrote; every read is bounds-checked, and counts are checked against the bytes
/// left, so a damaged payload throws instead of allocating or trapping.
public struct CacheByteReader {
    /// The entry ends early or holds a value that cannot be: it is treated as a miss.
    public struct Damaged: Error { public init() {} }

    private let bytes: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Reads `bytes` from `offset` on (one of many items in a large payload, without copying it).
    public init(_ bytes: [UInt8], from offset: Int) throws {
        guard offset >= 0, offset <= bytes.count else { throw Damaged() }
        self.bytes = bytes
        self.offset = offset
    }

    public var isAtEnd: Bool { offset == bytes.count }

    /// How far the reader is into its bytes.
    public var position: Int { offset }

    public mutating func uint64() throws -> UInt64 {
        guard bytes.count - offset >= 8 else { throw Damaged() }
        var value: UInt64 = 0
        for k in 0..<8 { value |= UInt64(bytes[offset + k]) << UInt64(8 * k) }
        offset += 8
        return value
    }

    public mutating func int() throws -> Int { Int(Int64(bitPattern: try uint64())) }
    public mutating func double() throws -> Double { Double(bitPattern: try uint64()) }

    public mutating func uint8() throws -> UInt8 {
        guard offset < bytes.count else { throw Damaged() }
        offset += 1
        return bytes[offset - 1]
    }

    public mutating func bool() throws -> Bool {
        guard offset < bytes.count, bytes[offset] <= 1 else { throw Damaged() }
        offset += 1
        return bytes[offset - 1] == 1
    }

    /// A count of items each at least `minimumSize` bytes long: never more than the bytes left could hold.
    public mutating func count(minimumSize: Int = 1) throws -> Int {
        let n = try int()
        guard n >= 0, n <= (bytes.count - offset) / max(1, minimumSize) else { throw Damaged() }
        return n
    }

    /// The next `count` bytes as they are.
    public mutating func bytes(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, bytes.count - offset >= count else { throw Damaged() }
        offset += count
        return bytes[(offset - count)..<offset]
    }

    public mutating func string() throws -> String {
        let n = try count()
        let value = String(decoding: bytes[offset..<offset + n], as: UTF8.self)
        offset += n
        return value
    }

    public mutating func positions() throws -> [Position] {
        let n = try count(minimumSize: 16)
        #if _endian(little)
        // The writer's bytes are the positions' memory: one copy.
        if MemoryLayout<Position>.stride == 16, MemoryLayout<Position>.offset(of: \Position.y) == 8 {
            let ring = [Position](unsafeUninitializedCapacity: n) { buffer, initialized in
                bytes.withUnsafeBytes { source in
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<offset + 16 * n]))
                }
                initialized = n
            }
            offset += 16 * n
            return ring
        }
        #endif
        var ring: [Position] = []
        ring.reserveCapacity(n)
        for _ in 0..<n { ring.append(Position(try double(), try double())) }
        return ring
    }

    public mutating func polygons() throws -> [Polygon] {
        let n = try count(minimumSize: 8)
        var result: [Polygon] = []
        for _ in 0..<n {
            let rings = try count(minimumSize: 8)
            var polygon = Polygon(rings: [])
            polygon.rings.reserveCapacity(rings)
            for _ in 0..<rings { polygon.rings.append(try positions()) }
            result.append(polygon)
        }
        return result
    }

    /// A geometry as `CacheByteWriter.geometry` wrote it.
    public mutating func geometry() throws -> Geometry {
        switch try int() {
        case 1:
            let points = try positions()
            guard points.count == 1 else { throw Damaged() }
            return .point(points[0])
        case 2: return .multiPoint(try positions())
        case 3: return .lineString(try positions())
        case 4:
            let n = try count(minimumSize: 8)
            var lines: [[Position]] = []
            lines.reserveCapacity(n)
            for _ in 0..<n { lines.append(try positions()) }
            return .multiLineString(lines)
        case 5:
            let polygons = try polygons()
            guard polygons.count == 1 else { throw Damaged() }
            return .polygon(polygons[0])
        case 6: return .multiPolygon(try polygons())
        case 7: return .unsupported(typeName: try string())
        default: throw Damaged()
        }
    }

    public mutating func optional<T>(_ read: (inout CacheByteReader) throws -> T) throws -> T? {
        try bool() ? try read(&self) : nil
    }
}

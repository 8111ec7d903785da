/// A coordinate pair in the axis order x = east (longitude or easting), y = north.
public struct Position: Equatable, Sendable {
    public var x: Double
    public var y: Double
    public init(_ x: Double, _ y: Double) { self.x = x; self.y = y }
    public var isFinite: Bool { x.isFinite && y.isFinite }
}

/// A polygon as plain values: `rings[0]` is the exterior, the rest are holes.
/// Rings are stored closed (first position repeated last), exactly as read.
public struct Polygon: Equatable, Sendable {
    public var rings: [[Position]]
    public init(rings: [[Position]]) { self.rings = rings }
    public init(exterior: [Position], holes: [[Position]] = []) { self.rings = [exterior] + holes }
    public var exterior: [Position] { rings.first ?? [] }
    public var holes: ArraySlice<[Position]> { rings.dropFirst() }
}

/// The geometry of one input feature, as GeoJSON describes it.
public enum Geometry: Equatable, Sendable {
    case point(Position)
    case multiPoint([Position])
    case lineString([Position])
    case multiLineString([[Position]])
    case polygon(Polygon)
    case multiPolygon([Polygon])
    /// A type this tool does not analyse (GeometryCollection, or an unknown name), kept for the message.
    case unsupported(typeName: String)

    public var typeName: String {
        switch self {
        case .point: return "Point"
        case .multiPoint: return "MultiPoint"
        case .lineString: return "LineString"
        case .multiLineString: return "MultiLineString"
        case .polygon: return "Polygon"
        case .multiPolygon: return "MultiPolygon"
        case .unsupported(let name): return name
        }
    }

    /// The polygons of a polygonal geometry, or nil for any other kind.
    public var polygons: [Polygon]? {
        switch self {
        case .polygon(let p): return [p]
        case .multiPolygon(let ps): return ps
        default: return nil
        }
    }

    /// The same geometry with every run of positions (a ring, a line, the points of a multipoint, a point as a run
    /// of one) replaced by what `transform` makes of it; `transform` must keep a run's length.
    public func mappingPositionRuns(_ transform: ([Position]) throws -> [Position]) rethrows -> Geometry {
        func polygon(_ p: Polygon) throws -> Polygon { Polygon(rings: try p.rings.map(transform)) }
        switch self {
        case .point(let p): return .point(try transform([p])[0])
        case .multiPoint(let ps): return .multiPoint(try transform(ps))
        case .lineString(let ps): return .lineString(try transform(ps))
        case .multiLineString(let lines): return .multiLineString(try lines.map(transform))
        case .polygon(let p): return .polygon(try polygon(p))
        case .multiPolygon(let ps): return .multiPolygon(try ps.map(polygon))
        case .unsupported: return self
        }
    }

    /// Every position, in order, for checks that do not care about structure.
    public func forEachPosition(_ body: (Position) -> Void) {
        switch self {
        case .point(let p): body(p)
        case .multiPoint(let ps), .lineString(let ps): ps.forEach(body)
        case .multiLineString(let lines): lines.forEach { $0.forEach(body) }
        case .polygon(let poly): poly.rings.forEach { $0.forEach(body) }
        case .multiPolygon(let polys): polys.forEach { $0.rings.forEach { $0.forEach(body) } }
        case .unsupported: break
        }
    }
}

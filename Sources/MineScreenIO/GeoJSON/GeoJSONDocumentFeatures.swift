import MineScreenSupport
import MineScreenGeometry

extension FeatureFile {
    /// The features and CRS of a GeoJSON FeatureCollection held in memory (as reports build it), without
    /// writing it out as text and reading it back: what `GeoJSONReader` (no `--id-field`, no `--crs`) reads from
    /// the text `JSONWriter` writes of `document`, so a GeoPackage or Shapefile written from it is the same file.
    ///
    /// - CRS: the legacy `crs` member (`EPSG:4490`, `urn:ogc:def:crs:EPSG::4490`, `{"type":"EPSG",…}`); none
    ///   means RFC 7946 CRS84; an unrecognised one is an `InputError.unknownCRS` naming `path`.
    /// - Features: in order, index from 0; id from the Feature's `id` member, else the index.
    /// - Properties: as the text would read back. A number with no fraction within ±2^53 becomes an integer
    ///   (the writer prints it without a decimal point), a number that is not finite becomes null (printed as null).
    /// - Geometry: Polygon and MultiPolygon coordinates become polygons; other geometry types are kept by name
    ///   only; coordinates that are not numbers at the right depth make the feature a read problem.
    public init(geoJSON document: JSONValue, path: String) throws {
        let (crs, crsSource) = try Self.crs(of: document["crs"], path: path)
        let members: [JSONValue]
        if case .array(let items)? = document["features"] { members = items } else { members = [] }
        let features = members.enumerated().map { index, member in Self.feature(member, index: index) }
        self.init(path: path, crs: crs, crsSource: crsSource, features: features)
    }

    private static func crs(of member: JSONValue?, path: String) throws -> (CRSIdentifier, String) {
        guard let member, member != .null else { return (.crs84, "none in file: RFC 7946 CRS84") }
        if let name = GeoJSONReader.crsName(member), let crs = CRSIdentifier.parse(name) { return (crs, "crs member") }
        let text = GeoJSONReader.crsName(member) ?? GeoJSONReader.describe(member)
        throw InputError.unknownCRS(file: path, crs: quotedForMessage(text, limit: 60), why: "unrecognised crs member (use --crs EPSG:NNNN)")
    }

    private static func feature(_ member: JSONValue, index: Int) -> Feature {
        let id = member["id"].map(asWritten)?.labelText ?? String(index)
        var properties: [(key: String, value: JSONValue)] = []
        if case .object(let pairs)? = member["properties"] { properties = pairs.map { ($0.key, asWritten($0.value)) } }
        guard let geometry = member["geometry"], geometry != .null else {
            return Feature(index: index, id: id, properties: properties, geometry: nil)
        }
        let type = geometry["type"]?.stringValue ?? "?"
        do {
            switch type {
            case "Polygon":
                return Feature(index: index, id: id, properties: properties, geometry: .polygon(try polygon(geometry["coordinates"])))
            case "MultiPolygon":
                let parts = try list(geometry["coordinates"]).map { try polygon($0) }
                return Feature(index: index, id: id, properties: properties, geometry: .multiPolygon(parts))
            default:
                return Feature(index: index, id: id, properties: properties, geometry: .unsupported(typeName: type))
            }
        } catch {
            return Feature(index: index, id: id, properties: properties, geometry: .unsupported(typeName: type),
                           readProblem: "\(type) coordinates are not numbers nested at the right depth")
        }
    }

    /// A value as `JSONWriter` prints it and the reader reads it back.
    private static func asWritten(_ value: JSONValue) -> JSONValue {
        switch value {
        case .number(let n):
            guard n.isFinite else { return .null }
            return n == n.rounded() && abs(n) <= 9_007_199_254_740_992 ? .integer(Int64(n)) : .number(n)
        case .array(let items): return .array(items.map(asWritten))
        case .object(let pairs): return .object(pairs.map { ($0.key, asWritten($0.value)) })
        default: return value
        }
    }

    private struct Malformed: Error {}

    private static func list(_ value: JSONValue?) throws -> [JSONValue] {
        guard case .array(let items)? = value else { throw Malformed() }
        return items
    }

    private static func polygon(_ value: JSONValue?) throws -> Polygon {
        Polygon(rings: try list(value).map { ring in try list(ring).map(position) })
    }

    private static func position(_ value: JSONValue) throws -> Position {
        let numbers = try list(value).map { item -> Double in
            switch item {
            case .number(let n) where n.isFinite: return n
            case .integer(let i): return Double(i)
            default: throw Malformed()
            }
        }
        guard numbers.count >= 2 else { throw Malformed() }
        return Position(numbers[0], numbers[1])
    }
}

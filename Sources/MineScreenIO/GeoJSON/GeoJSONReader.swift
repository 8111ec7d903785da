import Foundation
import MineScreenSupport
import MineScreenGeometry

/// Turns a GeoJSON file into features: ids resolved, CRS decided, geometry read as values.
/// Nothing is validated here beyond the JSON syntax; a feature whose coordinates make no sense
/// carries a `readProblem` and is rejected later with the others.
public struct GeoJSONReader {
    /// Property whose value is the feature id (else the Feature's `id`, else the index).
    public var idField: String?
    /// `--crs`: supplies or overrides the file's own `crs` member.
    public var crsOverride: CRSIdentifier?
    /// Threads a long feature array may be read with (in pieces at once when more than one).
    public var threads: Int
    /// False: properties are dropped as each feature is read (see `LoadOptions.keepsProperties`), the `idField`
    /// property too once it has given the id (`Feature.hasIdField`); a feature without it keeps them all.
    public var keepsProperties = true
    /// Feature arrays shorter than this (bytes) are read by one thread (tests lower it).
    var parallelThreshold = GeoJSONParser.parallelThreshold
    /// The shortest piece (bytes) of a feature array read in parallel (tests lower it).
    var smallestPiece = GeoJSONParser.smallestPiece

    public init(idField: String? = nil, crsOverride: CRSIdentifier? = nil, threads: Int = 1) {
        self.idField = idField
        self.crsOverride = crsOverride
        self.threads = threads
    }

    /// The file's bytes; pipes and FIFOs are read as bounded streams (see `InputBytes`).
    public static func readFileBytes(path: String) throws -> [UInt8] {
        try InputBytes.read(path: path)
    }

    public func parse(bytes: [UInt8], path: String) throws -> FeatureFile {
        let document: ParsedDocument = try bytes.withUnsafeBufferPointer { buffer in
            var parser = GeoJSONParser(bytes: buffer)
            if !keepsProperties { parser.propertiesRead = .idFieldOnly(idField) }
            do {
                return try parser.parseDocument(threads: threads, parallelThreshold: parallelThreshold, smallestPiece: smallestPiece,
                                            convert: makeFeature, settle: settle)
            } catch let error as JSONSyntaxError {
                let (line, column) = parser.scanner.lineAndColumn(of: error.offset)
                throw InputError.syntax(file: path, line: line, column: column, why: error.message)
            }
        }
        let (crs, source) = try resolveCRS(document.crs, path: path)
        return FeatureFile(path: path, crs: crs, crsSource: source, features: document.features)
    }

    private func resolveCRS(_ member: JSONValue?, path: String) throws -> (CRSIdentifier, String) {
        if let crsOverride { return (crsOverride, "--crs") }
        guard let member, member != .null else { return (.crs84, "none in file: RFC 7946 CRS84") }
        if let name = Self.crsName(member), let crs = CRSIdentifier.parse(name) { return (crs, "crs member") }
        let text = Self.crsName(member) ?? Self.describe(member)
        throw InputError.unknownCRS(file: path, crs: quotedForMessage(text, limit: 60), why: "unrecognised crs member (use --crs EPSG:NNNN)")
    }

    /// The CRS name from the legacy forms: `"EPSG:4490"`, `{"type":"name","properties":{"name":…}}`,
    /// and the older `{"type":"EPSG","properties":{"code":4490}}`.
    static func crsName(_ member: JSONValue) -> String? {
        if let s = member.stringValue { return s }
        guard let properties = member["properties"] else { return nil }
        if let name = properties["name"]?.stringValue { return name }
        if member["type"]?.stringValue?.uppercased() == "EPSG", let code = properties["code"]?.labelText {
            return "EPSG:\(code)"
        }
        return nil
    }

    static func describe(_ value: JSONValue) -> String {
        var out = ""
        JSONWriter.write(value, into: &out)
        return out
    }

    private func makeFeature(_ parsed: ParsedFeature, _ index: Int) -> Feature {
        let explicitID = explicitFeatureID(parsed)
        var parsed = parsed
        var hasIdField = false
        if !keepsProperties { (parsed.properties, hasIdField) = InputLoader.propertiesKept(of: parsed.properties, idField: idField) }
        var feature: Feature
        if let geometry = parsed.geometry {
            switch Self.makeGeometry(geometry) {
            case .success(let value):
                feature = Feature(index: index, id: explicitID ?? String(index), properties: parsed.properties, geometry: value)
            case .failure(let problem):
                feature = Feature(index: index, id: explicitID ?? String(index), properties: parsed.properties,
                                  geometry: .unsupported(typeName: geometry.type ?? "?"), readProblem: problem.text)
            }
        } else {
            feature = Feature(index: index, id: explicitID ?? String(index), properties: parsed.properties, geometry: nil)
        }
        feature.idIsIndex = explicitID == nil
        feature.hasIdField = hasIdField
        return feature
    }

    /// The `--id-field` property, else the Feature's `id` member; nil when the id is to be the index.
    private func explicitFeatureID(_ parsed: ParsedFeature) -> String? {
        if let idField {
            if let value = parsed.properties.first(where: { $0.key == idField })?.value, let label = value.labelText {
                return label
            }
        }
        return parsed.id?.labelText
    }

    /// Gives a feature of a piece after the first (read in parallel) its index, and its id if that is the index.
    private func settle(_ feature: inout Feature, _ index: Int) {
        feature.index = index
        if feature.idIsIndex { feature.id = String(index) }
    }

    struct ReadProblem: Error { var text: String }

    static func makeGeometry(_ parsed: ParsedGeometry) -> Result<Geometry, ReadProblem> {
        if let problem = parsed.problem { return .failure(ReadProblem(text: problem)) }
        guard let type = parsed.type else { return .failure(ReadProblem(text: "geometry without a type")) }
        if type == "GeometryCollection" { return .success(.unsupported(typeName: type)) }
        guard ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"].contains(type) else {
            return .success(.unsupported(typeName: type))
        }
        guard let node = parsed.coordinates else { return .failure(ReadProblem(text: "\(type) without coordinates")) }
        do {
            switch type {
            case "Point":
                guard case .position(let p) = node else { throw ReadProblem(text: "Point coordinates are not a position") }
                return .success(.point(p))
            case "MultiPoint": return .success(.multiPoint(try positions(node, type)))
            case "LineString": return .success(.lineString(try positions(node, type)))
            case "MultiLineString": return .success(.multiLineString(try list(node, type).map { try positions($0, type) }))
            case "Polygon": return .success(.polygon(try polygon(node, type)))
            default: return .success(.multiPolygon(try list(node, type).map { try polygon($0, type) }))
            }
        } catch let problem as ReadProblem {
            return .failure(problem)
        } catch {
            return .failure(ReadProblem(text: "\(error)"))
        }
    }

    private static func positions(_ node: CoordinateNode, _ type: String) throws -> [Position] {
        switch node {
        case .positions(let ps): return ps
        case .list(let items) where items.isEmpty: return []
        case .malformed(let why): throw ReadProblem(text: why)
        default: throw ReadProblem(text: "\(type) coordinates nested at the wrong depth")
        }
    }

    private static func list(_ node: CoordinateNode, _ type: String) throws -> [CoordinateNode] {
        switch node {
        case .list(let items): return items
        case .malformed(let why): throw ReadProblem(text: why)
        default: throw ReadProblem(text: "\(type) coordinates nested at the wrong depth")
        }
    }

    private static func polygon(_ node: CoordinateNode, _ type: String) throws -> Polygon {
        Polygon(rings: try list(node, type).map { try positions($0, type) })
    }
}

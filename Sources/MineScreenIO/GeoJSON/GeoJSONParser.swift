import Foundation
import MineScreenSupport
import MineScreenGeometry

/// Nested coordinate arrays as read, before the geometry type says what they mean.
/// A list of positions is one contiguous array: a ring costs one allocation, not one per vertex.
enum CoordinateNode {
    case position(Position)
    case positions([Position])
    case list([CoordinateNode])
    /// Syntactically valid JSON that is not a coordinate array (e.g. a position with one number).
    case malformed(String)
}

/// A geometry object as read: members in any order, interpreted afterwards.
struct ParsedGeometry {
    /// Set when the member was valid JSON but not a geometry object (a string, a number, too deep …).
    var problem: String?
    var type: String?
    var coordinates: CoordinateNode?
    var geometries: [ParsedGeometry]?
}

struct ParsedFeature {
    var id: JSONValue?
    var properties: [(key: String, value: JSONValue)] = []
    /// nil for `"geometry": null` or a missing member.
    var geometry: ParsedGeometry?
}

/// A GeoJSON document reduced to what the tool uses: features (already turned into the model by the
/// caller's converter), and the legacy `crs` member.
struct ParsedDocument {
    var features: [Feature]
    var crs: JSONValue?
}

/// Reads GeoJSON (FeatureCollection, Feature, or bare geometry) in one pass over the bytes.
struct GeoJSONParser {
    var scanner: JSONByteScanner
    /// Where a ring's positions are gathered before they are copied into an array of exactly their number: a ring
    /// grown by appending keeps up to twice the room it needs, and a city's parcels keep their rings for the run.
    private var gathered: [Position] = []
    /// A ring longer than this does not leave its room behind in `gathered`.
    private static let gatheredRoomKept = 1 << 16

    /// Which properties a feature keeps as read.
    enum PropertiesRead {
        case all
        /// Only the members named by the id field (none for nil): the others are checked as JSON and skipped, not
        /// built, for a layer read without properties (`GeoJSONReader.keepsProperties` false). A feature without
        /// the id field has all of them read, as that reader keeps them.
        case idFieldOnly(String?)
    }
    var propertiesRead = PropertiesRead.all

    init(bytes: UnsafeBufferPointer<UInt8>) { scanner = JSONByteScanner(bytes: bytes) }

    /// `convert` turns each feature into the model as soon as it is read, with its index: its parse-time
    /// scaffolding is freed while still in cache, not all at the end (a tenth of reading a city layer).
    /// With `threads` > 1 a long feature array is read in pieces at once (see `parseFeatureArray`);
    /// `convert` must then be safe to call from two threads, and is given `provisionalIndex(k)` for the k-th
    /// feature of a piece after the first (its index is fixed afterwards with `settle`).
    mutating func parseDocument(threads: Int = 1, parallelThreshold: Int = parallelThreshold, smallestPiece: Int = smallestPiece,
                                convert: (ParsedFeature, Int) -> Feature,
                                settle: (inout Feature, Int) -> Void = { _, _ in }) throws -> ParsedDocument {
        var type: String?
        var features: [Feature]?
        var crs: JSONValue?
        var feature = ParsedFeature()
        var geometry = ParsedGeometry()

        if try !scanner.open(UInt8(ascii: "{"), closing: UInt8(ascii: "}"), "a GeoJSON object '{'") {
            repeat {
                let key = try scanner.scanKey()
                try scanner.expect(UInt8(ascii: ":"), "':' delimiter")
                if scanner.keyEquals(key, "type") {
                    type = try scanner.parseString()
                    geometry.type = type
                } else if scanner.keyEquals(key, "features") {
                    features = try parseFeatureArray(threads: threads, threshold: parallelThreshold, smallestPiece: smallestPiece,
                                                     convert: convert, settle: settle)
                } else if scanner.keyEquals(key, "crs") {
                    crs = try scanner.parseValue()
                } else if try parseFeatureMember(key, into: &feature) {
                    continue
                } else if scanner.keyEquals(key, "coordinates") {
                    geometry.coordinates = try parseCoordinates()
                } else if scanner.keyEquals(key, "geometries") {
                    geometry.geometries = try parseGeometryArray(depth: 0)
                } else {
                    try scanner.skipValue()
                }
            } while try scanner.nextElement(closing: UInt8(ascii: "}"))
        }
        scanner.skipWhitespace()
        guard scanner.atEnd else { throw scanner.fail("extra data after the GeoJSON object") }

        switch type {
        case "FeatureCollection":
            return ParsedDocument(features: features ?? [], crs: crs)
        case "Feature":
            return ParsedDocument(features: [convert(feature, 0)], crs: crs)
        case .some:
            // A bare geometry is one feature without properties.
            return ParsedDocument(features: [convert(ParsedFeature(id: nil, properties: [], geometry: geometry), 0)], crs: crs)
        case nil:
            throw JSONSyntaxError(offset: 0, message: "not GeoJSON: the top-level object has no \"type\"")
        }
    }

    /// Below this many bytes of features a second reader is not worth starting.
    static let parallelThreshold = 16 << 20
    /// A piece of a long feature array read by one thread is at least this long (bytes), and there are up to four
    /// pieces a thread: the threads take pieces as they finish, so one slow thread (or a core busy with another
    /// file) does not hold the others back as two fixed halves would.
    static let smallestPiece = 4 << 20

    /// The k-th feature of a piece after the first, before the count of the features ahead of it is known.
    static func provisionalIndex(_ k: Int) -> Int { -1 - k }

    /// The feature array, in pieces on `threads` when it is long. Each piece starts at a guessed feature boundary
    /// and is read up to the next one; a piece is kept only when the pieces before it, read from the array's
    /// start, arrived exactly at its start (a guess could lie inside a string). So the features, and the first
    /// syntax error, are those a reading from start to end finds.
    private mutating func parseFeatureArray(threads: Int, threshold: Int, smallestPiece: Int, convert: (ParsedFeature, Int) -> Feature,
                                            settle: (inout Feature, Int) -> Void) throws -> [Feature] {
        if try scanner.open(UInt8(ascii: "["), closing: UInt8(ascii: "]"), "'[' (features array)") { return [] }
        let length = scanner.bytes.count - scanner.offset
        guard threads > 1, length >= threshold else { return try parseFeatures(until: nil, convert: convert).features }
        let wanted = max(2, min(4 * threads, length / max(1, smallestPiece)))
        var starts = [scanner.offset]
        for k in 1..<wanted {
            if let split = likelyFeatureStart(from: scanner.offset + length / wanted * k), split > starts[starts.count - 1] {
                starts.append(split)
            }
        }
        guard starts.count > 1 else { return try parseFeatures(until: nil, convert: convert).features }
        let start = self
        // On `threads` workers, each taking the next piece as it finishes one.
        let pieces = parallelMap(count: starts.count, threads: threads, workerState: {}, finished: { _ in }) { p, _ in
            Result { () throws -> (features: [Feature], reached: Bool, end: Int) in
                var parser = start
                parser.scanner.offset = starts[p]
                let read = try parser.parseFeatures(until: p + 1 < starts.count ? starts[p + 1] : nil, convert: convert,
                                                    provisional: p > 0)
                return (read.features, read.reachedSplit, parser.scanner.offset)
            }
        }
        var result: [Feature] = []
        for p in 0..<starts.count {
            // This piece starts where the ones before it ended: it reads as a reading from the start would.
            let piece = try pieces[p].get()
            if p == 0 {
                result = piece.features
            } else {
                let ahead = result.count
                result.reserveCapacity(ahead + piece.features.count)
                for var feature in piece.features {
                    settle(&feature, ahead + (-1 - feature.index))
                    result.append(feature)
                }
            }
            // Not at the next piece's start: this piece read on to the array's end (the guess was wrong).
            guard piece.reached else {
                scanner.offset = piece.end
                return result
            }
        }
        preconditionFailure("the last piece reads to the array's end")
    }

    /// Features up to `split` (the offset of a feature's '{', reached exactly) or the array's end.
    private mutating func parseFeatures(until split: Int?, convert: (ParsedFeature, Int) -> Feature,
                                        provisional: Bool = false) throws -> (features: [Feature], reachedSplit: Bool) {
        var result: [Feature] = []
        repeat {
            if let split {
                scanner.skipWhitespace()
                if scanner.offset == split { return (result, true) }
            }
            let index = provisional ? Self.provisionalIndex(result.count) : result.count
            result.append(convert(try parseFeature(), index))
        } while try scanner.nextElement(closing: UInt8(ascii: "]"))
        return (result, false)
    }

    /// The offset of the first '{' from `offset` on that follows "}" "," (whitespace allowed): very likely the
    /// start of a feature; nil when none is within 1 MB.
    private func likelyFeatureStart(from offset: Int) -> Int? {
        let bytes = scanner.bytes
        var k = offset
        let limit = min(bytes.count, k + (1 << 20))
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
        while k < limit {
            if bytes[k] == UInt8(ascii: "}") {
                var j = k + 1
                while j < limit, isSpace(bytes[j]) { j += 1 }
                if j < limit, bytes[j] == UInt8(ascii: ",") {
                    j += 1
                    while j < limit, isSpace(bytes[j]) { j += 1 }
                    if j < limit, bytes[j] == UInt8(ascii: "{") { return j }
                }
            }
            k += 1
        }
        return nil
    }

    private mutating func parseFeature() throws -> ParsedFeature {
        var feature = ParsedFeature()
        if try scanner.open(UInt8(ascii: "{"), closing: UInt8(ascii: "}"), "'{' (a Feature)") { return feature }
        repeat {
            let key = try scanner.scanKey()
            try scanner.expect(UInt8(ascii: ":"), "':' delimiter")
            if try !parseFeatureMember(key, into: &feature) { try scanner.skipValue() }
        } while try scanner.nextElement(closing: UInt8(ascii: "}"))
        return feature
    }

    /// Reads the value of a Feature member this tool uses; false (nothing read) for any other key.
    private mutating func parseFeatureMember(_ key: (start: Int, end: Int, escaped: Bool),
                                             into feature: inout ParsedFeature) throws -> Bool {
        if scanner.keyEquals(key, "geometry") {
            feature.geometry = try parseGeometryOrNull()
        } else if scanner.keyEquals(key, "properties") {
            feature.properties = try parseProperties()
        } else if scanner.keyEquals(key, "id") {
            feature.id = try scanner.parseValue()
        } else {
            return false
        }
        return true
    }

    private mutating func parseProperties() throws -> [(key: String, value: JSONValue)] {
        if scanner.peekIsNull() { try scanner.literal("null"); return [] }
        if case .idFieldOnly(let idField) = propertiesRead, scanner.current == UInt8(ascii: "{") {
            let start = scanner.offset
            if let members = try scanner.members(named: idField) { return members }
            scanner.offset = start
        }
        guard case .object(let members) = try scanner.parseValue() else { return [] }
        return members
    }

    private mutating func parseGeometryOrNull() throws -> ParsedGeometry? {
        if scanner.peekIsNull() { try scanner.literal("null"); return nil }
        return try parseGeometry(depth: 0)
    }

    private mutating func parseGeometryArray(depth: Int) throws -> [ParsedGeometry] {
        var result: [ParsedGeometry] = []
        scanner.skipWhitespace()
        guard scanner.current == UInt8(ascii: "[") else { try scanner.skipValue(); return result }
        if try scanner.open(UInt8(ascii: "["), closing: UInt8(ascii: "]"), "'[' (geometries)") { return result }
        repeat { result.append(try parseGeometry(depth: depth + 1)) } while try scanner.nextElement(closing: UInt8(ascii: "]"))
        return result
    }

    private mutating func parseGeometry(depth: Int) throws -> ParsedGeometry {
        var geometry = ParsedGeometry()
        scanner.skipWhitespace()
        // Valid JSON that is not a geometry object fails its feature, not the file.
        guard scanner.current == UInt8(ascii: "{") else {
            try scanner.skipValue()
            geometry.problem = "geometry is not a GeoJSON object"
            return geometry
        }
        guard depth < 8 else {
            try scanner.skipValue()
            geometry.problem = "GeometryCollection nested deeper than 8 levels"
            return geometry
        }
        if try scanner.open(UInt8(ascii: "{"), closing: UInt8(ascii: "}"), "'{' (a geometry)") { return geometry }
        repeat {
            let key = try scanner.scanKey()
            try scanner.expect(UInt8(ascii: ":"), "':' delimiter")
            if scanner.keyEquals(key, "type") {
                geometry.type = try scanner.parseValue().stringValue
            } else if scanner.keyEquals(key, "coordinates") {
                geometry.coordinates = try parseCoordinates()
            } else if scanner.keyEquals(key, "geometries") {
                geometry.geometries = try parseGeometryArray(depth: depth)
            } else {
                try scanner.skipValue()
            }
        } while try scanner.nextElement(closing: UInt8(ascii: "}"))
        return geometry
    }

    // MARK: coordinates

    private mutating func parseCoordinates(depth: Int = 0) throws -> CoordinateNode {
        scanner.skipWhitespace()
        guard scanner.current == UInt8(ascii: "[") else {
            try scanner.skipValue()
            return .malformed("coordinates are not an array")
        }
        guard depth < 8 else {
            try scanner.skipValue()
            return .malformed("coordinate arrays nested too deep")
        }
        let openingBracket = scanner.offset
        scanner.offset += 1
        scanner.skipWhitespace()
        let first = scanner.current
        if first == UInt8(ascii: "]") { scanner.offset += 1; return .list([]) }
        if first == UInt8(ascii: "-") || (first &- 0x30) < 10 {
            return try parsePositionBody()
        }
        guard first == UInt8(ascii: "[") else {
            // Valid JSON but not coordinates, e.g. [null] or ["a"]: keep the file readable, fail the feature.
            scanner.offset = openingBracket
            try scanner.skipValue()
            return .malformed("coordinates contain a non-number")
        }
        // Look one level down: a list of positions is read straight into one array.
        let child = try parseCoordinates(depth: depth + 1)
        if case .position(let p) = child {
            // Taken out of `gathered` while in use: a list nested wrongly inside this one finds it empty.
            var positions: [Position] = []
            swap(&positions, &gathered)
            positions.removeAll(keepingCapacity: true)
            positions.append(p)
            var problem: String?
            while try scanner.nextElement(closing: UInt8(ascii: "]")) {
                switch try parseCoordinates(depth: depth + 1) {
                case .position(let q): positions.append(q)
                case .malformed(let why): problem = problem ?? why
                default: problem = problem ?? "mixed nesting depth in coordinates"
                }
            }
            let exact = problem == nil ? [Position](unsafeUninitializedCapacity: positions.count) { buffer, initialized in
                initialized = buffer.initialize(fromContentsOf: positions)
            } : []
            if positions.capacity <= Self.gatheredRoomKept { gathered = positions }
            if let problem { return .malformed(problem) }
            return .positions(exact)
        }
        var children = [child]
        while try scanner.nextElement(closing: UInt8(ascii: "]")) {
            children.append(try parseCoordinates(depth: depth + 1))
        }
        // The first problem inside wins: it says more than "wrong depth" would.
        for case .malformed(let why) in children { return .malformed(why) }
        return .list(children)
    }

    /// The numbers of one position after its `[`; extra dimensions (z, m) are read and dropped.
    private mutating func parsePositionBody() throws -> CoordinateNode {
        var values = (0.0, 0.0)
        var count = 0
        var problem: String?
        repeat {
            scanner.skipWhitespace()
            let c = scanner.current
            if c == UInt8(ascii: "-") || (c &- 0x30) < 10 {
                let v = try scanner.parseNumber()
                if count == 0 { values.0 = v } else if count == 1 { values.1 = v }
                count += 1
            } else {
                try scanner.skipValue()
                problem = "a position contains a non-number"
            }
        } while try scanner.nextElement(closing: UInt8(ascii: "]"))
        if let problem { return .malformed(problem) }
        if count < 2 { return .malformed("a position with fewer than 2 numbers") }
        return .position(Position(values.0, values.1))
    }
}

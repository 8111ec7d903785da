import Foundation
import MineScreenSupport
import MineScreenGeometry

/// Reads the boundary coordinate text file (坐标文件) of land and mineral authorities:
/// a `[属性描述]` header (坐标系, 几度分带, 带号 …) and a `[地块坐标]` section of blocks, each a header line
/// `点数,面积(公顷),编号,名称,面,图幅号,用途,地类编码,@` followed by `点名,圈号,X,Y` lines with
/// X = northing and Y = easting (zone-prefixed or not). GBK or UTF-8.
///
/// Ring numbers only separate rings: a ring inside another ring of the same block is a hole, any other
/// ring is another part. Blocks that cannot be read become features with a `readProblem`, so they are
/// rejected and reported like any bad GeoJSON feature.
public struct CoordinateFileReader {
    public init() {}

    /// True when the bytes look like a coordinate file rather than JSON.
    /// A section line `[属性描述]` or `[地块坐标]` of its own, found in the bytes (see `SurveyText.hasSectionLine`).
    public static func recognises(_ bytes: [UInt8]) -> Bool {
        SurveyText.hasSectionLine(bytes)
    }

    public func parse(bytes: [UInt8], path: String, crsOverride: CRSIdentifier? = nil) throws -> FeatureFile {
        // A line that does not decode rejects the block it belongs to; outside the blocks it stops the read.
        let (text, undecodable) = SurveyText.decodeToUTF8(bytes)
        var attributes: [String: String] = [:]
        var section = ""
        var blocks: [(header: [String], line: Int, points: [SurveyPointLine])] = []
        var fieldRanges: [Range<Int>] = []
        // Line ends: LF, CRLF, or a lone CR (old Mac tools). Commas: see `fields(_:)`.
        try text.withUnsafeBufferPointer { buffer in try SurveyText.forEachLine(buffer) { number, start, end in
            // Point lines are nearly all of a file and nearly always ASCII: read from the bytes, no String per
            // field. Other lines (section lines, attributes, block headers, Chinese point names) as text.
            if section == "[地块坐标]", !blocks.isEmpty,
               let trimmed = SurveyText.asciiTrimmed(buffer, start, end), !trimmed.isEmpty,
               !(buffer[trimmed.lowerBound] == UInt8(ascii: "[") && buffer[trimmed.upperBound - 1] == UInt8(ascii: "]")) {
                SurveyText.asciiFields(buffer, trimmed, into: &fieldRanges)
                let last = fieldRanges[fieldRanges.count - 1]
                if !(last.count == 1 && buffer[last.lowerBound] == UInt8(ascii: "@")) {
                    blocks[blocks.count - 1].points.append(SurveyPointLine(ascii: buffer, fields: fieldRanges, line: number + 1))
                    return
                }
            }
            let untrimmed = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
            let line = SurveyText.trimmed(untrimmed, newlines: true)
            if line.isEmpty { return }
            // Outside the blocks (header section, before the first block header) there is no block to reject.
            if let why = undecodable[number + 1], section != "[地块坐标]" || (blocks.isEmpty && Self.fields(line).last != "@") {
                throw InputError.malformedLine(file: path, line: number + 1, why: why)
            }
            if line.hasPrefix("[") && line.hasSuffix("]") { section = line; return }
            if section == "[属性描述]" {
                if let eq = line.firstIndex(of: "=") {
                    attributes[String(line[..<eq]).trimmingCharacters(in: .whitespaces)] =
                        String(line[line.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
                }
                return
            }
            let fields = Self.fields(line)
            if fields.last == "@" {
                blocks.append((fields, number + 1, []))
            } else if !blocks.isEmpty {
                blocks[blocks.count - 1].points.append(SurveyPointLine(fields: fields, line: number + 1))
            } else {
                throw InputError.malformedLine(file: path, line: number + 1, why: "point line before any block header line (one ending in @)")
            }
        } }
        // "3", "6", "6度": the leading digits.
        func leadingNumber(_ text: String?) -> Int? { text.flatMap { Int($0.prefix { $0.isASCII && $0.isNumber }) } }
        let zoneWidth = leadingNumber(attributes["几度分带"]) ?? 3
        let zone = leadingNumber(attributes["带号"])
        let system = attributes["坐标系"] ?? ""
        // Xi'an 1980 and Beijing 1954 files get their own EPSG codes; loading them then asks for the
        // user's --towgs84 or --pipeline, as for any input on those datums.
        let datum = GaussKrugerDatum(coordinateSystem: system)
        var crs = crsOverride
        var features: [Feature] = []
        var rawBlocks: [RawBlock] = []
        for (index, block) in blocks.enumerated() {
            let h = block.header
            func field(_ k: Int) -> String { h.count > k ? h[k] : "" }
            // The id is 地块编号 (the third header field) unless it is empty.
            let id = field(2).isEmpty ? String(index) : field(2)
            let area = Double(field(1)).map(JSONValue.number) ?? .null
            let count = Double(field(0)).map(JSONValue.number) ?? .null
            // Chinese names as the format defines the fields, then the English names earlier versions used.
            let properties: [(key: String, value: JSONValue)] = [
                ("地块编号", .string(field(2))), ("地块名称", .string(field(3))), ("地块面积", area), ("点数", count),
                ("图形属性", .string(field(4))), ("图幅号", .string(field(5))), ("地块用途", .string(field(6))),
                ("地类编码", .string(field(7))),
                ("code", .string(field(2))), ("name", .string(field(3))), ("area_ha", area), ("points", count),
                ("kind", .string(field(4))), ("sheet", .string(field(5))), ("use", .string(field(6))),
                ("landClass", .string(field(7))), ("headerLine", .number(Double(block.line))),
            ]
            var rawBlock = Self.rawBlock(block.points, index: index, id: id, line: block.line, path: path)
            if let bad = ([block.line] + block.points.map(\.line)).first(where: { undecodable[$0] != nil }) {
                rawBlock.malformed = "\(path):\(bad): \(undecodable[bad]!)"
                rawBlock.malformedCode = "malformed"
                rawBlocks.append(rawBlock)
                features.append(Feature(index: index, id: id, properties: properties, geometry: .unsupported(typeName: "面"),
                                        readProblem: "line \(bad): \(undecodable[bad]!)"))
                continue
            }
            rawBlocks.append(rawBlock)
            do {
                let (polygons, blockZone) = try Self.polygons(block.points)
                if let zone, let blockZone, blockZone != zone {
                    throw ReadError(text: "zone prefix \(blockZone) of the eastings differs from 带号 \(zone): points on the wrong side of a zone seam")
                }
                let blockCRS = try Self.crs(datum, zoneWidth: zoneWidth, zone: blockZone ?? zone, prefixed: blockZone != nil, path: path)
                if crsOverride == nil {
                    if let crs, crs != blockCRS {
                        throw ReadError(text: "block in \(blockCRS), the file's earlier blocks in \(crs)")
                    }
                    crs = blockCRS
                }
                let geometry: Geometry = polygons.count == 1 ? .polygon(polygons[0]) : .multiPolygon(polygons)
                features.append(Feature(index: index, id: id, properties: properties, geometry: geometry))
            } catch let error as ReadError {
                let located = error.text.hasPrefix("line ") ? error.text : "line \(block.line): \(error.text)"
                features.append(Feature(index: index, id: id, properties: properties, geometry: .unsupported(typeName: "面"),
                                        readProblem: located))
            }
        }
        guard !blocks.isEmpty else {
            throw InputError.cannotRead(file: path, why: "no blocks: expected a [地块坐标] section of block header lines ending in @, each followed by 点名,圈号,X,Y lines")
        }
        // No block could name the zone (带号 missing, every block mixing prefixes): the prefix most eastings carry,
        // so `check` can name the odd points instead of refusing the file.
        let majority = RawFile(northingFirst: true, declaredZone: nil, blocks: rawBlocks).majorityZone
        guard let resolved = crs ?? (zone.flatMap { try? Self.crs(datum, zoneWidth: zoneWidth, zone: $0, prefixed: true, path: path) })
                ?? majority.flatMap({ try? Self.crs(datum, zoneWidth: $0.width, zone: $0.zone, prefixed: $0.prefixed, path: path) }) else {
            throw InputError.unknownCRS(file: path, crs: "坐标系=\(quotedForMessage(system, limit: 40)) 带号=\(zone.map(String.init) ?? "?")",
                                        why: "cannot tell the Gauss-Krüger zone (use --crs EPSG:NNNN)")
        }
        // 带号 with unprefixed eastings (read as EPSG:4534…4554): the zone is declared, the eastings just carry
        // no prefix, so only the longitude band is checked, not a prefix the file never meant to write.
        let unprefixed = GaussKrugerZone(resolved).map { !$0.prefixed && $0.zone == zone } ?? false
        let declared = zone.flatMap { GaussKrugerZone(width: zoneWidth, zone: $0, prefixed: !unprefixed) }
        return FeatureFile(path: path, crs: resolved, crsSource: crsOverride != nil ? "--crs" : "coordinate file header",
                           features: features, raw: RawFile(northingFirst: true, declaredZone: declared, blocks: rawBlocks))
    }

    /// The fields of a block header or point line. ASCII commas separate fields; a full-width comma "，" is
    /// text (block names such as "集中开采区，北段" contain it), unless the line has too few ASCII-separated
    /// fields to be a header (9, ending in @) or a point line (4): then it was typed with a Chinese input
    /// method and "，" separates too. A header split that way with more than 9 fields has full-width commas
    /// inside a field: the extra pieces are joined back into 地块名称 (the one free-text field), never
    /// made separators that would shift 图幅号, 地块用途 and 地类编码. ASCII-separated fields are taken as
    /// written, however many: some regions' templates have 12 header fields, not 9 (the writer never puts an
    /// ASCII comma inside a field).
    static func fields(_ line: String) -> [String] {
        func trimmed(_ parts: [Substring]) -> [String] { parts.map { SurveyText.trimmed($0, newlines: false) } }
        let ascii = trimmed(line.split(separator: ",", omittingEmptySubsequences: false))
        let isHeader = ascii.last == "@"
        if (isHeader && ascii.count >= 9) || (!isHeader && ascii.count >= 4) || !line.contains("，") { return ascii }
        var fields = trimmed(line.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "," || $0 == "，" }))
        if fields.last == "@", fields.count > 9 {
            let extra = fields.count - 9
            fields[3] = fields[3...(3 + extra)].joined(separator: "，")
            fields.removeSubrange(4...(3 + extra))
        }
        return fields
    }

    /// The block's points as written, ring by ring; the first unreadable line marks the block malformed.
    static func rawBlock(_ points: [SurveyPointLine], index: Int, id: String, line: Int, path: String) -> RawBlock {
        var rings: [RawRing] = []
        var malformed: String?
        for point in points {
            guard let x = point.x, let y = point.y else {
                if malformed == nil { malformed = "\(path):\(point.line): expected 点名,圈号,X,Y with numbers X and Y" }
                continue
            }
            if rings.last?.number != point.ring { rings.append(RawRing(number: point.ring, points: [])) }
            rings[rings.count - 1].points.append(RawPoint(name: point.name, first: x, second: y, line: point.line))
        }
        if rings.isEmpty, malformed == nil { malformed = "\(path):\(line): block header without point lines" }
        var block = RawBlock(index: index, id: id, line: line, rings: rings, malformed: malformed)
        if malformed == nil, let p = rings.lazy.flatMap(\.points).first(where: { swappedAxes($0.first, $0.second) != nil }) {
            block.malformed = "\(path):\(p.line ?? line): " + swappedAxes(p.first, p.second)!
            block.malformedCode = "swapped-axes"
        }
        return block
    }

    /// X an 8-digit zone-prefixed easting and Y a 7-digit northing: the columns are exchanged.
    static func swappedAxes(_ x: Double, _ y: Double) -> String? {
        guard x.isFinite, y.isFinite, GaussKrugerZone(prefixOf: x) != nil, (1_000_000..<10_000_000).contains(y) else { return nil }
        return "X=\(formatJSONNumber(x)) looks like a zone-prefixed easting and Y=\(formatJSONNumber(y)) like a northing: X and Y are swapped (survey X = northing, Y = easting); fix the file"
    }

    struct ReadError: Error { var text: String }

    /// CGCS2000 Gauss-Krüger CRS: 3° zones 25–45 are EPSG:4513–4533 with the zone prefix, 4534–4554
    /// without; 6° zones 13–23 are EPSG:4491–4501 with, 4502–4512 without.
    static func crs(_ datum: GaussKrugerDatum = .cgcs2000, zoneWidth: Int, zone: Int?, prefixed: Bool, path: String) throws -> CRSIdentifier {
        guard let zone else { throw ReadError(text: "no zone: 带号 missing and eastings without a zone prefix") }
        guard let code = datum.epsgCode(zoneWidth: zoneWidth, zone: zone, prefixed: prefixed) else {
            throw ReadError(text: "no \(datum.name) Gauss-Krüger CRS for a \(zoneWidth)° zone \(zone)")
        }
        return CRSIdentifier(authority: "EPSG", code: String(code))
    }

    /// Rings by ring number, then holes found by containment. Also returns the zone prefix of the eastings.
    static func polygons(_ points: [SurveyPointLine]) throws -> ([Polygon], Int?) {
        var rings: [(number: String, positions: [Position])] = []
        var prefixes = Set<Int>()
        for point in points {
            guard let x = point.x, let y = point.y else {
                throw ReadError(text: "line \(point.line): expected 点名,圈号,X,Y with numbers X and Y")
            }
            // Survey convention: X is the northing, Y the (possibly zone-prefixed) easting. The reverse is
            // reported, never repaired: a file with exchanged columns may be wrong in other ways too.
            if let why = swappedAxes(x, y) { throw ReadError(text: "line \(point.line): \(why)") }
            // Eastings have at most 8 digits (2-digit zone prefix, 6-digit easting): a longer one has no zone.
            guard abs(y) < 100_000_000 else {
                throw ReadError(text: "line \(point.line): Y=\(formatJSONNumber(y)) is too large for an easting (at most 8 digits with the zone prefix)")
            }
            if y >= 1_000_000 { prefixes.insert(Int(y / 1_000_000)) }
            if rings.last?.number != point.ring { rings.append((point.ring, [])) }
            rings[rings.count - 1].positions.append(Position(y, x))
        }
        guard !rings.isEmpty else { throw ReadError(text: "block without points") }
        guard prefixes.count <= 1 else {
            throw ReadError(text: "eastings with zone prefixes \(prefixes.sorted()): points on both sides of a zone seam")
        }
        return (assemble(rings.map(\.positions)), prefixes.first)
    }

    /// Rings to polygons by containment: a ring inside an outer ring is its hole, any other ring a part.
    /// Parts and holes keep the order the file lists them in, so a file written back reads the same.
    package static func assemble(_ rings: [[Position]]) -> [Polygon] {
        let order = rings.indices.sorted { abs(twiceSignedArea(rings[$0])) > abs(twiceSignedArea(rings[$1])) }
        // owner[k]: for a hole, the ring index of its exterior; nil for an exterior.
        var owner = [Int?](repeating: nil, count: rings.count)
        for (position, k) in order.enumerated() {
            // The smallest larger ring containing this one decides: inside an outer ring → hole.
            let container = order[..<position].reversed().first { evenOddContains(rings[$0], rings[k].first ?? Position(0, 0)) }
            if let c = container, owner[c] == nil { owner[k] = c }
        }
        var polygons: [Polygon] = []
        var slot: [Int: Int] = [:]
        for k in rings.indices where owner[k] == nil {
            slot[k] = polygons.count
            polygons.append(Polygon(rings: [rings[k]]))
        }
        for k in rings.indices { if let o = owner[k], let p = slot[o] { polygons[p].rings.append(rings[k]) } }
        return polygons
    }

    /// UTF-8 (with or without BOM), else GBK/GB18030 through iconv.
    static func decode(_ bytes: [UInt8]) -> String? {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let utf8 = String(validating: body, as: UTF8.self) { return utf8 }
        return convert(Array(bytes), from: "GB18030")
    }

    /// Text in `encoding` (GB18030 …) as a Swift string; nil when it is not valid in that encoding.
    static func convert(_ bytes: [UInt8], from encoding: String) -> String? {
        iconvConvert(bytes, from: encoding, to: "UTF-8").map { String(decoding: $0, as: UTF8.self) }
    }
}

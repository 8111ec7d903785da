import Foundation
import MineScreenSupport
import MineScreenGeometry

/// Reads corner-point (拐点坐标) tables: one row per point, `地块编号,点号,X,Y` (or `block,point,X,Y`), with an
/// optional `圈号`/`ring` column, X = northing and Y = easting as surveyors write them. Other columns become
/// block properties (first row of the block). GBK or UTF-8, with or without BOM.
///
/// The CRS comes from the zone prefix of the 8-digit eastings (38 512 345.67 → zone 38, EPSG:4526);
/// eastings without a prefix need `--crs`. A block whose X column holds prefixed eastings and Y column
/// northings has its axes swapped: that is reported with file and line, never silently repaired, because
/// a table with swapped columns may be wrong in other ways too.
public struct CornerPointCSVReader {
    public init() {}

    /// Column roles by header name, compared after `normalise` (trimmed, lower-cased, units in brackets dropped).
    static let blockNames: Set<String> = ["地块编号", "编号", "地块号", "区块编号", "矿区编号", "block", "block_id", "blockid", "id", "code"]
    static let pointNames: Set<String> = ["点号", "点名", "界址点号", "拐点号", "拐点编号", "point", "point_id", "pointid", "pt"]
    static let ringNames: Set<String> = ["圈号", "ring", "ring_id", "ringid"]
    static let xNames: Set<String> = ["x", "x坐标", "x(北)", "纵坐标", "northing"]
    static let yNames: Set<String> = ["y", "y坐标", "y(东)", "横坐标", "easting"]

    /// Exports often put a title row above the header: the header is the first of the first 10 non-empty
    /// lines naming an X and a Y column.
    static func headerLine(_ lines: [Substring]) -> Int? {
        var seen = 0
        for (k, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let names = splitCSVLine(String(line)).map(normalise)
            if names.contains(where: xNames.contains) && names.contains(where: yNames.contains) { return k }
            seen += 1
            if seen == 10 { break }
        }
        return nil
    }

    /// True when one of the first lines is a header naming an X and a Y column.
    public static func recognises(_ bytes: [UInt8]) -> Bool {
        // Whole lines only: cutting the sample inside a multi-byte character would defeat decoding.
        var sample = bytes.prefix(4096)
        if sample.count < bytes.count, let end = sample.lastIndex(of: 0x0A) ?? sample.lastIndex(of: 0x0D) { sample = sample[..<end] }
        guard let text = CoordinateFileReader.decode(Array(sample)) else { return false }
        return headerLine(text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })) != nil
    }

    static func normalise(_ name: String) -> String {
        var text = name.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "（", with: "(")
            .replacingOccurrences(of: "）", with: ")").lowercased()
        // "X(m)", "Y坐标（米）": a unit in brackets says nothing about the role.
        for unit in ["(m)", "(米)"] where text.hasSuffix(unit) { text = String(text.dropLast(unit.count)).trimmingCharacters(in: .whitespaces) }
        return text
    }

    struct Row { var fields: [String]; var line: Int }

    public func parse(bytes: [UInt8], path: String, crsOverride: CRSIdentifier? = nil) throws -> FeatureFile {
        guard let text = CoordinateFileReader.decode(bytes) else {
            throw InputError.cannotRead(file: path, why: "neither UTF-8 nor GBK text")
        }
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        guard let firstLine = lines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            throw InputError.cannotRead(file: path, why: "empty file")
        }
        guard let headerIndex = Self.headerLine(lines) else {
            throw InputError.malformedLine(file: path, line: firstLine + 1,
                                           why: "expected a corner-point CSV header naming X and Y columns (e.g. 地块编号,点号,X,Y) among the first 10 non-empty lines; none of them is one")
        }
        let header = Self.splitCSVLine(String(lines[headerIndex])).map(Self.normalise)
        let original = Self.splitCSVLine(String(lines[headerIndex])).map { $0.trimmingCharacters(in: .whitespaces) }
        func column(_ names: Set<String>) -> Int? { header.firstIndex(where: names.contains) }
        let xColumn = column(Self.xNames)!, yColumn = column(Self.yNames)!
        let blockColumn = column(Self.blockNames), pointColumn = column(Self.pointNames), ringColumn = column(Self.ringNames)
        let used = Set([xColumn, yColumn, blockColumn, pointColumn, ringColumn].compactMap { $0 })

        // Rows grouped by block id in order of first appearance (a file without a block column is one block).
        var order: [String] = []
        var rows: [String: [Row]] = [:]
        for k in (headerIndex + 1)..<lines.count {
            let line = lines[k].trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            let fields = Self.splitCSVLine(line).map { $0.trimmingCharacters(in: .whitespaces) }
            let id = blockColumn.map { $0 < fields.count ? fields[$0] : "" } ?? "1"
            if rows[id] == nil { order.append(id); rows[id] = [] }
            rows[id]!.append(Row(fields: fields, line: k + 1))
        }

        var features: [Feature] = []
        var rawBlocks: [RawBlock] = []
        var fileZone: GaussKrugerZone?
        var firstSwap: String?
        var unprefixedLine: Int?
        for (index, id) in order.enumerated() {
            let blockRows = rows[id]!
            var properties: [(key: String, value: JSONValue)] = []
            if blockColumn != nil { properties.append((original[blockColumn!], .string(id))) }
            for c in header.indices where !used.contains(c) {
                let value = c < blockRows[0].fields.count ? blockRows[0].fields[c] : ""
                properties.append((original[c], Self.cellValue(value)))
            }
            properties.append(("headerLine", .number(Double(blockRows[0].line))))
            var rings: [RawRing] = []
            var malformed: String?
            for row in blockRows {
                func field(_ c: Int?) -> String? { c.flatMap { $0 < row.fields.count ? row.fields[$0] : nil } }
                // Non-finite numbers ("1e400", "nan") are as unreadable as text: they must never reach GEOS.
                guard let x = field(xColumn).flatMap(Double.init), let y = field(yColumn).flatMap(Double.init),
                      x.isFinite, y.isFinite else {
                    if malformed == nil {
                        malformed = "\(path):\(row.line): X and Y must be numbers (got \(field(xColumn).map { quotedForMessage($0) } ?? "nothing"), \(field(yColumn).map { quotedForMessage($0) } ?? "nothing"))"
                    }
                    continue
                }
                let ring = field(ringColumn) ?? "1"
                if rings.last?.number != ring { rings.append(RawRing(number: ring, points: [])) }
                rings[rings.count - 1].points.append(RawPoint(name: field(pointColumn) ?? "", first: x, second: y, line: row.line))
            }
            rawBlocks.append(RawBlock(index: index, id: id, line: blockRows[0].line, rings: rings, malformed: malformed))
            func reject(_ why: String) {
                features.append(Feature(index: index, id: id, properties: properties, geometry: .unsupported(typeName: "corner points"),
                                        readProblem: why))
            }
            if let malformed { reject(malformed); continue }
            let points = rings.flatMap(\.points)
            // Survey X is a 7-digit northing, Y an 8-digit prefixed easting; the reverse is a swapped table.
            if let swapped = points.first(where: { CoordinateFileReader.swappedAxes($0.first, $0.second) != nil }) {
                let why = "\(path):\(swapped.line ?? 0): " + CoordinateFileReader.swappedAxes(swapped.first, swapped.second)!
                if firstSwap == nil { firstSwap = why }
                rawBlocks[rawBlocks.count - 1].malformed = why
                rawBlocks[rawBlocks.count - 1].malformedCode = "swapped-axes"
                reject(why)
                continue
            }
            let zones = Set(points.map { GaussKrugerZone(prefixOf: $0.second) })
            if zones.count > 1 {
                let prefixes = zones.compactMap { $0?.zone }.sorted()
                reject("\(path):\(blockRows[0].line): eastings with zone prefixes \(prefixes) (or none): points on both sides of a zone seam")
                continue
            }
            if crsOverride == nil {
                guard let zone = zones.first ?? nil else {
                    if unprefixedLine == nil { unprefixedLine = blockRows[0].line }
                    reject("\(path):\(blockRows[0].line): eastings without a zone prefix: give the CRS with --crs EPSG:4534…4554")
                    continue
                }
                if let fileZone, fileZone != zone {
                    reject("\(path):\(blockRows[0].line): eastings in \(zone), the file's earlier blocks in \(fileZone)")
                    continue
                }
                fileZone = zone
            }
            // A corner-point list may or may not repeat its first point; the shape is the same either way.
            let closed: [[Position]] = rings.map { ring in
                var ps = ring.points.map { Position($0.second, $0.first) }
                if let first = ps.first, ps.count > 1, ps.last != first { ps.append(first) }
                return ps
            }
            let polygons = CoordinateFileReader.assemble(closed)
            features.append(Feature(index: index, id: id, properties: properties,
                                    geometry: polygons.count == 1 ? .polygon(polygons[0]) : .multiPolygon(polygons)))
        }
        let crs: CRSIdentifier
        if let crsOverride {
            crs = crsOverride
        } else if let fileZone {
            crs = fileZone.crs
        } else if let firstSwap {
            throw InputError.invalidArgument(firstSwap)
        } else if let unprefixedLine {
            throw InputError.unknownCRS(file: path, crs: "none (line \(unprefixedLine): eastings without a zone prefix)",
                                        why: "give the Gauss-Krüger zone with --crs EPSG:4534…4554 (3°) or 4502…4512 (6°)")
        } else if features.isEmpty {
            throw InputError.cannotRead(file: path, why: "no corner points after the header")
        } else {
            crs = .cgcs2000  // every block unreadable: each is rejected with its own reason
        }
        return FeatureFile(path: path, crs: crs, crsSource: crsOverride != nil ? "--crs" : "zone prefix of the eastings",
                           features: features, raw: RawFile(northingFirst: true, declaredZone: fileZone ?? crsOverride.flatMap { GaussKrugerZone($0) },
                                                     blocks: rawBlocks))
    }

    /// A property cell: a number when it reads as one, except codes with leading zeros (地类编码 "0602"), which
    /// would lose them as numbers; anything else is text.
    static func cellValue(_ text: String) -> JSONValue {
        let digits = text.drop { $0 == "-" || $0 == "+" }
        if digits.count > 1, digits.first == "0", digits.dropFirst().first?.isNumber == true { return .string(text) }
        return Double(text).map(JSONValue.number) ?? .string(text)
    }

    /// One CSV line: commas (ASCII or full-width) separate fields; double quotes protect commas, "" is a quote.
    static func splitCSVLine(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var iterator = line.makeIterator()
        while let c = iterator.next() {
            if quoted {
                if c == "\"" {
                    // Look ahead one character: "" is an escaped quote, else the quoted part ends.
                    if let next = iterator.next() {
                        if next == "\"" { current.append("\"") } else {
                            quoted = false
                            if next == "," || next == "，" { fields.append(current); current = "" } else { current.append(next) }
                        }
                    } else { quoted = false }
                } else { current.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," || c == "，" {
                fields.append(current); current = ""
            } else {
                current.append(c)
            }
        }
        fields.append(current)
        if let first = fields.first, first.hasPrefix("\u{FEFF}") { fields[0] = String(first.dropFirst()) }
        return fields.map(withoutFormulaGuard)
    }

    /// A cell as written before `CSVWriter.defused` put a `'` before it (`'=1+1` → `=1+1`), so text that
    /// starts like a spreadsheet formula survives a CSV round trip unchanged.
    static func withoutFormulaGuard(_ field: String) -> String {
        let bytes = field.utf8
        guard bytes.count > 1, bytes.first == UInt8(ascii: "'") else { return field }
        let second = bytes[bytes.index(after: bytes.startIndex)]
        let guarded: [UInt8] = [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), UInt8(ascii: "\t"), UInt8(ascii: "\r")]
        return guarded.contains(second) ? String(field.dropFirst()) : field
    }
}

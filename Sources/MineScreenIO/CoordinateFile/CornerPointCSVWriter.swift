import MineScreenSupport
/// Writes a corner-point CSV the CSV reader reads: `地块编号,地块名称,点号,圈号,X,Y`, X = northing, Y = easting
/// with the zone prefix, rings closed by repeating their first point (as in a 坐标文件), then one column per
/// other block property (地块面积, 图幅号, a GeoJSON's declared_km2 …), repeated on every row of the block. The
/// reader takes a block's properties from its first row, so a round trip keeps them (the declared 地块面积
/// included, which a 坐标文件 written from the CSV then carries instead of the plane area).
public struct CornerPointCSVWriter {
    public var decimals = 4
    public init(decimals: Int = 4) { self.decimals = decimals }

    /// English names the 坐标文件 reader adds beside the Chinese ones: written once, under the Chinese name.
    static let aliases = ["code": "地块编号", "name": "地块名称", "area_ha": "地块面积", "points": "点数", "kind": "图形属性",
                          "sheet": "图幅号", "use": "地块用途", "landClass": "地类编码"]

    /// Property columns after X, Y: in order of first appearance, without names the reader would take for
    /// the block, point, ring, X or Y column, and without an alias whose Chinese property is there.
    static func propertyColumns(_ blocks: [ExportBlock]) -> [String] {
        let roles = CornerPointCSVReader.blockNames.union(CornerPointCSVReader.pointNames).union(CornerPointCSVReader.ringNames)
            .union(CornerPointCSVReader.xNames).union(CornerPointCSVReader.yNames).union(["地块名称"])
        var columns: [String] = []
        var seen = Set<String>()
        for block in blocks {
            let keys = Set(block.properties.map(\.key))
            for p in block.properties where !roles.contains(CornerPointCSVReader.normalise(p.key)) && !seen.contains(p.key) {
                if let chinese = aliases[p.key], keys.contains(chinese) { continue }
                seen.insert(p.key)
                columns.append(p.key)
            }
        }
        return columns
    }

    public func text(_ blocks: [ExportBlock]) -> String {
        let columns = Self.propertyColumns(blocks)
        var lines = [(["地块编号", "地块名称", "点号", "圈号", "X", "Y"] + columns.map(quote)).joined(separator: ",")]
        for block in blocks {
            let values = columns.map { key in quote(block.properties.first { $0.key == key }.map { Self.cell($0.value) } ?? "") }
            var k = 0
            for (r, ring) in block.surveyRings.enumerated() {
                let firstName = "J\(k + 1)"
                for (i, p) in ring.enumerated() {
                    let name: String
                    if i == ring.count - 1 { name = firstName } else { k += 1; name = "J\(k)" }
                    lines.append(([quote(block.id), quote(block.text("地块名称", "name", "名称")), name, "\(r + 1)",
                                   surveyNumber(p.y, decimals: decimals), surveyNumber(p.x, decimals: decimals)] + values).joined(separator: ","))
                }
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A property as a cell: numbers as JSON writes them (so they read back as the same number), text as is,
    /// null as an empty cell, arrays and objects as their JSON text.
    static func cell(_ value: JSONValue) -> String {
        switch value {
        case .null: return ""
        case .string(let text): return text
        case .number(let number): return formatJSONNumber(number)
        default: return value.labelText ?? JSONWriter.string(value, pretty: false)
        }
    }

    /// One line per text (id, name, property) holding a line break, which `quote` writes as a space: the CSV
    /// reader takes one row per line, so a break inside a cell would cut the block's row in two.
    public static func warnings(_ blocks: [ExportBlock]) -> [String] {
        blocks.flatMap { block in
            ([("地块编号", block.id), ("地块名称", block.text("地块名称", "name", "名称"))]
                + block.properties.map { ($0.key, cell($0.value)) }).compactMap { name, value in
                value.contains(where: \.isNewline)
                    ? "block \(block.id): \(name) \"\(value)\" has a line break, written as a space (the corner-point CSV holds one row per line)"
                    : nil
            }
        }
    }

    /// RFC 4180 quoting, a line break as a space (see `warnings`), and a `'` before text a spreadsheet would
    /// run as a formula (`CSVWriter.defused`; the CSV reader takes it off again).
    private func quote(_ cell: String) -> String {
        let oneLine = cell.contains(where: \.isNewline) ? String(cell.map { $0.isNewline ? " " : $0 }) : cell
        let field = CSVWriter.defused(oneLine)
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "，" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

import Foundation
import MineScreenGeometry
import MineScreenSupport

/// Writes the boundary coordinate file (坐标文件) the reader reads: `[属性描述]` from the Gauss-Krüger zone,
/// `[地块坐标]` blocks with `点数,面积(公顷),地块编号,地块名称,面,图幅号,地块用途,地类编码,@` headers and
/// `J1,圈号,X,Y` lines (X = northing, Y = easting with the zone prefix).
public struct CoordinateFileWriter {
    /// Coordinates of `blocks` must be in `zone`'s plane with the prefix (e.g. EPSG:4526 for 3° zone 38).
    public var zone: GaussKrugerZone
    /// Decimal places of X and Y; 精度 in the header says the same.
    public var decimals = 4
    /// 数据产生日期; today when nil.
    public var date: String?

    public init(zone: GaussKrugerZone, decimals: Int = 4, date: String? = nil) {
        self.zone = zone.withPrefix; self.decimals = decimals; self.date = date
    }

    public func text(_ blocks: [ExportBlock]) -> String {
        let today: String = date ?? {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.dateFormat = "yyyy-MM-dd"
            return formatter.string(from: Date())
        }()
        let precision = decimals == 0 ? "1" : "0." + String(repeating: "0", count: decimals - 1) + "1"
        var lines = ["[属性描述]", "格式版本号=1.01版本", "数据产生单位=", "数据产生日期=\(today)",
                     "坐标系=2000国家大地坐标系", "几度分带=\(zone.width)", "投影类型=高斯克吕格", "计量单位=米",
                     "带号=\(zone.zone)", "精度=\(precision)", "转换参数=,,,,,,", "[地块坐标]"]
        for block in blocks {
            let rings = block.surveyRings
            // The declared area travels with the block when it has one; otherwise the computed area (`surveyArea`).
            let fields = ["\(rings.reduce(0) { $0 + $1.count })", formatFixed(block.surveyArea.hectares, decimals: 4), clean(block.id),
                          clean(block.text("地块名称", "name", "名称")), "面", clean(block.text("图幅号", "sheet")),
                          clean(block.text("地块用途", "use", "用途")), clean(block.text("地类编码", "landClass")), "@"]
            lines.append(fields.joined(separator: ","))
            var k = 0
            for (r, ring) in rings.enumerated() {
                let firstName = "J\(k + 1)"
                for (i, p) in ring.enumerated() {
                    // The closing point repeats the ring's first point, name included.
                    let name: String
                    if i == ring.count - 1 { name = firstName } else { k += 1; name = "J\(k)" }
                    lines.append("\(name),\(r + 1),\(surveyNumber(p.y, decimals: decimals)),\(surveyNumber(p.x, decimals: decimals))")
                }
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The header fields taken from text properties, as (field name, value).
    static func textFields(_ block: ExportBlock) -> [(String, String)] {
        [("地块编号", block.id), ("地块名称", block.text("地块名称", "name", "名称")), ("图幅号", block.text("图幅号", "sheet")),
         ("地块用途", block.text("地块用途", "use", "用途")), ("地类编码", block.text("地类编码", "landClass"))]
    }

    /// One line per field whose ASCII comma or line break `clean` replaces, so the user knows the file's text
    /// differs from the input's.
    public static func warnings(_ blocks: [ExportBlock]) -> [String] {
        blocks.flatMap { block in
            textFields(block).compactMap { name, value in
                value.contains(where: { $0 == "," || $0 == "\n" || $0 == "\r" })
                    ? "block \(block.id): \(name) \"\(value)\" has an ASCII comma or line break, written as \"，\" or a space (the 坐标文件 separates fields with ASCII commas)"
                    : nil
            }
        }
    }

    /// An ASCII comma or line break inside a field would break the line's structure: a comma becomes a
    /// full-width "，", which the reader keeps inside the field (see `CoordinateFileReader.fields`).
    private func clean(_ text: String) -> String {
        text.replacingOccurrences(of: ",", with: "，").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
    }
}

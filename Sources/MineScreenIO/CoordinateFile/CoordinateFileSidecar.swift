import Foundation
import MineScreenSupport

/// The CSV written beside a 坐标文件: one row per block with its id, the 面积 written and where it came
/// from, and every property the block had, so a conversion loses nothing the 坐标文件's header line has no
/// field for (county, mineral, a declared area in km² …). UTF-8 with a byte order mark, as Excel reads it.
public enum CoordinateFileSidecar {
    /// `blocks.txt` → `blocks.properties.csv`.
    public static func path(for coordinateFile: String) -> String {
        let base = (coordinateFile as NSString).pathExtension.lowercased() == "txt"
            ? (coordinateFile as NSString).deletingPathExtension : coordinateFile
        return base + ".properties.csv"
    }

    public static func text(_ blocks: [ExportBlock]) -> String {
        var keys: [String] = []
        var seen = Set<String>()
        for block in blocks {
            let present = Set(block.properties.map(\.key))
            for (key, _) in block.properties where !seen.contains(key) {
                // The 坐标文件 reader's English aliases repeat its Chinese properties: each is listed once.
                if let chinese = CornerPointCSVWriter.aliases[key], present.contains(chinese) { continue }
                seen.insert(key)
                keys.append(key)
            }
        }
        var csv = CSVWriter(header: ["地块编号", "面积(公顷)", "面积来源 area source"] + keys)
        for block in blocks {
            let area = block.surveyArea
            // Arrays and objects as their JSON text; null and an absent property as an empty cell.
            let values = keys.map { key -> String in
                guard let value = block.properties.first(where: { $0.key == key })?.value, value != .null else { return "" }
                return value.labelText ?? JSONWriter.string(value, pretty: false)
            }
            csv.append([block.id, formatFixed(area.hectares, decimals: 4), area.source] + values)
        }
        return csv.text
    }

    /// What the user is told: where the properties went, and how many 面积 are computed rather than declared.
    static func notes(_ blocks: [ExportBlock], sidecar: String) -> [String] {
        let computed = blocks.filter { DeclaredArea.squareMetres($0.properties) == nil }
        var notes = ["block properties written to \(sidecar)"]
        if !computed.isEmpty {
            notes.append("\(computed.count) of \(blocks.count) blocks declare no area (\(DeclaredArea.fields.map(\.name).joined(separator: ", "))): their 面积 is \(computed[0].surveyArea.source) (面积来源 in \(sidecar))")
        }
        return notes
    }
}

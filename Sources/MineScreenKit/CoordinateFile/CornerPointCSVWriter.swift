/// Writes a corner-point CSV the CSV reader reads: `地块编号,地块名称,点号,圈号,X,Y`, X = northing, Y = easting
/// with the zone prefix, rings closed by repeating their first point (as in a 坐标文件).
public struct CornerPointCSVWriter {
    public var decimals = 4
    public init(decimals: Int = 4) { self.decimals = decimals }

    public func text(_ blocks: [ExportBlock]) -> String {
        var lines = ["地块编号,地块名称,点号,圈号,X,Y"]
        for block in blocks {
            var k = 0
            for (r, ring) in block.surveyRings.enumerated() {
                let firstName = "J\(k + 1)"
                for (i, p) in ring.enumerated() {
                    let name: String
                    if i == ring.count - 1 { name = firstName } else { k += 1; name = "J\(k)" }
                    lines.append([quote(block.id), quote(block.text("地块名称", "name", "名称")), name, "\(r + 1)",
                                  surveyNumber(p.y, decimals: decimals), surveyNumber(p.x, decimals: decimals)].joined(separator: ","))
                }
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    private func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "，" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

import MineScreenSupport
import MineScreenIO
import MineScreenAnalysis
/// `check` output. JSON is exactly `{"file", "blocks": [{"id", "problems": [{"code", "message", "at"}]}]}`,
/// every block listed, `at` null when a problem has no single point.
public struct CheckReport {
    public var result: CheckResult
    public init(result: CheckResult) { self.result = result }

    public var json: JSONValue {
        .object([
            ("file", .string(result.file)),
            ("blocks", .array(result.blocks.map { block in
                .object([("id", .string(block.id)), ("problems", .array(block.problems.map { p in
                    .object([("code", .string(p.code)), ("message", .string(p.message)),
                             ("at", p.at.map { .array($0.map(JSONValue.number)) } ?? .null)])
                }))])
            })),
        ])
    }

    public var table: String {
        let zone = result.declaredZone.map { ", declared zone: \($0)" }
            ?? result.inferredZone.map { ", no declared zone; checked against \($0), the eastings' majority prefix" }
            ?? ", no declared zone (zone checks skipped)"
        var out = TerminalText.escaped("File: \(result.file) (\(result.format.rawValue), \(result.crs)\(zone))") + "\n\n"
        var table = TextTable(headers: ["id", "code", "at", "message"], alignments: [.left, .left, .left, .left])
        for block in result.blocks {
            if block.problems.isEmpty { table.rows.append([block.id, "ok", "", ""]) }
            for p in block.problems {
                let at = p.at.map { $0.map(formatJSONNumber).joined(separator: ", ") } ?? ""
                table.rows.append([block.id, p.code, at, p.message])
            }
        }
        out += table.render()
        let failing = result.blocks.filter { !$0.problems.isEmpty }.count
        out += "\nBlocks: \(result.blocks.count), \(failing) with problems, \(result.blocks.count - failing) clean\n"
        return out
    }
}

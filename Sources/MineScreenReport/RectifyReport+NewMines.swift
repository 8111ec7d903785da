import Foundation
import MineScreenSupport
import MineScreenIO
import MineScreenAnalysis

/// `rectify --candidates`: the plan's attachment 4 (拟新设置名单) from a screen run, and 关设并举 — no more new mines
/// than mines closed or led out (the close and exit lists of this run). Nothing here is written without `--candidates`.
extension RectifyReport {
    /// Mines on the close and exit lists: the ones new mines are weighed against.
    var closedCount: Int { count(.close) + count(.exit) }

    /// new ≤ closed + exited.
    func balanceHolds(_ candidates: NewMineCandidates) -> Bool { candidates.listed.count <= closedCount }

    var balanceMembers: [(key: String, value: JSONValue)] {
        guard let candidates else { return [] }
        return [("balance", .object([("new", .number(Double(candidates.listed.count))), ("closed", .number(Double(closedCount))),
                                     ("ok", .bool(balanceHolds(candidates)))]))]
    }

    /// `resources` as the property held it: a number stays a number.
    static func resourcesJSON(_ value: JSONValue?) -> JSONValue {
        guard let value else { return .null }
        return value.numberValue.map { .number($0) } ?? value
    }

    static func resourcesText(_ value: JSONValue?) -> String { value.flatMap(\.labelText) ?? "" }

    var newMinesMembers: [(key: String, value: JSONValue)] {
        guard let candidates else { return [] }
        let list: [JSONValue] = candidates.listed.map { c in
            var m: [(key: String, value: JSONValue)] = [
                ("id", .string(c.id)), ("name", .string(c.name)), ("mineral", c.mineral.map { .string($0) } ?? .null),
                ("area_km2", .number(c.areaM2 / 1e6)),
            ]
            if c.verdict == "needs-cut" { m.append(("clean_km2", .number(c.cleanM2 / 1e6))) }
            m += [("resources", Self.resourcesJSON(c.resources)), ("location", c.location.map { .string($0) } ?? .null),
                  ("year", c.year.map { .string($0) } ?? .null), ("verdict", .string(c.verdict))]
            return .object(m)
        }
        return [
            ("newMines", .array(list)),
            ("candidates", .object([
                ("file", .string(candidates.file)), ("blocks", .number(Double(candidates.blockCount))),
                ("newMineRulesChecked", .bool(candidates.newMineRulesChecked)),
                ("notListed", .array(candidates.excluded.map { e in
                    .object([("id", .string(e.id)), ("verdict", .string(e.verdict)), ("reason", .string(e.why))])
                })),
            ])),
        ]
    }

    /// "Balance (关设并举): 3 new ≤ 12 closed or exited: ok".
    func balanceLine(_ candidates: NewMineCandidates) -> String {
        let new = candidates.listed.count
        return balanceHolds(candidates)
            ? "Balance (关设并举): \(new) new ≤ \(closedCount) closed or exited: ok"
            : "Balance (关设并举): \(new) new > \(closedCount) closed or exited: NOT ok"
    }

    static func km2(_ m2: Double) -> String { formatFixed(m2 / 1e6, decimals: 4) }

    var newMinesLines: [String] {
        guard let candidates else { return [] }
        var table = TextTable(headers: ["id", "拟设矿业权名称", "开采矿种", "area km²", "clean km²", "预测资源量", "地理位置", "拟出让年度", "verdict"],
                              alignments: [.left, .left, .left, .right, .right, .right, .left, .left, .left])
        for c in candidates.listed {
            table.rows.append([c.id, c.name, c.mineral ?? "", Self.km2(c.areaM2), c.verdict == "needs-cut" ? Self.km2(c.cleanM2) : "",
                               Self.resourcesText(c.resources), c.location ?? "", c.year ?? "", c.verdict].map(TerminalText.escaped))
        }
        var lines = ["", TerminalText.escaped("New mines 拟新设置名单 from \(candidates.file): \(candidates.listed.count) of \(candidates.blockCount) blocks (clean or needs-cut, no new-mine rule broken)")]
        if !candidates.newMineRulesChecked { lines.append("Note: the screen run had no new_mines rules; no block was checked against them") }
        if !candidates.listed.isEmpty { lines.append(table.render()) }
        for e in candidates.excluded { lines.append(TerminalText.escaped("  not listed: \(e.id): \(e.why)")) }
        lines.append(balanceLine(candidates))
        return lines
    }

    /// Extra CSV columns when there is a new-mines list (left blank on the mines' rows).
    var newMinesCSVColumns: [String] {
        candidates == nil ? [] : ["area_km2", "clean_km2", "resources", "location", "year", "screen_verdict"]
    }

    /// New mines as rows of category `new`, then one `balance` row whose reasons cell says whether the balance holds.
    func appendNewMines(to csv: inout CSVWriter, columns: Int) {
        guard let candidates else { return }
        // id, name, owner, licence, mineral, scale, reserves, service_years, licence_expiry, planned_scale, category, group, reason_codes, reasons
        for c in candidates.listed {
            csv.append([c.id, c.name, "", "", c.mineral ?? "", "", "", "", "", "", "new", "", "", ""]
                + [formatFixed(c.areaM2 / 1e6, decimals: 6), c.verdict == "needs-cut" ? formatFixed(c.cleanM2 / 1e6, decimals: 6) : "",
                   Self.resourcesText(c.resources), c.location ?? "", c.year ?? "", c.verdict, ""])
        }
        let balance = ["balance", "", "", "", "", "", "", "", "", "", "balance", "", balanceHolds(candidates) ? "ok" : "not-ok", balanceLine(candidates)]
        csv.append(balance + Array(repeating: "", count: max(0, columns - balance.count)))
    }

    /// Attachment 4: 拟新设置名单, in its column order; then the block id, the screen verdict and the clean area of a block to be cut.
    var newMinesTables: [ReportTable] {
        guard let candidates else { return [] }
        var table = ReportTable(name: "拟新设置名单", columns: ["序号", "拟设矿业权名称(规划区块)", "开采矿种", "矿区面积(平方公里)", "预测资源量(万吨)",
                                                          "地理位置", "拟出让年度", "区块编号", "筛查结论", "净矿面积(平方公里)"])
        for (k, c) in candidates.listed.enumerated() {
            let resources: ReportCell = c.resources?.numberValue.map { .number($0, decimals: 2) }
                ?? (Self.resourcesText(c.resources).isEmpty ? .empty : .text(Self.resourcesText(c.resources)))
            table.rows.append([.integer(k + 1), .text(c.name), c.mineral.map { .text($0) } ?? .empty, .number(c.areaM2 / 1e6, decimals: 4),
                               resources, c.location.map { .text($0) } ?? .empty, c.year.map { .text($0) } ?? .empty, .text(c.id),
                               .text(c.verdict), c.verdict == "needs-cut" ? .number(c.cleanM2 / 1e6, decimals: 4) : .empty])
        }
        table.footers = [[.text("关设并举"), .text(balanceLine(candidates))] + Array(repeating: ReportCell.empty, count: 8)]
        return [table]
    }

    var newMinesFacts: [(label: String, value: String)] {
        guard let candidates else { return [] }
        return [("New mines", "\(candidates.file): \(candidates.listed.count) of \(candidates.blockCount) blocks"
                    + (candidates.newMineRulesChecked ? "" : " (the screen run had no new_mines rules)")),
                ("Balance", balanceLine(candidates))]
    }
}

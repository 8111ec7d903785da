import Foundation
import MineScreenSupport
import MineScreenIO
import MineScreenAnalysis

/// Writes `minescreen rectify` results: table, CSV, JSON, and the workbook with the plan's lists in the
/// column layouts of its attachments 2 and 3 (晋市政办〔2024〕41号).
public struct RectifyReport {
    public var result: RectifyResult
    public var context: ReportContext
    /// `--candidates`: the new-mines list (attachment 4) read from a screen run, and the balance against closures.
    public var candidates: NewMineCandidates?

    public init(result: RectifyResult) {
        self.result = result
        self.context = ReportContext(command: "rectify", crs: result.mines.crs, crsSource: result.mines.crsSource,
                                     method: .ellipsoidal, unit: .m2, overlay: true)
    }

    public static let distanceNote = "distances: GEOS distance in a transverse Mercator centred on the first licence of each pair (scale 1 at its centre): ground metres; areas beyond the boundary: ellipsoidal (geodesic) on CGCS2000"

    func count(_ category: RectifyCategory) -> Int { result.results.filter { $0.category == category }.count }

    func mineID(_ index: Int) -> String { result.results.first { $0.mine.index == index }?.mine.id ?? String(index) }

    public var json: JSONValue {
        var members = context.jsonHeader
        members.append(("asOf", .string(result.rules.asOf.description)))
        members.append(("measurement", .string(Self.distanceNote)))
        members.append(("file", .string(result.mines.path)))
        members.append(("rules", result.rules.echo))
        members.append(("mines", .array(result.results.map { r in
            let m = r.mine
            var object: [(key: String, value: JSONValue)] = [
                ("id", .string(m.id)), ("index", .number(Double(m.index))), ("name", .string(m.name)), ("owner", .string(m.owner)),
                ("licence", m.licence.map { .string($0) } ?? .null),
                ("licence_expiry", m.licenceExpiry.map { .string($0.description) } ?? .null),
                ("mineral", .string(m.mineral)), ("scale", .number(m.scale)), ("reserves", .number(m.reserves)),
                ("service_years", m.serviceYears.map { .number($0) } ?? .null),
                ("planned_scale", m.plannedScale.map { .number($0) } ?? .null),
                ("category", .string(r.category.rawValue)), ("reasons", .array(r.reasons.map(\.json))),
                ("group", r.group.map { .string($0) } ?? .null),
            ]
            if m.plannedScale == nil { object.removeAll { $0.key == "planned_scale" } }
            return .object(object)
        })))
        members.append(("groups", .array(result.groups.map { g in
            .object([("id", .string(g.id)), ("mines", .array(g.members.map { .string(mineID($0)) })), ("reasons", .array(g.links.map(\.json)))])
        })))
        members.append(("summary", .object(RectifyCategory.allCases.map { ($0.rawValue, .number(Double(count($0)))) }
            + [("groups", .number(Double(result.groups.count))), ("rejected", .number(Double(result.rejected.count))),
               ("mines", .number(Double(result.results.count)))] + balanceMembers)))
        members.append(("unlicensedFootprints", .array(result.unlicensedFootprints.map { .string($0) })))
        members.append(("rejected", .array(result.rejected.map(\.json))))
        return .object(members + newMinesMembers)
    }

    func number(_ value: Double?, decimals: Int = 2) -> String { value.map { formatFixed($0, decimals: decimals) } ?? "" }

    public var table: String {
        var table = TextTable(headers: ["id", "name", "owner", "mineral", "scale", "reserves", "service yr", "category", "group", "reasons"],
                              alignments: [.left, .left, .left, .left, .right, .right, .right, .left, .left, .left])
        for r in result.results {
            let m = r.mine
            // Text from the input file is escaped cell by cell, so a control character in a name cannot reach the terminal.
            table.rows.append([m.id, m.name, m.owner, m.mineral].map(TerminalText.escaped)
                + [formatJSONNumber(m.scale), formatJSONNumber(m.reserves), number(m.serviceYears),
                   "\(r.category.rawValue) \(r.category.chinese)", r.group ?? "", r.reasons.map(\.code).joined(separator: ", ")])
        }
        var lines = ["Rules: \(result.rules.file), as of \(result.rules.asOf); scales in 10⁴ t/yr, reserves in 10⁴ t",
                     TerminalText.escaped("Mines: \(result.mines.path) (\(context.crsNote))"),
                     "Measured: \(Self.distanceNote)", "", table.render(),
                     "Lists: " + RectifyCategory.allCases.map { "\(count($0)) \($0.rawValue)" }.joined(separator: ", ")]
        for g in result.groups {
            lines.append(TerminalText.escaped("Group \(g.id): " + g.members.map(mineID).joined(separator: ", ") + " — " + g.links.map(\.message).joined(separator: "; ")))
        }
        if !result.unlicensedFootprints.isEmpty {
            lines.append(TerminalText.escaped("Footprints touching no licence: " + result.unlicensedFootprints.joined(separator: ", ")))
        }
        return (lines + newMinesLines).joined(separator: "\n") + "\n" + rejectedLines(result.rejected)
    }

    public var csv: String {
        let header = ["id", "name", "owner", "licence", "mineral", "scale", "reserves", "service_years", "licence_expiry", "planned_scale",
                      "category", "group", "reason_codes", "reasons"] + newMinesCSVColumns + ["rejected"]
        var csv = CSVWriter(header: header)
        for r in result.results {
            let m = r.mine
            csv.append([m.id, m.name, m.owner, m.licence ?? "", m.mineral, formatJSONNumber(m.scale), formatJSONNumber(m.reserves),
                        number(m.serviceYears, decimals: 4), m.licenceExpiry?.description ?? "", m.plannedScale.map(formatJSONNumber) ?? "",
                        r.category.rawValue, r.group ?? "", r.reasons.map(\.code).joined(separator: ";"),
                        r.reasons.map(\.message).joined(separator: "; ")] + Array(repeating: "", count: newMinesCSVColumns.count) + [""])
        }
        appendNewMines(to: &csv, columns: header.count)
        csv.appendRejected(result.rejected, columns: header.count)
        return csv.text
    }

    var facts: [(label: String, value: String)] {
        context.facts(file: result.mines.path, extra: [
            ("Rules", "\(result.rules.file), as of \(result.rules.asOf)"),
            ("Ore bodies", result.orebodies?.path ?? "none given"),
            ("Footprints", result.footprints?.path ?? "none given"),
            ("Measured", Self.distanceNote),
            ("Lists", "close 关闭取缔 > exit 引导退出 > consolidate 整合重组 > upgrade 升级改造 > keep 保留: a mine goes on the first list a reason puts it on"),
        ] + newMinesFacts)
    }

    /// Attachment 2: 关闭退出名单, with the way out marked.
    var closeExitSheet: ReportTable {
        var table = ReportTable(name: "关闭退出名单", columns: ["序号", "矿山名称", "采矿权人", "采矿许可证号", "开采矿种", "生产规模(万吨/年)",
                                                          "采矿许可证有效期", "关闭退出方式:关闭取缔", "关闭退出方式:引导退出", "关闭退出时间", "理由"])
        for (k, r) in result.results.filter({ $0.category == .close || $0.category == .exit }).enumerated() {
            let m = r.mine
            table.rows.append([.integer(k + 1), .text(m.name), .text(m.owner), .text(m.licence ?? ""), .text(m.mineral), .number(m.scale, decimals: 2),
                               .text(m.licenceExpiry?.description ?? ""), .text(r.category == .close ? "√" : ""), .text(r.category == .exit ? "√" : ""),
                               .empty, .text(reasonCodes(r, in: r.category == .close ? RectifyReason.closeCodes : RectifyReason.exitCodes))])
        }
        return table
    }

    /// Attachment 3: 升级改造名单, current and planned scale, service life after the upgrade.
    var upgradeSheet: ReportTable {
        var table = ReportTable(name: "升级改造名单", columns: ["序号", "矿山名称", "采矿权人", "采矿许可证号", "开采矿种", "采矿许可证有效期",
                                                          "剩余可采资源量(万吨)", "改造后服务年限", "现有生产规模(万吨/年)", "提升改造后生产规模(万吨/年)", "完成时间"])
        for (k, r) in result.results.filter({ $0.category == .upgrade }).enumerated() {
            let m = r.mine
            let planned = m.plannedScale ?? 0
            table.rows.append([.integer(k + 1), .text(m.name), .text(m.owner), .text(m.licence ?? ""), .text(m.mineral),
                               .text(m.licenceExpiry?.description ?? ""), .number(m.reserves, decimals: 2),
                               planned > 0 ? .number(m.reserves / planned, decimals: 2) : .empty, .number(m.scale, decimals: 2),
                               m.plannedScale.map { .number($0, decimals: 2) } ?? .empty, .empty])
        }
        return table
    }

    /// 整合重组名单: each group with its mines and the links that formed it.
    var consolidateSheet: ReportTable {
        var table = ReportTable(name: "整合重组名单", columns: ["组号", "序号", "矿山名称", "采矿权人", "采矿许可证号", "开采矿种", "生产规模(万吨/年)",
                                                          "名单", "理由"])
        for g in result.groups {
            for (k, index) in g.members.enumerated() {
                guard let r = result.results.first(where: { $0.mine.index == index }) else { continue }
                let m = r.mine
                table.rows.append([.text(g.id), .integer(k + 1), .text(m.name), .text(m.owner), .text(m.licence ?? m.id), .text(m.mineral),
                                   .number(m.scale, decimals: 2), .text("\(r.category.rawValue) \(r.category.chinese)"),
                                   .text(r.reasons.filter { RectifyReason.consolidateCodes.contains($0.code) }.map(\.message).joined(separator: "; "))])
            }
        }
        return table
    }

    /// Every reason of every mine with its figures.
    var reasonsSheet: ReportTable {
        var table = ReportTable(name: "reasons", columns: ["id", "矿山名称", "category", "code", "message", "figures"])
        for r in result.results {
            for reason in r.reasons {
                table.rows.append([.text(r.mine.id), .text(r.mine.name), .text(r.category.rawValue), .text(reason.code), .text(reason.message),
                                   .text(JSONWriter.string(.object(reason.figures), pretty: false))])
            }
        }
        return table
    }

    func reasonCodes(_ r: RectifyMineResult, in codes: Set<String>) -> String {
        r.reasons.filter { codes.contains($0.code) }.map(\.message).joined(separator: "; ")
    }

    public var sheets: [ReportTable] {
        [closeExitSheet, upgradeSheet, consolidateSheet] + newMinesTables + [reasonsSheet, rejectedTable(result.rejected), aboutTable(facts)]
    }
}

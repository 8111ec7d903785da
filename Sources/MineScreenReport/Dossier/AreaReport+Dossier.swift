import Foundation
import MineScreenNative
import MineScreenIO

extension AreaReport {
    var facts: [(label: String, value: String)] {
        context.facts(file: result.file, extra: groupings.isEmpty ? [] : [("Totals by", groupings.map(\.field).joined(separator: ", "))])
    }

    var methodLabel: String { result.method.rawValue }

    func percent(_ difference: Double?, of declared: Double?) -> ReportCell {
        guard let difference, let declared, declared > 0 else { return .empty }
        return .number(difference / declared * 100, decimals: 3)
    }

    /// The workbook: every feature (m² and the planning units), totals per grouping, rejected, about.
    public var sheets: [ReportTable] {
        let fields = groupings.map(\.field)
        var areas = ReportTable(name: "areas", columns: ["id", "name"] + fields + [header("declared", .m2), header(methodLabel, .m2),
                                header(methodLabel, .km2), header(methodLabel, .ha), header(methodLabel, .mu), header("diff", .m2), "diff (%)", "plane", "repaired"])
        for f in result.features {
            areas.rows.append([.text(f.id), .text(names[f.index] ?? "")] + groupings.map { .text($0.keys[f.index] ?? "") }
                + [.optionalArea(f.declared, .m2), .area(f.area, .m2), .area(f.area, .km2), .area(f.area, .ha), .area(f.area, .mu),
                   .optionalArea(f.difference, .m2), percent(f.difference, of: f.declared), .text(f.plane?.description ?? ""),
                   .text(f.repairNote == nil ? "" : "yes")])
        }
        areas.footers = [[.text("TOTAL"), .text("\(result.features.count) features")] + fields.map { _ in .empty }
            + [.optionalArea(result.declaredTotal, .m2), .area(result.total, .m2), .area(result.total, .km2), .area(result.total, .ha),
               .area(result.total, .mu), .optionalArea(result.differenceTotal, .m2), .empty, .empty, .empty]]
        var tables = [areas]
        for grouping in groupings {
            var totals = ReportTable(name: "totals by \(grouping.field)", columns: [grouping.field, "count", header("declared", .m2),
                                     header(methodLabel, .m2), header(methodLabel, .km2), header("diff", .m2), "diff (%)"])
            for t in grouping.totals(result.features) {
                totals.rows.append([.text(t.key), .integer(t.count), .optionalArea(t.declared, .m2), .area(t.area, .m2), .area(t.area, .km2),
                                    .optionalArea(t.difference, .m2), percent(t.difference, of: t.declared)])
            }
            tables.append(totals)
        }
        return tables + [rejectedTable(result.rejected), aboutTable(facts)]
    }

    /// The batch area report: declared vs computed per feature in the report's unit, totals per
    /// grouping, and an overview map of every feature.
    public func dossier(workspace: ThreadWorkspace, layer: LoadedLayer) throws -> Dossier {
        let unit = context.unit
        let hasNames = !names.isEmpty
        let hasDeclared = result.features.contains { $0.declared != nil }
        let fields = groupings.map(\.field)
        var summary = ReportTable(name: "areas", columns: ["id"] + (hasNames ? ["name"] : []) + fields
            + (hasDeclared ? [header("declared", unit)] : []) + [header(methodLabel, unit)]
            + (unit == .km2 ? [header(methodLabel, .ha), header(methodLabel, .mu)] : [])
            + (hasDeclared ? [header("diff", unit), "diff (%)"] : []))
        for f in result.features {
            var row: [ReportCell] = [.text(f.id)] + (hasNames ? [.text(names[f.index] ?? "")] : []) + groupings.map { .text($0.keys[f.index] ?? "") }
            if hasDeclared { row.append(.optionalArea(f.declared, unit)) }
            row.append(.area(f.area, unit))
            if unit == .km2 { row += [.area(f.area, .ha), .area(f.area, .mu)] }
            if hasDeclared { row += [.optionalArea(f.difference, unit), percent(f.difference, of: f.declared)] }
            summary.rows.append(row)
        }
        var total: [ReportCell] = [.text("TOTAL (\(result.features.count))")] + (hasNames ? [.empty] : []) + fields.map { _ in .empty }
        if hasDeclared { total.append(.optionalArea(result.declaredTotal, unit)) }
        total.append(.area(result.total, unit))
        if unit == .km2 { total += [.area(result.total, .ha), .area(result.total, .mu)] }
        if hasDeclared { total += [.optionalArea(result.differenceTotal, unit), percent(result.differenceTotal, of: result.declaredTotal)] }
        summary.footers = [total]
        var dossier = Dossier(title: "MineScreen area report 面积统计报告", facts: facts, summary: summary,
                              sectionAnchors: result.features.map { _ in nil })
        for grouping in groupings {
            var totals = ReportTable(name: "Totals by \(grouping.field) 分组合计", columns: [grouping.field, "count"]
                + (hasDeclared ? [header("declared", unit)] : []) + [header(methodLabel, unit)] + (hasDeclared ? [header("diff", unit), "diff (%)"] : []))
            for t in grouping.totals(result.features) {
                totals.rows.append([.text(t.key), .integer(t.count)] + (hasDeclared ? [.optionalArea(t.declared, unit)] : [])
                    + [.area(t.area, unit)] + (hasDeclared ? [.optionalArea(t.difference, unit), percent(t.difference, of: t.declared)] : []))
            }
            totals.footers = [[.text("TOTAL"), .integer(result.features.count)] + (hasDeclared ? [.optionalArea(result.declaredTotal, unit)] : [])
                + [.area(result.total, unit)] + (hasDeclared ? [.optionalArea(result.differenceTotal, unit), percent(result.differenceTotal, of: result.declaredTotal)] : [])]
            dossier.extraTables.append(totals)
        }
        dossier.extraTables.append(rejectedTable(result.rejected))
        let measured = Set(result.features.map(\.index))
        dossier.overview = BlockMap(blocks: try layer.features.filter { measured.contains($0.feature.index) }.map {
            ($0.feature.id, try mapLonLat($0.shape.polygons ?? [], crs: layer.crs, workspace))
        })
        return dossier
    }
}

/// Writes `minescreen area` results as table, CSV or JSON.
public struct AreaReport {
    public var result: AreaResult
    public var context: ReportContext
    /// Feature index → display name (`--name-field`), shown beside ids in tables and JSON.
    public var names: [Int: String] = [:]
    /// Totals by each `--group-by` field (the first is also `groups`, as before).
    public var groupings: [AreaGrouping] = []

    public init(result: AreaResult, unit: AreaUnit) {
        self.result = result
        self.context = ReportContext(command: "area", crs: result.crs, crsSource: result.crsSource,
                                     method: result.method, unit: unit)
    }

    public var json: JSONValue {
        var features: [JSONValue] = []
        for f in result.features {
            var members: [(key: String, value: JSONValue)] = [("id", .string(f.id)), ("area_m2", .number(f.area))]
            if let name = names[f.index] { members.append(("name", .string(name))) }
            if let declared = f.declared { members.append(("declared_m2", .number(declared))) }
            if let diff = f.difference { members.append(("diff_m2", .number(diff))) }
            members.append(("index", .number(Double(f.index))))
            if let group = f.group { members.append(("group", .string(group))) }
            if let plane = f.plane { members.append(("plane", .string(plane.description))) }
            if let note = f.repairNote { members.append(("repaired", .bool(true))); members.append(("repairNote", .string(note))) }
            features.append(.object(members))
        }
        let groups: [JSONValue] = result.groups.map {
            .object([("key", .string($0.key)), ("count", .number(Double($0.count))), ("area_m2", .number($0.area))])
        }
        var members = context.jsonHeader
        members.append(("file", .string(result.file)))
        members.append(("features", .array(features)))
        members.append(("groups", .array(groups)))
        if !groupings.isEmpty {
            members.append(("groupings", .array(groupings.map { grouping in
                .object([("field", .string(grouping.field)), ("groups", .array(grouping.totals(result.features).map { t in
                    var m: [(key: String, value: JSONValue)] = [("key", .string(t.key)), ("count", .number(Double(t.count))), ("area_m2", .number(t.area))]
                    if let d = t.declared { m.append(("declared_m2", .number(d))) }
                    if let d = t.difference { m.append(("diff_m2", .number(d))) }
                    return .object(m)
                }))])
            })))
        }
        members.append(("total_m2", .number(result.total)))
        if let declared = result.declaredTotal { members.append(("declared_total_m2", .number(declared))) }
        members.append(("rejected", .array(result.rejected.map(\.json))))
        return .object(members)
    }

    public var table: String {
        let unit = context.unit
        let hasDeclared = result.features.contains { $0.declared != nil }
        let hasGroups = !result.groups.isEmpty
        let hasPlane = result.method == .planar || result.method == .tdt1055
        var headers = ["id"]
        var alignments: [TextTable.Alignment] = [.left]
        if hasGroups { headers.append("group"); alignments.append(.left) }
        if hasDeclared { headers.append("declared \(unit.symbol)"); alignments.append(.right) }
        headers.append("\(result.method.rawValue) \(unit.symbol)"); alignments.append(.right)
        if hasDeclared { headers += ["diff \(unit.symbol)", "diff %"]; alignments += [.right, .right] }
        if hasPlane { headers.append("plane"); alignments.append(.left) }
        var table = TextTable(headers: headers, alignments: alignments)
        for f in result.features {
            var row = [f.id + (f.repairNote != nil ? " (repaired)" : "")]
            if hasGroups { row.append(f.group ?? "") }
            if hasDeclared { row.append(f.declared.map { unit.format(squareMetres: $0) } ?? "") }
            row.append(unit.format(squareMetres: f.area))
            if hasDeclared {
                row.append(f.difference.map { unit.format(squareMetres: $0) } ?? "")
                // formatFixed: a difference of -1e-7 % must read 0.000, not -0.000 (a loss that is not there).
                row.append(f.declared.map { $0 > 0 ? formatFixed((f.area - $0) / $0 * 100, decimals: 3) : "" } ?? "")
            }
            if hasPlane { row.append(f.plane?.description ?? "") }
            table.rows.append(row)
        }
        for g in result.groups {
            var row = ["group", g.key + " (\(g.count))"]
            if hasDeclared {
                let declared = result.features.filter { $0.group == g.key }.compactMap(\.declared)
                row.append(declared.isEmpty ? "" : unit.format(squareMetres: declared.reduce(0, +)))
            }
            row.append(unit.format(squareMetres: g.area))
            table.footers.append(row)
        }
        var total = ["TOTAL"]
        if hasGroups { total.append("\(result.features.count) features") }
        if hasDeclared { total.append(result.declaredTotal.map { unit.format(squareMetres: $0) } ?? "") }
        total.append(unit.format(squareMetres: result.total))
        if hasDeclared, let difference = result.differenceTotal { total.append(unit.format(squareMetres: difference)) }
        table.footers.append(total)
        if !names.isEmpty { table.insertColumn(at: 1, header: "name", values: result.features.map { names[$0.index] ?? "" }) }
        return context.headerLines.joined(separator: "\n") + "\n\n" + table.render() + rejectedLines(result.rejected)
    }

    public var csv: String {
        let unit = context.unit
        let hasGroups = !result.groups.isEmpty
        var header = ["id"]
        if hasGroups { header.append("group") }
        let unitColumn = unit == .m2 ? [] : ["area_\(unit.rawValue)"]
        header += ["area_m2"] + unitColumn + ["declared_m2", "diff_m2", "plane", "crs", "area_method", "repaired"]
        header.append("rejected")
        var csv = CSVWriter(header: header)
        for f in result.features {
            var row = [f.id]
            if hasGroups { row.append(f.group ?? "") }
            row += [String(format: "%.2f", f.area)] + (unit == .m2 ? [] : [unit.format(squareMetres: f.area)]) + [
                    f.declared.map { String(format: "%.2f", $0) } ?? "", f.difference.map { String(format: "%.2f", $0) } ?? "",
                    f.plane?.description ?? "", result.crs.identifier.description, result.method.rawValue,
                    f.repairNote == nil ? "" : "yes"]
            csv.append(row + [""])
        }
        csv.appendRejected(result.rejected, columns: header.count)
        return csv.text
    }
}

import Foundation
import MineScreenSupport
import MineScreenAnalysis
import MineScreenIO

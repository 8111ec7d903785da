import Foundation
import MineScreenGeometry
import MineScreenNative
import MineScreenAnalysis

extension RectifyReport {
    /// The dossier: every mine with its list, the plan's lists as tables, then per consolidation group a map of its
    /// licences with the ore bodies they share and the mapped footprints around them.
    public func dossier(workspace: ThreadWorkspace) throws -> Dossier {
        var summary = ReportTable(name: "mines", columns: ["id", "矿山名称", "采矿权人", "开采矿种", "生产规模(万吨/年)", "剩余可采资源量(万吨)",
                                                         "服务年限", "category", "group", "reasons"])
        for r in result.results {
            let m = r.mine
            summary.rows.append([.text(m.id), .text(m.name), .text(m.owner), .text(m.mineral), .number(m.scale, decimals: 2),
                                 .number(m.reserves, decimals: 2), m.serviceYears.map { .number($0, decimals: 2) } ?? .empty,
                                 .text("\(r.category.rawValue) \(r.category.chinese)"), .text(r.group ?? ""),
                                 .text(r.reasons.map(\.message).joined(separator: "; "))])
        }
        summary.footers = [[.text("TOTAL (\(result.results.count))"), .empty, .empty, .empty, .empty, .empty, .empty,
                            .text(RectifyCategory.allCases.map { "\(count($0)) \($0.rawValue)" }.joined(separator: ", ")), .empty, .empty]]
        var dossier = Dossier(title: "MineScreen non-coal mine rectification 非煤矿山综合整治名单", facts: facts, summary: summary,
                              sectionAnchors: result.results.map { r in r.group.map { "group-\($0)" } })
        dossier.extraTables = [closeExitSheet, upgradeSheet, consolidateSheet] + newMinesTables + [rejectedTable(result.rejected)]
        dossier.layerOrder = ["ore bodies", "footprints"]
        for g in result.groups {
            let outlines = g.members.compactMap { index in result.mineOutlines[index].map { (label: mineID(index), polygons: $0) } }
            var box = Box()
            for o in outlines { box.add(o.polygons) }
            var map = BlockMap(blocks: outlines)
            let shared = Set(g.links.compactMap { $0.figures.first { $0.key == "orebody" }?.value.stringValue })
            let orebodies = result.orebodyOutlines.filter { shared.contains($0.id) }.flatMap(\.polygons)
            if !orebodies.isEmpty { map.layers.append(BlockMap.Layer(name: "ore bodies", polygons: orebodies, kind: .overlap)) }
            let near = result.footprintOutlines.filter { f in
                var b = Box()
                b.add(f.polygons)
                return !b.isEmpty && b.minX <= box.maxX && b.maxX >= box.minX && b.minY <= box.maxY && b.maxY >= box.minY
            }.flatMap(\.polygons)
            if !near.isEmpty { map.layers.append(BlockMap.Layer(name: "footprints", polygons: near, kind: .overlap)) }
            var links = ReportTable(name: "links", columns: ["code", "reason"])
            links.rows = g.links.map { [.text($0.code), .text($0.message)] }
            var section = DossierSection(anchor: "group-\(g.id)", title: "整合重组 group \(g.id)")
            section.badge = ("\(g.members.count) mines", "consolidate")
            section.lines = ["Mines: " + g.members.map { index in
                let r = result.results.first { $0.mine.index == index }
                return "\(mineID(index)) \(r?.mine.name ?? "") (\(r?.mine.owner ?? ""); \(r?.category.rawValue ?? ""))"
            }.joined(separator: ", ")]
            section.map = map
            section.tables = [links]
            dossier.sections.append(section)
        }
        return dossier
    }
}

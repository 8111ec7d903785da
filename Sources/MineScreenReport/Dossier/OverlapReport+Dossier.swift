import Foundation
import MineScreenNative
import MineScreenAnalysis
import MineScreenSupport

extension OverlapReport {
    var facts: [(label: String, value: String)] {
        context.facts(file: result.blocks.path, extra: [
            ("Layers", result.layers.map { "\($0.name): \($0.loaded.path) (\($0.crs.identifier), \($0.loaded.inputCount) features)" }.joined(separator: "; ")),
            ("Overlap", "area of the union of a block's intersections with a layer's features; conflict = union over all layers; clean = block − conflict"),
        ])
    }

    /// The workbook: blocks, overlaps, layers, rejected features, and what was computed.
    public var sheets: [ReportTable] {
        var blocks = ReportTable(name: "blocks", columns: ["id", "name", header("area", .m2), header("area", .km2)]
            + layerNames.flatMap { [header($0, .m2), "\($0) (%)", "\($0) count"] }
            + [header("conflict", .m2), header("conflict", .km2), header("clean", .m2), header("clean", .km2), "clean", "repaired"])
        for b in result.results {
            var row: [ReportCell] = [.text(b.id), .text(names[b.index] ?? ""), .area(b.area, .m2), .area(b.area, .km2)]
            for o in b.overlaps { row += [.area(o.area, .m2), .number(o.percent, decimals: 2), .integer(o.count)] }
            row += [.area(b.conflict, .m2), .area(b.conflict, .km2), .area(b.clean, .m2), .area(b.clean, .km2),
                    .text(b.isClean ? "yes" : "no"), .text(b.repairNote == nil ? "" : "yes")]
            blocks.rows.append(row)
        }
        var overlaps = ReportTable(name: "overlaps", columns: ["block", "layer", header("overlap", .m2), header("overlap", .km2),
                                                              "percent (%)", "count", "features"])
        for b in result.results {
            for o in b.overlaps where o.area > 0 {
                overlaps.rows.append([.text(b.id), .text(o.layer), .area(o.area, .m2), .area(o.area, .km2),
                                      .number(o.percent, decimals: 2), .integer(o.count), .text(o.featureIDs.joined(separator: ", "))])
            }
        }
        var layers = ReportTable(name: "layers", columns: ["layer", "file", "CRS", "features", "rejected", "patches overlap each other"])
        layers.rows = zip(result.layers, result.layerStates).map { l, state in
            [.text(l.name), .text(l.loaded.path), .text(l.crs.identifier.description), .integer(l.loaded.inputCount),
             .integer(l.loaded.rejected.count), .text(state.isCoverage ? "no" : "yes (unioned)")]
        }
        return [blocks, overlaps, layers, rejectedTable(result.rejected), aboutTable(facts)]
    }

    /// The dossier: summary with links, then per block its map, overlaps and corner points.
    /// The result must have been computed with `OverlapOutput.geometry` for the overlaps to be drawn.
    public func dossier(workspace: ThreadWorkspace) throws -> Dossier {
        let hasNames = !names.isEmpty
        var summary = ReportTable(name: "summary", columns: ["block"] + (hasNames ? ["name"] : []) + areaHeaders("area")
            + layerNames.map { header($0, .km2) } + [header("conflict", .km2), header("clean", .km2), "status"])
        for b in result.results {
            var row: [ReportCell] = [.text(b.id)] + (hasNames ? [.text(names[b.index] ?? "")] : []) + areaCells(b.area)
            row += b.overlaps.map { $0.area > 0 ? .area($0.area, .km2) : .text("-") }
            row += [.area(b.conflict, .km2), .area(b.clean, .km2), .text(b.isClean ? "clean" : "conflict")]
            summary.rows.append(row)
        }
        let all = result.results
        summary.footers = [[.text("TOTAL (\(all.count))")] + (hasNames ? [.empty] : []) + areaCells(all.reduce(0) { $0 + $1.area })
            + layerNames.indices.map { k in .area(all.reduce(0) { $0 + $1.overlaps[k].area }, .km2) }
            + [.area(all.reduce(0) { $0 + $1.conflict }, .km2), .area(all.reduce(0) { $0 + $1.clean }, .km2),
               .text("\(all.filter(\.isClean).count) clean")]]
        var dossier = Dossier(title: "MineScreen overlap report 压覆分析报告", facts: facts, summary: summary,
                              sectionAnchors: all.map { "block-\($0.index)" })
        dossier.extraTables = [rejectedTable(result.rejected)]
        dossier.layerOrder = layerNames
        let byIndex = Dictionary(uniqueKeysWithValues: result.blocks.features.map { ($0.feature.index, $0) })
        for b in all {
            guard let block = byIndex[b.index] else { continue }
            let outline = try mapLonLat(block.shape.polygons ?? [], crs: result.blocks.crs, workspace)
            var map = BlockMap(blocks: [(b.id, outline)])
            map.layers = b.overlaps.compactMap { o in
                guard let polygons = o.lonLatGeometry, !polygons.isEmpty else { return nil }
                return BlockMap.Layer(name: o.layer, polygons: polygons, kind: .overlap)
            }
            map.remainder = try displayRemainder(outline, minus: map.layers.map(\.polygons), workspace)
            var overlaps = ReportTable(name: "overlaps", columns: ["layer"] + areaHeaders("overlap") + ["percent (%)", "count", "features"])
            for o in b.overlaps {
                overlaps.rows.append([.text(o.layer)] + areaCells(o.area) + [.number(o.percent, decimals: 2), .integer(o.count),
                                                                             .text(o.featureIDs.joined(separator: ", "))])
            }
            overlaps.footers = [[.text("conflict (union)")] + areaCells(b.conflict) + [.number(b.area > 0 ? b.conflict / b.area * 100 : 0, decimals: 2), .empty, .empty],
                                [.text("clean")] + areaCells(b.clean) + [.empty, .empty, .empty]]
            var section = DossierSection(anchor: "block-\(b.index)", title: "\(b.id)\(names[b.index].map { " \($0)" } ?? "")")
            section.badge = b.isClean ? ("clean", "clean") : ("conflict", "blocked")
            section.lines = ["Area \(AreaUnit.km2.format(squareMetres: b.area)) km² = \(AreaUnit.ha.format(squareMetres: b.area)) ha = \(AreaUnit.mu.format(squareMetres: b.area)) 亩"]
                + (b.repairNote.map { ["Repaired: \($0)"] } ?? [])
            section.map = map
            section.tables = [overlaps, try cornerPointTable(block.shape.polygons ?? [], crs: result.blocks.crs.identifier, workspace: workspace)]
            dossier.sections.append(section)
        }
        return dossier
    }
}

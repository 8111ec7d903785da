import Foundation
import MineScreenSupport
import MineScreenNative
import MineScreenIO
import MineScreenAnalysis

extension ScreenReport {
    var facts: [(label: String, value: String)] {
        context.facts(file: result.blocks.path, extra: [
            ("Rules", "\(result.rules.file): tolerance \(formatJSONNumber(result.rules.toleranceM2)) m² per layer, minimum clean remainder \(formatJSONNumber(result.rules.minCleanAreaM2)) m²"),
            ("Layers", result.rules.layers.map { l in
                "\(l.name): \(PostGISConnection.shownName(l.path))" + (l.bufferMetres.map { " (corridor \(formatJSONNumber($0)) m)" } ?? "")
            }.joined(separator: "; ")),
            ("Verdicts", "clean: no layer above tolerance; needs-cut: a clean remainder of at least the minimum is left; blocked: nothing usable is left, or a rule for new mines is broken; unverified: a rejected feature of some layer may touch the block, so it cannot be certified"),
        ])
    }

    func reasonText(_ r: ScreenReason) -> String {
        var text = "\(r.overlap.layer) \(AreaUnit.km2.format(squareMetres: r.overlap.area)) km² (\(formatFixed(r.overlap.percent, decimals: 1))%, \(r.overlap.count))"
        if let d = r.minDistanceMetres { text += " at \(String(format: "%.0f", d)) m" }
        return text
    }

    /// The workbook: blocks with verdicts, reasons (and slivers), rejected features, what was computed.
    public var sheets: [ReportTable] {
        var blocks = ReportTable(name: "blocks", columns: ["id", "name", "verdict", header("area", .m2), header("area", .km2),
                                                          header("conflict", .m2), header("conflict", .km2),
                                                          header("clean", .m2), header("clean", .km2), "reasons", "overlaps blocks", "repaired"])
        for b in result.results {
            blocks.rows.append([.text(b.id), .text(names[b.index] ?? ""), .text(b.verdict.rawValue), .area(b.area, .m2), .area(b.area, .km2),
                                .area(b.conflict, .m2), .area(b.conflict, .km2), .area(b.clean, .m2), .area(b.clean, .km2),
                                .text((b.reasons.map(reasonText) + b.rejectedNearby.map(rejectedNearbyText) + b.ruleReasons.map(\.message)).joined(separator: "; ")),
                                .text(b.overlapsWith.map(\.id).joined(separator: ", ")), .text(b.repairNote == nil ? "" : "yes")])
        }
        var reasons = ReportTable(name: "reasons", columns: ["block", "layer", "kind", header("overlap", .m2), header("overlap", .km2),
                                                            "percent (%)", "count", "features", "min distance (m)"])
        for b in result.results {
            for r in b.reasons {
                reasons.rows.append([.text(b.id), .text(r.overlap.layer), .text("reason"), .area(r.overlap.area, .m2), .area(r.overlap.area, .km2),
                                     .number(r.overlap.percent, decimals: 2), .integer(r.overlap.count),
                                     .text(r.overlap.featureIDs.joined(separator: ", ")),
                                     r.minDistanceMetres.map { .number($0, decimals: 1) } ?? .empty])
            }
            for s in b.slivers {
                reasons.rows.append([.text(b.id), .text(s.layer), .text("sliver (at or below tolerance)"), .area(s.area, .m2), .area(s.area, .km2),
                                     .number(s.percent, decimals: 2), .integer(s.count), .text(s.featureIDs.joined(separator: ", ")), .empty])
            }
            for r in b.ruleReasons {
                reasons.rows.append([.text(b.id), .text(""), .text("rule \(r.rule.rawValue)"), .empty, .empty, .empty, .empty,
                                     .text(r.message), .empty])
            }
            for n in b.rejectedNearby {
                reasons.rows.append([.text(b.id), .text(n.layer), .text("rejected features (may touch)"), .empty, .empty, .empty,
                                     .integer(n.total), .text(n.rejected.map(\.id).joined(separator: ", ")), .empty])
            }
        }
        return [blocks, reasons, rejectedTable(result.rejected), aboutTable(facts)]
    }

    /// The dossier: verdict summary with links, then per block its map (overlaps by layer, corridors,
    /// hatched clean remainder), reasons and corner points. Needs a result computed with `keepGeometry`.
    public func dossier(workspace: ThreadWorkspace) throws -> Dossier {
        let hasNames = !names.isEmpty
        var summary = ReportTable(name: "summary", columns: ["block"] + (hasNames ? ["name"] : []) + ["verdict"] + areaHeaders("area")
            + [header("conflict", .km2), header("clean", .km2), "reasons"])
        for b in result.results {
            summary.rows.append([.text(b.id)] + (hasNames ? [.text(names[b.index] ?? "")] : []) + [.text(b.verdict.rawValue)]
                + areaCells(b.area) + [.area(b.conflict, .km2), .area(b.clean, .km2)]
                + [.text((b.reasons.map(reasonText) + b.rejectedNearby.map(rejectedNearbyText) + b.ruleReasons.map(\.message)).joined(separator: "; "))])
        }
        let all = result.results
        summary.footers = [[.text("TOTAL (\(all.count))")] + (hasNames ? [.empty] : [])
            + [.text(verdictCounts)]
            + areaCells(all.reduce(0) { $0 + $1.area }) + [.area(all.reduce(0) { $0 + $1.conflict }, .km2)]
            + [.area(all.reduce(0) { $0 + $1.clean }, .km2), .empty]]
        var dossier = Dossier(title: "MineScreen clean-ore screening 净矿出让筛查报告", facts: facts, summary: summary,
                              sectionAnchors: all.map { "block-\($0.index)" })
        dossier.extraTables = [rejectedTable(result.rejected)]
        dossier.layerOrder = result.layers.map(\.layer.name)
        let byIndex = Dictionary(uniqueKeysWithValues: result.blocks.features.map { ($0.feature.index, $0) })
        for b in all {
            guard let block = byIndex[b.index] else { continue }
            let outline = try mapLonLat(block.shape.polygons ?? [], crs: result.blocks.crs, workspace)
            var map = BlockMap(blocks: [(b.id, outline)])
            map.layers = b.corridors.map { BlockMap.Layer(name: $0.layer, polygons: $0.polygons, kind: .corridor) }
            map.layers += (b.reasons.map(\.overlap) + b.slivers).compactMap { o in
                guard let polygons = o.lonLatGeometry, !polygons.isEmpty else { return nil }
                return BlockMap.Layer(name: o.layer, polygons: polygons, kind: .overlap)
            }
            map.remainder = b.remainder
            var reasons = ReportTable(name: "reasons", columns: ["layer"] + areaHeaders("overlap") + ["percent (%)", "count", "features", "min distance (m)"])
            for r in b.reasons {
                reasons.rows.append([.text(r.overlap.layer)] + areaCells(r.overlap.area)
                    + [.number(r.overlap.percent, decimals: 2), .integer(r.overlap.count), .text(r.overlap.featureIDs.joined(separator: ", ")),
                       r.minDistanceMetres.map { .number($0, decimals: 0) } ?? .empty])
            }
            for s in b.slivers {
                reasons.rows.append([.text("\(s.layer) (sliver, not a reason)")] + areaCells(s.area)
                    + [.number(s.percent, decimals: 2), .integer(s.count), .text(s.featureIDs.joined(separator: ", ")), .empty])
            }
            reasons.footers = [[.text("conflict (union)")] + areaCells(b.conflict) + [.number(b.area > 0 ? b.conflict / b.area * 100 : 0, decimals: 2), .empty, .empty, .empty],
                               [.text("clean")] + areaCells(b.clean) + [.empty, .empty, .empty, .empty]]
            var section = DossierSection(anchor: "block-\(b.index)", title: "\(b.id)\(names[b.index].map { " \($0)" } ?? "")")
            section.badge = (b.verdict.rawValue, b.verdict.rawValue)
            section.lines = ["Area \(AreaUnit.km2.format(squareMetres: b.area)) km² = \(AreaUnit.ha.format(squareMetres: b.area)) ha = \(AreaUnit.mu.format(squareMetres: b.area)) 亩; clean \(AreaUnit.km2.format(squareMetres: b.clean)) km²"]
                + (b.overlapsWith.isEmpty ? [] : ["Overlaps candidate block(s) " + b.overlapsWith.map { "\($0.id) (\(AreaUnit.m2.format(squareMetres: $0.area)) m²)" }.joined(separator: ", ")])
                + (b.repairNote.map { ["Repaired: \($0)"] } ?? [])
                + b.rejectedNearby.map { "Unverified: \($0.message)" }
                + b.ruleReasons.map { "New-mine rule \($0.rule.rawValue): \($0.message)" }
            section.map = map
            section.tables = [reasons, try cornerPointTable(block.shape.polygons ?? [], crs: result.blocks.crs.identifier, workspace: workspace)]
            dossier.sections.append(section)
        }
        return dossier
    }
}

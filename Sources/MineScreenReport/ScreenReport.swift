import Foundation
import MineScreenSupport
import MineScreenNative
import MineScreenIO
import MineScreenAnalysis

/// Writes `minescreen screen` results as table, CSV, JSON or GeoJSON, and the remainder GeoJSON.
public struct ScreenReport {
    public var result: ScreenResult
    public var context: ReportContext
    /// Feature index → display name (`--name-field`), shown beside ids in tables and JSON.
    public var names: [Int: String] = [:]

    public init(result: ScreenResult, unit: AreaUnit) {
        self.result = result
        self.context = ReportContext(command: "screen", crs: result.blocks.crs, crsSource: result.blocks.crsSource,
                                     method: result.areaMethod, unit: unit, overlay: true)
    }

    func reasonJSON(_ reason: ScreenReason) -> JSONValue {
        let o = reason.overlap
        var m: [(key: String, value: JSONValue)] = [
            ("layer", .string(o.layer)), ("area_m2", .number(o.area)), ("percent", .number(o.percent)),
            ("count", .number(Double(o.count))), ("features", .array(o.featureIDs.map { .string($0) })),
        ]
        if let d = reason.minDistanceMetres { m.append(("min_distance_m", .number(d))) }
        return .object(m)
    }

    /// A layer's rejected features that may touch the block, beside the layer reasons (`rule` tells the kinds apart).
    func rejectedNearbyJSON(_ nearby: RejectedNearby) -> JSONValue {
        .object([
            ("layer", .string(nearby.layer)), ("rule", .string("rejected-features")),
            ("rejected", .array(nearby.rejected.map { r in
                .object([("id", .string(r.id)), ("file", .string(r.file)), ("reason", .string(r.reason))])
            })),
            ("message", .string(nearby.message)),
        ])
    }

    /// Short text of a rejected-features reason for tables and cells.
    func rejectedNearbyText(_ nearby: RejectedNearby) -> String {
        let more = nearby.total > nearby.rejected.count ? " (+\(nearby.total - nearby.rejected.count) more)" : ""
        return "\(nearby.layer): rejected \(nearby.rejected.map(\.id).joined(separator: ","))\(more) may touch"
    }

    func count(_ verdict: Verdict) -> Int { result.results.filter { $0.verdict == verdict }.count }

    /// "2 clean, 1 needs-cut, 0 blocked, 1 unverified": the summary line of tables and the dossier.
    var verdictCounts: String {
        "\(count(.clean)) clean, \(count(.needsCut)) needs-cut, \(count(.blocked)) blocked, \(count(.unverified)) unverified"
    }

    public var json: JSONValue {
        var members = context.jsonHeader
        members.append(("corridorPlane", .string("transverse Mercator centred on each block (k=1 at its centre), buffers with \(ScreenEngine.quadrantSegments) segments per quarter circle")))
        members.append(("file", .string(result.blocks.path)))
        members.append(("rules", result.rules.echo))
        // Each block's input properties ride along, so `rectify --candidates` can fill the new-mines list from this file alone.
        let properties = Dictionary(result.blocks.features.map { ($0.feature.index, $0.feature.properties) }, uniquingKeysWith: { first, _ in first })
        members.append(("blocks", .array(result.results.map { b in
            var m: [(key: String, value: JSONValue)] = [
                ("id", .string(b.id)), ("area_m2", .number(b.area)), ("verdict", .string(b.verdict.rawValue)),
                ("conflict_m2", .number(b.conflict)), ("clean_m2", .number(b.clean)),
                ("reasons", .array(b.reasons.map(reasonJSON) + b.rejectedNearby.map(rejectedNearbyJSON) + b.ruleReasons.map(\.json))),
                ("overlapsWith", .array(b.overlapsWith.map { .object([("id", .string($0.id)), ("area_m2", .number($0.area))]) })),
                ("index", .number(Double(b.index))),
            ]
            if let name = names[b.index] { m.append(("name", .string(name))) }
            m.append(("properties", .object(properties[b.index] ?? [])))
            if !b.slivers.isEmpty {
                m.append(("slivers", .array(b.slivers.map { .object([("layer", .string($0.layer)), ("area_m2", .number($0.area)),
                                                                      ("features", .array($0.featureIDs.map { .string($0) }))]) })))
            }
            if let note = b.repairNote { m += [("repaired", .bool(true)), ("repairNote", .string(note))] }
            return .object(m)
        })))
        members.append(("summary", .object([
            ("clean", .number(Double(count(.clean)))), ("needs-cut", .number(Double(count(.needsCut)))),
            ("blocked", .number(Double(count(.blocked)))), ("unverified", .number(Double(count(.unverified)))),
            ("rejected", .number(Double(result.rejected.count))),
            ("blocks", .number(Double(result.results.count))),
        ])))
        members.append(("rejected", .array(result.rejected.map(\.json))))
        return .object(members)
    }

    public var table: String {
        let unit = context.unit
        var table = TextTable(headers: ["block", "area \(unit.symbol)", "verdict", "conflict \(unit.symbol)", "clean \(unit.symbol)", "reasons"],
                              alignments: [.left, .right, .left, .right, .right, .left])
        for b in result.results {
            var reasons = b.reasons.map { r -> String in
                var text = "\(r.overlap.layer) \(unit.format(squareMetres: r.overlap.area)) (\(formatFixed(r.overlap.percent, decimals: 1))%, \(r.overlap.count))"
                if let d = r.minDistanceMetres { text += " at \(String(format: "%.0f", d)) m" }
                return text
            }
            reasons += b.rejectedNearby.map(rejectedNearbyText) + b.ruleReasons.map(\.message)
            if !b.overlapsWith.isEmpty { reasons.append("overlaps block " + b.overlapsWith.map(\.id).joined(separator: ",")) }
            table.rows.append([b.id, unit.format(squareMetres: b.area), b.verdict.rawValue, unit.format(squareMetres: b.conflict),
                               unit.format(squareMetres: b.clean), reasons.joined(separator: "; ")])
        }
        table.footers.append(["TOTAL (\(result.results.count))", unit.format(squareMetres: result.results.reduce(0) { $0 + $1.area }),
                              "",
                              unit.format(squareMetres: result.results.reduce(0) { $0 + $1.conflict }),
                              unit.format(squareMetres: result.results.reduce(0) { $0 + $1.clean }), ""])
        if !names.isEmpty { table.insertColumn(at: 1, header: "name", values: result.results.map { names[$0.index] ?? "" }) }
        var header = context.headerLines
        header.append("Rules: \(result.rules.file): tolerance \(formatJSONNumber(result.rules.toleranceM2)) m² per layer, minimum clean remainder \(formatJSONNumber(result.rules.minCleanAreaM2)) m²")
        header.append("Layers: " + result.layers.map { l in
            "\(l.layer.name)" + (l.bufferMetres.map { " (corridor \(formatJSONNumber($0)) m)" } ?? "")
        }.joined(separator: ", "))
        let verdicts = "\nVerdicts: \(verdictCounts)\n"
        // File and layer names are user text: shown escaped, like the table's cells.
        return header.map(TerminalText.escaped).joined(separator: "\n") + "\n\n" + table.render() + verdicts + rejectedLines(result.rejected)
    }

    public var csv: String {
        var header = ["id"] + (names.isEmpty ? [] : ["name"]) + ["area_m2", "verdict", "conflict_m2", "clean_m2"]
        for l in result.layers { header += ["\(l.layer.name)_m2", "\(l.layer.name)_count"] }
        header += ["overlaps_with", "slivers", "rejected_nearby", "rules_broken", "crs", "area_method"]
        header.append("rejected")
        var csv = CSVWriter(header: header)
        for b in result.results {
            var row = [b.id] + (names.isEmpty ? [] : [names[b.index] ?? ""]) + [String(format: "%.2f", b.area), b.verdict.rawValue, String(format: "%.2f", b.conflict), String(format: "%.2f", b.clean)]
            for l in result.layers {
                let reason = b.reasons.first { $0.overlap.layer == l.layer.name }
                row += [String(format: "%.2f", reason?.overlap.area ?? 0), String(reason?.overlap.count ?? 0)]
            }
            let slivers = b.slivers.map { "\($0.layer) \(String(format: "%.2f", $0.area)) m²" }.joined(separator: "; ")
            let nearby = b.rejectedNearby.map(rejectedNearbyText).joined(separator: "; ")
            let broken = b.ruleReasons.map(\.message).joined(separator: "; ")
            row += [b.overlapsWith.map(\.id).joined(separator: ";"), slivers, nearby, broken, result.blocks.crs.identifier.description, context.method.rawValue]
            csv.append(row + [""])
        }
        csv.appendRejected(result.rejected, columns: header.count)
        return csv.text
    }

    /// The blocks themselves with their verdicts, in CGCS2000 lon/lat.
    public func geojson(workspace: ThreadWorkspace) throws -> JSONValue {
        var features: [JSONValue] = []
        let byIndex = Dictionary(uniqueKeysWithValues: result.blocks.features.map { ($0.feature.index, $0) })
        for b in result.results {
            guard let block = byIndex[b.index] else { continue }
            let polygons = try workspace.faithfulLonLat(block.shape.polygons ?? [], from: result.blocks.crs)
            features.append(geoJSONFeature(polygons, properties: [
                ("id", .string(b.id))] + nameProperty(b.index) + [("verdict", .string(b.verdict.rawValue)), ("area_m2", .number(b.area)),
                ("conflict_m2", .number(b.conflict)), ("clean_m2", .number(b.clean)),
                ("reasons", .string((b.reasons.map(\.overlap.layer) + b.rejectedNearby.map(\.layer)
                    + b.ruleReasons.map(\.rule.rawValue)).joined(separator: ","))),
                ("rejected_nearby", .string(b.rejectedNearby.map(rejectedNearbyText).joined(separator: "; "))),
            ]))
        }
        return geoJSONCollection(features, extra: [("areaMethod", .string(context.method.rawValue)), ("units", .string("m2")),
                                                   ("rejected", .array(result.rejected.map(\.json)))])
    }

    /// Clean remainders: one feature per block that has one, with `id` and `area_m2`.
    public var remainderGeoJSON: JSONValue {
        var features: [JSONValue] = []
        for b in result.results {
            guard let polygons = b.remainder, !polygons.isEmpty, let area = b.remainderArea else { continue }
            // area_m2 is the block's clean area, so the file adds up with the report; geometry_area_m2 is
            // this outline measured on its own (they differ by slivers dropped and by where the cut put vertices).
            features.append(geoJSONFeature(polygons, properties: [
                ("id", .string(b.id))] + nameProperty(b.index) + [("area_m2", .number(b.clean)), ("geometry_area_m2", .number(area)),
                ("verdict", .string(b.verdict.rawValue)),
            ]))
        }
        return geoJSONCollection(features, extra: [("areaMethod", .string(context.method.rawValue)), ("units", .string("m2"))])
    }
}

extension ScreenReport {
    /// `name` (from `--name-field`) as a GeoJSON property, when the run has names.
    func nameProperty(_ index: Int) -> [(key: String, value: JSONValue)] {
        names.isEmpty ? [] : [("name", .string(names[index] ?? ""))]
    }
}

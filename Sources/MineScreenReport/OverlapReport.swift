import Foundation
import MineScreenSupport
import MineScreenGeometry
import MineScreenIO
import MineScreenAnalysis
import MineScreenNative

/// Writes `minescreen overlap` results as table, CSV, JSON or GeoJSON.
public struct OverlapReport {
    public var result: OverlapResult
    public var context: ReportContext
    /// Feature index → display name (`--name-field`), shown beside ids in tables and JSON.
    public var names: [Int: String] = [:]
    /// Threads for building the JSON report's blocks (a city run lists 600 000 parcel ids).
    public var threads = 1

    public init(result: OverlapResult, unit: AreaUnit) {
        self.result = result
        self.context = ReportContext(command: "overlap", crs: result.blocks.crs, crsSource: result.blocks.crsSource,
                                     method: result.areaMethod, unit: unit, overlay: true)
    }

    var layerNames: [String] { result.layers.map(\.name) }

    func layerDetail(_ layer: ConstraintLayer, _ state: LayerRunState) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("name", .string(layer.name)), ("file", .string(layer.loaded.path)),
            ("crs", .string(layer.crs.identifier.description)),
            ("overlayPlane", .string("\(layer.crs.identifier) (the layer's own CRS; snap-rounded to \(layer.crs.overlayGridSize) \(layer.crs.isGeographic ? "degree" : "m"))")),
            ("features", .number(Double(layer.loaded.inputCount))),
            ("rejected", .number(Double(layer.loaded.rejected.count))),
            ("coverage", .bool(state.isCoverage)),
        ]
        if !state.overlappingPairs.isEmpty {
            members.append(("overlappingFeatures", .array(state.overlappingPairs.map { .array([.string($0.0), .string($0.1)]) })))
        }
        return .object(members)
    }

    func overlapJSON(_ o: LayerOverlap, rejectedNearby: Int) -> JSONValue {
        .object([("area_m2", .number(o.area)), ("percent", .number(o.percent)), ("count", .number(Double(o.count))),
                 ("features", .array(o.featureIDs.map { .string($0) })), ("rejected_nearby", .number(Double(rejectedNearby)))])
    }

    /// Rejected features of layer `k` that may touch the block (`OverlapEngine.countRejectedNearby`).
    func rejectedNearby(_ block: BlockOverlap, _ k: Int) -> Int { k < block.rejectedNearby.count ? block.rejectedNearby[k] : 0 }

    public var summary: JSONValue {
        let blocks = result.results
        var perLayer: [(key: String, value: JSONValue)] = []
        for (k, name) in layerNames.enumerated() {
            let hit = blocks.filter { $0.overlaps[k].area > 0 }
            perLayer.append((name, .object([("blocks", .number(Double(hit.count))),
                                            ("area_m2", .number(hit.reduce(0) { $0 + $1.overlaps[k].area }))])))
        }
        return .object([
            ("blocks", .number(Double(blocks.count))),
            ("clean", .number(Double(blocks.filter(\.isClean).count))),
            ("conflicting", .number(Double(blocks.filter { !$0.isClean }.count))),
            ("rejected", .number(Double(result.rejected.count))),
            ("area_m2", .number(blocks.reduce(0) { $0 + $1.area })),
            ("conflict_m2", .number(blocks.reduce(0) { $0 + $1.conflict })),
            ("clean_m2", .number(blocks.reduce(0) { $0 + $1.clean })),
            ("layers", .object(perLayer)),
        ])
    }

    public var json: JSONValue {
        var members = context.jsonHeader
        members.append(("overlayPlane", .string("each layer's own CRS; blocks in another CRS are moved into it vertex by vertex")))
        members.append(("file", .string(result.blocks.path)))
        members.append(("layers", .array(layerNames.map { .string($0) })))
        members.append(("layerDetails", .array(zip(result.layers, result.layerStates).map(layerDetail))))
        let results = result.results
        members.append(("blocks", .array(parallelMap(count: results.count, threads: results.count >= 256 ? threads : 1) { k, _ in
            let block = results[k]
            var m: [(key: String, value: JSONValue)] = [("id", .string(block.id)), ("area_m2", .number(block.area))]
            if let name = names[block.index] { m.append(("name", .string(name))) }
            m.append(("overlaps", .object(block.overlaps.enumerated().map { ($1.layer, overlapJSON($1, rejectedNearby: rejectedNearby(block, $0))) })))
            m += [("conflict_m2", .number(block.conflict)), ("clean_m2", .number(block.clean)), ("clean", .bool(block.isClean)),
                  ("index", .number(Double(block.index)))]
            if let note = block.repairNote { m += [("repaired", .bool(true)), ("repairNote", .string(note))] }
            return .object(m)
        })))
        members.append(("summary", summary))
        members.append(("rejected", .array(result.rejected.map(\.json))))
        return .object(members)
    }

    public var table: String {
        let unit = context.unit
        var headers = ["block", "area \(unit.symbol)"]
        var alignments: [TextTable.Alignment] = [.left, .right]
        for name in layerNames { headers.append("\(name) \(unit.symbol) (%, n)"); alignments.append(.right) }
        headers += ["conflict \(unit.symbol)", "clean \(unit.symbol)", "clean"]
        alignments += [.right, .right, .left]
        var table = TextTable(headers: headers, alignments: alignments)
        for block in result.results {
            var row = [block.id + (block.repairNote != nil ? " (repaired)" : ""), unit.format(squareMetres: block.area)]
            for (k, o) in block.overlaps.enumerated() {
                var cell = o.area > 0 ? "\(unit.format(squareMetres: o.area)) (\(formatFixed(o.percent, decimals: 2))%, \(o.count))" : "-"
                let nearby = rejectedNearby(block, k)
                if nearby > 0 { cell += " +\(nearby) rejected nearby" }
                row.append(cell)
            }
            row += [unit.format(squareMetres: block.conflict), unit.format(squareMetres: block.clean), block.isClean ? "yes" : "no"]
            table.rows.append(row)
        }
        let blocks = result.results
        var total = ["TOTAL (\(blocks.count))", unit.format(squareMetres: blocks.reduce(0) { $0 + $1.area })]
        for k in layerNames.indices { total.append(unit.format(squareMetres: blocks.reduce(0) { $0 + $1.overlaps[k].area })) }
        total += [unit.format(squareMetres: blocks.reduce(0) { $0 + $1.conflict }),
                  unit.format(squareMetres: blocks.reduce(0) { $0 + $1.clean }),
                  "\(blocks.filter(\.isClean).count) clean"]
        table.footers.append(total)
        if !names.isEmpty { table.insertColumn(at: 1, header: "name", values: result.results.map { names[$0.index] ?? "" }) }
        var header = context.headerLines
        header.append("Overlay: each layer in its own CRS (\(zip(result.layers, result.layerStates).map { "\($0.name) \($0.crs.identifier)\($1.isCoverage ? "" : ", patches overlap: unioned")" }.joined(separator: "; ")))")
        // File and layer names are user text: shown escaped, like the table's cells.
        return header.map(TerminalText.escaped).joined(separator: "\n") + "\n\n" + table.render() + rejectedLines(result.rejected)
    }

    public var csv: String {
        var header = ["id"] + (names.isEmpty ? [] : ["name"]) + ["area_m2"]
        for name in layerNames { header += ["\(name)_m2", "\(name)_count"] }
        header += ["conflict_m2", "clean_m2", "clean", "crs", "area_method"]
        for name in layerNames { header.append("\(name)_rejected_nearby") }
        header.append("rejected")
        var csv = CSVWriter(header: header)
        for block in result.results {
            var row = [block.id] + (names.isEmpty ? [] : [names[block.index] ?? ""]) + [String(format: "%.2f", block.area)]
            for o in block.overlaps { row += [String(format: "%.2f", o.area), String(o.count)] }
            row += [String(format: "%.2f", block.conflict), String(format: "%.2f", block.clean), block.isClean ? "true" : "false",
                    result.blocks.crs.identifier.description, context.method.rawValue]
            row += layerNames.indices.map { String(rejectedNearby(block, $0)) }
            csv.append(row + [""])
        }
        csv.appendRejected(result.rejected, columns: header.count)
        return csv.text
    }

    /// The overlap of every block with every layer as one feature each, in CGCS2000 lon/lat.
    public var geojson: JSONValue {
        var features: [JSONValue] = []
        for block in result.results {
            for o in block.overlaps {
                guard let polygons = o.lonLatGeometry, !polygons.isEmpty else { continue }
                features.append(geoJSONFeature(polygons, properties: [
                    ("id", .string(block.id)), ("block", .string(block.id))] + nameProperty(block.index) + [
                    ("layer", .string(o.layer)), ("area_m2", .number(o.area)),
                    ("percent", .number(o.percent)), ("count", .number(Double(o.count))),
                    ("features", .string(o.featureIDs.joined(separator: ","))),
                ]))
            }
        }
        return geoJSONCollection(features, extra: [("areaMethod", .string(context.method.rawValue)), ("units", .string("m2")),
                                                   ("rejected", .array(result.rejected.map(\.json)))])
    }
}

extension OverlapReport {
    /// `name` (from `--name-field`) as a GeoJSON property, when the run has names.
    func nameProperty(_ index: Int) -> [(key: String, value: JSONValue)] {
        names.isEmpty ? [] : [("name", .string(names[index] ?? ""))]
    }
}

/// A GeoJSON Feature for polygons in CGCS2000 lon/lat. `id` becomes the Feature's own `id` member
/// (RFC 7946 §3.2), which the readers take as the feature id by default, so the file read back keeps it.
func geoJSONFeature(_ polygons: [Polygon], properties: [(key: String, value: JSONValue)], id: String? = nil) -> JSONValue {
    func ring(_ r: [Position]) -> JSONValue { .array(r.map { .array([.number(roundedDegrees($0.x)), .number(roundedDegrees($0.y))]) }) }
    func polygon(_ p: Polygon) -> JSONValue { .array(p.rings.map(ring)) }
    let geometry: JSONValue = polygons.count == 1
        ? .object([("type", .string("Polygon")), ("coordinates", polygon(polygons[0]))])
        : .object([("type", .string("MultiPolygon")), ("coordinates", .array(polygons.map(polygon)))])
    return .object([("type", .string("Feature"))] + (id.map { [("id", .string($0))] } ?? [])
                   + [("properties", .object(properties)), ("geometry", geometry)])
}

/// Degrees to 1e-10 (about 0.01 mm): no false precision, no visible loss. Idempotent, so geometry
/// rounded before a validity check is written exactly as checked.


func geoJSONCollection(_ features: [JSONValue], extra: [(key: String, value: JSONValue)] = []) -> JSONValue {
    .object([("type", .string("FeatureCollection")),
             ("crs", .object([("type", .string("name")), ("properties", .object([("name", .string("urn:ogc:def:crs:EPSG::4490"))]))]))]
            + extra + [("features", .array(features))])
}

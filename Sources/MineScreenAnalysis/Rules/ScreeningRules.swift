import Foundation
import Yams
import MineScreenSupport
import MineScreenGeometry
import MineScreenIO

/// One constraint layer of a rules file.
public struct RuleLayer: Sendable, Equatable {
    public var name: String
    /// As written in the rules file.
    public var path: String
    /// Resolved against the rules file's folder.
    public var resolvedPath: String
    public var idField: String?
    /// Corridor width on the ground (m): the layer's features are buffered by this much.
    public var bufferMetres: Double?
    /// Overrides the layer file's own CRS, like `--crs`.
    public var crs: CRSIdentifier?
    /// The user's 7 (or 3) datum parameters for a layer on Xi'an 1980 / Beijing 1954, like `--towgs84`.
    public var towgs84: [Double]?
    /// The user's PROJ pipeline to CGCS2000 lon/lat for the layer, like `--pipeline`.
    public var pipeline: String?
}

/// A clean-ore screening rules file (YAML).
public struct ScreeningRules: Sendable, Equatable {
    /// Per layer: an overlap at or below this (m²) is a digitising sliver, not a conflict.
    public var toleranceM2: Double
    /// Smallest clean remainder (m²) worth offering as a reduced block.
    public var minCleanAreaM2: Double
    public var layers: [RuleLayer]
    public var file: String
    /// The plans' rules for new mines (`new_mines:`), checked against every block's properties.
    public var newMines: NewMineRules?

    public static let topLevelKeys = ["tolerance_m2", "min_clean_area_m2", "layers", "new_mines"]
    public static let layerKeys = ["name", "path", "id_field", "buffer_m", "crs", "towgs84", "pipeline"]

    /// The rules as they were understood, for the report.
    public var echo: JSONValue {
        .object([
            ("file", .string(file)),
            ("tolerance_m2", .number(toleranceM2)),
            ("min_clean_area_m2", .number(minCleanAreaM2)),
            ("layers", .array(layers.map { layer in
                var m: [(key: String, value: JSONValue)] = [("name", .string(layer.name)), ("path", .string(PostGISConnection.shownName(layer.path)))]
                if let f = layer.idField { m.append(("id_field", .string(f))) }
                if let b = layer.bufferMetres { m.append(("buffer_m", .number(b))) }
                if let c = layer.crs { m.append(("crs", .string(c.description))) }
                if let t = layer.towgs84 { m.append(("towgs84", .array(t.map { .number($0) }))) }
                if let p = layer.pipeline { m.append(("pipeline", .string(p))) }
                return .object(m)
            })),
        ] + (newMines.map { [("new_mines", $0.echo)] } ?? []))
    }

    public static func load(path: String) throws -> ScreeningRules {
        let text = try RulesYAML.readText(path: path)
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws -> ScreeningRules {
        func fail(_ node: Node?, _ message: String) -> InputError {
            let line = node?.mark.map { ":\($0.line)" } ?? ""
            return .invalidArgument("\(file)\(line): \(message)")
        }
        let root = try RulesYAML.compose(text, file: file)
        guard let top = root.mapping else { throw fail(root, "expected a mapping with tolerance_m2, min_clean_area_m2 and layers") }
        try checkKeys(top, allowed: topLevelKeys, context: "rules", fail: fail)

        func number(_ node: Node?, _ key: String) throws -> Double? {
            guard let node else { return nil }
            guard node.scalar != nil, let value = node.float ?? node.int.map(Double.init), value.isFinite else {
                throw fail(node, "\(key) must be a number")
            }
            guard value >= 0 else { throw fail(node, "\(key) must not be negative (got \(value))") }
            return value
        }
        let tolerance = try number(top["tolerance_m2"], "tolerance_m2") ?? 0
        let minClean = try number(top["min_clean_area_m2"], "min_clean_area_m2") ?? 0

        guard let layersNode = top["layers"] else { throw fail(root, "missing key layers") }
        guard let sequence = layersNode.sequence, !sequence.isEmpty else { throw fail(layersNode, "layers must be a non-empty list") }
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        var layers: [RuleLayer] = []
        for (k, node) in sequence.enumerated() {
            let context = "layers[\(k + 1)]"
            guard let mapping = node.mapping else { throw fail(node, "\(context) must be a mapping with name and path") }
            try checkKeys(mapping, allowed: layerKeys, context: context, fail: fail)
            func text(_ key: String, required: Bool) throws -> String? {
                guard let value = mapping[key] else {
                    if required { throw fail(node, "\(context): layer without a \(key)") }
                    return nil
                }
                guard let s = value.string, !s.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw fail(value, "\(context).\(key) must be a non-empty string")
                }
                return s
            }
            let name = try text("name", required: true)!
            guard !layers.contains(where: { $0.name == name }) else { throw fail(mapping["name"], "\(context): layer name \(name) used twice") }
            let path = try text("path", required: true)!
            // A database table (`PG:…`) is no file: checked when it is read.
            let isDatabase = PostGISConnection.isConnection(path)
            let resolved = path.hasPrefix("/") || isDatabase ? path : folder.appendingPathComponent(path).path
            guard isDatabase || FileManager.default.fileExists(atPath: resolved) else {
                throw fail(mapping["path"], "\(context).path: no such file: \(resolved)")
            }
            var crs: CRSIdentifier?
            if let crsText = try text("crs", required: false) {
                guard let parsed = CRSIdentifier.parse(crsText) else { throw fail(mapping["crs"], "\(context).crs: not a CRS such as EPSG:4490") }
                crs = parsed
            }
            let buffer = try number(mapping["buffer_m"], "\(context).buffer_m")
            var towgs84: [Double]?
            if let node = mapping["towgs84"] {
                let values = node.sequence?.map { $0.float ?? $0.int.map(Double.init) } ?? []
                guard values.count == 3 || values.count == 7, values.allSatisfy({ $0?.isFinite ?? false }) else {
                    throw fail(node, "\(context).towgs84 must be a list of 3 or 7 numbers [dx, dy, dz, rx, ry, rz, ds]")
                }
                towgs84 = values.map { $0! }
            }
            let pipeline = try text("pipeline", required: false)
            if pipeline != nil, towgs84 != nil { throw fail(mapping["pipeline"], "\(context): give towgs84 or pipeline, not both") }
            layers.append(RuleLayer(name: name, path: path, resolvedPath: resolved, idField: try text("id_field", required: false),
                                    bufferMetres: buffer, crs: crs, towgs84: towgs84, pipeline: pipeline))
        }
        var rules = ScreeningRules(toleranceM2: tolerance, minCleanAreaM2: minClean, layers: layers, file: file)
        if let node = top["new_mines"] { rules.newMines = try NewMineRules.parse(node, fail: fail) }
        return rules
    }

    static func checkKeys(_ mapping: Node.Mapping, allowed: [String], context: String,
                                  fail: (Node?, String) -> InputError) throws {
        var seen = Set<String>()
        for (key, _) in mapping {
            guard let name = key.string, allowed.contains(name) else {
                // A mistyped key is worth showing; anything else (a file that is no rules file) is not quoted.
                let typed = key.string.flatMap { k in
                    k.count <= 40 && k.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" } ? " '\(k)'" : nil
                } ?? ""
                throw fail(key, "unknown key\(typed) in \(context) (allowed: \(allowed.joined(separator: ", ")))")
            }
            guard seen.insert(name).inserted else { throw fail(key, "key '\(name)' given twice in \(context)") }
        }
    }

    /// libyaml's own words and position (":line:column: invalid YAML: …"), without the quoted lines of the
    /// file Yams appends: the file may be anything but a rules file (see `quotedForMessage`).
}

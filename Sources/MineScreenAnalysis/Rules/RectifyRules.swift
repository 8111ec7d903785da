import Foundation
import Yams
import MineScreenSupport
import MineScreenIO

/// A calendar date (YYYY-MM-DD) as licence and status columns hold them; compared and shifted by whole months.
public struct CivilDate: Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), (1...Self.daysIn(year, month)).contains(day) else { return nil }
        self.year = year; self.month = month; self.day = day
    }

    /// `YYYY-MM-DD` (also `YYYY/MM/DD` and `YYYY.MM.DD`, as spreadsheets export them); nil for anything else.
    public static func parse(_ text: String) -> CivilDate? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(omittingEmptySubsequences: false) { $0 == "-" || $0 == "/" || $0 == "." }
        guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        return CivilDate(year: y, month: m, day: d)
    }

    static func daysIn(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The same day `months` later; a day past the end of the target month becomes its last day (29 Feb + 1 year = 28 Feb).
    public func adding(months: Int) -> CivilDate {
        let total = year * 12 + (month - 1) + months
        let y = total / 12, m = total % 12 + 1
        return CivilDate(year: y, month: m, day: min(day, Self.daysIn(y, m))) ?? self
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }
}

/// Which property of a mine holds which attribute (`fields:` in a rectify rules file); the defaults are the
/// column names of the Jincheng plan's attachments.
public struct RectifyFields: Sendable, Equatable {
    public var name = "矿山名称"
    public var owner = "采矿权人"
    public var licence = "采矿许可证号"
    public var mineral = "开采矿种"
    public var scale = "生产规模"
    public var licenceExpiry = "采矿许可证有效期"
    public var reserves = "剩余可采资源量"
    public var miningMethod = "开采方式"
    public var status = "生产状态"
    public var stoppedSince = "停产日期"
    public var constructionUntil = "基建期至"
    public var safetyLicence = "安全生产许可证号"
    public var plannedScale = "提升改造后生产规模"

    public init() {}

    /// Columns a licence file must have: without them every mine would silently get the same answer (all
    /// without a licence, all of distinct owners, no quarries …). The others may be missing from a file whose
    /// mines do not need them (停产日期 when none is stopped).
    public static let requiredKeys = ["owner", "licence", "mineral", "scale", "licence_expiry", "reserves", "mining_method",
                                      "status", "safety_licence"]

    /// YAML key under `fields:` → the attribute it renames.
    static let keys: [(key: String, path: WritableKeyPath<RectifyFields, String>)] = [
        ("name", \.name), ("owner", \.owner), ("licence", \.licence), ("mineral", \.mineral), ("scale", \.scale),
        ("licence_expiry", \.licenceExpiry), ("reserves", \.reserves), ("mining_method", \.miningMethod),
        ("status", \.status), ("stopped_since", \.stoppedSince), ("construction_until", \.constructionUntil),
        ("safety_licence", \.safetyLicence), ("planned_scale", \.plannedScale),
    ]
}

/// A `minescreen rectify` rules file (YAML): the thresholds of a rectification plan such as Jincheng's
/// (晋市政办〔2024〕41号). Scales are in the unit of the scale column (万吨/年, 10⁴ t/yr).
public struct RectifyRules: Sendable, Equatable {
    public var asOf: CivilDate
    public var minServiceYears: Double
    public var longStoppedYears: Double
    public var safetyDistanceMetres: Double
    public var beyondBoundaryToleranceM2: Double
    /// Mineral → smallest scale that may stay (below it: exit).
    public var minScale: [String: Double]
    /// Open-pit (露天) mines of these minerals are quarries with their own threshold.
    public var quarryMinerals: [String]
    public var quarryMinScale: Double?
    /// Mineral → smallest medium-size scale (a planned upgrade must reach it).
    public var mediumScale: [String: Double]
    public var fields: RectifyFields
    public var file: String

    public static let topLevelKeys = ["as_of", "min_service_years", "long_stopped_years", "safety_distance_m",
                                      "beyond_boundary_tolerance_m2", "min_scale", "open_pit_quarry", "medium_scale", "fields"]
    static let required = ["as_of", "min_service_years", "long_stopped_years", "safety_distance_m"]

    public var echo: JSONValue {
        func table(_ t: [String: Double]) -> JSONValue { .object(t.keys.sorted().map { ($0, .number(t[$0]!)) }) }
        var members: [(key: String, value: JSONValue)] = [
            ("file", .string(file)), ("as_of", .string(asOf.description)), ("min_service_years", .number(minServiceYears)),
            ("long_stopped_years", .number(longStoppedYears)), ("safety_distance_m", .number(safetyDistanceMetres)),
            ("beyond_boundary_tolerance_m2", .number(beyondBoundaryToleranceM2)),
            ("min_scale", table(minScale)), ("medium_scale", table(mediumScale)),
        ]
        if let q = quarryMinScale {
            members.append(("open_pit_quarry", .object([("minerals", .array(quarryMinerals.map { .string($0) })), ("min_scale", .number(q))])))
        }
        members.append(("fields", .object(RectifyFields.keys.map { ($0.key, .string(fields[keyPath: $0.path])) })))
        return .object(members)
    }

    public static func load(path: String) throws -> RectifyRules {
        let text = try RulesYAML.readText(path: path)
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws -> RectifyRules {
        func fail(_ node: Node?, _ message: String) -> InputError {
            .invalidArgument("\(file)\(node?.mark.map { ":\($0.line)" } ?? ""): \(message)")
        }
        let root = try RulesYAML.compose(text, file: file)
        guard let top = root.mapping else { throw fail(root, "expected a mapping with \(required.joined(separator: ", "))") }
        try checkKeys(top, allowed: topLevelKeys, context: "rules", fail: fail)
        for key in required where top[key] == nil { throw fail(root, "missing key \(key)") }

        func number(_ node: Node?, _ key: String) throws -> Double? {
            guard let node else { return nil }
            guard node.scalar != nil, let value = node.float ?? node.int.map(Double.init), value.isFinite else {
                throw fail(node, "\(key) must be a number")
            }
            guard value >= 0 else { throw fail(node, "\(key) must not be negative (got \(value))") }
            return value
        }
        func mineralTable(_ key: String) throws -> [String: Double] {
            guard let node = top[key] else { return [:] }
            guard let mapping = node.mapping else { throw fail(node, "\(key) must be a mapping of mineral: scale") }
            var table: [String: Double] = [:]
            for (mineralNode, valueNode) in mapping {
                guard let mineral = mineralNode.string, !mineral.isEmpty else { throw fail(mineralNode, "\(key): a mineral must be a name") }
                guard table[mineral] == nil else { throw fail(mineralNode, "\(key): mineral \(mineral) given twice") }
                table[mineral] = try number(valueNode, "\(key).\(mineral)")
            }
            return table
        }

        guard let asOfNode = top["as_of"], let asOfText = asOfNode.string, let asOf = CivilDate.parse(asOfText) else {
            throw fail(top["as_of"], "as_of must be a date YYYY-MM-DD")
        }
        var quarryMinerals: [String] = []
        var quarryMinScale: Double?
        if let quarry = top["open_pit_quarry"] {
            guard let mapping = quarry.mapping else { throw fail(quarry, "open_pit_quarry must be a mapping with minerals and min_scale") }
            try checkKeys(mapping, allowed: ["minerals", "min_scale"], context: "open_pit_quarry", fail: fail)
            guard let list = mapping["minerals"]?.sequence, !list.isEmpty else {
                throw fail(mapping["minerals"] ?? quarry, "open_pit_quarry.minerals must be a non-empty list of minerals")
            }
            quarryMinerals = try list.map { node in
                guard let name = node.string, !name.isEmpty else { throw fail(node, "open_pit_quarry.minerals: a mineral must be a name") }
                return name
            }
            guard let threshold = try number(mapping["min_scale"], "open_pit_quarry.min_scale") else {
                throw fail(quarry, "open_pit_quarry: missing key min_scale")
            }
            quarryMinScale = threshold
        }
        var fields = RectifyFields()
        if let node = top["fields"] {
            guard let mapping = node.mapping else { throw fail(node, "fields must be a mapping of attribute: property name") }
            try checkKeys(mapping, allowed: RectifyFields.keys.map(\.key), context: "fields", fail: fail)
            for (keyNode, valueNode) in mapping {
                guard let value = valueNode.string, !value.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw fail(valueNode, "fields.\(keyNode.string ?? "?") must be a property name")
                }
                let path = RectifyFields.keys.first { $0.key == keyNode.string }!.path
                fields[keyPath: path] = value
            }
        }
        return RectifyRules(asOf: asOf, minServiceYears: try number(top["min_service_years"], "min_service_years")!,
                            longStoppedYears: try number(top["long_stopped_years"], "long_stopped_years")!,
                            safetyDistanceMetres: try number(top["safety_distance_m"], "safety_distance_m")!,
                            beyondBoundaryToleranceM2: try number(top["beyond_boundary_tolerance_m2"], "beyond_boundary_tolerance_m2") ?? 0,
                            minScale: try mineralTable("min_scale"), quarryMinerals: quarryMinerals, quarryMinScale: quarryMinScale,
                            mediumScale: try mineralTable("medium_scale"), fields: fields, file: file)
    }

    private static func checkKeys(_ mapping: Node.Mapping, allowed: [String], context: String,
                                  fail: (Node?, String) -> InputError) throws {
        var seen = Set<String>()
        for (key, _) in mapping {
            guard let name = key.string, allowed.contains(name) else {
                throw fail(key, "unknown key '\(key.string ?? "?")' in \(context) (allowed: \(allowed.joined(separator: ", ")))")
            }
            guard seen.insert(name).inserted else { throw fail(key, "key '\(name)' given twice in \(context)") }
        }
    }
}

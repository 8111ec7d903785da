import Foundation
import Yams
import MineScreenSupport
import MineScreenIO

/// The plans' rules for new mines (a rules file's optional `new_mines:` section): minimum design scale per
/// mineral (with per-county overrides), no new small mines of some minerals, and deposits of at least medium size.
/// Scales are in 10⁴ t/yr, as the plans write them.
public struct NewMineRules: Sendable, Equatable {
    /// mineral → smallest design scale a new mine may have.
    public var minDesignScale: [String: Double] = [:]
    /// county → mineral → smallest design scale there (wins over `minDesignScale`).
    public var byCounty: [String: [String: Double]] = [:]
    /// Minerals of which no new small mine (design scale below `mediumScale`) may be set up.
    public var noNewSmall: [String] = []
    /// mineral → smallest design scale of a medium mine.
    public var mediumScale: [String: Double] = [:]
    /// When true the deposit (矿床规模) must be 大型 or 中型.
    public var requireMediumDeposit = false
    public var fields = Fields()

    /// The block properties the rules read.
    public struct Fields: Sendable, Equatable {
        public var mineral = "开采矿种"
        public var designScale = "设计生产规模"
        public var depositSize = "矿床规模"
        public var county = "所在行政区"

        public init() {}
    }

    public static let keys = ["min_design_scale", "by_county", "no_new_small", "medium_scale", "require_medium_deposit", "fields"]
    public static let fieldKeys = ["mineral", "design_scale", "deposit_size", "county"]

    /// Deposit sizes as the plans write them, largest first.
    static let depositSizes = ["大型", "中型", "小型"]

    var echo: JSONValue {
        func table(_ t: [String: Double]) -> JSONValue { .object(t.sorted { $0.key < $1.key }.map { ($0.key, .number($0.value)) }) }
        return .object([
            ("min_design_scale", table(minDesignScale)),
            ("by_county", .object(byCounty.sorted { $0.key < $1.key }.map { ($0.key, table($0.value)) })),
            ("no_new_small", .array(noNewSmall.map { .string($0) })),
            ("medium_scale", table(mediumScale)),
            ("require_medium_deposit", .bool(requireMediumDeposit)),
            ("fields", .object([("mineral", .string(fields.mineral)), ("design_scale", .string(fields.designScale)),
                                ("deposit_size", .string(fields.depositSize)), ("county", .string(fields.county))])),
        ])
    }

    static func parse(_ node: Node, fail: (Node?, String) -> InputError) throws -> NewMineRules {
        guard let mapping = node.mapping else { throw fail(node, "new_mines must be a mapping (allowed: \(keys.joined(separator: ", ")))") }
        try ScreeningRules.checkKeys(mapping, allowed: keys, context: "new_mines", fail: fail)
        func name(_ node: Node, _ context: String) throws -> String {
            guard let s = node.string?.trimmingCharacters(in: .whitespaces), !s.isEmpty, node.scalar != nil else {
                throw fail(node, "\(context): expected a non-empty name")
            }
            return s
        }
        func scales(_ node: Node, _ context: String) throws -> [String: Double] {
            guard let m = node.mapping else { throw fail(node, "\(context) must be a mapping of mineral: scale (10⁴ t/yr)") }
            var out: [String: Double] = [:]
            for (key, value) in m {
                let mineral = try name(key, "\(context) key")
                guard out[mineral] == nil else { throw fail(key, "\(context).\(mineral) given twice") }
                guard value.scalar != nil, let v = value.float ?? value.int.map(Double.init), v.isFinite, v >= 0 else {
                    throw fail(value, "\(context).\(mineral) must be a non-negative number (10⁴ t/yr)")
                }
                out[mineral] = v
            }
            return out
        }
        var rules = NewMineRules()
        if let n = mapping["min_design_scale"] { rules.minDesignScale = try scales(n, "new_mines.min_design_scale") }
        if let n = mapping["medium_scale"] { rules.mediumScale = try scales(n, "new_mines.medium_scale") }
        if let n = mapping["by_county"] {
            guard let m = n.mapping else { throw fail(n, "new_mines.by_county must be a mapping of county: {mineral: scale}") }
            for (key, value) in m {
                let county = try name(key, "new_mines.by_county key")
                guard rules.byCounty[county] == nil else { throw fail(key, "new_mines.by_county.\(county) given twice") }
                rules.byCounty[county] = try scales(value, "new_mines.by_county.\(county)")
            }
        }
        if let n = mapping["no_new_small"] {
            guard let list = n.sequence else { throw fail(n, "new_mines.no_new_small must be a list of minerals") }
            for item in list {
                let mineral = try name(item, "new_mines.no_new_small")
                guard rules.mediumScale[mineral] != nil else {
                    throw fail(item, "new_mines.no_new_small: \(mineral) has no medium_scale (small = below medium_scale)")
                }
                rules.noNewSmall.append(mineral)
            }
        }
        if let n = mapping["require_medium_deposit"] {
            guard n.scalar != nil, let b = n.bool else { throw fail(n, "new_mines.require_medium_deposit must be true or false") }
            rules.requireMediumDeposit = b
        }
        if let n = mapping["fields"] {
            guard let m = n.mapping else { throw fail(n, "new_mines.fields must be a mapping (allowed: \(fieldKeys.joined(separator: ", ")))") }
            try ScreeningRules.checkKeys(m, allowed: fieldKeys, context: "new_mines.fields", fail: fail)
            if let v = m["mineral"] { rules.fields.mineral = try name(v, "new_mines.fields.mineral") }
            if let v = m["design_scale"] { rules.fields.designScale = try name(v, "new_mines.fields.design_scale") }
            if let v = m["deposit_size"] { rules.fields.depositSize = try name(v, "new_mines.fields.deposit_size") }
            if let v = m["county"] { rules.fields.county = try name(v, "new_mines.fields.county") }
        }
        return rules
    }
}

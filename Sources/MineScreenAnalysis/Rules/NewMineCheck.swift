import Foundation
import MineScreenSupport
import MineScreenGeometry

/// Why a block breaks the plans' rules for new mines (or cannot be judged by them): a `blocked` reason.
public struct NewMineReason: Sendable, Equatable {
    /// Which of the plans' new-mine rules the reason names, with its name in reports.
    public enum Rule: String, Sendable {
        case minDesignScale = "min-design-scale"
        case noNewSmall = "no-new-small"
        case depositSize = "deposit-size"
        case missingAttribute = "missing-attribute"
        case badAttribute = "bad-attribute"
    }
    public var rule: Rule
    public var mineral: String?
    /// The block's design scale (10⁴ t/yr), or its deposit size text for `deposit-size`.
    public var scale: JSONValue?
    /// The smallest allowed: a scale, or "中型" for `deposit-size`.
    public var minimum: JSONValue?
    public var field: String?
    /// The unusable value as written (cut to 40 characters).
    public var value: String?
    public var message: String

    /// The JSON reason: `rule` and the members that rule has, then `message`.
    public var json: JSONValue {
        var m: [(key: String, value: JSONValue)] = [("rule", .string(rule.rawValue))]
        if let mineral { m.append(("mineral", .string(mineral))) }
        if let scale { m.append(("scale", scale)) }
        if let minimum { m.append(("minimum", minimum)) }
        if let field { m.append(("field", .string(field))) }
        if let value { m.append(("value", .string(value))) }
        m.append(("message", .string(message)))
        return .object(m)
    }
}

extension NewMineRules {
    /// The minerals some rule names: blocks of other minerals are not judged on scale.
    func names(_ mineral: String) -> Bool {
        minDesignScale[mineral] != nil || noNewSmall.contains(mineral) || byCounty.values.contains { $0[mineral] != nil }
    }

    /// Every rule the block's properties break, and every property a rule needs that is missing or unusable.
    public func check(_ feature: Feature) -> [NewMineReason] {
        var reasons: [NewMineReason] = []
        func missing(_ field: String) -> NewMineReason {
            NewMineReason(rule: .missingAttribute, field: field, message: "the block has no \(field), which the new-mine rules need")
        }
        func bad(_ field: String, _ value: JSONValue, _ expected: String) -> NewMineReason {
            let text = Self.shown(value)
            return NewMineReason(rule: .badAttribute, field: field, value: text, message: "\(field) \(text) is not \(expected)")
        }

        var mineral: String?
        switch Self.present(feature.property(fields.mineral)) {
        case nil: reasons.append(missing(fields.mineral))
        case .string(let s)?: mineral = Self.trimmed(s)
        case let other?: reasons.append(bad(fields.mineral, other, "a mineral name"))
        }
        if let mineral, names(mineral) {
            var minimum = minDesignScale[mineral]
            var countyKnown = true
            if byCounty.values.contains(where: { $0[mineral] != nil }) {
                switch Self.present(feature.property(fields.county)) {
                case nil: reasons.append(missing(fields.county)); countyKnown = false
                case .string(let s)?: if let override = byCounty[Self.trimmed(s)]?[mineral] { minimum = override }
                case let other?: reasons.append(bad(fields.county, other, "a county name")); countyKnown = false
                }
            }
            switch Self.present(feature.property(fields.designScale)) {
            case nil: reasons.append(missing(fields.designScale))
            case let value?:
                if let scale = Self.scale(value) {
                    if countyKnown, let minimum, scale < minimum {
                        reasons.append(NewMineReason(rule: .minDesignScale, mineral: mineral, scale: .number(scale), minimum: .number(minimum),
                                                     message: "\(mineral): design scale \(formatJSONNumber(scale)) × 10⁴ t/yr is below the minimum \(formatJSONNumber(minimum))"))
                    }
                    if noNewSmall.contains(mineral), let medium = mediumScale[mineral], scale < medium {
                        reasons.append(NewMineReason(rule: .noNewSmall, mineral: mineral, scale: .number(scale), minimum: .number(medium),
                                                     message: "\(mineral): no new small mines; design scale \(formatJSONNumber(scale)) × 10⁴ t/yr is below medium (\(formatJSONNumber(medium)))"))
                    }
                } else {
                    reasons.append(bad(fields.designScale, value, "a number (10⁴ t/yr)"))
                }
            }
        }
        if requireMediumDeposit {
            switch Self.present(feature.property(fields.depositSize)) {
            case nil: reasons.append(missing(fields.depositSize))
            case .string(let s)? where Self.depositSizes.contains(Self.trimmed(s)):
                let size = Self.trimmed(s)
                if size == "小型" {
                    reasons.append(NewMineReason(rule: .depositSize, mineral: mineral, scale: .string(size), minimum: .string("中型"),
                                                 message: "deposit size \(size): new mines need a medium (中型) or large (大型) deposit"))
                }
            case let other?: reasons.append(bad(fields.depositSize, other, "大型, 中型 or 小型"))
            }
        }
        return reasons
    }

    /// nil for an absent property, JSON null, or text that is only blanks.
    static func present(_ value: JSONValue?) -> JSONValue? {
        switch value {
        case nil, .null?: return nil
        case .string(let s)? where trimmed(s).isEmpty: return nil
        default: return value
        }
    }

    static func trimmed(_ s: String) -> String { s.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// A design scale from a number, or from text holding only a plain decimal number; full-width digits and
    /// point (３０．５) are read as the ASCII ones. Anything else (units, exponents, signs, NaN) is not a scale.
    static func scale(_ value: JSONValue) -> Double? {
        switch value {
        case .number(let d): return d.isFinite && d >= 0 ? d : nil
        case .integer(let i): return i >= 0 ? Double(i) : nil
        case .string(let s):
            var ascii = ""
            for scalar in trimmed(s).unicodeScalars {
                switch scalar.value {
                case 0xFF10...0xFF19: ascii.unicodeScalars.append(Unicode.Scalar(scalar.value - 0xFF10 + 0x30)!)
                case 0xFF0E: ascii.append(".")
                default: ascii.unicodeScalars.append(scalar)
                }
            }
            let parts = ascii.split(separator: ".", omittingEmptySubsequences: false)
            guard !ascii.isEmpty, parts.count <= 2, parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
                  !(parts.first?.isEmpty ?? true), let d = Double(ascii), d.isFinite else { return nil }
            return d
        default: return nil
        }
    }

    /// A property value for a message, cut to 40 characters: the file may hold anything.
    static func shown(_ value: JSONValue) -> String {
        let text: String
        switch value {
        case .string(let s): text = s
        case .number(let d): text = formatJSONNumber(d)
        case .integer(let i): text = String(i)
        case .bool(let b): text = b ? "true" : "false"
        case .null: text = "null"
        case .array: text = "(a list)"
        case .object: text = "(an object)"
        }
        let printable = String(text.unicodeScalars.filter { !$0.properties.isNoncharacterCodePoint && $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        return printable.count > 40 ? String(printable.prefix(40)) + "…" : printable
    }
}

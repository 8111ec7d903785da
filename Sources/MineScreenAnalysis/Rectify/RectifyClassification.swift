import Foundation
import MineScreenSupport

/// The lists of a rectification plan, in precedence order: a mine goes on the first list one of its reasons puts it on.
public enum RectifyCategory: String, Sendable, CaseIterable {
    case close, exit, consolidate, upgrade, keep

    /// The list's name in the plan (晋市政办〔2024〕41号 三(二)).
    public var chinese: String {
        switch self {
        case .close: return "关闭取缔"
        case .exit: return "引导退出"
        case .consolidate: return "整合重组"
        case .upgrade: return "升级改造"
        case .keep: return "保留"
        }
    }
}

/// One reason a rule gives for a mine: a stable code, a sentence, and the figures it was decided on.
public struct RectifyReason: Sendable {
    public var code: String
    public var message: String
    public var figures: [(key: String, value: JSONValue)]

    public init(_ code: String, _ message: String, _ figures: [(key: String, value: JSONValue)] = []) {
        self.code = code; self.message = message; self.figures = figures
    }

    public static let closeCodes: Set<String> = ["no-licence", "no-safety-licence", "licence-expired", "beyond-boundary"]
    public static let exitCodes: Set<String> = ["resources-exhausted", "long-stopped", "below-min-scale", "short-service-life",
                                                "construction-overdue"]
    /// Exit reasons a planned upgrade can answer.
    public static let upgradableCodes: Set<String> = ["below-min-scale", "short-service-life"]
    public static let consolidateCodes: Set<String> = ["shared-orebody", "too-close"]

    public var json: JSONValue { .object([("code", .string(code)), ("message", .string(message))] + figures) }
}

/// The attribute rules of a rectification plan (licences, reserves, status, scale, service life) and the
/// choice of list from all of a mine's reasons.
public enum RectifyClassification {
    /// Reasons from the mine's attributes alone, in the plan's order.
    public static func attributeReasons(_ mine: RectifyMine, rules: RectifyRules, fields: RectifyFields) -> [RectifyReason] {
        var reasons: [RectifyReason] = []
        let asOf = rules.asOf
        if mine.licence == nil {
            reasons.append(RectifyReason("no-licence", "no mining licence (\(fields.licence) empty); the mine's id is its feature id, else its index in the file"))
        }
        if mine.safetyLicence == nil {
            reasons.append(RectifyReason("no-safety-licence", "no work-safety licence (\(fields.safetyLicence) empty)"))
        }
        let licenceValid = mine.licence != nil && !(mine.licenceExpiry.map { $0 < asOf } ?? true)
        if let expiry = mine.licenceExpiry, expiry < asOf {
            reasons.append(RectifyReason("licence-expired", "licence expired on \(expiry), before \(asOf)", [("licence_expiry", .string(expiry.description))]))
        }
        if mine.reserves <= 0, licenceValid {
            reasons.append(RectifyReason("resources-exhausted", "no reserves left while the licence is valid until \(mine.licenceExpiry?.description ?? "?")",
                                         [("reserves", .number(mine.reserves))]))
        }
        if mine.isStopped, let since = mine.stoppedSince {
            let months = Int((rules.longStoppedYears * 12).rounded())
            if since.adding(months: months) <= asOf {
                reasons.append(RectifyReason("long-stopped", "\(mine.status ?? "stopped") since \(since): at least \(formatJSONNumber(rules.longStoppedYears)) years at \(asOf)",
                                             [("stopped_since", .string(since.description)), ("long_stopped_years", .number(rules.longStoppedYears))]))
            }
        }
        if let (threshold, basis) = minimumScale(mine, rules: rules), mine.scale < threshold {
            reasons.append(RectifyReason("below-min-scale", "scale \(formatJSONNumber(mine.scale)) below \(formatJSONNumber(threshold)) (10⁴ t/yr) for \(basis)",
                                         [("scale", .number(mine.scale)), ("min_scale", .number(threshold)), ("basis", .string(basis))]))
        }
        if let years = mine.serviceYears, years < rules.minServiceYears {
            reasons.append(RectifyReason("short-service-life", "service life \(formatFixed(years, decimals: 2)) years (reserves / scale) below \(formatJSONNumber(rules.minServiceYears))",
                                         [("service_years", .number(years)), ("min_service_years", .number(rules.minServiceYears))]))
        }
        if mine.isUnderConstruction, let until = mine.constructionUntil, until < asOf {
            reasons.append(RectifyReason("construction-overdue", "under construction past \(until)", [("construction_until", .string(until.description))]))
        }
        return reasons
    }

    /// The scale threshold for the mine and what it is: an open-pit quarry's, else its mineral's; nil when none applies.
    static func minimumScale(_ mine: RectifyMine, rules: RectifyRules) -> (Double, String)? {
        if mine.isOpenPit, let quarry = rules.quarryMinScale, rules.quarryMinerals.contains(mine.mineral) {
            return (quarry, "open-pit quarry of \(mine.mineral)")
        }
        return rules.minScale[mine.mineral].map { ($0, mine.mineral) }
    }

    /// The planned upgrade, when it reaches the mineral's medium scale with enough service life at that scale.
    public static func upgradePlan(_ mine: RectifyMine, rules: RectifyRules) -> RectifyReason? {
        guard let planned = mine.plannedScale, planned > 0, let medium = rules.mediumScale[mine.mineral], planned >= medium else { return nil }
        let years = mine.reserves / planned
        guard years >= rules.minServiceYears else { return nil }
        return RectifyReason("upgrade-plan", "planned scale \(formatJSONNumber(planned)) reaches medium size \(formatJSONNumber(medium)) with \(formatFixed(years, decimals: 2)) years of reserves",
                             [("planned_scale", .number(planned)), ("medium_scale", .number(medium)), ("planned_service_years", .number(years))])
    }

    /// close > exit > consolidate > upgrade > keep; an upgrade plan replaces exit when scale and service life are the only exit reasons.
    public static func category(_ reasons: [RectifyReason]) -> RectifyCategory {
        let codes = Set(reasons.map(\.code))
        if !codes.isDisjoint(with: RectifyReason.closeCodes) { return .close }
        let exits = codes.intersection(RectifyReason.exitCodes)
        let upgraded = codes.contains("upgrade-plan") && exits.isSubset(of: RectifyReason.upgradableCodes)
        if !exits.isEmpty, !upgraded { return .exit }
        if !codes.isDisjoint(with: RectifyReason.consolidateCodes) { return .consolidate }
        if !exits.isEmpty { return .upgrade }
        return .keep
    }
}

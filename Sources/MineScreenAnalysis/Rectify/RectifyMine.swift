import Foundation
import MineScreenSupport
import MineScreenGeometry

/// One licensed mine's attributes as a rectification plan uses them, read from its feature's properties.
public struct RectifyMine: Sendable {
    public var index: Int
    public var id: String
    public var name: String
    /// Empty when the property is missing: such mines never share an owner with another.
    public var owner: String
    /// 采矿许可证号; nil: operating without a mining licence.
    public var licence: String?
    public var mineral: String
    /// 生产规模 (10⁴ t/yr).
    public var scale: Double
    /// Last day the licence is valid.
    public var licenceExpiry: CivilDate?
    /// 剩余可采资源量 (10⁴ t).
    public var reserves: Double
    public var miningMethod: String?
    public var status: String?
    public var stoppedSince: CivilDate?
    public var constructionUntil: CivilDate?
    public var safetyLicence: String?
    /// 提升改造后生产规模 (10⁴ t/yr), when an upgrade is planned.
    public var plannedScale: Double?

    /// Years of reserves at the current scale; nil when the scale is 0.
    public var serviceYears: Double? { scale > 0 ? reserves / scale : nil }
    public var isOpenPit: Bool { miningMethod?.hasPrefix("露天") ?? false }
    /// 停产, 停工 and 停建 (and their variants such as 停产整顿) count as stopped.
    public var isStopped: Bool { ["停产", "停工", "停建"].contains { status?.hasPrefix($0) ?? false } }
    public var isUnderConstruction: Bool { status?.hasPrefix("基建") ?? false }

    /// Reads the attributes named by `fields`; a value that is not what its column needs gives the reason the
    /// mine is rejected, naming the property.
    public static func read(_ feature: Feature, fields: RectifyFields) -> Result<RectifyMine, RectifyAttributeError> {
        do {
            func text(_ name: String) -> String? {
                guard let label = feature.property(name)?.labelText?.trimmingCharacters(in: .whitespacesAndNewlines), !label.isEmpty else { return nil }
                return label
            }
            func number(_ name: String, required: Bool) throws -> Double? {
                guard let value = feature.property(name), value != .null, !(value.stringValue?.trimmingCharacters(in: .whitespaces).isEmpty ?? false) else {
                    if required { throw RectifyAttributeError(field: name, problem: "missing") }
                    return nil
                }
                let parsed = value.numberValue ?? value.stringValue.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
                guard let n = parsed, n.isFinite else {
                    throw RectifyAttributeError(field: name, problem: "\(value.labelText.map { quotedForMessage($0) } ?? "this value") is not a number")
                }
                guard n >= 0 else { throw RectifyAttributeError(field: name, problem: "\(formatJSONNumber(n)) is negative") }
                return n
            }
            func date(_ name: String, required: Bool, why: String) throws -> CivilDate? {
                guard let label = text(name) else {
                    if required { throw RectifyAttributeError(field: name, problem: "missing (\(why))") }
                    return nil
                }
                guard let parsed = CivilDate.parse(label) else {
                    throw RectifyAttributeError(field: name, problem: "\(quotedForMessage(label)) is not a date YYYY-MM-DD")
                }
                return parsed
            }
            guard let mineral = text(fields.mineral) else { throw RectifyAttributeError(field: fields.mineral, problem: "missing") }
            let licence = text(fields.licence)
            var mine = RectifyMine(index: feature.index, id: feature.id, name: text(fields.name) ?? "", owner: text(fields.owner) ?? "",
                                   licence: licence, mineral: mineral, scale: try number(fields.scale, required: true)!,
                                   licenceExpiry: try date(fields.licenceExpiry, required: licence != nil, why: "the mine has a licence"),
                                   reserves: try number(fields.reserves, required: true)!,
                                   miningMethod: text(fields.miningMethod), status: text(fields.status), stoppedSince: nil,
                                   constructionUntil: nil, safetyLicence: text(fields.safetyLicence),
                                   plannedScale: try number(fields.plannedScale, required: false))
            mine.stoppedSince = try date(fields.stoppedSince, required: mine.isStopped, why: "\(fields.status) is \(mine.status ?? "")")
            mine.constructionUntil = try date(fields.constructionUntil, required: mine.isUnderConstruction,
                                              why: "\(fields.status) is \(mine.status ?? "")")
            return .success(mine)
        } catch let error as RectifyAttributeError {
            return .failure(error)
        } catch {
            return .failure(RectifyAttributeError(field: "?", problem: "\(error)"))
        }
    }
}

/// Why a mine's attributes cannot be used: the property and what is wrong with it.
public struct RectifyAttributeError: Error, Sendable {
    public var field: String
    public var problem: String
    public var description: String { "attribute \(field): \(problem)" }
}

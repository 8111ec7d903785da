import Foundation
import MineScreenSupport
import MineScreenIO
import MineScreenAnalysis

/// One block of a `screen` run that may be offered as a new mine: attachment 4's row (拟新设置名单).
public struct NewMineCandidate: Sendable {
    public var id: String
    /// `name` of the screen run (`--name-field`), else the id.
    public var name: String
    public var mineral: String?
    /// The screen run's block area and clean area (m²); a `needs-cut` block is offered cut to its clean part.
    public var areaM2: Double
    public var cleanM2: Double
    /// 预测资源量 (10⁴ t) as the block's property holds it: a number, or text as written; nil when absent.
    public var resources: JSONValue?
    public var location: String?
    public var year: String?
    public var verdict: String
}

/// A block of the screen run that is not on the list, and why.
public struct ExcludedCandidate: Sendable {
    public var id: String
    public var verdict: String
    public var why: String
}

/// The new-mines list read from a `screen` JSON report: blocks whose verdict is `clean` or `needs-cut` and that
/// break no new-mine rule. The attachment-4 columns come from the block properties the report carries.
public struct NewMineCandidates: Sendable {
    public var file: String
    public var listed: [NewMineCandidate] = []
    public var excluded: [ExcludedCandidate] = []
    /// Blocks in the report (screened and rejected).
    public var blockCount = 0
    /// False when the screen run's rules had no `new_mines:` section: no block was checked against the plans' scale rules.
    public var newMineRulesChecked = false
    public var warnings: [String] = []

    /// Properties holding attachment 4's columns besides the mineral (whose name comes from the screen rules' `new_mines.fields`).
    public static let resourcesField = "预测资源量"
    public static let locationField = "地理位置"
    public static let yearField = "拟出让年度"

    /// The `rule` values of reasons from the new-mine rules: a block with one is never a candidate.
    public static let newMineRules: Set<String> = ["min-design-scale", "no-new-small", "deposit-size", "missing-attribute", "bad-attribute"]
    static let verdicts: Set<String> = ["clean", "needs-cut", "blocked", "unverified"]

    public static func load(path: String) throws -> NewMineCandidates {
        let bytes = try InputBytes.read(path: path)
        let document: JSONValue = try bytes.withUnsafeBufferPointer { buffer in
            var scanner = JSONByteScanner(bytes: buffer)
            do {
                let value = try scanner.parseValue()
                scanner.skipWhitespace()
                guard scanner.atEnd else { throw scanner.fail("unexpected data after the JSON value") }
                return value
            } catch let error as JSONSyntaxError {
                let (line, column) = scanner.lineAndColumn(of: error.offset)
                throw InputError.syntax(file: path, line: line, column: column, why: error.message)
            }
        }
        return try NewMineCandidates(report: document, file: path)
    }

    public init(report: JSONValue, file: String) throws {
        self.file = file
        func notAReport(_ why: String) -> InputError {
            .invalidArgument("\(file): not a minescreen screen JSON report (the output of `minescreen screen --format json`): \(why)")
        }
        guard case .object = report else { throw notAReport("the top level is not an object") }
        guard report["software"]?.stringValue?.hasPrefix("minescreen ") == true, report["corridorPlane"] != nil,
              case .array(let blocks)? = report["blocks"], case .object? = report["summary"] else {
            throw notAReport("it has no software \"minescreen …\", corridorPlane, blocks and summary")
        }
        let rules = report["rules"]
        let mineralField = rules?["new_mines"]?["fields"]?["mineral"]?.stringValue ?? NewMineRules.Fields().mineral
        newMineRulesChecked = rules?["new_mines"] != nil
        if !newMineRulesChecked {
            warnings.append("\(file): the screen run's rules have no new_mines section: no block was checked against the plans' rules for new mines")
        }
        var withoutProperties = 0
        for (k, block) in blocks.enumerated() {
            guard let id = block["id"]?.stringValue else { throw notAReport("blocks[\(k)] has no id") }
            guard let verdict = block["verdict"]?.stringValue, Self.verdicts.contains(verdict) else {
                throw notAReport("block \(quotedForMessage(id, limit: 40)) has no verdict clean, needs-cut, blocked or unverified")
            }
            guard let area = block["area_m2"]?.numberValue, area.isFinite, let clean = block["clean_m2"]?.numberValue, clean.isFinite,
                  case .array(let reasons)? = block["reasons"] else {
                throw notAReport("block \(quotedForMessage(id, limit: 40)) lacks area_m2, clean_m2 or reasons")
            }
            let broken = reasons.compactMap { $0["rule"]?.stringValue }.filter(Self.newMineRules.contains)
            if verdict != "clean" && verdict != "needs-cut" {
                excluded.append(ExcludedCandidate(id: id, verdict: verdict, why: "verdict \(verdict)"
                    + (broken.isEmpty ? "" : "; breaks new-mine rule " + broken.joined(separator: ", "))))
                continue
            }
            guard broken.isEmpty else {
                excluded.append(ExcludedCandidate(id: id, verdict: verdict, why: "breaks new-mine rule " + broken.joined(separator: ", ")))
                continue
            }
            let properties = block["properties"]
            if properties == nil { withoutProperties += 1 }
            func text(_ field: String) -> String? {
                guard let value = properties?[field], value != .null, let label = value.labelText else { return nil }
                let trimmed = label.trimmingCharacters(in: .whitespacesAndNewlines)
                return trimmed.isEmpty ? nil : trimmed
            }
            var resources: JSONValue?
            if let value = properties?[Self.resourcesField], value != .null {
                resources = value.numberValue.map { .number($0) } ?? text(Self.resourcesField).map { .string($0) }
            }
            listed.append(NewMineCandidate(
                id: id, name: block["name"]?.stringValue ?? id, mineral: text(mineralField), areaM2: area, cleanM2: clean,
                resources: resources, location: text(Self.locationField), year: text(Self.yearField), verdict: verdict))
        }
        blockCount = blocks.count
        if case .array(let rejected)? = report["rejected"] {
            // Rejected constraint-layer features carry their layer's name; the others are blocks.
            for r in rejected where r["layer"] == nil {
                let id = r["id"]?.labelText ?? "?"
                excluded.append(ExcludedCandidate(id: id, verdict: "rejected", why: "rejected by screen: " + (r["reason"]?.stringValue ?? "no reason given")))
            }
            blockCount += rejected.filter { $0["layer"] == nil }.count
        }
        if withoutProperties > 0 {
            warnings.append("\(file): \(withoutProperties) candidate block(s) carry no properties (a report of an older minescreen): 开采矿种, 预测资源量, 地理位置 and 拟出让年度 are left blank")
        }
    }
}

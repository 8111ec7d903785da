import Foundation
import MineScreenSupport
import MineScreenGeometry
import MineScreenNative
import MineScreenIO
import MineScreenAnalysis

/// The facts every report states: which CRS, which area method, which units, and the tool versions.
public struct ReportContext {
    public var command: String
    public var crs: ResolvedCRS
    public var crsSource: String
    public var method: AreaMethod
    public var unit: AreaUnit
    /// Areas of overlay pieces (`overlap`, `screen`): `tdt1055` there is the area as drawn in the overlay's CRS.
    public var overlay: Bool

    public init(command: String, crs: ResolvedCRS, crsSource: String, method: AreaMethod, unit: AreaUnit, overlay: Bool = false) {
        self.command = command; self.crs = crs; self.crsSource = crsSource; self.method = method; self.unit = unit
        self.overlay = overlay
    }

    public var methodDetail: String { overlay ? method.overlayExplanation : method.explanation }

    public var crsNote: String {
        var text = "\(crs.identifier) \(crs.name) (\(crsSource))"
        if crs.identifier.isCGCS2000EquivalentLonLat && crs.identifier != .cgcs2000 {
            text += "; WGS 84/CRS84 lon/lat taken as CGCS2000 (they differ by centimetres)"
        }
        return text
    }

    /// Header lines for tables.
    public var headerLines: [String] {
        ["CRS: \(crsNote)",
         "Area: \(method.rawValue): \(methodDetail)",
         "Unit: \(unit.symbol) (\(unit.decimals) decimals; computed in m², rounded only for display)"]
    }

    /// Members every JSON report starts with.
    public var jsonHeader: [(key: String, value: JSONValue)] {
        [("crs", .string(crs.identifier.description)),
         ("areaMethod", .string(method.rawValue)),
         ("areaMethodDetail", .string(methodDetail)),
         ("units", .string("m2")),
         ("crsName", .string(crs.name)),
         ("crsSource", .string(crsSource)),
         ("software", .string("minescreen \(minescreenVersion); GEOS \(GEOSContext.version); PROJ \(PROJContext.version)"))]
    }
}

extension Rejection {
    public var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [("index", .number(Double(index))), ("id", .string(id)),
                                                          ("file", .string(file)), ("reason", .string(reason))]
        if let layer { members.append(("layer", .string(layer))) }
        return .object(members)
    }
}

/// Rejected features as table lines, so a person reading the table sees them too.
func rejectedLines(_ rejected: [Rejection]) -> String {
    guard !rejected.isEmpty else { return "" }
    var out = "\nRejected (\(rejected.count)):\n"
    for r in rejected {
        out += "  " + TerminalText.escaped("\(r.layer.map { "layer \($0): " } ?? "")\(r.file) #\(r.index) id \(r.id): \(r.reason)") + "\n"
    }
    return out
}

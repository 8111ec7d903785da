import MineScreenAnalysis
import MineScreenSupport
/// A report table as data, rendered alike into the HTML dossier and the Excel workbook: numbers stay
/// numbers (raw m², never pre-rounded), each with the decimals it is shown with.
public struct ReportTable: Sendable {
    public var name: String
    public var columns: [String]
    public var rows: [[ReportCell]] = []
    /// Totals, drawn below a rule.
    public var footers: [[ReportCell]] = []
    /// On a page, long narrow tables (corner points) print in this many side-by-side column groups,
    /// as planning documents print them. Workbooks ignore it.
    public var pageColumnGroups = 1

    public init(name: String, columns: [String]) {
        self.name = name
        self.columns = columns
    }

    /// The first column whose header is `header`.
    public func column(_ header: String) -> Int? { columns.firstIndex(of: header) }
}

/// One cell of a ``ReportTable``: text, a number shown with fixed decimals, an integer, or nothing.
public enum ReportCell: Sendable, Equatable {
    case text(String)
    /// A value shown with `decimals` decimals; the full value is kept (Excel keeps it too).
    case number(Double, decimals: Int)
    /// A count or an index.
    case integer(Int)
    case empty

    /// An area in `unit`, from square metres, with the unit's display decimals.
    public static func area(_ squareMetres: Double, _ unit: AreaUnit) -> ReportCell {
        .number(squareMetres / unit.squareMetres, decimals: unit.decimals)
    }

    public static func optionalArea(_ squareMetres: Double?, _ unit: AreaUnit) -> ReportCell {
        squareMetres.map { .area($0, unit) } ?? .empty
    }

    public var displayText: String {
        switch self {
        case .text(let s): return s
        case .number(let v, let decimals): return formatFixed(v, decimals: decimals)
        case .integer(let n): return String(n)
        case .empty: return ""
        }
    }

    public var isNumeric: Bool {
        switch self {
        case .number, .integer: return true
        case .text, .empty: return false
        }
    }
}

/// Column header with its unit, as `area (km²)`.
func header(_ label: String, _ unit: AreaUnit) -> String { "\(label) (\(unit.symbol))" }

/// The units every area appears in: m² for the record, km², ha and 亩 as planning documents print them.
let reportAreaUnits: [AreaUnit] = [.m2, .km2, .ha, .mu]

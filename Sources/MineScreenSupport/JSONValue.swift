/// A JSON value with object keys kept in file order (attribute tables are read by people, in order).
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    /// An integer written without fraction or exponent, kept exact (ids such as 18-digit parcel codes).
    case integer(Int64)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.integer(a), .integer(b)): return a == b
        case let (.integer(a), .number(b)), let (.number(b), .integer(a)): return Double(a) == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first(where: { $0.key == key })?.value
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var numberValue: Double? {
        switch self {
        case .number(let n): return n
        case .integer(let i): return Double(i)
        default: return nil
        }
    }

    /// The value as a short label: strings as is, integral numbers without a decimal point.
    public var labelText: String? {
        switch self {
        case .string(let s): return s
        case .number(let n): return formatJSONNumber(n)
        case .integer(let i): return String(i)
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }
}

/// Integral values print without ".0" (ids such as 140426000001 stay readable); others print shortest round-trip.
public func formatJSONNumber(_ n: Double) -> String {
    if n.isFinite, n == n.rounded(), abs(n) <= 9_007_199_254_740_992 { return String(Int64(n)) }
    return "\(n)"
}

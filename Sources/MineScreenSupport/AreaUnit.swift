import Foundation

/// Area units for tables and CSV. JSON always carries m².
public enum AreaUnit: String, CaseIterable, Sendable {
    case km2, ha, mu, m2

    public var squareMetres: Double {
        switch self {
        case .km2: return 1e6
        case .ha: return 1e4
        case .mu: return 10_000.0 / 15.0
        case .m2: return 1
        }
    }

    /// MNR convention: km² and ha to 4 decimals, m² to 2; 亩 to 2.
    public var decimals: Int {
        switch self {
        case .km2, .ha: return 4
        case .mu, .m2: return 2
        }
    }

    public var symbol: String {
        switch self {
        case .km2: return "km²"
        case .ha: return "ha"
        case .mu: return "亩"
        case .m2: return "m²"
        }
    }

    public func format(squareMetres value: Double) -> String {
        formatFixed(value / squareMetres, decimals: decimals)
    }
}

/// Fixed decimals without a minus sign on values that round to zero ("-0.0000" reads as a loss).
/// An exact tie rounds half up (away from zero), as CAD and survey software print areas: 1000.125 m² is
/// "1000.13" (printf alone rounds the binary value half-to-even, "1000.12"). Only exact ties change:
/// 20 more digits of the exact binary value show whether the rest is exactly 5000…
public func formatFixed(_ value: Double, decimals: Int) -> String {
    var value = value
    if value.isFinite, value != 0 {
        let long = String(format: "%.\(decimals + 20)f", value)
        if let point = long.firstIndex(of: ".") {
            let rest = long[long.index(point, offsetBy: decimals + 1)...]
            if rest.first == "5", rest.dropFirst().allSatisfy({ $0 == "0" }) { value = value > 0 ? value.nextUp : value.nextDown }
        }
    }
    let text = String(format: "%.\(decimals)f", value)
    if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { return String(text.dropFirst()) }
    return text
}

/// CSV as Excel on Chinese Windows reads it: UTF-8 with a byte order mark, CRLF, RFC 4180 quoting.
/// A text cell that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, tab or CR) is
/// written with a leading `'` (OWASP's advice against CSV injection); a cell that is a plain decimal number,
/// such as -0.5, is a number and stays as it is.
public struct CSVWriter {
    private var lines: [String] = []

    public init(header: [String]) { append(header) }

    public mutating func append(_ row: [String]) {
        lines.append(row.map(Self.quote).joined(separator: ","))
    }

    /// A rejected input feature as a row: its id, empty figures, and in the last column the file,
    /// index and reason. Every input feature appears in every report.
    public mutating func appendRejected(_ rejections: [Rejection], columns: Int) {
        for r in rejections {
            let layer = r.layer.map { "layer \($0): " } ?? ""
            append([r.id] + Array(repeating: "", count: max(0, columns - 2)) + ["\(layer)\(r.file) #\(r.index): \(r.reason)"])
        }
    }

    public var text: String { "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n" }

    package static func quote(_ cell: String) -> String {
        let field = defused(cell)
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The cell, prefixed with `'` when a spreadsheet would read it as a formula.
    static func defused(_ cell: String) -> String {
        guard let first = cell.utf8.first, [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"),
                                             UInt8(ascii: "\t"), UInt8(ascii: "\r")].contains(first) else { return cell }
        return isPlainNumber(cell) ? cell : "'" + cell
    }

    /// `[+-]digits[.digits][e[+-]digits]`: what the reports write for a number (no inf, nan or hex).
    static func isPlainNumber(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        func digits() -> Int {
            var count = 0
            while let b = bytes.first, b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") { bytes.removeFirst(); count += 1 }
            return count
        }
        if let b = bytes.first, b == UInt8(ascii: "+") || b == UInt8(ascii: "-") { bytes.removeFirst() }
        var mantissa = digits()
        if bytes.first == UInt8(ascii: ".") { bytes.removeFirst(); mantissa += digits() }
        guard mantissa > 0 else { return false }
        if let b = bytes.first, b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
            bytes.removeFirst()
            if let s = bytes.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { bytes.removeFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }
}

import Foundation
import MineScreenGeometry

import MineScreenIO
import MineScreenSupport
/// Aligned plain-text columns that stay aligned with Chinese text (CJK characters take two cells).
/// Control and bidi characters in cells are printed as visible escapes (`TerminalText`), and the columns
/// are measured on the escaped text.
public struct TextTable {
    /// How a column's cells line up: text to the left, numbers to the right.
    public enum Alignment { case left, right }
    public var headers: [String]
    public var alignments: [Alignment]
    public var rows: [[String]] = []
    /// Rows drawn below a rule, such as totals.
    public var footers: [[String]] = []

    public init(headers: [String], alignments: [Alignment]) {
        self.headers = headers
        self.alignments = alignments
    }

    /// Adds a left-aligned column; footers get an empty cell there.
    public mutating func insertColumn(at k: Int, header: String, values: [String]) {
        headers.insert(header, at: k)
        alignments.insert(.left, at: k)
        for i in rows.indices { rows[i].insert(i < values.count ? values[i] : "", at: k) }
        for i in footers.indices { footers[i].insert("", at: k) }
    }

    public func render() -> String {
        let headers = self.headers.map(TerminalText.escaped)
        let rows = self.rows.map { $0.map(TerminalText.escaped) }
        let footers = self.footers.map { $0.map(TerminalText.escaped) }
        let all = [headers] + rows + footers
        var widths = [Int](repeating: 0, count: headers.count)
        for row in all { for (k, cell) in row.enumerated() where k < widths.count { widths[k] = max(widths[k], displayWidth(cell)) } }
        func line(_ row: [String]) -> String {
            var parts: [String] = []
            for (k, cell) in row.enumerated() where k < widths.count {
                let pad = String(repeating: " ", count: widths[k] - displayWidth(cell))
                parts.append(alignments[k] == .left ? cell + pad : pad + cell)
            }
            var text = parts.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        let rule = String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))
        var out = [line(headers), rule] + rows.map(line)
        if !footers.isEmpty { out.append(rule); out += footers.map(line) }
        return out.joined(separator: "\n") + "\n"
    }
}

/// Terminal cells a string occupies: East Asian wide and fullwidth characters take two.
public func displayWidth(_ text: String) -> Int {
    text.unicodeScalars.reduce(0) { width, scalar in
        let v = scalar.value
        let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
        let zero = (0x0300...0x036F).contains(v) || v == 0x200B
        return width + (zero ? 0 : wide ? 2 : 1)
    }
}

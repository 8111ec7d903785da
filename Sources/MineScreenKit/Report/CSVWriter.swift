/// CSV as Excel on Chinese Windows reads it: UTF-8 with a byte order mark, CRLF, RFC 4180 quoting.
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

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

import Foundation

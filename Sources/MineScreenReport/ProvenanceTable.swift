import Foundation
import MineScreenSupport
import MineScreenIO

/// The provenance of a run in the forms other than JSON: a workbook sheet, a dossier section, CSV rows and
/// lines under a text table. One table serves them all, so every format states the same facts.
extension ProvenanceLog {
    /// Columns: item, value, then the digest, size, counts and CRS of file rows. Facts (software, command,
    /// start, duration) fill item and value; each input is a row named by its role with its path as value;
    /// the rules file is the row `rules`.
    public func table(command: [String], finished: Date = Date()) -> ReportTable {
        var table = ReportTable(name: "provenance", columns: ["item", "value", "sha256", "bytes", "features", "rejected", "crs"])
        func fact(_ item: String, _ value: String) -> [ReportCell] {
            [.text(item), .text(value), .empty, .empty, .empty, .empty, .empty]
        }
        for (name, version) in Self.software { table.rows.append(fact("software \(name)", version)) }
        table.rows.append(fact("command", Self.shellQuoted(command)))
        table.rows.append(fact("started", Self.isoTimestamp(started)))
        table.rows.append(fact("duration_s", formatJSONNumber((finished.timeIntervalSince(started) * 1000).rounded() / 1000)))
        for input in recordedInputs {
            table.rows.append([.text(input.role), .text(input.path), .text(input.sha256), .integer(input.bytes),
                               input.features.map { .integer($0) } ?? .empty, input.rejected.map { .integer($0) } ?? .empty,
                               input.crs.map { .text($0) } ?? .empty])
            for file in input.files {
                table.rows.append([.text("\(input.role) file"), .text(file.path), .text(file.sha256), .integer(file.bytes),
                                   .empty, .empty, .empty])
            }
        }
        if let rules = recordedRules {
            table.rows.append([.text("rules"), .text(rules.path), .text(rules.sha256), .integer(rules.bytes), .empty, .empty, .empty])
        }
        return table
    }

    /// The dossier's "Provenance" section (HTML, escaped).
    public func htmlSection(command: [String]) -> String {
        let table = table(command: command)
        var out = "<section id=\"provenance\" class=\"wide\"><h2>Provenance 来源</h2>\n<table><thead><tr>"
        out += table.columns.map { "<th>\(xmlEscaped($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for row in table.rows {
            out += "<tr>" + row.map { "<td>\(xmlEscaped(Self.text($0)))</td>" }.joined() + "</tr>\n"
        }
        return out + "</tbody></table></section>\n"
    }

    /// CSV rows (CRLF, no byte-order mark) with the table's header, for the section after a report's CSV.
    public func csvSection(command: [String]) -> String {
        let table = table(command: command)
        var lines = [table.columns.map(Self.csvField).joined(separator: ",")]
        for row in table.rows { lines.append(row.map { Self.csvField(Self.text($0)) }.joined(separator: ",")) }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Lines for under a text table: `item: value` and, for files, their digest and counts.
    public func textBlock(command: [String]) -> String {
        var out = "Provenance:\n"
        for row in table(command: command).rows {
            let cells = row.map(Self.text)
            var line = "  \(cells[0]): \(cells[1])"
            if !cells[2].isEmpty { line += "  sha256 \(cells[2]), \(cells[3]) bytes" }
            if !cells[4].isEmpty { line += ", \(cells[4]) features, \(cells[5]) rejected, \(cells[6])" }
            out += line + "\n"
        }
        return out
    }

    static func text(_ cell: ReportCell) -> String {
        switch cell {
        case .text(let s): return s
        case .integer(let n): return String(n)
        case .number(let x, _): return formatJSONNumber(x)
        default: return ""
        }
    }

    static func csvField(_ text: String) -> String {
        CSVWriter.quote(text)
    }

    /// The command as a shell would take it back: arguments with spaces or quotes in single quotes.
    static func shellQuoted(_ arguments: [String]) -> String {
        (["minescreen"] + arguments).map { argument in
            let plain = !argument.isEmpty && argument.unicodeScalars.allSatisfy {
                CharacterSet.alphanumerics.contains($0) || "-_./=:,+@%".unicodeScalars.contains($0)
            }
            return plain ? argument : "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }
}

import Foundation
import MineScreenKit

/// A JSON report with the run's `provenance` added as its last top-level member.
func withProvenance(_ report: JSONValue) -> JSONValue {
    guard case .object(var members) = report else { return report }
    members.removeAll { $0.key == "provenance" }
    members.append(("provenance", ProvenanceLog.shared.json(command: recordedCommand)))
    return .object(members)
}

/// The commands whose reports carry provenance, and which `verify` may re-run.
let reportingCommands: Set<String> = ["area", "overlap", "screen", "grid", "check", "rectify"]

/// Whether the report these arguments ask for carries provenance: `--format` json, html, pdf or xlsx, or
/// `--provenance` (for a table or CSV). A table, CSV without it, GeoJSON or a database table does not, so its
/// inputs are not hashed.
func reportCarriesProvenance(_ arguments: [String]) -> Bool {
    arguments.contains("--provenance") || formatArgument(arguments).map { ["json", "html", "pdf", "xlsx"].contains($0) } ?? false
}

/// Whether a run may keep its report for replay (`ReplayedRun`): `--cache` with a JSON or CSV report. Such a run
/// hashes its inputs whatever it prints.
func reportMayBeKept(_ arguments: [String]) -> Bool {
    arguments.contains { $0 == "--cache" || $0.hasPrefix("--cache=") }
        && formatArgument(arguments).flatMap(OutputFormat.init(rawValue:)).map(ReplayedRun.keptFormats.contains) ?? false
}

/// The value of the last `--format` given, if any.
func formatArgument(_ arguments: [String]) -> String? {
    var format: String?
    for (k, argument) in arguments.enumerated() {
        if argument == "--format", k + 1 < arguments.count { format = arguments[k + 1] }
        if argument.hasPrefix("--format=") { format = String(argument.dropFirst("--format=".count)) }
    }
    return format
}

/// The arguments as given, without the program path (it differs between machines).
/// Passwords in database connections (`PG:… password=…`) are recorded as `***`.
var recordedCommand: [String] { CommandLine.arguments.dropFirst().map(PostGISConnection.argumentWithoutPassword) }

/// A dossier with a "Provenance" section after its content, before the software footer.
func withProvenance(html: String) -> String {
    let section = ProvenanceLog.shared.htmlSection(command: recordedCommand)
    guard let end = html.range(of: "<footer>", options: .backwards) ?? html.range(of: "</body>", options: .backwards) else {
        return html + section
    }
    return html.replacingCharacters(in: end.lowerBound..<end.lowerBound, with: section)
}

/// A text table followed by the provenance lines (`--provenance`).
func withProvenance(table: String) -> String {
    table + (table.hasSuffix("\n") ? "" : "\n") + "\n" + ProvenanceLog.shared.textBlock(command: recordedCommand)
}

/// A CSV report, an empty line, then the provenance rows with their own header (`--provenance`): a reader
/// that stops at the first empty line gets the report alone; `#` comment lines would be data to Excel.
func withProvenance(csv: String) -> String {
    csv + "\r\n" + ProvenanceLog.shared.csvSection(command: recordedCommand)
}

/// The workbook's "provenance" sheet.
func provenanceSheet() -> ReportTable {
    ProvenanceLog.shared.table(command: recordedCommand)
}

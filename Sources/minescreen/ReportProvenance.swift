import Foundation
import MineScreenKit

/// A JSON report with the run's `provenance` added as its last top-level member.
func withProvenance(_ report: JSONValue) -> JSONValue {
    guard case .object(var members) = report else { return report }
    members.removeAll { $0.key == "provenance" }
    members.append(("provenance", ProvenanceLog.shared.json(command: Array(CommandLine.arguments.dropFirst()))))
    return .object(members)
}

import MineScreenKit

/// `overlap`'s repeatable NAME=VALUE options (`--layer` and the `--layer-*` options), taken out of the
/// command line in one pass before ArgumentParser sees it. ArgumentParser spends time proportional to the
/// number of arguments on each repeated option it parses (it removes each parsed element from an array and
/// merges every earlier occurrence's origin), so 10 000 `--layer` flags took minutes; gathered here they
/// cost one pass. The options stay declared on `OverlapCommand` for `--help`, and an occurrence this pass
/// does not take (a missing value, or one after `--`) is left for ArgumentParser to report.
enum GatheredOptions {
    static let subcommand = "overlap"
    static let names = ["--layer", "--layer-id-field", "--layer-crs", "--layer-towgs84", "--layer-pipeline", "--layer-input-format"]

    /// Option name → values in command-line order; filled once in `main` before parsing, read-only after.
    nonisolated(unsafe) private(set) static var values: [String: [NamedValue]] = [:]

    static func values(_ name: String) -> [NamedValue] { values[name] ?? [] }

    /// The arguments without the gathered occurrences. Throws `InputError.invalidArgument` (exit 2) for a value that is
    /// not NAME=VALUE.
    static func gather(_ arguments: [String]) throws -> [String] {
        guard arguments.first == subcommand else { return arguments }
        let known = Set(names)
        var kept: [String] = []
        kept.reserveCapacity(arguments.count)
        var gathered: [String: [NamedValue]] = [:]
        var k = 0
        while k < arguments.count {
            let argument = arguments[k]
            if argument == "--" {
                kept += arguments[k...]
                break
            }
            var name = argument, value: String?
            if let eq = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                name = String(argument[..<eq])
                value = String(argument[argument.index(after: eq)...])
            }
            guard known.contains(name) else { kept.append(argument); k += 1; continue }
            if value == nil {
                guard k + 1 < arguments.count, !arguments[k + 1].hasPrefix("-") else { kept.append(argument); k += 1; continue }
                value = arguments[k + 1]
                k += 1
            }
            guard let parsed = NamedValue(argument: value!) else {
                throw InputError.invalidArgument("\(name) \(value!): expected NAME=VALUE, both non-empty")
            }
            gathered[name, default: []].append(parsed)
            k += 1
        }
        values = gathered
        return kept
    }
}

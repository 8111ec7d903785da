import MineScreenKit

/// Repeatable options taken out of the command line in one pass before ArgumentParser sees it: `overlap`'s
/// `--layer` and `--layer-*` options, `area`'s `--group-by` and `grid`'s `--cells` codes. ArgumentParser
/// spends time proportional to the number of arguments on each repeated value it parses (it removes each
/// parsed element from an array and merges every earlier occurrence's origin), so 10 000 `--layer` flags took
/// minutes; gathered here they cost one pass. The options stay declared on their commands for `--help`, and
/// an occurrence this pass does not take (a missing value, or one after `--`) is left for ArgumentParser to
/// report.
enum GatheredOptions {
    struct Gathered {
        /// Options whose values are gathered, as `--name`.
        var names: Set<String>
        /// Values must be NAME=VALUE.
        var namedValues: Bool
        /// Takes every following value up to the next option (`--cells A B C`), else one value per occurrence.
        var upToNextOption: Bool
    }

    static let bySubcommand: [String: Gathered] = [
        "overlap": Gathered(names: ["--layer", "--layer-id-field", "--layer-crs", "--layer-towgs84", "--layer-pipeline",
                                    "--layer-input-format"], namedValues: true, upToNextOption: false),
        "area": Gathered(names: ["--group-by"], namedValues: false, upToNextOption: false),
        "grid": Gathered(names: ["--cells"], namedValues: false, upToNextOption: true),
    ]

    /// Option name → values in command-line order; filled once in `main` before parsing, read-only after.
    nonisolated(unsafe) private(set) static var values: [String: [String]] = [:]

    static func strings(_ name: String) -> [String] { values[name] ?? [] }

    /// Values checked to be NAME=VALUE by `gather`.
    static func namedValues(_ name: String) -> [NamedValue] { strings(name).compactMap(NamedValue.init(argument:)) }

    /// The arguments without the gathered occurrences. Throws `InputError.invalidArgument` (exit 2) for a
    /// value that is not NAME=VALUE where one must be.
    static func gather(_ arguments: [String]) throws -> [String] {
        guard let first = arguments.first, let spec = bySubcommand[first] else { return arguments }
        var kept: [String] = []
        kept.reserveCapacity(arguments.count)
        var gathered: [String: [String]] = [:]
        var k = 0
        while k < arguments.count {
            let argument = arguments[k]
            if argument == "--" {
                kept += arguments[k...]
                break
            }
            var name = argument, attached: String?
            if argument.hasPrefix("--"), let eq = argument.firstIndex(of: "=") {
                name = String(argument[..<eq])
                attached = String(argument[argument.index(after: eq)...])
            }
            guard spec.names.contains(name) else { kept.append(argument); k += 1; continue }
            var taken: [String] = attached.map { [$0] } ?? []
            var next = k + 1
            while next < arguments.count, !arguments[next].hasPrefix("-"), taken.isEmpty || spec.upToNextOption {
                taken.append(arguments[next])
                next += 1
            }
            // No value: ArgumentParser says so in its own words.
            guard !taken.isEmpty else { kept.append(argument); k += 1; continue }
            if spec.namedValues, let bad = taken.first(where: { NamedValue(argument: $0) == nil }) {
                throw InputError.invalidArgument("\(name) \(bad): expected NAME=VALUE, both non-empty")
            }
            gathered[name, default: []] += taken
            k = next
        }
        values = gathered
        return kept
    }
}

import Foundation
import Yams
import MineScreenIO
import MineScreenSupport

/// Reading a YAML rules file (`screen`'s rules, `rectify`'s rules) within bounds: at most
/// `RulesFileLimits.maxBytes`, nesting checked before the YAML parser sees the text (Yams recurses per level
/// and overflows the stack thousands of levels deep), UTF-8 only, and YAML errors reported by line and column
/// with the parser's problem, never with a quote of the file's content.
enum RulesYAML {
    /// The text of the rules file at `path`, refused when too large or not UTF-8.
    static func readText(path: String) throws -> String {
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber,
           size.intValue > RulesFileLimits.maxBytes {
            throw InputError.cannotRead(file: path, why: "\(size.intValue) bytes: a rules file holds at most \(RulesFileLimits.maxBytes) bytes")
        }
        let bytes = try GeoJSONReader.readFileBytes(path: path)
        guard let text = String(bytes: bytes, encoding: .utf8) else { throw InputError.cannotRead(file: path, why: "not UTF-8 text") }
        return text
    }

    /// The document's root node; errors name `file` (and the line where there is one).
    static func compose(_ text: String, file: String) throws -> Node {
        if text.utf8.count > RulesFileLimits.maxBytes {
            throw InputError.invalidArgument("\(file): \(text.utf8.count) bytes: a rules file holds at most \(RulesFileLimits.maxBytes) bytes")
        }
        if let tooDeep = RulesFileLimits.firstTooDeepLine(text) {
            throw InputError.invalidArgument(
                "\(file):\(tooDeep.line): nested \(tooDeep.depth) levels deep; a rules file nests at most \(RulesFileLimits.maxDepth)")
        }
        do {
            guard let root = try Yams.compose(yaml: text) else { throw InputError.invalidArgument("\(file): empty rules file") }
            return root
        } catch let error as YamlError {
            throw InputError.invalidArgument("\(file)\(problem(error))")
        }
    }

    /// `:line:column: invalid YAML: problem`, from the parser's own words (its context names a construct, not content).
    private static func problem(_ error: YamlError) -> String {
        func located(_ context: YamlError.Context?, _ problem: String, _ mark: Mark) -> String {
            ":\(mark.line):\(mark.column): invalid YAML: \(problem)" + (context.map { " (\($0.text))" } ?? "")
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            return located(context, problem, mark)
        case let .reader(problem, offset, _, _):
            return ": invalid YAML: \(problem)" + (offset.map { " at byte \($0)" } ?? "")
        default:
            return ": invalid YAML"
        }
    }
}

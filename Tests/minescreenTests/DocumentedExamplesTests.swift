import Foundation
import XCTest

/// The examples README.md and docs/*.md show as `$ minescreen …` followed by output: each command is run on the
/// bundled fixtures, and every output line shown (all but the `…` that stand for lines left out) must be a line
/// the command prints, in the same order. The figures themselves are tested against oracles elsewhere; this keeps
/// the documentation true to the tool.
final class DocumentedExamplesTests: XCTestCase {
    struct Example {
        var file: String
        var arguments: [String]
        var shown: [String]
    }

    /// Fenced blocks whose first line is `$ minescreen …` (continued by trailing backslashes).
    static func examples(in file: String) throws -> [Example] {
        let text = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent(file), encoding: .utf8)
        // Fenced blocks, with or without a language after the opening fence.
        var blocks: [[String]] = []
        var current: [String]?
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("```") {
                if let open = current { blocks.append(open); current = nil } else { current = [] }
            } else {
                current?.append(line)
            }
        }
        var examples: [Example] = []
        for var lines in blocks {
            guard lines.first?.hasPrefix("$ minescreen ") == true else { continue }
            var command = ""
            while let line = lines.first {
                lines.removeFirst()
                if line.hasSuffix("\\") { command += line.dropLast() + " "; continue }
                command += line
                break
            }
            let words = command.split(separator: " ").map(String.init)
            examples.append(Example(file: file, arguments: Array(words.dropFirst(2)), shown: lines))
        }
        return examples
    }

    func testEveryShownLineIsPrinted() throws {
        let docs = try FileManager.default.contentsOfDirectory(atPath: CLI.repositoryRoot.appendingPathComponent("docs").path)
            .filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
        let examples = try (["README.md"] + docs).flatMap { try Self.examples(in: $0) }
        XCTAssertGreaterThanOrEqual(examples.filter { $0.file == "README.md" }.count, 3, "README.md's three examples")
        for example in examples {
            let run = try CLI.run(example.arguments)
            let label = "\(example.file): minescreen \(example.arguments.joined(separator: " "))"
            XCTAssertNotEqual(run.status, 2, "\(label)\n\(run.stderr)")
            let printed = (run.stdout + run.stderr).components(separatedBy: "\n").map(Self.trimmedEnd)
            var next = 0
            for line in example.shown.map(Self.trimmedEnd) where line != "…" && !line.isEmpty {
                guard let found = printed[next...].firstIndex(of: line) else {
                    XCTFail("\(label): not printed (in this order): \(line)")
                    break
                }
                next = found + 1
            }
        }
    }

    static func trimmedEnd(_ line: String) -> String {
        String(line.reversed().drop { $0 == " " }.reversed())
    }
}

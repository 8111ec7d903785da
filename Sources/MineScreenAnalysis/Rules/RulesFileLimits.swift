/// Bounds checked before a rules file reaches the YAML parser, whose recursion overflows the stack on a
/// few thousand nested levels (a crash, not an error): a real rules file nests 4 levels and is a few kB.
public enum RulesFileLimits {
    /// Largest rules file read (bytes).
    public static let maxBytes = 1 << 20
    /// Deepest nesting of block mappings/sequences plus flow brackets accepted.
    public static let maxDepth = 64

    /// The first line whose nesting goes beyond `maxDepth`, with that depth; nil when the text is within bounds.
    /// Block nesting is counted from indentation (and `- ` entries, which nest on one line), flow nesting
    /// from `[` and `{` outside quotes and comments. The count may be higher than the parser's, never lower.
    public static func firstTooDeepLine(_ text: String, maxDepth: Int = maxDepth) -> (line: Int, depth: Int)? {
        var indents: [Int] = []   // columns of the open block levels
        var flow = 0
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = Array(rawLine.utf8)
            var k = 0
            while k < line.count, line[k] == UInt8(ascii: " ") { k += 1 }
            guard k < line.count, line[k] != UInt8(ascii: "#"), line[k] != UInt8(ascii: "\r") else { continue }
            if flow == 0 {
                while let last = indents.last, last >= k { indents.removeLast() }
                indents.append(k)
                // `- - - x`: each dash opens a level on the same line.
                while k + 1 < line.count, line[k] == UInt8(ascii: "-"), line[k + 1] == UInt8(ascii: " ") {
                    k += 2
                    while k < line.count, line[k] == UInt8(ascii: " ") { k += 1 }
                    indents.append(k)
                    if indents.count > maxDepth { return (lineNumber, indents.count) }
                }
            }
            if indents.count + flow > maxDepth { return (lineNumber, indents.count + flow) }
            var quote: UInt8? = nil
            var previous = UInt8(ascii: " ")
            while k < line.count {
                let c = line[k]
                if let q = quote {
                    if c == UInt8(ascii: "\\"), q == UInt8(ascii: "\""), k + 1 < line.count { k += 2; continue }
                    if c == q { quote = nil }
                } else if c == UInt8(ascii: "#"), previous == UInt8(ascii: " ") || previous == UInt8(ascii: "\t") {
                    break
                } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                    quote = c
                } else if c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
                    flow += 1
                    if indents.count + flow > maxDepth { return (lineNumber, indents.count + flow) }
                } else if (c == UInt8(ascii: "]") || c == UInt8(ascii: "}")), flow > 0 {
                    flow -= 1
                }
                previous = c
                k += 1
            }
        }
        return nil
    }
}

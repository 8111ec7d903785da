/// Serialises `JSONValue` with keys in the order given, Chinese text unescaped, compact or indented.
public enum JSONWriter {
    public static func write(_ value: JSONValue, into out: inout String, indent: Int? = nil, level: Int = 0, threads: Int = 1) {
        let text = JSONText(pieceBytes: .max) { _ in }
        swap(&text.current, &out)
        write(value, into: text, indent: indent, level: level, threads: threads)
        swap(&text.current, &out)
    }

    /// `threads` > 1: long arrays of objects (a report's blocks) are written in parallel chunks.
    public static func string(_ value: JSONValue, pretty: Bool = true, threads: Int = 1) -> String {
        var out = ""
        write(value, into: &out, indent: pretty ? 2 : nil, threads: threads)
        return out
    }

    /// The text `string(value, pretty:threads:)` makes, handed to `emit` in pieces of about `pieceBytes` as it is
    /// made, so that a city's report (tens of megabytes) is never held whole.
    public static func write(_ value: JSONValue, pretty: Bool = true, threads: Int = 1, pieceBytes: Int = 1 << 20,
                             to emit: @escaping (String) -> Void) {
        let text = JSONText(pieceBytes: pieceBytes, emit: emit)
        write(value, into: text, indent: pretty ? 2 : nil, level: 0, threads: threads)
        text.flush()
    }

    /// The text being made, and where each finished piece goes.
    private final class JSONText {
        var current = ""
        let pieceBytes: Int
        let emit: (String) -> Void
        init(pieceBytes: Int, emit: @escaping (String) -> Void) { self.pieceBytes = pieceBytes; self.emit = emit }

        /// Hands the text so far on once it is a piece's worth.
        func settle() { if current.utf8.count >= pieceBytes { flush() } }

        func flush() {
            guard !current.isEmpty else { return }
            emit(current)
            current.removeAll(keepingCapacity: true)
        }

        /// Text made elsewhere (a parallel chunk), after what is here.
        func append(_ part: String) {
            if pieceBytes == .max { current += part; return }
            flush()
            emit(part)
        }
    }

    private static func write(_ value: JSONValue, into text: JSONText, indent: Int?, level: Int, threads: Int) {
        switch value {
        case .null: text.current += "null"
        case .bool(let b): text.current += b ? "true" : "false"
        case .number(let n): text.current += n.isFinite ? formatJSONNumber(n) : "null"
        case .integer(let i): text.current += String(i)
        case .string(let s): writeString(s, into: &text.current)
        case .array(let items):
            if items.isEmpty { text.current += "[]"; return }
            // Short arrays of scalars (ids, coordinates) stay on one line even when indenting.
            let inline = indent == nil || items.allSatisfy { if case .array = $0 { return false }; if case .object = $0 { return false }; return true }
            text.current += "["
            func writeItems(_ range: Range<Int>, into text: JSONText) {
                for k in range {
                    if k > 0 { text.current += inline && indent != nil ? ", " : "," }
                    if !inline { newline(&text.current, indent, level + 1) }
                    write(items[k], into: text, indent: indent, level: level + 1, threads: 1)
                    text.settle()
                }
            }
            if threads > 1, !inline, items.count >= 256 {
                // A report's blocks (each with hundreds of parcel ids) written in chunks at once, joined in order:
                // the same text as one after the other. A few chunks per thread at a time, so that the text
                // waiting to be handed on stays small.
                let chunk = 64
                let chunks = (items.count + chunk - 1) / chunk
                for first in stride(from: 0, to: chunks, by: 4 * threads) {
                    let parts = parallelMap(count: min(chunks, first + 4 * threads) - first, threads: threads,
                                            workerState: {}, finished: { _ in }) { c, _ -> String in
                        let part = JSONText(pieceBytes: .max) { _ in }
                        writeItems(((first + c) * chunk)..<min(items.count, (first + c + 1) * chunk), into: part)
                        return part.current
                    }
                    for part in parts { text.append(part) }
                }
            } else {
                writeItems(items.indices, into: text)
            }
            if !inline { newline(&text.current, indent, level) }
            text.current += "]"
        case .object(let members):
            if members.isEmpty { text.current += "{}"; return }
            text.current += "{"
            for (k, member) in members.enumerated() {
                if k > 0 { text.current += "," }
                newline(&text.current, indent, level + 1)
                writeString(member.key, into: &text.current)
                text.current += indent == nil ? ":" : ": "
                write(member.value, into: text, indent: indent, level: level + 1, threads: threads)
                text.settle()
            }
            newline(&text.current, indent, level)
            text.current += "}"
        }
    }

    private static func newline(_ out: inout String, _ indent: Int?, _ level: Int) {
        guard let indent else { return }
        out += "\n"
        out += String(repeating: " ", count: indent * level)
    }

    static func writeString(_ s: String, into out: inout String) {
        out += "\""
        // Nearly every string (ids, names, keys) needs no escape: copied whole, not scalar by scalar.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

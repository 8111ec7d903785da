/// Serialises `JSONValue` with keys in the order given, Chinese text unescaped, compact or indented.
public enum JSONWriter {
    public static func write(_ value: JSONValue, into out: inout String, indent: Int? = nil, level: Int = 0, threads: Int = 1) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n.isFinite ? formatJSONNumber(n) : "null"
        case .integer(let i): out += String(i)
        case .string(let s): writeString(s, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            // Short arrays of scalars (ids, coordinates) stay on one line even when indenting.
            let inline = indent == nil || items.allSatisfy { if case .array = $0 { return false }; if case .object = $0 { return false }; return true }
            out += "["
            func writeItems(_ range: Range<Int>, into out: inout String) {
                for k in range {
                    if k > 0 { out += inline && indent != nil ? ", " : "," }
                    if !inline { newline(&out, indent, level + 1) }
                    write(items[k], into: &out, indent: indent, level: level + 1)
                }
            }
            if threads > 1, !inline, items.count >= 256 {
                // A report's blocks (each with hundreds of parcel ids) written in chunks at once, joined in order:
                // the same text as one after the other.
                let chunk = 64
                let parts = parallelMap(count: (items.count + chunk - 1) / chunk, threads: threads,
                                        workerState: {}, finished: { _ in }) { c, _ -> String in
                    var part = ""
                    writeItems((c * chunk)..<min(items.count, (c + 1) * chunk), into: &part)
                    return part
                }
                for part in parts { out += part }
            } else {
                writeItems(items.indices, into: &out)
            }
            if !inline { newline(&out, indent, level) }
            out += "]"
        case .object(let members):
            if members.isEmpty { out += "{}"; return }
            out += "{"
            for (k, member) in members.enumerated() {
                if k > 0 { out += "," }
                newline(&out, indent, level + 1)
                writeString(member.key, into: &out)
                out += indent == nil ? ":" : ": "
                write(member.value, into: &out, indent: indent, level: level + 1, threads: threads)
            }
            newline(&out, indent, level)
            out += "}"
        }
    }

    /// `threads` > 1: long arrays of objects (a report's blocks) are written in parallel chunks.
    public static func string(_ value: JSONValue, pretty: Bool = true, threads: Int = 1) -> String {
        var out = ""
        write(value, into: &out, indent: pretty ? 2 : nil, threads: threads)
        return out
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

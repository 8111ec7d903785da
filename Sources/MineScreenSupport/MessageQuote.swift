/// A value read from an input file, as an error message may quote it: only values of fields the reader
/// recognised (a CRS name, an X column), cut to `limit` characters and with control characters escaped, so
/// that pointing the tool at a file that is not in the expected format (e.g. `/etc/shadow` given as a CSV)
/// never copies its content to the terminal or a log. Messages about unrecognised content say what was
/// expected and where (file:line) instead of quoting it.
package func quotedForMessage<S: StringProtocol>(_ value: S, limit: Int = 24) -> String {
    var shown = ""
    var count = 0
    for character in value {
        if count == limit { return "\"\(shown)…\"" }
        if character.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }) {
            shown.append(character)
        } else {
            shown += character.unicodeScalars.map { "\\u{\(String($0.value, radix: 16))}" }.joined()
        }
        count += 1
    }
    return "\"\(shown)\""
}

/// A name read from a recognised field (a geometry type) as written when it is short and printable, else cut
/// and quoted like `quotedForMessage`.
package func nameForMessage(_ name: String, limit: Int = 40) -> String {
    let printable = name.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F }
    return printable && name.count <= limit ? name : quotedForMessage(name, limit: limit)
}

import Foundation

/// A PostgreSQL/PostGIS source or target given where a file path is accepted: a value starting with `PG:`,
/// in GDAL's syntax: libpq `keyword=value` pairs (`host=/run/pg dbname=gis user=ms`), with
/// `tables=SCHEMA.TABLE` naming one table or view. Such a value is never a file: no existence check,
/// no file identity, no byte hash.
///
/// Passwords come from `PGPASSWORD` or `~/.pgpass` (libpq reads them). One given in the string anyway is
/// passed to libpq but never shown: `shown` is the string with its value replaced by `***`, and it is
/// what messages, rejections and the provenance name.
public struct PostGISConnection: Equatable, Sendable {
    /// The value as given (with any password), for GDAL only.
    public let original: String
    /// `SCHEMA.TABLE` (or `TABLE`) from `tables=`, nil when the value names none.
    public let table: String?
    /// The password given in the string, if any, to scrub from messages that might repeat it.
    let password: String?
    /// The value with the password's text replaced by `***`.
    private let redacted: String

    /// True for a value that names a PostgreSQL connection rather than a file.
    public static func isConnection(_ value: String) -> Bool { value.hasPrefix("PG:") }

    public init?(_ value: String) {
        guard Self.isConnection(value) else { return nil }
        original = value
        let body = String(value.dropFirst(3))
        let pairs = Self.pairs(body)
        table = pairs.last(where: { $0.key == "tables" })?.value
        let uri = Self.uriPassword(value)
        password = pairs.last(where: { $0.key == "password" })?.value ?? uri
        var shownBody = body
        // From the last pair back, so earlier ranges stay valid.
        for pair in pairs.reversed() where pair.key == "password" { shownBody.replaceSubrange(pair.range, with: "***") }
        if let uri, !uri.isEmpty { shownBody = shownBody.replacingOccurrences(of: ":" + uri + "@", with: ":***@") }
        redacted = "PG:" + shownBody
    }

    /// The value with any password replaced by `***`: safe for messages and reports.
    public var shown: String { redacted }

    /// `text` with the password (if one was given) replaced by `***`, for messages from GDAL or libpq.
    public func scrub(_ text: String) -> String {
        guard let password, !password.isEmpty else { return text }
        return text.replacingOccurrences(of: password, with: "***")
    }

    /// `value` as messages show it: a connection without its password, a file path unchanged.
    public static func shownName(_ value: String) -> String {
        PostGISConnection(value)?.shown ?? value
    }

    /// A command-line argument with the password of any connection in it (`PG:…`, `NAME=PG:…`) replaced by
    /// `***`: for the command line a report records.
    public static func argumentWithoutPassword(_ argument: String) -> String {
        guard let start = argument.range(of: "PG:"), let connection = PostGISConnection(String(argument[start.lowerBound...])) else {
            return argument
        }
        return String(argument[..<start.lowerBound]) + connection.shown
    }

    /// The connection without `tables=`, with `extra` pairs appended (for opening a database to write in).
    public func withoutTables(adding extra: String = "") -> String {
        var text = original
        if let range = Self.tablesPair(in: text) { text.removeSubrange(range) }
        text = text.trimmingCharacters(in: .whitespaces)
        return extra.isEmpty ? text : text + " " + extra
    }

    /// The table's schema and name (`public` when not qualified), as PostgreSQL identifiers. GDAL's
    /// `tables=SCHEMA.TABLE(GEOMETRY_COLUMN)` names the geometry column too, and `tables=A,B` several
    /// tables: the first table is the one read.
    public var schemaAndTable: (schema: String, table: String)? {
        guard var table = table?.split(separator: ",").first.map(String.init) else { return nil }
        if let open = table.firstIndex(of: "("), table.hasSuffix(")") { table = String(table[..<open]) }
        let parts = table.split(separator: ".", maxSplits: 1).map(String.init)
        return parts.count == 2 ? (parts[0], parts[1]) : ("public", parts[0])
    }

    /// libpq's `keyword = value` pairs; a value may be single-quoted with `\'` and `\\` escapes.
    static func pairs(_ text: String) -> [(key: String, value: String, range: Range<String.Index>)] {
        var result: [(key: String, value: String, range: Range<String.Index>)] = []
        var i = text.startIndex
        func skipSpaces() { while i < text.endIndex, text[i].isWhitespace { i = text.index(after: i) } }
        while true {
            skipSpaces()
            guard i < text.endIndex else { break }
            var key = ""
            while i < text.endIndex, text[i] != "=", !text[i].isWhitespace { key.append(text[i]); i = text.index(after: i) }
            skipSpaces()
            guard i < text.endIndex, text[i] == "=" else { result.append((key, "", i..<i)); continue }
            i = text.index(after: i)
            skipSpaces()
            let valueStart = i
            var value = ""
            if i < text.endIndex, text[i] == "'" {
                i = text.index(after: i)
                while i < text.endIndex, text[i] != "'" {
                    if text[i] == "\\", text.index(after: i) < text.endIndex { i = text.index(after: i) }
                    value.append(text[i])
                    i = text.index(after: i)
                }
                if i < text.endIndex { i = text.index(after: i) }
            } else {
                while i < text.endIndex, !text[i].isWhitespace { value.append(text[i]); i = text.index(after: i) }
            }
            result.append((key, value, valueStart..<i))
        }
        return result
    }

    /// The password of a URI connection, `PG:postgresql://user:secret@host/db`.
    private static func uriPassword(_ value: String) -> String? {
        let body = value.dropFirst(3)
        guard body.hasPrefix("postgresql://") || body.hasPrefix("postgres://"),
              let scheme = body.range(of: "://"), let at = body[scheme.upperBound...].firstIndex(of: "@") else { return nil }
        let credentials = body[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return nil }
        return String(credentials[credentials.index(after: colon)...])
    }

    private static func tablesPair(in text: String) -> Range<String.Index>? {
        guard let start = text.range(of: "tables=") else { return nil }
        var end = start.upperBound
        while end < text.endIndex, !text[end].isWhitespace { end = text.index(after: end) }
        return start.lowerBound..<end
    }
}

import Foundation
import MineScreenSupport

/// A JSON syntax error at a byte offset; the reader turns the offset into line:column.
public struct JSONSyntaxError: Error {
    public var offset: Int
    public var message: String
}

/// Low-level JSON scanning over raw UTF-8 bytes: whitespace, strings, numbers, generic values.
/// It never builds Foundation objects and never allocates per number, so coordinate arrays of a
/// 100 MB farmland layer cost a pass over the bytes, not millions of small objects.
package struct JSONByteScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var offset = 0

    package init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        // A UTF-8 byte order mark is common in files saved by Windows tools.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { offset = 3 }
    }

    @inline(__always) package var atEnd: Bool { offset >= bytes.count }

    @inline(__always) var current: UInt8 { offset < bytes.count ? bytes[offset] : 0 }

    package func fail(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(offset: offset, message: message)
    }

    @inline(__always) package mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x0A, 0x0D, 0x09: offset += 1
            default: return
            }
        }
    }

    /// Skips whitespace and consumes `byte`, or fails naming what was expected.
    @inline(__always) mutating func expect(_ byte: UInt8, _ what: String) throws {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == byte else {
            throw fail(atEnd ? "unexpected end of file, expecting \(what)" : "expecting \(what)")
        }
        offset += 1
    }

    /// After an element of an array or object: true if another follows (a comma was consumed),
    /// false at the closing bracket (consumed).
    @inline(__always) mutating func nextElement(closing: UInt8) throws -> Bool {
        skipWhitespace()
        guard offset < bytes.count else { throw fail("unexpected end of file, expecting ',' or '\(Character(UnicodeScalar(closing)))'") }
        let b = bytes[offset]
        if b == UInt8(ascii: ",") { offset += 1; return true }
        if b == closing { offset += 1; return false }
        throw fail("expecting ',' delimiter or '\(Character(UnicodeScalar(closing)))'")
    }

    /// Consumes `[`/`{` and reports whether the container is empty (then its closer is consumed too).
    @inline(__always) mutating func open(_ opener: UInt8, closing: UInt8, _ what: String) throws -> Bool {
        try expect(opener, what)
        skipWhitespace()
        if current == closing { offset += 1; return true }
        return false
    }

    // MARK: strings

    /// The raw bytes of a string without escapes, for comparing keys without allocating.
    /// Returns nil range when the string has escapes (the caller then decodes it fully).
    mutating func scanKey() throws -> (start: Int, end: Int, escaped: Bool) {
        try expect(UInt8(ascii: "\""), "a string")
        let start = offset
        var escaped = false
        while offset < bytes.count {
            let b = bytes[offset]
            if b == UInt8(ascii: "\"") {
                let end = offset
                offset += 1
                return (start, end, escaped)
            }
            if b == UInt8(ascii: "\\") { escaped = true; offset += 2; continue }
            if b < 0x20 { throw fail("control character in string") }
            offset += 1
        }
        throw fail("unterminated string")
    }

    func keyEquals(_ key: (start: Int, end: Int, escaped: Bool), _ literal: StaticString) -> Bool {
        guard !key.escaped, key.end - key.start == literal.utf8CodeUnitCount else { return false }
        let lit = literal.utf8Start
        for k in 0..<(key.end - key.start) where bytes[key.start + k] != lit[k] { return false }
        return true
    }

    mutating func parseString() throws -> String {
        let key = try scanKey()
        return try decodeString(key)
    }

    func decodeString(_ key: (start: Int, end: Int, escaped: Bool)) throws -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[key.start..<key.end])
        if !key.escaped { return String(decoding: slice, as: UTF8.self) }
        var out: [UInt8]? = []
        out?.reserveCapacity(slice.count)
        try unescape(key, into: &out)
        return String(decoding: out ?? [], as: UTF8.self)
    }

    /// Checks a string's escapes as `decodeString` reads them (the same errors at the same offsets), building
    /// nothing: for strings that are read only to be dropped.
    func checkEscapes(_ key: (start: Int, end: Int, escaped: Bool)) throws {
        guard key.escaped else { return }
        var nothing: [UInt8]? = nil
        try unescape(key, into: &nothing)
    }

    /// The string's bytes with its escapes resolved, appended to `out`; with `out` nil, only checked.
    private func unescape(_ key: (start: Int, end: Int, escaped: Bool), into out: inout [UInt8]?) throws {
        func hex4(_ at: Int) throws -> UInt32 {
            guard at + 4 <= key.end else { throw JSONSyntaxError(offset: at, message: "bad \\u escape") }
            var v: UInt32 = 0
            for k in 0..<4 {
                let c = bytes[at + k]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default: throw JSONSyntaxError(offset: at + k, message: "bad \\u escape")
                }
                v = v << 4 | d
            }
            return v
        }
        var i = key.start
        while i < key.end {
            let b = bytes[i]
            if b != UInt8(ascii: "\\") { out?.append(b); i += 1; continue }
            let e = bytes[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\""): out?.append(0x22)
            case UInt8(ascii: "\\"): out?.append(0x5C)
            case UInt8(ascii: "/"): out?.append(0x2F)
            case UInt8(ascii: "b"): out?.append(0x08)
            case UInt8(ascii: "f"): out?.append(0x0C)
            case UInt8(ascii: "n"): out?.append(0x0A)
            case UInt8(ascii: "r"): out?.append(0x0D)
            case UInt8(ascii: "t"): out?.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(i)
                i += 4
                if (0xD800...0xDBFF).contains(scalar), i + 6 <= key.end,
                   bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                    let low = try hex4(i + 2)
                    if (0xDC00...0xDFFF).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                }
                // A lone surrogate is no scalar: it reads as U+FFFD.
                if out != nil { UTF8.encode(Unicode.Scalar(scalar) ?? "\u{FFFD}") { out?.append($0) } }
            default:
                throw JSONSyntaxError(offset: i - 1, message: "bad escape in string")
            }
        }
    }

    /// Whether the key reads as `name` once decoded (as Swift compares strings: canonically equivalent), decoding
    /// it only when its bytes cannot tell.
    func key(_ key: (start: Int, end: Int, escaped: Bool), reads name: String) throws -> Bool {
        if !key.escaped {
            let raw = UnsafeBufferPointer(rebasing: bytes[key.start..<key.end])
            if name.utf8.elementsEqual(raw) { return true }
            // Strings of ASCII alone are equal only byte for byte; others may be equivalent in another form.
            if name.utf8.allSatisfy({ $0 < 0x80 }), raw.allSatisfy({ $0 < 0x80 }) { return false }
        }
        return try decodeString(key) == name
    }

    // MARK: numbers

    private static let exactPowersOfTen: [Double] = (0...22).map { pow(10.0, Double($0)) }

    /// Parses a JSON number. Numbers too large for a double become ±infinity rather than an error:
    /// that is a problem of one feature's coordinates, not of the file's syntax.
    @inline(__always) mutating func parseNumber() throws -> Double {
        let start = offset
        var negative = false
        if current == UInt8(ascii: "-") { negative = true; offset += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        let intStart = offset
        while offset < bytes.count, bytes[offset] &- 0x30 < 10 {
            if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(bytes[offset] &- 0x30); if mantissa > 0 { digits += 1 } } else { exponent += 1; digits += 1 }
            offset += 1
        }
        guard offset > intStart else { throw JSONSyntaxError(offset: start, message: "invalid number") }
        if bytes[intStart] == 0x30, offset - intStart > 1 { throw JSONSyntaxError(offset: start, message: "invalid number (leading zero)") }
        if current == UInt8(ascii: ".") {
            offset += 1
            let fracStart = offset
            while offset < bytes.count, bytes[offset] &- 0x30 < 10 {
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(bytes[offset] &- 0x30)
                    if mantissa > 0 { digits += 1 }
                    exponent -= 1
                } else { digits += 1 }
                offset += 1
            }
            guard offset > fracStart else { throw JSONSyntaxError(offset: offset, message: "invalid number: no digits after '.'") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            offset += 1
            var expNegative = false
            if current == UInt8(ascii: "-") { expNegative = true; offset += 1 } else if current == UInt8(ascii: "+") { offset += 1 }
            let expStart = offset
            var e = 0
            while offset < bytes.count, bytes[offset] &- 0x30 < 10 {
                if e < 100_000 { e = e * 10 + Int(bytes[offset] &- 0x30) }
                offset += 1
            }
            guard offset > expStart else { throw JSONSyntaxError(offset: offset, message: "invalid number: no digits in exponent") }
            exponent += expNegative ? -e : e
        }
        // Clinger's fast path: mantissa and power of ten both exact in a double, one rounding.
        if digits <= 15, mantissa < (1 << 53), exponent >= -22, exponent <= 22 {
            var value = Double(mantissa)
            if exponent < 0 { value /= Self.exactPowersOfTen[-exponent] } else { value *= Self.exactPowersOfTen[exponent] }
            return negative ? -value : value
        }
        return slowParse(start: start, end: offset)
    }

    /// Correctly rounded conversion for the rare long or extreme numbers.
    private func slowParse(start: Int, end: Int) -> Double {
        var buffer = [CChar](repeating: 0, count: end - start + 1)
        for k in start..<end { buffer[k - start] = CChar(bitPattern: bytes[k]) }
        return strtod(buffer, nil)
    }

    // MARK: generic values

    /// Containers nested deeper than this are kept as a note, not built: valid JSON, but nothing an
    /// attribute table holds, and recursion must stay bounded.
    static let maximumDepth = 64

    package mutating func parseValue(depth: Int = 0) throws -> JSONValue {
        skipWhitespace()
        if depth >= Self.maximumDepth {
            try skipValue()
            return .string("(value nested deeper than \(Self.maximumDepth) levels, not read)")
        }
        guard offset < bytes.count else { throw fail("unexpected end of file, expecting a value") }
        switch bytes[offset] {
        case UInt8(ascii: "{"):
            var members: [(key: String, value: JSONValue)] = []
            if try open(UInt8(ascii: "{"), closing: UInt8(ascii: "}"), "'{'") { return .object(members) }
            members.reserveCapacity(8)
            repeat {
                let key = try parseString()
                try expect(UInt8(ascii: ":"), "':' delimiter")
                members.append((key, try parseValue(depth: depth + 1)))
            } while try nextElement(closing: UInt8(ascii: "}"))
            // Stored at their size, not the reserve: a parcel layer keeps hundreds of thousands of property lists.
            return .object(members.count < members.capacity ? members.withUnsafeBufferPointer { Array($0) } : members)
        case UInt8(ascii: "["):
            var items: [JSONValue] = []
            if try open(UInt8(ascii: "["), closing: UInt8(ascii: "]"), "'['") { return .array(items) }
            repeat { items.append(try parseValue(depth: depth + 1)) } while try nextElement(closing: UInt8(ascii: "]"))
            return .array(items)
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = offset
            let value = try parseNumber()
            // Integer lexemes stay exact: an 18-digit parcel code (BSM) must not lose digits in a double.
            if let integer = exactInteger(start, offset) { return .integer(integer) }
            return .number(value)
        default:
            throw fail("expecting a value")
        }
    }

    /// Reads the object here as `parseValue` would, but builds only its members named `name`: the others are checked
    /// as `parseValue` checks them (the same errors at the same offsets) and skipped. Nil when `name` is given and no
    /// member has it (the caller then reads the object whole); no members when `name` is nil.
    mutating func members(named name: String?) throws -> [(key: String, value: JSONValue)]? {
        skipWhitespace()
        var found: [(key: String, value: JSONValue)] = []
        if try open(UInt8(ascii: "{"), closing: UInt8(ascii: "}"), "'{'") { return name == nil ? [] : nil }
        repeat {
            let key = try scanKey()
            try checkEscapes(key)
            try expect(UInt8(ascii: ":"), "':' delimiter")
            if let name, try self.key(key, reads: name) {
                found.append((try decodeString(key), try parseValue(depth: 1)))
            } else {
                try checkValue(depth: 1)
            }
        } while try nextElement(closing: UInt8(ascii: "}"))
        guard name != nil else { return [] }
        return found.isEmpty ? nil : found
    }

    /// Steps over a value as `parseValue(depth:)` reads it, with the same checks and errors, building nothing.
    /// Written beside `parseValue` rather than through it: building the value is what this saves.
    mutating func checkValue(depth: Int) throws {
        skipWhitespace()
        if depth >= Self.maximumDepth { return try skipValue() }
        guard offset < bytes.count else { throw fail("unexpected end of file, expecting a value") }
        switch bytes[offset] {
        case UInt8(ascii: "{"):
            if try open(UInt8(ascii: "{"), closing: UInt8(ascii: "}"), "'{'") { return }
            repeat {
                try checkEscapes(try scanKey())
                try expect(UInt8(ascii: ":"), "':' delimiter")
                try checkValue(depth: depth + 1)
            } while try nextElement(closing: UInt8(ascii: "}"))
        case UInt8(ascii: "["):
            if try open(UInt8(ascii: "["), closing: UInt8(ascii: "]"), "'['") { return }
            repeat { try checkValue(depth: depth + 1) } while try nextElement(closing: UInt8(ascii: "]"))
        case UInt8(ascii: "\""): try checkEscapes(try scanKey())
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try parseNumber()
        default: throw fail("expecting a value")
        }
    }

    private func exactInteger(_ start: Int, _ end: Int) -> Int64? {
        var k = start
        var negative = false
        if bytes[k] == UInt8(ascii: "-") { negative = true; k += 1 }
        guard end - k <= 18 else { return nil }
        var value: Int64 = 0
        while k < end {
            let digit = bytes[k] &- 0x30
            guard digit < 10 else { return nil }
            value = value * 10 + Int64(digit)
            k += 1
        }
        return negative ? -value : value
    }

    /// Skips any value without building it and without recursion, however deeply it nests
    /// (members this tool does not use, such as `bbox`, and pathological input).
    mutating func skipValue() throws {
        var open: [UInt8] = []  // closing bracket of each container we are inside
        repeat {
            skipWhitespace()
            guard offset < bytes.count else { throw fail("unexpected end of file, expecting a value") }
            switch bytes[offset] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let closing = bytes[offset] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                offset += 1
                skipWhitespace()
                if current == closing {
                    offset += 1
                } else {
                    open.append(closing)
                    if closing == UInt8(ascii: "}") { try skipKey() }
                    continue
                }
            case UInt8(ascii: "\""): _ = try scanKey()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try parseNumber()
            default: throw fail("expecting a value")
            }
            // A value is complete: close finished containers, or step to the next element.
            while let closing = open.last {
                if try nextElement(closing: closing) {
                    if closing == UInt8(ascii: "}") { try skipKey() }
                    break
                }
                open.removeLast()
            }
        } while !open.isEmpty
    }

    private mutating func skipKey() throws {
        _ = try scanKey()
        try expect(UInt8(ascii: ":"), "':' delimiter")
    }

    mutating func literal(_ word: StaticString) throws {
        let n = word.utf8CodeUnitCount
        let p = word.utf8Start
        guard offset + n <= bytes.count else { throw fail("expecting a value") }
        for k in 0..<n where bytes[offset + k] != p[k] { throw fail("expecting a value") }
        offset += n
    }

    mutating func peekIsNull() -> Bool {
        skipWhitespace()
        guard offset + 4 <= bytes.count else { return false }
        return bytes[offset] == UInt8(ascii: "n") && bytes[offset + 1] == UInt8(ascii: "u")
            && bytes[offset + 2] == UInt8(ascii: "l") && bytes[offset + 3] == UInt8(ascii: "l")
    }

    /// 1-based line and column (in characters) of a byte offset, for error messages.
    package func lineAndColumn(of position: Int) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        let end = min(position, bytes.count)
        for k in 0..<end where bytes[k] == 0x0A { line += 1; lineStart = k + 1 }
        var column = 1
        var k = lineStart
        if lineStart == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { k = 3 }
        while k < end {
            if bytes[k] & 0xC0 != 0x80 { column += 1 }
            k += 1
        }
        return (line, column)
    }
}

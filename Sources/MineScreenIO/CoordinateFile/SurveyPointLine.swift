/// One point line `点名,圈号,X,Y` of a 坐标文件 block, as read: the fields the reader needs, the numbers
/// already parsed. X and Y are nil unless the line has at least 4 fields and both are finite numbers.
struct SurveyPointLine {
    var name: String
    var ring: String
    var x: Double?
    var y: Double?
    /// Line number in the file, from 1.
    var line: Int

    /// From the fields `CoordinateFileReader.fields` split (lines with non-ASCII text).
    init(fields: [String], line: Int) {
        name = fields.first ?? ""
        ring = fields.count > 1 ? fields[1] : ""
        if fields.count >= 4 { x = Self.finite(Double(fields[2])); y = Self.finite(Double(fields[3])) }
        self.line = line
    }

    /// From an all-ASCII line: the same fields as `CoordinateFileReader.fields` gives for it (split at
    /// commas, each trimmed of spaces and tabs), without making a String per field. `fields` holds the
    /// ranges of the fields of `bytes[start..<end]`, which is trimmed already.
    init(ascii bytes: UnsafeBufferPointer<UInt8>, fields: [Range<Int>], line: Int) {
        func text(_ k: Int) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[fields[k]]), as: UTF8.self) }
        name = text(0)
        ring = fields.count > 1 ? text(1) : ""
        if fields.count >= 4 {
            x = Self.finite(Self.number(UnsafeBufferPointer(rebasing: bytes[fields[2]])))
            y = Self.finite(Self.number(UnsafeBufferPointer(rebasing: bytes[fields[3]])))
        }
        self.line = line
    }

    /// `Double(text)` for the ASCII text, exactly: a plain decimal `[-]digits[.digits]` of at most 15 digits
    /// is an integer below 2^53 divided by a power of ten up to 10^15, both exact doubles, so the one
    /// correctly rounded division gives the correctly rounded value Double(String) gives (Clinger's fast
    /// path). Anything else (exponents, "nan", more digits) goes to Double(String).
    static func number(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = 0
        let n = text.count
        var negative = false
        if i < n, text[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0, fraction = 0, integerDigits = 0
        while i < n, text[i] &- 0x30 < 10 { mantissa = mantissa &* 10 &+ UInt64(text[i] &- 0x30); digits += 1; integerDigits += 1; i += 1 }
        if i < n, text[i] == UInt8(ascii: ".") {
            i += 1
            while i < n, text[i] &- 0x30 < 10 { mantissa = mantissa &* 10 &+ UInt64(text[i] &- 0x30); digits += 1; fraction += 1; i += 1 }
        }
        if i == n, integerDigits > 0, fraction > 0 || text[n - 1] != UInt8(ascii: "."), digits <= 15 {
            let value = Double(mantissa) / powersOfTen[fraction]
            return negative ? -value : value
        }
        return Double(String(decoding: text, as: UTF8.self))
    }

    /// Infinite and NaN coordinates (`1e400`, `nan`) are no numbers here: their line is unreadable.
    static func finite(_ value: Double?) -> Double? { value.flatMap { $0.isFinite ? $0 : nil } }

    private static let powersOfTen: [Double] = (0...15).map { k in (0..<k).reduce(1.0) { r, _ in r * 10 } }
}

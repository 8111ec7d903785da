import Foundation

/// The bytes of a survey text file (坐标文件) before they are parsed: recognised by their structure (a section
/// line), and decoded so that a bad byte costs its own line, not the file.
enum SurveyText {
    /// `[属性描述]` and `[地块坐标]` as UTF-8 and as GBK bytes.
    static let sectionLines: [[UInt8]] = ["[属性描述]", "[地块坐标]"].flatMap { name -> [[UInt8]] in
        [Array(name.utf8)] + (iconvConvert(Array(name.utf8), from: "UTF-8", to: "GBK").map { [$0] } ?? [])
    }

    /// True when one of the first lines (within 64 KiB) is a 坐标文件 section line on its own, in UTF-8 or GBK.
    /// Bytes only: a stray byte elsewhere that makes the text undecodable does not hide the format, and a
    /// JSON string that merely contains "[地块坐标]" is not a line of its own.
    static func hasSectionLine(_ bytes: [UInt8]) -> Bool {
        let sample = bytes.prefix(65_536)
        var found = false
        forEachLine(Array(sample)) { _, line in
            var body = line
            if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
            while let first = body.first, isSpace(first) { body = body.dropFirst() }
            while let last = body.last, isSpace(last) { body = body.dropLast() }
            if sectionLines.contains(where: { body.elementsEqual($0) }) { found = true; return false }
            return true
        }
        return found
    }

    /// The text decoded, with each line that could not be decoded: the file is UTF-8 (with or without BOM)
    /// or GBK (GB18030) as a whole; a line invalid in that encoding is kept with its ASCII bytes only (so its
    /// fields can still be counted) and reported by line number (from 1) with the offending byte.
    static func decode(_ bytes: [UInt8]) -> (text: String, undecodable: [Int: String]) {
        let (utf8, undecodable) = decodeToUTF8(bytes)
        return (String(decoding: utf8, as: UTF8.self), undecodable)
    }

    /// `decode`, as UTF-8 bytes (what the reader scans), the whole file converted at once.
    static func decodeToUTF8(_ bytes: [UInt8]) -> (text: [UInt8], undecodable: [Int: String]) {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if isValidUTF8(Array(body)) { return (Array(body), [:]) }
        if let gbk = gb18030ToUTF8(bytes) { return (gbk, [:]) }

        // Some line is invalid in both: decide the file's encoding by its lines, then clean the bad ones.
        let content = Array(body)
        var lines: [ArraySlice<UInt8>] = []
        forEachLine(content) { _, line in lines.append(line); return true }
        var utf8Lines = 0, gbkLines = 0
        for line in lines where line.contains(where: { $0 >= 0x80 }) {
            if firstInvalidUTF8(line) == nil { utf8Lines += 1 }
            if firstInvalidGB18030(line) == nil { gbkLines += 1 }
        }
        let isUTF8 = utf8Lines >= gbkLines
        let encoding = isUTF8 ? "UTF-8" : "GBK (GB18030)"
        var undecodable: [Int: String] = [:]
        var cleaned: [UInt8] = []
        cleaned.reserveCapacity(content.count)
        for (k, line) in lines.enumerated() {
            if k > 0 { cleaned.append(0x0A) }
            var bad = isUTF8 ? firstInvalidUTF8(line) : firstInvalidGB18030(line)
            // iconv may refuse a sequence the byte structure allows (an unassigned code): ask it too.
            if bad == nil, !isUTF8, line.contains(where: { $0 >= 0x80 }), iconvConvert(Array(line), from: "GB18030", to: "UTF-8") == nil {
                bad = line.firstIndex(where: { $0 >= 0x80 }).map { $0 - line.startIndex }
            }
            if let bad {
                let byte = line[line.startIndex + bad]
                undecodable[k + 1] = "byte 0x\(String(byte, radix: 16, uppercase: true)) at column \(bad + 1) is not \(encoding) text, the encoding of the file's other lines"
                cleaned += line.filter { $0 < 0x80 }
            } else {
                cleaned += line
            }
        }
        // A UTF-8 file's cleaned lines are UTF-8; so are the bytes when iconv still refuses the GBK ones.
        let text: [UInt8] = isUTF8 ? cleaned : (gb18030ToUTF8(cleaned) ?? cleaned.filter { $0 < 0x80 })
        return (text, undecodable)
    }

    /// GB18030 (a superset of GBK) to UTF-8 in one iconv call into one buffer: UTF-8 needs at most 1.5 times
    /// the bytes (a 2-byte GBK character becomes 3 bytes; ASCII and 4-byte codes keep their length).
    static func gb18030ToUTF8(_ bytes: [UInt8]) -> [UInt8]? {
        let converter = iconv_open("UTF-8", "GB18030")
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        let capacity = bytes.count + bytes.count / 2 + 16
        var input = bytes
        var ok = true
        let output = [UInt8](unsafeUninitializedCapacity: capacity) { out, count in
            count = 0
            input.withUnsafeMutableBytes { inBytes in
                var inPointer = inBytes.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outPointer = UnsafeMutableRawPointer(out.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var inLeft = inBytes.count
                var outLeft = capacity
                ok = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) != -1 && inLeft == 0
                count = capacity - outLeft
            }
        }
        return ok ? output : nil
    }

    /// Calls `body` with each line's number (from 0) and its byte range in `buffer`, without its end (LF, CRLF
    /// or a lone CR), as `forEachLine(_:_:)` splits them.
    static func forEachLine(_ buffer: UnsafeBufferPointer<UInt8>, _ body: (Int, Int, Int) throws -> Void) rethrows {
        var start = 0, number = 0, i = 0
        let n = buffer.count
        while i < n {
            let b = buffer[i]
            if b == 0x0A || b == 0x0D {
                try body(number, start, i)
                number += 1
                i += (b == 0x0D && i + 1 < n && buffer[i + 1] == 0x0A) ? 2 : 1
                start = i
            } else {
                i += 1
            }
        }
        try body(number, start, n)
    }

    /// The line `buffer[start..<end]` trimmed as `trimmingCharacters(in: .whitespacesAndNewlines)` trims ASCII
    /// (tab, LF, VT, FF, CR, space); nil when the line has a non-ASCII byte (it is then read as text).
    static func asciiTrimmed(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Range<Int>? {
        var lower = start, upper = end
        for i in start..<end where buffer[i] >= 0x80 { return nil }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (0x09...0x0D).contains(b) }
        while lower < upper, isSpace(buffer[lower]) { lower += 1 }
        while upper > lower, isSpace(buffer[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    /// The fields of an ASCII line split at commas, each trimmed of spaces and tabs (`.whitespaces` in ASCII),
    /// as byte ranges in `ranges` (emptied first; never empty after).
    static func asciiFields(_ buffer: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, into ranges: inout [Range<Int>]) {
        ranges.removeAll(keepingCapacity: true)
        func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        var fieldStart = line.lowerBound
        var i = line.lowerBound
        while true {
            if i == line.upperBound || buffer[i] == UInt8(ascii: ",") {
                var lower = fieldStart, upper = i
                while lower < upper, isBlank(buffer[lower]) { lower += 1 }
                while upper > lower, isBlank(buffer[upper - 1]) { upper -= 1 }
                ranges.append(lower..<upper)
                if i == line.upperBound { return }
                fieldStart = i + 1
            }
            i += 1
        }
    }

    /// Calls `body` with each line's number (from 0) and bytes, without its end (LF, CRLF or a lone CR), until
    /// it returns false. GBK's and UTF-8's multi-byte characters never contain these two bytes.
    static func forEachLine(_ bytes: [UInt8], _ body: (Int, ArraySlice<UInt8>) -> Bool) {
        var start = 0, number = 0, i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == 0x0A || b == 0x0D {
                guard body(number, bytes[start..<i]) else { return }
                number += 1
                i += (b == 0x0D && i + 1 < n && bytes[i + 1] == 0x0A) ? 2 : 1
                start = i
            } else {
                i += 1
            }
        }
        _ = body(number, bytes[start..<n])
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    /// `text.trimmingCharacters(in: .whitespaces)` (`newlines`: `.whitespacesAndNewlines`) without going
    /// through NSString, which was most of the time spent on block header lines. The sets as Foundation
    /// defines them: Unicode category Zs, tab and U+200B (Zs in the Unicode version Foundation's tables
    /// follow); with newlines, also the other Z* categories, U+000A–U+000D and U+0085 (SurveyTrimTests
    /// compares every BMP scalar with Foundation).
    static func trimmed<S: StringProtocol>(_ text: S, newlines: Bool) -> String {
        func isBlank(_ s: Unicode.Scalar) -> Bool {
            if s.value == 0x09 || s.value == 0x20 || s.value == 0x200B { return true }
            if s.isASCII { return newlines && (0x0A...0x0D).contains(s.value) }
            switch s.properties.generalCategory {
            case .spaceSeparator: return true
            case .lineSeparator, .paragraphSeparator: return newlines
            default: return newlines && s.value == 0x85
            }
        }
        // Scalar positions, not Character ones: a combining mark after a trimmed space stays, as in Foundation.
        let scalars = Substring(text).unicodeScalars
        guard let first = scalars.firstIndex(where: { !isBlank($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isBlank($0) })!
        return String(scalars[first...last])
    }

    /// Offset of the first byte that does not start a valid UTF-8 sequence, nil when the line is UTF-8.
    static func firstInvalidUTF8(_ line: ArraySlice<UInt8>) -> Int? {
        var i = line.startIndex
        while i < line.endIndex {
            let c = line[i]
            let length: Int
            switch c {
            case 0x00...0x7F: i += 1; continue
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return i - line.startIndex
            }
            guard i + length <= line.endIndex, line[(i + 1)..<(i + length)].allSatisfy({ $0 & 0xC0 == 0x80 }) else {
                return i - line.startIndex
            }
            i += length
        }
        return nil
    }

    /// Offset of the first byte that does not start a GB18030 character, nil when the line is GB18030 by its
    /// byte structure: ASCII; lead 0x81–0xFE with trail 0x40–0x7E or 0x80–0xFE; or four bytes
    /// 0x81–0xFE, 0x30–0x39, 0x81–0xFE, 0x30–0x39.
    static func firstInvalidGB18030(_ line: ArraySlice<UInt8>) -> Int? {
        var i = line.startIndex
        while i < line.endIndex {
            let c = line[i]
            if c < 0x80 { i += 1; continue }
            guard (0x81...0xFE).contains(c), i + 1 < line.endIndex else { return i - line.startIndex }
            let d = line[i + 1]
            if (0x40...0x7E).contains(d) || (0x80...0xFE).contains(d) { i += 2; continue }
            if (0x30...0x39).contains(d), i + 3 < line.endIndex, (0x81...0xFE).contains(line[i + 2]), (0x30...0x39).contains(line[i + 3]) {
                i += 4
                continue
            }
            return i - line.startIndex
        }
        return nil
    }
}

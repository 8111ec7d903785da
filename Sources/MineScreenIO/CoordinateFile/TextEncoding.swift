import Foundation
import MineScreenSupport

/// Encodings survey files are written in. GBK is what the authorities' desktop tools expect.
public enum TextEncoding: String, CaseIterable, Sendable {
    case gbk
    case utf8 = "utf-8"

    /// The text's bytes; GBK through iconv. A character GBK cannot hold is an error naming it, never a "?".
    public func encode(_ text: String, byteOrderMark: Bool = false) throws -> [UInt8] {
        switch self {
        case .utf8:
            return (byteOrderMark ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)
        case .gbk:
            if let bytes = iconvConvert(Array(text.utf8), from: "UTF-8", to: "GBK") { return bytes }
            let bad = text.unicodeScalars.first { iconvConvert(Array(String($0).utf8), from: "UTF-8", to: "GBK") == nil }
            throw InputError.invalidArgument("cannot write GBK: the character \(bad.map { String($0) } ?? "?") has no GBK code; use --encoding utf-8")
        }
    }
}

/// Whole-buffer iconv; nil when the input has a sequence the target cannot represent.
func iconvConvert(_ bytes: [UInt8], from source: String, to target: String) -> [UInt8]? {
    let converter = iconv_open(target, source)
    guard converter != iconv_t(bitPattern: -1) else { return nil }
    defer { iconv_close(converter) }
    var input = bytes.map { CChar(bitPattern: $0) }
    // GBK needs at most 2 bytes per UTF-8 character (which has at least 1 byte per character… up to 4 → 4).
    var output = [CChar](repeating: 0, count: bytes.count * 4 + 16)
    let written: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
        output.withUnsafeMutableBufferPointer { outBuffer in
            var inPointer: UnsafeMutablePointer<CChar>? = inBuffer.baseAddress
            var outPointer: UnsafeMutablePointer<CChar>? = outBuffer.baseAddress
            var inLeft = inBuffer.count
            var outLeft = outBuffer.count
            guard iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) != -1, inLeft == 0 else { return nil }
            return outBuffer.count - outLeft
        }
    }
    guard let written else { return nil }
    return output[..<written].map { UInt8(bitPattern: $0) }
}

import Foundation
import MineScreenKit

/// The input readers a fuzzer can drive: each takes arbitrary bytes and must answer with features or a thrown
/// error, never a crash, a hang or unbounded memory.
enum FuzzedReader: String, CaseIterable {
    case geojson, coordfile, csv, rules
    /// Format detection followed by the reader it picks, as `minescreen` reads an input file.
    case detect

    /// Runs the reader on `bytes`. Errors are the expected answer to bad input and are dropped; a file that was
    /// read must keep the model's promise that the k-th feature has index k (reports and rejections name it).
    func read(_ bytes: [UInt8]) {
        let path = "fuzz-input"
        switch self {
        case .geojson:
            Self.checkIndexes(try? GeoJSONReader().parse(bytes: bytes, path: path))
        case .coordfile:
            Self.checkIndexes(try? CoordinateFileReader().parse(bytes: bytes, path: path))
        case .csv:
            Self.checkIndexes(try? CornerPointCSVReader().parse(bytes: bytes, path: path))
        case .rules:
            // The rules reader takes UTF-8 text, as `ScreeningRules.load` does.
            guard let text = String(validating: bytes, as: UTF8.self), RulesNesting.isShallow(text) else { return }
            _ = try? ScreeningRules.parse(text, file: "/nonexistent/fuzz-rules.yaml")
        case .detect:
            switch InputFormat.detect(bytes) {
            case .coordfile: Self.checkIndexes(try? CoordinateFileReader().parse(bytes: bytes, path: path))
            case .csv: Self.checkIndexes(try? CornerPointCSVReader().parse(bytes: bytes, path: path))
            case .geojson, .auto, .gdal: Self.checkIndexes(try? GeoJSONReader().parse(bytes: bytes, path: path))
            }
        }
    }

    /// Stops the run (libFuzzer keeps the input) when a feature's index is not its position in the file.
    static func checkIndexes(_ file: FeatureFile?) {
        guard let file else { return }
        for (position, feature) in file.features.enumerated() where feature.index != position {
            fatalError("feature \(position) (id \(feature.id)) has index \(feature.index)")
        }
    }
}

/// Yams overflows the stack on YAML nested thousands deep (a known problem, bounded before Yams in the rules
/// reader by separate work). Until then the rules fuzzer skips such inputs so it can find anything else.
enum RulesNesting {
    static let limit = 200

    /// False when brackets or indentation could nest deeper than `limit` levels.
    static func isShallow(_ text: String) -> Bool {
        var depth = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > limit { return false }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth = max(0, depth - 1)
            default: break
            }
        }
        // Block nesting: each level needs at least one more column of indentation, or a "- " on the same line.
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            var columns = 0
            for byte in line.utf8 {
                if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: ":") {
                    columns += 1
                } else { break }
            }
            if columns > limit { return false }
        }
        return true
    }
}

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
            guard let text = String(validating: bytes, as: UTF8.self) else { return }
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

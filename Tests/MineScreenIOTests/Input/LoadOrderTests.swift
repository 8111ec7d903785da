import Foundation
import XCTest
@testable import MineScreenGeometry
@testable import MineScreenIO
import MineScreenTestSupport

/// Checked features come out in file order and rejected ones are listed in file order, whatever chunks of the
/// layer the validation threads took and however many of a chunk were rejected (none, some, all).
final class LoadOrderTests: XCTestCase {
    func testAcceptedAndRejectedKeepFileOrder() throws {
        var random = SeededRandom(seed: 53)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("order-\(UUID().uuidString).geojson")
        defer { try? FileManager.default.removeItem(at: file) }
        var features: [String] = []
        var bad = Set<Int>()
        for k in 0..<3_000 {
            let x = 112 + Double(k % 50) * 0.01, y = 36 + Double(k / 50) * 0.01
            // Whole chunks rejected (256 features from 512 on), none (from 1 024 on), else about one in six.
            let rejected = (512..<768).contains(k) || (k < 1_024 && Int.random(in: 0..<6, using: &random) == 0)
            let ring = rejected
                ? "[[\(x),\(y)],[\(x + 0.005),\(y + 0.005)],[\(x + 0.005),\(y)],[\(x),\(y + 0.005)],[\(x),\(y)]]"  // a bow tie
                : "[[\(x),\(y)],[\(x + 0.005),\(y)],[\(x + 0.005),\(y + 0.005)],[\(x),\(y + 0.005)],[\(x),\(y)]]"
            if rejected { bad.insert(k) }
            features.append(#"{"type":"Feature","properties":{"code":"P\#(k)"},"geometry":{"type":"Polygon","coordinates":[\#(ring)]}}"#)
        }
        try Data(#"{"type":"FeatureCollection","features":[\#(features.joined(separator: ",\n"))]}"#.utf8).write(to: file)
        for threads in [1, 2] {
            for keepsProperties in [true, false] {
                var options = LoadOptions(idField: "code", threads: threads)
                options.keepsProperties = keepsProperties
                let layer = try InputLoader.load(path: file.path, options: options)
                let good = (0..<3_000).filter { !bad.contains($0) }
                XCTAssertEqual(layer.features.map(\.feature.index), good)
                XCTAssertEqual(layer.features.map(\.feature.id), good.map { "P\($0)" })
                XCTAssertEqual(layer.rejected.map(\.index), bad.sorted())
                XCTAssertEqual(layer.rejected.map(\.id), bad.sorted().map { "P\($0)" })
                XCTAssertEqual(layer.inputCount, 3_000)
            }
        }
    }
}

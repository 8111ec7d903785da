import ArgumentParser
import Foundation
import MineScreenKit

/// Parse-only timing for Scripts/bench: how fast the GeoJSON reader turns bytes into features.
struct BenchReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-read",
        abstract: "Time reading a GeoJSON file, or a 坐标文件 with --input-format coordfile (for Scripts/bench).",
        shouldDisplay: false
    )

    @Argument var file: String

    @Option(name: .long, help: "geojson (default) or coordfile.")
    var inputFormat: InputFormat = .geojson

    func run() throws {
        let bytes = try GeoJSONReader.readFileBytes(path: file)
        let start = DispatchTime.now().uptimeNanoseconds
        let parsed = inputFormat == .coordfile ? try CoordinateFileReader().parse(bytes: bytes, path: file)
                                               : try GeoJSONReader().parse(bytes: bytes, path: file)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let json: JSONValue = .object([
            ("bytes", .number(Double(bytes.count))), ("seconds", .number(seconds)),
            ("MBps", .number(Double(bytes.count) / 1e6 / seconds)), ("features", .number(Double(parsed.features.count))),
        ])
        print(JSONWriter.string(json, pretty: false))
    }
}

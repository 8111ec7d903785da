import ArgumentParser
import Foundation
import MineScreenKit

/// Parse-only timing for Scripts/bench: how fast the GeoJSON reader turns bytes into features.
struct BenchReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-read",
        abstract: "Time reading a GeoJSON file, or a 坐标文件 with --input-format coordfile, or a GDAL source (.shp, .gpkg, .fgb, .gdb) (for Scripts/bench).",
        shouldDisplay: false
    )

    @Argument var file: String

    @Option(name: .long, help: "geojson (default) or coordfile.")
    var inputFormat: InputFormat = .geojson

    func run() throws {
        if GDALVectorReader.canRead(path: file) { return try runGDAL() }
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

    /// A GDAL source: the whole read (open, features, text decision), timed; bytes are the files' sizes.
    private func runGDAL() throws {
        let start = DispatchTime.now().uptimeNanoseconds
        let read = try GDALVectorReader.readLayer(path: file)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let stem = (file as NSString).deletingPathExtension
        let parts = (file as NSString).pathExtension.lowercased() == "shp" ? ["shp", "shx", "dbf"].map { "\(stem).\($0)" } : [file]
        let bytes = parts.compactMap { try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int }.reduce(0, +)
        let json: JSONValue = .object([
            ("bytes", .number(Double(bytes))), ("seconds", .number(seconds)),
            ("MBps", .number(Double(bytes) / 1e6 / seconds)), ("features", .number(Double(read.file.features.count))),
            ("driver", .string(read.driver)),
        ])
        print(JSONWriter.string(json, pretty: false))
    }
}

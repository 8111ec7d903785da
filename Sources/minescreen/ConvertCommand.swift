import ArgumentParser
import Foundation
import MineScreenKit

extension OutputFileFormat: ExpressibleByArgument {}
extension TextEncoding: ExpressibleByArgument {}

struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert blocks between GeoJSON, the boundary coordinate file (坐标文件), corner-point CSV, GeoPackage and Shapefile.",
        discussion: """
        The output format comes from OUT's extension (.geojson/.json, .txt, .csv, .gpkg, .shp) or --output-format. A 坐标文件 gets a CSV beside it (NAME.properties.csv) with every block property and where its 面积 came from. A 坐标文件 or CSV is written in one CGCS2000 Gauss-Krüger zone with the zone prefix: --target-crs, else the input's own zone, else the 3° zone holding most blocks' centroids (said on stderr). GeoJSON, GeoPackage and Shapefile keep the input CRS unless --target-crs is given. A --target-crs Gauss-Krüger zone is refused (exit 2) for a block lying more than 1.5° of longitude beyond the zone's band, and warned about for a block partly or wholly outside it. Features that cannot be converted are listed on stderr (file, index, id, reason); the rest are written.

        Exit codes: 0 done; 2 could not run (bad arguments, unreadable input, unwritable output, unknown CRS); 3 done, but some features were rejected.
        """
    )

    @Argument(help: "Input file: GeoJSON, 坐标文件, corner-point CSV or a GDAL format (.shp, .gpkg, .fgb, .gdb).")
    var input: String

    @Argument(help: "Output file.")
    var outputFile: String

    @Option(name: .long, help: "geojson, coordfile, csv, gpkg or shp (default: from OUT's extension).")
    var outputFormat: OutputFileFormat?

    @Option(name: .long, help: "auto (from the content), geojson, coordfile, csv or gdal.")
    var inputFormat: InputFormat = .auto

    @Option(name: .long, help: "CRS of the input coordinates when the file does not say (e.g. EPSG:4547 for unprefixed eastings).")
    var crs: String?

    @Option(name: .long, help: "CRS to write, e.g. EPSG:4526 (default: the input's for GeoJSON, a Gauss-Krüger zone for 坐标文件/CSV).")
    var targetCrs: String?

    @Option(name: .long, help: "Property holding the block id (default: 地块编号 for survey files, the Feature id for GeoJSON).")
    var idField: String?

    @Option(name: .long, help: "Text encoding of a 坐标文件 or CSV written: gbk or utf-8.")
    var encoding: TextEncoding = .gbk

    @OptionGroup var datum: DatumOptions

    @Flag(name: .long, help: "No notes on stderr (rejections are still listed).")
    var quiet = false

    @Flag(name: .long, help: "Print where the time went on stderr (read, write, other, total; seconds).")
    var timings = false

    func validate() throws {
        _ = try parseCRS(crs)
        _ = try parseCRS(targetCrs)
        if outputFormat == nil, OutputFileFormat(extensionOf: outputFile) == nil {
            throw ValidationError("\(outputFile): cannot tell the output format from the extension; use .geojson, .txt, .csv, .gpkg or .shp, or --output-format")
        }
    }

    func run() throws {
        if timings { runTimings.isEnabled = true }
        let format = outputFormat ?? OutputFileFormat(extensionOf: outputFile)!
        try refuseOutputsOverInputs(inputs: [("input", input)], outputs: [("OUT", outputFile)]
                                    + (format == .coordfile ? [("properties CSV", CoordinateFileSidecar.path(for: outputFile))] : []))
        let layer = try loadInput(path: input, options: LoadOptions(
            idField: idField, crsOverride: try parseCRS(crs), threads: 1, towgs84: try datum.parsedTowgs84(), format: inputFormat,
            pipeline: datum.pipeline))
        if !quiet { warn(layer.warnings) }
        let workspace = ThreadWorkspace()
        let plan = try Conversion.plan(layer, format: format, target: try parseCRS(targetCrs), workspace: workspace)
        if let note = plan.note, !quiet { StandardStreams.writeError("minescreen: \(TerminalText.escaped(note))\n") }
        let (blocks, rejected) = Conversion.blocks(layer, plan: plan, workspace: workspace)
        // Outside the target zone's band is a fact about the file written: said even with --quiet.
        warn(plan.warnings)
        let written = try runTimings.wall(.write) { try Conversion.write(blocks, format: format, plan: plan, encoding: encoding, to: outputFile) }
        warn(written)
        for r in rejected {
            StandardStreams.writeError("minescreen: rejected: " + TerminalText.escaped("\(r.file) #\(r.index) id \(r.id): \(r.reason)") + "\n")
        }
        if !quiet {
            StandardStreams.writeError(TerminalText.escaped("minescreen: wrote \(blocks.count) of \(layer.inputCount) blocks to \(outputFile) (\(format.rawValue), \(plan.crs))") + "\n")
        }
        try finish(rejected: rejected.count)
    }
}

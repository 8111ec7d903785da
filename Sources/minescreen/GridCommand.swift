import ArgumentParser
import Foundation
import MineScreenKit

/// `grid` writes a GeoJSON of the cells too.
enum GridFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, geojson

    var output: OutputFormat { OutputFormat(rawValue: rawValue)! }
}

struct GridCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grid",
        abstract: "1′×1′ basic unit blocks (基本单位区块): the cells each block covers and its off-grid corners, or blocks built from cell codes.",
        discussion: """
        Cell codes: DDDMM-DDMM, the south-west corner (112°00′E 36°30′N → 11200-3630), or the 1:50 000 sheet
        number with the cell's row (01–10 from the north edge) and column (01–15 from the west): J49E021017-1001.
        A cells file holds `ID: CODE CODE …` lines, each continued by lines of codes alone (one block per id),
        or bare codes only (one block, --block-id).

        Exit codes:
          0  done, every block on the 1′ graticule
          1  done, some block has corners off the graticule (3 wins over 1)
          2  could not run: bad arguments or cell codes, missing or unreadable file,
             invalid JSON (file:line:column), unknown CRS
          3  done, but some input features were rejected
        """
    )

    @Argument(help: "Blocks: GeoJSON or 坐标文件, any CRS (checked in EPSG:4490 lon/lat).")
    var blocks: String?

    @Option(name: .customLong("cells"), parsing: .upToNextOption,
            help: ArgumentHelp("Build one block from these cell codes (spaces or commas between).", valueName: "codes"))
    var parsedCells: [String] = []
    /// Every code after `--cells`: those ArgumentParser parsed and those `GatheredOptions` took first.
    var cells: [String] { parsedCells + GatheredOptions.strings("--cells") }

    @Option(name: .long, help: ArgumentHelp("Build blocks from a file of cell codes.", valueName: "file"))
    var cellsFile: String?

    @Option(name: .long, help: "Id of the block built from --cells or from a cells file's bare codes.")
    var blockId: String = "block"

    @Option(name: .long, help: ArgumentHelp("How far (arc seconds) a corner may be from a whole minute and still be on the graticule.", valueName: "seconds"))
    var gridTolerance: Double = GridAnalysis.defaultTolerance

    @Option(name: .long, help: "table, json or geojson (each block's counted cells, dissolved). Default: table, or geojson with --cells/--cells-file.")
    var format: GridFormat?

    @OptionGroup var input: InputOptions

    @OptionGroup var output: OutputOptions

    func validate() throws {
        let sources = (blocks == nil ? 0 : 1) + (cells.isEmpty ? 0 : 1) + (cellsFile == nil ? 0 : 1)
        if sources != 1 { throw ValidationError("give exactly one of: a BLOCKS file, --cells CODES…, --cells-file FILE") }
        if !gridTolerance.isFinite || gridTolerance < 0 || gridTolerance >= 30 {
            throw ValidationError("--grid-tolerance \(gridTolerance): expected arc seconds from 0 to below 30")
        }
    }

    func run() throws {
        try refuseOutputsOverInputs(inputs: [blocks.map { ("blocks", $0) }, cellsFile.map { ("--cells-file", $0) }].compactMap { $0 },
                                    outputs: [("-o", output.output)])
        let progress = ProgressReporter(quiet: output.quiet)
        output.startTimings()
        let result: GridResult
        var report: GridReport
        if let blocks {
            progress.status("reading \(blocks)")
            let layer = try loadInput(path: blocks, options: try input.loadOptions(threads: output.threadCount))
            warn(layer.warnings)
            result = GridAnalysis.run(layer, tolerance: gridTolerance, threads: output.threadCount,
                                      progress: progress.handler("grid", total: layer.features.count))
            progress.finish()
            KeepUntilExit.keep([layer, result] as [Any])
            report = GridReport(result: result, unit: input.unit)
            report.names = try input.names(layer)
        } else {
            let cellBlocks = try cellsFile.map { try CellBlocks.parse(file: $0, defaultID: blockId) }
                ?? CellBlocks.parse(arguments: cells, blockID: blockId)
            let source = cellsFile ?? "--cells"
            if let cellsFile {
                ProvenanceLog.shared.recordInput(path: cellsFile, role: "cells", features: cellBlocks.count, rejected: 0,
                                                 crs: CRSIdentifier.cgcs2000.description)
            }
            let built = try GridAnalysis.run(cellBlocks: cellBlocks, source: source, tolerance: gridTolerance)
            warn(built.warnings)
            result = built.result
            report = GridReport(result: result, unit: input.unit, source: "cell codes (\(source))")
        }
        let chosen = format ?? (blocks == nil ? .geojson : .table)
        // GridFormat offers no html or xlsx, so those renderings are never asked for.
        try output.timedWrite(chosen.output, table: { report.table }, csv: { report.table }, json: { report.json },
                              geojson: { report.geojson }, html: { report.table }, sheets: { [] })
        try finish(rejected: result.rejected.count)
        if !result.isOnGrid { throw ExitCode(1) }
    }
}

import ArgumentParser
import Foundation
import MineScreenKit

struct ScreenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen",
        abstract: "Clean-ore (净矿出让) screening of candidate blocks against a rules file: verdicts, reasons, clean remainders.",
        discussion: """
        Exit codes (first match wins): 2 could not run; 3 some input feature
        rejected; 1 some block not clean; 0 every block clean.
        """
    )

    @Argument(help: "File of candidate blocks: GeoJSON, 坐标文件 or corner-point CSV.")
    var blocks: String

    @Option(name: .long, help: "Rules file (YAML): tolerance_m2, min_clean_area_m2, layers (name, path, id_field, buffer_m), optional new_mines (minimum design scales).")
    var rules: String

    @Option(name: .long, help: "Write the clean remainder of every block (EPSG:4490) to this file: GeoJSON, or GeoPackage/Shapefile for a .gpkg/.shp name; or into PostGIS for 'PG:…' (--remainder-table).")
    var remainder: String?

    @Option(name: .long, help: "table, csv, json, geojson, html (dossier with maps), pdf (the dossier printed by headless Chromium, needs -o), xlsx (workbook, needs -o) or postgis (the GeoJSON rows into a table: -o 'PG:…', --table).")
    var format: OutputFormat = .table

    @Option(name: .long, help: "ellipsoidal (geodesic on CGCS2000, default) or tdt1055 (TD/T 1055 area element integrated along edges as drawn in the overlay's CRS: pieces add up exactly). planar is not offered here.")
    var method: AreaMethod = .ellipsoidal


    @OptionGroup var input: InputOptions

    @OptionGroup var output: OutputOptions

    @OptionGroup var database: DatabaseOutputOptions

    @Option(name: .long, help: "With --remainder 'PG:…': the table for the remainders (default: the tables= of --remainder, else minescreen_remainder); ignored for a file.")
    var remainderTable: String?

    @OptionGroup var cacheOptions: CacheOptions

    func validate() throws {
        try output.validate(format)
        try validateOverlayMethod(method)
        try refuseOneTableForResultsAndRemainders(output: output.output, table: database.table, defaultTable: "minescreen_screen",
                                                  remainder: remainder, remainderTable: remainderTable)
    }

    func run() throws {
        let progress = ProgressReporter(quiet: output.quiet)
        output.startTimings()
        let threads = output.threadCount
        try refuseOutputsOverInputs(inputs: [("blocks", blocks), ("--rules", rules)],
                                    outputs: [("-o", output.output), ("--remainder", remainder)])
        let ruleSet = try ScreeningRules.load(path: rules)
        ProvenanceLog.shared.recordRules(path: rules)
        try refuseOutputsOverInputs(inputs: ruleSet.layers.map { ("rules layer \($0.name)", $0.resolvedPath) },
                                    outputs: [("-o", output.output), ("--remainder", remainder)])
        let cache = cacheOptions.open()
        let replay = ReplayedRun(cache: cache, format: format, writesOtherFiles: remainder != nil)
        if let replay, let code = try replay.replay(output: output) { return try ReplayedRun.exit(with: code) }
        progress.status("reading \(blocks)")
        let blockLayer = try loadInput(path: blocks, options: try input.loadOptions(threads: threads))
        warn(blockLayer.warnings)
        let anyDatabaseLayer = ruleSet.layers.contains { PostGISConnection.isConnection($0.resolvedPath) }
        var layerOptions = LoadedScreeningRules.LayerOptions(repair: input.repair, format: input.inputFormat, threads: threads,
                                                             blockExtent: anyDatabaseLayer ? BlockExtentFilter.around(blockLayer) : nil,
                                                             timings: runTimings)
        layerOptions.cache = cache
        let loadedRules = try LoadedScreeningRules(
            rules: ruleSet, options: layerOptions,
            reading: { progress.status("reading \($0.path)") })
        warn(loadedRules.warnings)
        FreedMemory.release()
        let options = ScreenRunOptions(keepRemainder: remainder != nil, keepGeometry: format == .html || format == .pdf,
                                       method: method, threads: threads, timings: runTimings,
                                       cache: cache)
        let result = loadedRules.screen(blockLayer, options: options,
                                        progress: progress.handler("screen", total: blockLayer.features.count))
        progress.finish()
        let analysisWarnings = printedWarnings.messages.count
        cacheOptions.finish(options.cache, blocks: blockLayer.features.count)
        KeepUntilExit.keep([blockLayer, loadedRules, result] as [Any])
        var report = ScreenReport(result: result, unit: input.unit)
        report.names = try input.names(blockLayer)
        let workspace = ThreadWorkspace()
        let inputs = [blocks] + ruleSet.layers.map(\.resolvedPath)
        if format == .postgis, !database.overwrite, let remainder, let connection = PostGISConnection(remainder) {
            // Both tables checked before the first is written: a refusal writes neither.
            try PostGISWriter.refuseExisting(connection: connection, table: remainderTable ?? connection.table ?? "minescreen_remainder")
        }
        if format == .postgis {
            try database.write({ try report.geojson(workspace: workspace) }, to: output.output, defaultTable: "minescreen_screen", inputs: inputs)
        } else {
            let written = try output.timedWriteKeeping(format, for: replay, table: { report.table }, csv: { report.csv },
                                                       json: { report.json }, geojson: { try report.geojson(workspace: workspace) },
                                                       html: { try HTMLDossierWriter(workspace: workspace).html(try report.dossier(workspace: workspace)) },
                                                       sheets: { report.sheets })
            let exitCode: Int32 = !result.rejected.isEmpty ? 3 : result.results.contains(where: { $0.verdict != .clean }) ? 1 : 0
            replay?.keep(report: written, blocks: blockLayer.features.count, exitCode: exitCode, warningsUntil: analysisWarnings)
        }
        if let remainder, let connection = PostGISConnection(remainder) {
            try writeTable(report.remainderGeoJSON, connection: connection,
                           table: remainderTable ?? connection.table ?? "minescreen_remainder", overwrite: database.overwrite, inputs: inputs)
        } else if let remainder {
            try writeGeoJSON(report.remainderGeoJSON, to: remainder)
        }
        try finish(rejected: result.rejected.count)
        if result.results.contains(where: { $0.verdict != .clean }) { throw ExitCode(1) }
    }
}

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

    @Option(name: .long, help: "Write the clean remainder of every block (EPSG:4490) to this file: GeoJSON, or GeoPackage/Shapefile for a .gpkg/.shp name.")
    var remainder: String?

    @Option(name: .long, help: "table, csv, json, geojson, html (dossier with maps), pdf (the dossier printed by headless Chromium, needs -o) or xlsx (workbook, needs -o).")
    var format: OutputFormat = .table

    @Option(name: .long, help: "ellipsoidal (geodesic on CGCS2000, default) or tdt1055 (TD/T 1055 area element integrated along edges as drawn in the overlay's CRS: pieces add up exactly). planar is not offered here.")
    var method: AreaMethod = .ellipsoidal


    @OptionGroup var input: InputOptions

    @OptionGroup var output: OutputOptions

    @OptionGroup var cacheOptions: CacheOptions

    func validate() throws {
        try output.validate(format)
        try validateOverlayMethod(method)
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
        progress.status("reading \(blocks)")
        let blockLayer = try loadInput(path: blocks, options: try input.loadOptions(threads: threads))
        warn(blockLayer.warnings)
        let workspace = ThreadWorkspace()
        var layers: [ScreenLayer] = []
        for rule in ruleSet.layers {
            progress.status("reading \(rule.path)")
            var options = LoadOptions(
                idField: rule.idField, crsOverride: rule.crs, repair: input.repair,
                accepted: rule.bufferMetres == nil ? .polygonsOnly : .anyFeatureGeometry, threads: threads,
                towgs84: rule.towgs84, format: input.inputFormat, pipeline: rule.pipeline)
            options.idFieldOption = "id_field of layer \(rule.name) in \(rules)"
            options.provenanceRole = "layer:\(rule.name)"
            let loaded = try loadInput(path: rule.resolvedPath, options: options)
            warn(loaded.warnings)
            layers.append(ScreenLayer(layer: try ConstraintLayer(name: rule.name, loaded: loaded, workspace: workspace),
                                      bufferMetres: rule.bufferMetres))
        }
        var engine = ScreenEngine(blocks: blockLayer, layers: layers, rules: ruleSet, keepRemainder: remainder != nil)
        engine.keepGeometry = format == .html || format == .pdf
        engine.areaMethod = method
        engine.cache = cacheOptions.open()
        let result = engine.run(threads: threads, progress: progress.handler("screen", total: blockLayer.features.count))
        progress.finish()
        cacheOptions.finish(engine.cache, blocks: blockLayer.features.count)
        KeepUntilExit.keep([blockLayer, layers, result] as [Any])
        var report = ScreenReport(result: result, unit: input.unit)
        report.names = try input.names(blockLayer)
        try output.timedWrite(format, table: { report.table }, csv: { report.csv }, json: { report.json },
                         geojson: { try report.geojson(workspace: workspace) },
                         html: { try HTMLDossierWriter(workspace: workspace).html(try report.dossier(workspace: workspace)) },
                         sheets: { report.sheets })
        if let remainder {
            try writeGeoJSON(report.remainderGeoJSON, to: remainder)
        }
        try finish(rejected: result.rejected.count)
        if result.results.contains(where: { $0.verdict != .clean }) { throw ExitCode(1) }
    }
}

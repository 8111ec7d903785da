import ArgumentParser
import MineScreenKit

struct AreaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "area",
        abstract: "Ellipsoidal (default), Gauss-Krüger planar or TD/T 1055 area of every polygon, with declared figures and group totals.",
        discussion: exitCodeHelp
    )

    @Argument(help: "GeoJSON file (FeatureCollection, Feature or geometry), 坐标文件 or corner-point CSV.")
    var file: String

    @Option(name: .long, help: "Property holding the declared (planned) area (default: 地块面积, in ha, when the features have it, as 坐标文件 blocks do).")
    var declaredField: String?

    @Option(name: .long, help: "Unit of the declared area: km2, ha, m2 or mu (default: km2; ha for 地块面积).")
    var declaredUnit: AreaUnit?

    @Option(name: .customLong("group-by"), help: ArgumentHelp("Property to total by (e.g. county); repeat for several (county, mineral).",
                                                          valueName: "group-by"))
    var parsedGroupBy: [String] = []
    /// Every `--group-by` given: those ArgumentParser parsed and those `GatheredOptions` took first.
    var groupBy: [String] { parsedGroupBy + GatheredOptions.strings("--group-by") }

    @Option(name: .long, help: "ellipsoidal (geodesic on CGCS2000), planar (Gauss-Krüger 3° zone of each feature) or tdt1055 (TD/T 1055-2019 Appendix D: ≤ 70 m Gauss-Krüger edges, ellipsoidal trapezoids).")
    var method: AreaMethod = .ellipsoidal

    @Option(name: .long, help: "table, csv, json, html (dossier with an overview map), pdf (the dossier printed by headless Chromium, needs -o), xlsx (workbook, needs -o) or postgis (one row per polygon with its areas into a table: -o 'PG:…', --table).")
    var format: AreaFormat = .table

    @OptionGroup var input: InputOptions

    @OptionGroup var output: OutputOptions

    @OptionGroup var database: DatabaseOutputOptions

    func validate() throws { try output.validate(format.output) }

    func run() throws {
        try refuseOutputsOverInputs(inputs: [("input", file)], outputs: [("-o", output.output)])
        let progress = ProgressReporter(quiet: output.quiet)
        output.startTimings()
        progress.status("reading \(file)")
        let layer = try loadInput(path: file, options: try input.loadOptions(threads: output.threadCount))
        warn(layer.warnings)
        let features = layer.features.map(\.feature)
        if let field = declaredField {
            try NamedField.require(field, option: "--declared-field", file: file, features: features)
        }
        for field in groupBy { try NamedField.require(field, option: "--group-by", file: file, features: features) }
        var areaOptions = AreaOptions()
        areaOptions.method = method
        // A 坐标文件's header area (地块面积, hectares) is the declared figure unless the user names another.
        let surveyArea = SurveyProperty.declaredArea
        let declaredField = self.declaredField ?? (layer.features.contains { $0.feature.property(surveyArea) != nil } ? surveyArea : nil)
        areaOptions.declaredField = declaredField
        areaOptions.declaredUnit = declaredUnit ?? (self.declaredField == nil && declaredField == surveyArea ? .ha : .km2)
        areaOptions.groupBy = groupBy.first
        let result = AreaAnalysis.run(layer, options: areaOptions, threads: output.threadCount,
                                      progress: progress.handler("area", total: layer.features.count))
        progress.finish()
        if let field = declaredField {
            let given = Set(layer.features.filter { ($0.feature.property(field) ?? .null) != .null }.map(\.feature.index))
            let unreadable = result.features.filter { $0.declared == nil && given.contains($0.index) }
            if !unreadable.isEmpty {
                warn(["\(file): \(unreadable.count) declared \(field) value(s) are not numbers and were left out (first: id \(unreadable[0].id))"])
            }
        }
        KeepUntilExit.keep([layer, result] as [Any])
        var report = AreaReport(result: result, unit: input.unit)
        report.names = try input.names(layer)
        if !groupBy.isEmpty { report.groupings = groupBy.map { AreaGrouping(field: $0, layer: layer) } }
        if format == .postgis {
            try database.write({ try report.geojson(layer: layer, workspace: ThreadWorkspace()) }, to: output.output,
                               defaultTable: "minescreen_area", inputs: [file])
        } else {
            try output.timedWrite(format.output, table: { report.table }, csv: { report.csv }, json: { report.json }, geojson: { report.json },
                                  html: { try HTMLDossierWriter(workspace: ThreadWorkspace()).html(try report.dossier(workspace: ThreadWorkspace(), layer: layer)) },
                                  sheets: { report.sheets })
        }
        try finish(rejected: result.rejected.count)
    }
}

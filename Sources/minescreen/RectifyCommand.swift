import ArgumentParser
import Foundation
import MineScreenKit

/// `rectify` writes lists, not geometry: its formats, so `--help` lists only these.
enum RectifyFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json, xlsx, html

    var output: OutputFormat { OutputFormat(rawValue: rawValue)! }
}

struct RectifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rectify",
        abstract: "Sorts licensed non-coal mines into the lists of a rectification plan (关闭取缔, 引导退出, 整合重组, 升级改造).",
        discussion: """
        Exit codes: 2 could not run; 3 some input feature rejected (a mine with a bad
        attribute is rejected with the property named, the others go on); 0 done.
        """
    )

    @Argument(help: "Licence polygons with the plan's columns as properties (GeoJSON, 坐标文件, corner-point CSV, GeoPackage, Shapefile).")
    var mines: String

    @Option(name: .long, help: "Rules file (YAML): as_of, min_service_years, long_stopped_years, safety_distance_m, beyond_boundary_tolerance_m2, min_scale, open_pit_quarry, medium_scale, fields.")
    var rules: String

    @Option(name: .long, help: "Ore-body polygons: one held by licences of two or more owners is a reason to consolidate.")
    var orebodies: String?

    @Option(name: .long, help: "Mapped mining activity (e.g. from remote sensing): area outside its licence above the tolerance closes a mine.")
    var footprints: String?

    @Option(name: .long, help: "JSON report of a `screen` run (--format json): its clean and needs-cut blocks that break no new-mine rule form the new-mines list (拟新设置名单), weighed against the close and exit lists.")
    var candidates: String?

    @Option(name: .long, help: "table, csv, json, xlsx (needs -o) or html.")
    var format: RectifyFormat = .table

    @OptionGroup var input: InputOptions

    @OptionGroup var output: OutputOptions

    func validate() throws { try output.validate(format.output) }

    func run() throws {
        output.startTimings()
        let progress = ProgressReporter(quiet: output.quiet)
        let threads = output.threadCount
        let inputs: [(role: String, path: String)] = [("mines", mines), ("--rules", rules)]
            + [("--orebodies", orebodies), ("--footprints", footprints), ("--candidates", candidates)].compactMap { role, path in path.map { (role, $0) } }
        try refuseOutputsOverInputs(inputs: inputs, outputs: [("-o", output.output)])
        let ruleSet = try RectifyRules.load(path: rules)
        ProvenanceLog.shared.recordRules(path: rules)
        let newMines = try candidates.map { path in
            progress.status("reading \(path)")
            return try NewMineCandidates.load(path: path)
        }
        warn(newMines?.warnings ?? [])
        if let path = candidates, let newMines {
            ProvenanceLog.shared.recordInput(path: path, role: "candidates", features: newMines.blockCount, rejected: nil, crs: nil)
        }
        progress.status("reading \(mines)")
        var mineOptions = try input.loadOptions(threads: threads)
        mineOptions.provenanceRole = "mines"
        let mineLayer = try loadInput(path: mines, options: mineOptions)
        warn(mineLayer.warnings)
        func layer(_ path: String?, role: String) throws -> LoadedLayer? {
            guard let path else { return nil }
            progress.status("reading \(path)")
            var options = LoadOptions(repair: input.repair, threads: threads, format: input.inputFormat)
            options.provenanceRole = role
            let loaded = try loadInput(path: path, options: options)
            warn(loaded.warnings)
            return loaded
        }
        let orebodyLayer = try layer(orebodies, role: "orebodies")
        let footprintLayer = try layer(footprints, role: "footprints")
        let workspace = ThreadWorkspace()
        var engine = RectifyEngine(mines: mineLayer, orebodies: orebodyLayer, footprints: footprintLayer, rules: ruleSet)
        // The licence number is the id unless the user names another property.
        engine.idFromLicence = input.idField == nil
        let result = try engine.run(workspace: workspace)
        progress.finish()
        var report = RectifyReport(result: result)
        report.candidates = newMines
        try output.timedWrite(format.output, table: { report.table }, csv: { report.csv }, json: { report.json },
                              geojson: { throw ValidationError("rectify writes no GeoJSON") },
                              html: { try HTMLDossierWriter(workspace: workspace).html(try report.dossier(workspace: workspace)) },
                              sheets: { report.sheets })
        try finish(rejected: result.rejected.count)
    }
}

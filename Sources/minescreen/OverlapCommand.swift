import ArgumentParser
import MineScreenKit

/// `NAME=VALUE`, as in `--layer redline=redline.geojson`.
struct NamedValue: ExpressibleByArgument {
    var name: String
    var value: String

    init?(argument: String) {
        guard let eq = argument.firstIndex(of: "=") else { return nil }
        name = String(argument[..<eq])
        value = String(argument[argument.index(after: eq)...])
        guard !name.isEmpty, !value.isEmpty else { return nil }
    }
}

struct OverlapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overlap",
        abstract: "Overlap of every block with every constraint layer: union areas, percent, patch counts and ids, clean remainder.",
        discussion: exitCodeHelp
    )

    @Argument(help: "File of blocks (polygons): GeoJSON, 坐标文件 or corner-point CSV.")
    var blocks: String

    @Option(name: .long, help: "A constraint layer as NAME=PATH; repeat for several.")
    var layer: [NamedValue] = []

    @Option(name: .long, help: "Property holding a layer's feature ids, as NAME=FIELD (default: Feature id, else index).")
    var layerIdField: [NamedValue] = []

    @Option(name: .long, help: "CRS of a layer's coordinates, as NAME=EPSG:N (supplies or overrides its crs member).")
    var layerCrs: [NamedValue] = []

    @Option(name: .long, help: "A layer's datum parameters, as NAME=dx,dy,dz,rx,ry,rz,ds (like --towgs84).")
    var layerTowgs84: [NamedValue] = []

    @Option(name: .long, help: "A layer's PROJ pipeline to CGCS2000 lon/lat, as NAME='+proj=pipeline …' (like --pipeline).")
    var layerPipeline: [NamedValue] = []

    @Option(name: .long, help: "A layer's input format, as NAME=auto|geojson|coordfile|csv (default: --input-format).")
    var layerInputFormat: [NamedValue] = []

    @Option(name: .long, help: "table, csv, json, geojson, html (dossier with maps) or xlsx (workbook, needs -o).")
    var format: OutputFormat = .table

    @OptionGroup var input: InputOptions

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if layer.isEmpty { throw ValidationError("give at least one --layer NAME=PATH") }
        try output.validate(format)
        let names = layer.map(\.name)
        if Set(names).count != names.count { throw ValidationError("layer names must be unique") }
        for field in layerIdField where !names.contains(field.name) {
            throw ValidationError("--layer-id-field \(field.name)=…: no layer named \(field.name)")
        }
        for parameters in layerTowgs84 {
            guard names.contains(parameters.name) else { throw ValidationError("--layer-towgs84 \(parameters.name)=…: no layer named \(parameters.name)") }
            _ = try parseTowgs84(parameters.value)
        }
        for format in layerInputFormat {
            guard names.contains(format.name) else { throw ValidationError("--layer-input-format \(format.name)=…: no layer named \(format.name)") }
            guard InputFormat(rawValue: format.value) != nil else {
                throw ValidationError("--layer-input-format \(format.name)=\(format.value): expected auto, geojson, coordfile or csv")
            }
        }
        for pipeline in layerPipeline where !names.contains(pipeline.name) {
            throw ValidationError("--layer-pipeline \(pipeline.name)=…: no layer named \(pipeline.name)")
        }
        for crs in layerCrs {
            guard names.contains(crs.name) else { throw ValidationError("--layer-crs \(crs.name)=…: no layer named \(crs.name)") }
            _ = try parseCRS(crs.value)
        }
    }

    func run() throws {
        let progress = ProgressReporter(quiet: output.quiet)
        output.startTimings()
        let threads = output.threadCount
        // Options first, so that a bad one stops the run before any reading.
        let blockOptions = try input.loadOptions(threads: threads)
        var layerOptions: [LoadOptions] = []
        for spec in layer {
            let field = layerIdField.last(where: { $0.name == spec.name })?.value
            let crs = try parseCRS(layerCrs.last(where: { $0.name == spec.name })?.value)
            let towgs84 = try layerTowgs84.last(where: { $0.name == spec.name }).flatMap { try parseTowgs84($0.value) }
            var options = LoadOptions(
                idField: field, crsOverride: crs, repair: input.repair, threads: threads, towgs84: towgs84,
                format: layerInputFormat.last(where: { $0.name == spec.name }).flatMap { InputFormat(rawValue: $0.value) } ?? input.inputFormat,
                pipeline: layerPipeline.last(where: { $0.name == spec.name })?.value)
            options.idFieldOption = "--layer-id-field \(spec.name)="
            layerOptions.append(options)
        }
        progress.status("reading \(blocks) and \(layer.count) layer\(layer.count == 1 ? "" : "s")")
        // All files at once: one file's serial steps (joining its features, building its index) overlap another's
        // parsing. Errors are reported as if read in order: the blocks first, then each layer as given.
        enum Input { case blocks(LoadedLayer), layer(ConstraintLayer) }
        let jobs: [() throws -> Input] = [{ .blocks(try InputLoader.load(path: blocks, options: blockOptions)) }]
            + zip(layer, layerOptions).map { spec, options in {
                let loaded = try InputLoader.load(path: spec.value, options: options)
                return .layer(try ConstraintLayer(name: spec.name, loaded: loaded, workspace: ThreadWorkspace()))
            } }
        let inputs = try PhaseTimings.wall(.read) { try concurrently(jobs, threads: threads).map { try $0.get() } }
        guard case .blocks(let blockLayer) = inputs[0] else { preconditionFailure("the blocks come first") }
        let layers = inputs.dropFirst().map { input -> ConstraintLayer in
            guard case .layer(let layer) = input else { preconditionFailure("layers follow the blocks") }
            return layer
        }
        warn(blockLayer.warnings)
        for layer in layers { warn(layer.loaded.warnings) }
        let workspace = ThreadWorkspace()
        let engine = OverlapEngine(blocks: blockLayer, layers: layers, keepGeometry: format == .geojson || format == .html)
        let result = engine.run(threads: threads, progress: progress.handler("overlap", total: blockLayer.features.count))
        progress.finish()
        KeepUntilExit.keep([blockLayer, layers, result] as [Any])
        var report = OverlapReport(result: result, unit: input.unit)
        report.names = input.names(blockLayer)
        report.threads = threads
        try output.timedWrite(format, table: { report.table }, csv: { report.csv }, json: { report.json }, geojson: { report.geojson },
                              html: { try HTMLDossierWriter(workspace: workspace).html(try report.dossier(workspace: workspace)) },
                              sheets: { report.sheets })
        try finish(rejected: result.rejected.count)
    }
}

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

    @Option(name: .customLong("layer"), help: ArgumentHelp("A constraint layer as NAME=PATH; repeat for several.", valueName: "layer"))
    var parsedLayer: [NamedValue] = []
    /// Every `--layer` given: those ArgumentParser parsed and those `GatheredOptions` took first.
    var layer: [NamedValue] { parsedLayer + GatheredOptions.namedValues("--layer") }

    @Option(name: .customLong("layer-id-field"), help: ArgumentHelp("Property holding a layer's feature ids, as NAME=FIELD (default: Feature id, else index).", valueName: "layer-id-field"))
    var parsedLayerIdField: [NamedValue] = []
    /// Every `--layer-id-field` given: those ArgumentParser parsed and those `GatheredOptions` took first.
    var layerIdField: [NamedValue] { parsedLayerIdField + GatheredOptions.namedValues("--layer-id-field") }

    @Option(name: .customLong("layer-crs"), help: ArgumentHelp("CRS of a layer's coordinates, as NAME=EPSG:N (supplies or overrides its crs member).", valueName: "layer-crs"))
    var parsedLayerCrs: [NamedValue] = []
    /// Every `--layer-crs` given: those ArgumentParser parsed and those `GatheredOptions` took first.
    var layerCrs: [NamedValue] { parsedLayerCrs + GatheredOptions.namedValues("--layer-crs") }

    @Option(name: .customLong("layer-towgs84"), help: ArgumentHelp("A layer's datum parameters, as NAME=dx,dy,dz,rx,ry,rz,ds (like --towgs84).", valueName: "layer-towgs84"))
    var parsedLayerTowgs84: [NamedValue] = []
    /// Every `--layer-towgs84` given: those ArgumentParser parsed and those `GatheredOptions` took first.
    var layerTowgs84: [NamedValue] { parsedLayerTowgs84 + GatheredOptions.namedValues("--layer-towgs84") }

    @Option(name: .customLong("layer-pipeline"), help: ArgumentHelp("A layer's PROJ pipeline to CGCS2000 lon/lat, as NAME='+proj=pipeline …' (like --pipeline).", valueName: "layer-pipeline"))
    var parsedLayerPipeline: [NamedValue] = []
    /// Every `--layer-pipeline` given: those ArgumentParser parsed and those `GatheredOptions` took first.
    var layerPipeline: [NamedValue] { parsedLayerPipeline + GatheredOptions.namedValues("--layer-pipeline") }

    @Option(name: .customLong("layer-input-format"), help: ArgumentHelp("A layer's input format, as NAME=auto|geojson|coordfile|csv (default: --input-format).", valueName: "layer-input-format"))
    var parsedLayerInputFormat: [NamedValue] = []
    /// Every `--layer-input-format` given: those ArgumentParser parsed and those `GatheredOptions` took first.
    var layerInputFormat: [NamedValue] { parsedLayerInputFormat + GatheredOptions.namedValues("--layer-input-format") }

    @Option(name: .long, help: "table, csv, json, geojson, html (dossier with maps), pdf (the dossier printed by headless Chromium, needs -o), xlsx (workbook, needs -o) or postgis (the GeoJSON rows into a table: -o 'PG:…', --table).")
    var format: OutputFormat = .table

    @Option(name: .long, help: "ellipsoidal (geodesic on CGCS2000, default) or tdt1055 (TD/T 1055 area element integrated along edges as drawn in the overlay's CRS: pieces add up exactly). planar is not offered here.")
    var method: AreaMethod = .ellipsoidal


    @OptionGroup var input: InputOptions

    @OptionGroup var output: OutputOptions

    @OptionGroup var database: DatabaseOutputOptions

    @OptionGroup var cacheOptions: CacheOptions

    func validate() throws {
        let layer = self.layer
        if layer.isEmpty { throw ValidationError("give at least one --layer NAME=PATH") }
        try validateOverlayMethod(method)
        try output.validate(format)
        let names = Set(layer.map(\.name))
        if names.count != layer.count { throw ValidationError("layer names must be unique") }
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
        try refuseOutputsOverInputs(inputs: [("blocks", blocks)] + layer.map { ("--layer \($0.name)", $0.value) },
                                    outputs: [("-o", output.output)])
        let progress = ProgressReporter(quiet: output.quiet)
        output.startTimings()
        let threads = output.threadCount
        // Options first, so that a bad one stops the run before any reading.
        let blockOptions = try input.loadOptions(threads: threads)
        let layer = self.layer
        // Per option, the last value given for each layer name (one pass each, not one search per layer).
        func lastByName(_ values: [NamedValue]) -> [String: String] {
            Dictionary(values.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
        }
        let fields = lastByName(layerIdField), crss = lastByName(layerCrs), towgs84s = lastByName(layerTowgs84)
        let formats = lastByName(layerInputFormat), pipelines = lastByName(layerPipeline)
        var layerOptions: [LoadOptions] = []
        for spec in layer {
            let crs = try parseCRS(crss[spec.name])
            let towgs84 = try towgs84s[spec.name].map(parseTowgs84)
            var options = LoadOptions(
                idField: fields[spec.name], crsOverride: crs, repair: input.repair, threads: threads, towgs84: towgs84,
                format: formats[spec.name].flatMap { InputFormat(rawValue: $0) } ?? input.inputFormat,
                pipeline: pipelines[spec.name])
            options.idFieldOption = "--layer-id-field \(spec.name)="
            options.provenanceRole = "layer:\(spec.name)"
            options.keepsProperties = false
            layerOptions.append(options)
        }
        let cache = cacheOptions.open()
        for k in layerOptions.indices { layerOptions[k].cache = cache }
        let replay = ReplayedRun(cache: cache, format: format, writesOtherFiles: false)
        if let replay, let code = try replay.replay(output: output) { return try ReplayedRun.exit(with: code) }
        // A database layer fetches only what meets the blocks: the blocks are read first to know where they are.
        let blocksFirst = try readBlocksFirst(blocks, options: blockOptions, for: layer.map(\.value), into: &layerOptions)
        progress.status("reading \(blocks) and \(layer.count) layer\(layer.count == 1 ? "" : "s")")
        ProvenanceLog.shared.announceInputs([("blocks", PostGISConnection.shownName(blocks))]
            + layer.map { ("layer:\($0.name)", PostGISConnection.shownName($0.value)) })
        // All files at once: one file's serial steps (joining its features, building its index) overlap another's
        // parsing. Errors are reported as if read in order: the blocks first, then each layer as given.
        enum Input { case blocks(LoadedLayer), layer(ConstraintLayer) }
        let jobs: [() throws -> Input] = [{ .blocks(try blocksFirst ?? InputLoader.load(path: blocks, options: blockOptions)) }]
            + zip(layer, layerOptions).map { spec, options in {
                let loaded = try InputLoader.load(path: spec.value, options: options)
                return .layer(ConstraintLayer(name: spec.name, loaded: loaded))
            } }
        let inputs = try runTimings.wall(.read) {
            let inputs = try concurrently(jobs, threads: threads).map { try $0.get() }
            // What reading freed (file bytes, parse scaffolding, GDAL's batches) goes back before the analysis.
            FreedMemory.release()
            return inputs
        }
        guard case .blocks(let blockLayer) = inputs[0] else { preconditionFailure("the blocks come first") }
        let layers = inputs.dropFirst().map { input -> ConstraintLayer in
            guard case .layer(let layer) = input else { preconditionFailure("layers follow the blocks") }
            return layer
        }
        warn(blockLayer.warnings)
        for layer in layers { warn(layer.loaded.warnings) }
        let workspace = ThreadWorkspace()
        let overlapOutput: OverlapOutput = format == .geojson || format == .postgis || format == .html || format == .pdf ? .geometry : .areas
        var engine = OverlapEngine(blocks: blockLayer, layers: layers, output: overlapOutput)
        engine.areaMethod = method
        engine.cache = cache
        let result = engine.run(threads: threads, progress: progress.handler("overlap", total: blockLayer.features.count), timings: runTimings)
        progress.finish()
        let analysisWarnings = printedWarnings.messages.count
        cacheOptions.finish(engine.cache, blocks: blockLayer.features.count)
        KeepUntilExit.keep([blockLayer, layers, result] as [Any])
        var report = OverlapReport(result: result, unit: input.unit)
        report.names = try input.names(blockLayer)
        report.threads = threads
        if format == .postgis {
            try database.write({ report.geojson }, to: output.output, defaultTable: "minescreen_overlap", inputs: [blocks] + layer.map(\.value))
        } else {
            let written = try output.timedWriteKeeping(format, for: replay, table: { report.table }, csv: { report.csv },
                                                       json: { report.json }, geojson: { report.geojson },
                                                       html: { try HTMLDossierWriter(workspace: workspace).html(try report.dossier(workspace: workspace)) },
                                                       sheets: { report.sheets })
            replay?.keep(report: written, blocks: blockLayer.features.count, exitCode: result.rejected.isEmpty ? 0 : 3,
                         warningsUntil: analysisWarnings)
        }
        try finish(rejected: result.rejected.count)
    }
}

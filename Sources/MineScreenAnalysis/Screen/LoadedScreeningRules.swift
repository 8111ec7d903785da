import Foundation
import MineScreenSupport
import MineScreenNative
import MineScreenIO

/// A rules file with every constraint layer read, checked and indexed: what `screen` needs before it can judge a
/// block. Immutable once loaded, so that many screening runs may share it at once (`minescreen serve` keeps one
/// and answers requests with it; `minescreen screen` loads one per run). Both screen through `screen(_:options:)`,
/// so the command line and the service give the same answers.
public final class LoadedScreeningRules: @unchecked Sendable {
    /// The rules as parsed (tolerance, minimum clean remainder, layers, new-mine rules).
    public let rules: ScreeningRules
    /// The layers in the rules' order, each with its corridor width when it has one.
    public let layers: [ScreenLayer]
    /// Things the user should know from reading the layers (empty layers, coordinates that look off).
    public let warnings: [String]

    /// How the layers' files are read: repair, input format, threads for validation; and where the blocks are,
    /// so that a database layer (`PG:`) fetches only the rows near them.
    public struct LayerOptions {
        /// Make invalid polygons valid instead of rejecting them (`--repair`).
        public var repair: Bool
        /// How the layers' files are read (`--input-format`; `auto` detects it).
        public var format: InputFormat
        /// Threads that check a layer's features while it loads.
        public var threads: Int
        public var blockExtent: BlockExtentFilter?
        /// Where reading time is booked (`--timings`), if anywhere.
        public var timings: PhaseTimings?
        /// `--cache`: features unchanged since the last run are taken from it (`LoadOptions.cache`).
        public var cache: ResultCache?
        public init(repair: Bool = false, format: InputFormat = .auto, threads: Int = defaultThreadCount,
                    blockExtent: BlockExtentFilter? = nil, timings: PhaseTimings? = nil) {
            self.repair = repair
            self.format = format
            self.threads = threads
            self.blockExtent = blockExtent
            self.timings = timings
        }
    }

    /// Reads every layer of `rules` (from `rules.file`'s directory, as `RuleLayer.resolvedPath` says), checks its
    /// features and builds its index. `reading` is told each layer's path before it is read (progress).
    /// Throws the first layer that cannot be read (the message names it).
    public init(rules: ScreeningRules, options: LayerOptions = LayerOptions(), reading: ((RuleLayer) -> Void)? = nil) throws {
        var layers: [ScreenLayer] = []
        var warnings: [String] = []
        for rule in rules.layers {
            reading?(rule)
            let loaded = try Self.loadLayer(rule, rulesPath: rules.file, options: options)
            warnings += loaded.warnings
            layers.append(ScreenLayer(layer: ConstraintLayer(name: rule.name, loaded: loaded),
                                      bufferMetres: rule.bufferMetres))
        }
        self.rules = rules
        self.layers = layers
        self.warnings = warnings
    }

    /// A copy with some layers replaced by others already loaded (a reload that kept the old layer where the
    /// new file failed): `layers` must follow `rules.layers`.
    public init(rules: ScreeningRules, layers: [ScreenLayer], warnings: [String]) {
        self.rules = rules
        self.layers = layers
        self.warnings = warnings
    }

    /// One layer of the rules read and checked as `screen` reads it: polygons only, unless it is a corridor
    /// (then lines and points too); its `id_field`, `crs`, `towgs84` and `pipeline` applied.
    public static func loadLayer(_ rule: RuleLayer, rulesPath: String, options: LayerOptions) throws -> LoadedLayer {
        var load = LoadOptions(
            idField: rule.idField, crsOverride: rule.crs, repair: options.repair,
            accepted: rule.bufferMetres == nil ? .polygonsOnly : .anyFeatureGeometry, threads: options.threads,
            towgs84: rule.towgs84, format: options.format, pipeline: rule.pipeline)
        load.idFieldOption = "id_field of layer \(rule.name) in \(rulesPath)"
        load.provenanceRole = "layer:\(rule.name)"
        load.keepsProperties = false
        load.cache = options.cache
        if PostGISConnection.isConnection(rule.resolvedPath), let around = options.blockExtent {
            load.spatialFilter = around.forLayer(load, bufferMetres: rule.bufferMetres)
        }
        let read = { try InputLoader.load(path: rule.resolvedPath, options: load) }
        return try options.timings.map { try $0.wall(.read, read) } ?? read()
    }

    /// Screens `blocks` against these layers (see `ScreenEngine`). Safe to call from several threads at once:
    /// every run keeps its own per-layer state and its own thread workspaces.
    public func screen(_ blocks: LoadedLayer, options: ScreenRunOptions, progress: ((Int) -> Void)? = nil) -> ScreenResult {
        var engine = ScreenEngine(blocks: blocks, layers: layers, rules: rules, keepRemainder: options.keepRemainder)
        engine.keepGeometry = options.keepGeometry
        engine.areaMethod = options.method
        if let timings = options.timings { engine.timings = timings }
        engine.cache = options.cache
        return engine.run(threads: options.threads, progress: progress)
    }
}

/// What one screening run asks for beyond the blocks and the rules.
public struct ScreenRunOptions {
    /// Keep each block's clean remainder (for `--remainder` or the service's `remainder=1`).
    public var keepRemainder: Bool
    /// Keep what the dossier's maps need (overlap outlines, corridors, remainders).
    public var keepGeometry: Bool
    /// `ellipsoidal` (geodesic on CGCS2000) or `tdt1055` (areas as drawn), as `screen --method`.
    public var method: AreaMethod
    /// Worker threads of this run (each with its own GEOS and PROJ contexts).
    public var threads: Int
    /// Where the run's phases are booked (`--timings`), if anywhere.
    public var timings: PhaseTimings?
    /// Per-block results kept between runs (`--cache`); nil computes every block.
    public var cache: ResultCache?

    public init(keepRemainder: Bool = false, keepGeometry: Bool = false, method: AreaMethod = .ellipsoidal,
                threads: Int = defaultThreadCount, timings: PhaseTimings? = nil, cache: ResultCache? = nil) {
        self.timings = timings
        self.cache = cache
        self.keepRemainder = keepRemainder
        self.keepGeometry = keepGeometry
        self.method = method
        self.threads = threads
    }
}

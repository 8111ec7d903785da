import Foundation
import MineScreenSupport
import MineScreenGeometry
import MineScreenNative

/// A file read, its CRS checked with PROJ, and every feature either checked or rejected.
public struct LoadedLayer {
    public var path: String
    public var crs: ResolvedCRS
    public var crsSource: String
    public var features: [CheckedFeature]
    public var rejected: [Rejection]
    /// Number of features in the file (checked + rejected).
    public var inputCount: Int
    /// Things the user should know that are not errors (e.g. a layer with no features).
    public var warnings: [String] = []
    /// Survey formats: the coordinates as written (see `RawFile`).
    public var raw: RawFile? = nil
}

extension LoadedLayer {
    /// Runs `body` on every checked feature in parallel. A feature whose analysis throws joins the
    /// file's rejected features (sorted by index) instead of stopping the batch. The workers' phase clocks go
    /// to `timings`.
    public func analyseEach<T>(threads: Int, progress: ((Int) -> Void)?, timings: PhaseTimings? = nil,
                               _ body: @escaping (CheckedFeature, ThreadWorkspace) throws -> T) -> (results: [T], rejected: [Rejection]) {
        let outcomes = parallelMap(count: features.count, threads: threads, progress: progress, timings: timings) { k, workspace in
            Result { try body(features[k], workspace) }
        }
        var results: [T] = []
        var rejected = self.rejected
        for (k, outcome) in outcomes.enumerated() {
            switch outcome {
            case .success(let value): results.append(value)
            case .failure(let error):
                let f = features[k].feature
                rejected.append(Rejection(index: f.index, id: f.id, file: path, reason: "analysis failed: \(error)"))
            }
        }
        rejected.sort { $0.index < $1.index }
        return (results, rejected)
    }
}

/// How ``InputLoader`` reads a file: id field, CRS override, repair, accepted geometry, threads, datum shift.
public struct LoadOptions {
    public var idField: String?
    public var crsOverride: CRSIdentifier?
    public var repair: Bool
    public var accepted: AcceptedGeometry
    public var threads: Int
    /// User-supplied Bursa-Wolf parameters (dx, dy, dz in m; rx, ry, rz in arc seconds; ds in ppm; PROJ's
    /// position-vector `+towgs84` convention) for data on another datum, such as Xi'an 1980 or Beijing 1954.
    public var towgs84: [Double]?
    /// `--input-format`: `auto` detects it from the content.
    public var format: InputFormat
    /// The user's PROJ pipeline from the coordinates as read to CGCS2000 lon/lat (replaces the file's CRS).
    public var pipeline: String?
    /// How the user gave `idField`, for the message when no feature has it: `--id-field`,
    /// `--layer-id-field`, or a rules file's `id_field`.
    public var idFieldOption = "--id-field"
    /// What this file is to the run, as the report's provenance names it: "blocks", "layer:NAME", "orebodies", …
    public var provenanceRole = "blocks"
    /// Where the blocks are: a database layer (`PG:`) fetches only the features whose extent meets it.
    /// Files are read whole.
    public var spatialFilter: BlockExtentFilter?
    /// False for the constraint layers of `overlap`, `screen` and `serve`: features keep no property once checked
    /// (GeoJSON and GDAL sources drop them as they are read, the id field's too once it has given the id, which
    /// `Feature.hasIdField` records; a feature without the id field keeps them all until checked, for the message
    /// that names the missing field), as those analyses read no property (a city's parcels would otherwise hold
    /// their attributes for nothing: a fifth of a parcel layer's memory).
    public var keepsProperties = true
    /// `--cache`: a file loaded before with these options, byte for byte the same, is decoded from the cache
    /// rather than parsed and checked again (`LayerSnapshot`).
    public var cache: ResultCache?

    public init(idField: String? = nil, crsOverride: CRSIdentifier? = nil, repair: Bool = false,
                accepted: AcceptedGeometry = .polygonsOnly, threads: Int = defaultThreadCount, towgs84: [Double]? = nil,
                format: InputFormat = .auto, pipeline: String? = nil) {
        self.idField = idField; self.crsOverride = crsOverride; self.repair = repair
        self.accepted = accepted; self.threads = threads; self.towgs84 = towgs84; self.format = format
        self.pipeline = pipeline
    }
}

/// Reads a vector file into a ``LoadedLayer``: CRS resolved, every feature checked, bad ones rejected with a reason.
public enum InputLoader {
    /// Looks a CRS up in PROJ; unknown codes are an input error naming the file.
    public static func resolve(_ crs: CRSIdentifier, file: String, in workspace: ThreadWorkspace,
                               towgs84: [Double]? = nil) throws -> ResolvedCRS {
        let definition: PROJCRS
        let ellipsoid: (semiMajorAxis: Double, inverseFlattening: Double, datum: String)
        do {
            definition = try PROJCRS(crs, in: workspace.proj)
            ellipsoid = try definition.ellipsoid()
        } catch let error as PROJError {
            throw InputError.unknownCRS(file: file, crs: crs.description, why: "PROJ does not know it (\(error.message))")
        }
        // CGCS2000 and WGS 84 share a = 6378137 m and differ by centimetres. Beijing 1954 and Xi'an 1980
        // do not, and no exact public transformation to CGCS2000 exists: PROJ would only guess.
        let onCGCS2000Ellipsoid = ellipsoid.semiMajorAxis == 6_378_137 && abs(ellipsoid.inverseFlattening - 298.257) < 0.001
        if towgs84 != nil, onCGCS2000Ellipsoid {
            // Parameters meant for old data, given for a CGCS2000 (or WGS 84) file, would shift it by tens of metres.
            throw InputError.invalidArgument("\(file): \(crs) \(definition.name) is already CGCS2000 (or WGS 84); --towgs84 is only for data on another datum (Xi'an 1980, Beijing 1954): leave it out, or give the file's true CRS with --crs")
        }
        if let towgs84 {
            // The user's 7 parameters make the CRS a bound CRS: PROJ applies them on the way to WGS 84,
            // which this tool takes as CGCS2000 (centimetres apart).
            guard let base = definition.projString else {
                throw InputError.unknownCRS(file: file, crs: crs.description, why: "PROJ cannot write it as a PROJ string to attach --towgs84")
            }
            let parameters = towgs84.map { formatJSONNumber($0) }.joined(separator: ",")
            let bound = CRSIdentifier(projString: base.replacingOccurrences(of: " +type=crs", with: "") + " +towgs84=\(parameters) +type=crs")
            let resolved = try PROJCRS(bound, in: workspace.proj)
            return ResolvedCRS(identifier: bound, name: "\(definition.name) with towgs84=\(parameters)", isGeographic: resolved.isGeographic)
        }
        guard onCGCS2000Ellipsoid else {
            throw InputError.unsupportedDatum(file: file, crs: "\(crs) \(definition.name)", datum: ellipsoid.datum)
        }
        return ResolvedCRS(identifier: crs, name: definition.name, isGeographic: definition.isGeographic)
    }

    public static func load(path source: String, options: LoadOptions) throws -> LoadedLayer {
        // A database connection is named without its password from here on (messages, rejections, provenance).
        let path = PostGISConnection.shownName(source)
        let (cached, pending) = try fromSnapshot(source, path: path, options: options)
        if let cached { return cached }
        var snapshot = pending
        var (file, readWarnings) = try read(path: source, format: options.format, idField: options.idField,
                                            crsOverride: options.crsOverride, threads: options.threads,
                                            filter: options.spatialFilter, keepsProperties: options.keepsProperties,
                                            bytes: snapshot?.bytes)
        snapshot?.bytes = []
        if let field = options.idField {
            try NamedField.require(field, option: options.idFieldOption, file: path, features: file.features)
        }
        let workspace = ThreadWorkspace()
        let crs: ResolvedCRS
        if let pipeline = options.pipeline {
            file = try PipelineInput.apply(pipeline, to: file, path: path)
            crs = ResolvedCRS(identifier: .cgcs2000, name: "China Geodetic Coordinate System 2000 via the PROJ pipeline \(pipeline)", isGeographic: true)
        } else {
            crs = try resolve(file.crs, file: path, in: workspace, towgs84: options.towgs84)
        }
        var configured = FeatureValidator(crs: crs, file: path, repair: options.repair, accepted: options.accepted)
        configured.northingFirst = file.raw?.northingFirst ?? false
        configured.checkedPlaneBox = FeatureValidator.coordinateCheckedBox(of: file.features, crs: crs, workspace)
        // A constant for the threads: a captured variable would be boxed and copied out for every feature.
        let validator = configured
        let readFeatures = file.features
        // Validation is the costly part of loading a big layer (each polygon proven valid in Swift, or by GEOS).
        // Chunk c writes its accepted features straight into the result from slot c × chunk on; the chunks are then
        // moved together, in order (a city layer's 300 000 features are not gathered twice).
        let chunk = 256
        let total = file.features.count
        let chunks = (total + chunk - 1) / chunk
        var rejected: [Rejection] = []
        let features = [CheckedFeature](unsafeUninitializedCapacity: total) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            let outcomes = parallelMap(count: chunks, threads: options.threads) { c, workspace -> (accepted: Int, rejected: [Rejection]) in
                var accepted = 0, rejected: [Rejection] = []
                for k in (c * chunk)..<min(total, (c + 1) * chunk) {
                    switch validator.check(readFeatures[k], in: workspace) {
                    case .success(var f):
                        // The id property has given the feature its id; nothing reads it after the checks.
                        if !options.keepsProperties { f.feature.properties = [] }
                        (base + c * chunk + accepted).initialize(to: f)
                        accepted += 1
                    case .failure(var r):
                        r.extent = RejectedExtent.of(readFeatures[k], crs: crs, workspace)
                        rejected.append(r)
                    }
                }
                return (accepted, rejected)
            }
            var count = 0
            for (c, outcome) in outcomes.enumerated() {
                if count != c * chunk { (base + count).moveInitialize(from: base + c * chunk, count: outcome.accepted) }
                count += outcome.accepted
                rejected += outcome.rejected
            }
            initialized = count
        }
        if let snapshot {
            let cache = snapshot.cache, unkeepable = snapshot.unkeepable
            if file.raw != nil || !readWarnings.isEmpty {
                cache.store(unkeepable.key, payload: unkeepable.note.payload)
            } else if snapshot.keep {
                // Encoded and written while the analysis runs: a city layer's snapshot is tens of MB.
                let contents = LayerSnapshot.Contents(crs: file.crs, crsSource: file.crsSource, inputCount: file.features.count,
                                                      features: features, rejected: rejected)
                cache.storeLater(snapshot.key) {
                    let payload = LayerSnapshot.encode(contents, threads: 1)
                    if payload == nil { cache.store(unkeepable.key, payload: unkeepable.note.payload) }
                    return payload
                }
            }
        }
        return assemble(path: path, options: options, crs: crs, crsSource: file.crsSource, features: features, rejected: rejected,
                        inputCount: file.features.count, warnings: readWarnings, raw: file.raw)
    }

    /// A file `load` has read and hashed first (with a cache), whether to keep its snapshot, and the note of the last
    /// read to store if it turns out it cannot be kept.
    private struct PendingSnapshot {
        let cache: ResultCache
        let key: String
        var bytes: [UInt8]
        let keep: Bool
        let unkeepable: (key: String, note: LayerSnapshot.LastRead)
    }

    /// With a cache, for a file this tool reads itself (not GDAL's, not a database's): the layer its snapshot gives
    /// when the file, byte for byte, was loaded before with these options; otherwise, when the file was hashed
    /// first, its bytes for `load` and whether its snapshot is to be kept (see `LayerSnapshot.LastRead`).
    private static func fromSnapshot(_ source: String, path: String, options: LoadOptions) throws -> (LoadedLayer?, PendingSnapshot?) {
        guard let cache = options.cache, !PostGISConnection.isConnection(source),
              !readsThroughGDAL(source, format: options.format), let lastKey = LayerSnapshot.lastReadKey(options: options) else { return (nil, nil) }
        var info = stat()
        guard stat(source, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return (nil, nil) }
        let last = cache.lookup(lastKey, countsBlock: false, decode: LayerSnapshot.LastRead.init)
        // The same file as a load that found it cannot be kept: read as without a cache.
        if let last, last.size == Int(info.st_size), !last.keepable { return (nil, nil) }
        guard last == nil || last?.size == Int(info.st_size) else {
            // Another size than last time: changed, and likely to change again. Read as always (hashed while it is
            // parsed); no snapshot kept.
            cache.store(lastKey, payload: LayerSnapshot.LastRead(size: Int(info.st_size), sha256: "").payload)
            return (nil, nil)
        }
        let bytes = try InputBytes.read(path: source, recorded: false)
        let sha256 = SHA256.hex(bytes)
        ProvenanceLog.shared.recordRead(path: source, bytes: bytes.count, sha256: sha256)
        let now = LayerSnapshot.LastRead(size: bytes.count, sha256: sha256)
        if last != now { cache.store(lastKey, payload: now.payload) }
        let key = LayerSnapshot.key(sha256: sha256, options: options)
        if let contents = cache.lookup(key, countsBlock: false, decode: { try LayerSnapshot.decode($0, path: path, threads: options.threads) }) {
            let crs = try resolve(contents.crs, file: path, in: ThreadWorkspace(), towgs84: options.towgs84)
            return (assemble(path: path, options: options, crs: crs, crsSource: contents.crsSource, features: contents.features,
                             rejected: contents.rejected, inputCount: contents.inputCount, warnings: [], raw: nil), nil)
        }
        // Kept unless the file changed since a read that hashed it: then it is likely to change again.
        let keep = last.map { $0.sha256.isEmpty || $0.sha256 == sha256 } ?? true
        return (nil, PendingSnapshot(cache: cache, key: key, bytes: bytes, keep: keep,
                                     unkeepable: (lastKey, LayerSnapshot.LastRead(size: bytes.count, sha256: sha256, keepable: false))))
    }

    /// The loaded layer from what reading and checking found: warnings about the whole file, provenance.
    private static func assemble(path: String, options: LoadOptions, crs: ResolvedCRS, crsSource: String, features: [CheckedFeature],
                                 rejected: [Rejection], inputCount: Int, warnings: [String], raw: RawFile?) -> LoadedLayer {
        var warnings = warnings
        // Every feature rejected for the same look (metres in a lon/lat file): say it once, as advice for the file.
        if !rejected.isEmpty, features.isEmpty,
           let hint = rejected.first?.reason.components(separatedBy: "; looks like").dropFirst().first,
           rejected.allSatisfy({ $0.reason.contains("; looks like") }) {
            warnings.append("\(path): no feature is in \(crs.identifier); the coordinates look like\(hint)")
        }
        if inputCount == 0 {
            warnings.append("\(path): the layer has no features")
        }
        ProvenanceLog.shared.recordInput(path: path, role: options.provenanceRole, features: inputCount,
                                         rejected: rejected.count, crs: crs.identifier.description)
        // A layer with many rejections gives back the room their slots had (~130 bytes each).
        let kept = features.count * 8 >= inputCount * 7 ? features : [CheckedFeature](unsafeUninitializedCapacity: features.count) { buffer, initialized in
            initialized = buffer.initialize(fromContentsOf: features)
        }
        return LoadedLayer(path: path, crs: crs, crsSource: crsSource, features: kept,
                           rejected: rejected, inputCount: inputCount, warnings: warnings, raw: raw)
    }
}

/// UTF-8 validity, fast on the ASCII that makes up nearly all of a GeoJSON file.
func isValidUTF8(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBufferPointer { b in
        var i = 0
        let n = b.count
        let base = UnsafeRawPointer(b.baseAddress)
        while i < n {
            // Eight ASCII bytes at a time: the whole file is nearly always ASCII.
            if let base, i + 8 <= n, base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            let length: Int
            switch c {
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return false
            }
            guard i + length <= n else { return false }
            for k in 1..<length where b[i + k] & 0xC0 != 0x80 { return false }
            i += length
        }
        return true
    }
}

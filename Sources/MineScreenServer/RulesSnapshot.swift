import Foundation
import MineScreenKit

/// One layer as the service holds it: loaded and indexed, with the digest of the file it was read from.
public struct ServedLayer: @unchecked Sendable {
    public var rule: RuleLayer
    public var layer: ScreenLayer
    /// SHA-256 of the layer's file (a Shapefile's or folder's files together, as provenance hashes them).
    public var digest: ProvenanceLog.FileDigest
    /// The files that make up the source (a Shapefile's sidecars), each with its digest.
    public var files: [ProvenanceLog.FileDigest]
    /// Why the last reload could not replace this layer (it is the previous version, still served), or nil.
    public var reloadError: String?
}

/// Everything a request is screened against, read once and never changed: the rules, their layers, and the
/// digests provenance names. A reload builds a new snapshot; requests keep the one they started with.
public final class RulesSnapshot: @unchecked Sendable {
    public let rulesPath: String
    public let rulesDigest: ProvenanceLog.FileDigest
    public let loaded: LoadedScreeningRules
    public let layers: [ServedLayer]
    /// When the snapshot was made, and problems of the reload that made it (empty when all went well).
    public let loadedAt: Date
    public let reloadErrors: [String]

    init(rulesPath: String, rulesDigest: ProvenanceLog.FileDigest, rules: ScreeningRules, layers: [ServedLayer],
         warnings: [String], reloadErrors: [String]) {
        self.rulesPath = rulesPath
        self.rulesDigest = rulesDigest
        self.layers = layers
        self.loaded = LoadedScreeningRules(rules: rules, layers: layers.map(\.layer), warnings: warnings)
        self.loadedAt = Date()
        self.reloadErrors = reloadErrors
    }

    /// Reads the rules file and every layer. Throws when anything cannot be read: the service does not start
    /// without all its layers.
    public static func load(rulesPath: String, threads: Int, log: (String) -> Void) throws -> RulesSnapshot {
        try load(rulesPath: rulesPath, previous: nil, threads: threads, log: log)
    }

    /// A new snapshot from the files as they are now. Layers whose file (and rule) did not change are taken over
    /// from `previous` without reading them again. With a `previous` snapshot, a layer whose new file fails to
    /// load keeps its previous version (marked with the error); a rules file that fails keeps everything.
    public static func load(rulesPath: String, previous: RulesSnapshot?, threads: Int,
                            log: (String) -> Void) throws -> RulesSnapshot {
        let rulesDigest = try SourceDigest.digest(path: rulesPath).digest
        let rules = try ScreeningRules.load(path: rulesPath)
        var layers: [ServedLayer] = []
        var warnings: [String] = []
        var errors: [String] = []
        for rule in rules.layers {
            let old = previous?.layers.first { $0.rule.name == rule.name }
            do {
                // A database table has no file to hash first: it is read on every reload, and named by the digest
                // of the rows read (as a command-line report names it).
                let database = PostGISConnection(rule.resolvedPath)
                let source = database == nil ? try SourceDigest.digest(path: rule.resolvedPath) : nil
                if let old, let source, old.rule == rule, old.digest.sha256 == source.digest.sha256, old.reloadError == nil {
                    layers.append(old)
                    continue
                }
                log("reading layer \(rule.name) from \(PostGISConnection.shownName(rule.resolvedPath))")
                let loaded = try LoadedScreeningRules.loadLayer(rule, rulesPath: rules.file,
                                                                options: .init(threads: threads))
                warnings += loaded.warnings
                let layer = ConstraintLayer(name: rule.name, loaded: loaded)
                let rows = database.flatMap {
                    ProvenanceLog.shared.lastRowsDigest(path: $0.shown) ?? ProvenanceLog.shared.lastRowsDigest(path: $0.original)
                }
                guard let digest = source?.digest ?? rows else {
                    throw InputError.cannotRead(file: PostGISConnection.shownName(rule.resolvedPath), why: "no digest of the rows read")
                }
                layers.append(ServedLayer(rule: rule, layer: ScreenLayer(layer: layer, bufferMetres: rule.bufferMetres),
                                          digest: digest, files: source?.files ?? [], reloadError: nil))
            } catch {
                guard let old else { throw error }
                let message = "layer \(rule.name): \(error); still serving the version read before (sha256 \(old.digest.sha256))"
                errors.append(message)
                var kept = old
                kept.reloadError = "\(error)"
                layers.append(kept)
            }
        }
        return RulesSnapshot(rulesPath: rulesPath, rulesDigest: rulesDigest, rules: rules, layers: layers,
                             warnings: warnings, reloadErrors: errors)
    }

    /// The `/healthz` document.
    public func health(lastReload: ReloadOutcome?) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("status", .string("ok")),
            ("layers", .array(layers.map { served in
                var layer: [(key: String, value: JSONValue)] = [
                    ("name", .string(served.rule.name)), ("file", .string(PostGISConnection.shownName(served.rule.resolvedPath))),
                    ("features", .integer(Int64(served.layer.layer.loaded.inputCount))),
                    ("sha256", .string(served.digest.sha256)),
                ]
                if let error = served.reloadError { layer.append(("error", .string(error))) }
                return .object(layer)
            })),
            ("rules", .object([("path", .string(rulesPath)), ("sha256", .string(rulesDigest.sha256))])),
            ("loaded", .string(ProvenanceLog.isoTimestamp(loadedAt))),
        ]
        if let lastReload { members.append(("reload", lastReload.json)) }
        return .object(members)
    }
}

/// How the last reload went, for `/healthz` and the reply to `POST /v1/reload`.
public struct ReloadOutcome: Sendable {
    public var at: Date
    /// True when every layer and the rules file were read as they are now.
    public var ok: Bool
    public var errors: [String]

    public var json: JSONValue {
        .object([("at", .string(ProvenanceLog.isoTimestamp(at))), ("ok", .bool(ok)),
                 ("errors", .array(errors.map { .string($0) }))])
    }
}

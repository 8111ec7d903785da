import Foundation
import MineScreenKit

/// The `provenance` object of a served report, with the keys a command-line report has: the software, what was
/// asked (`command`: the service, the method and the request's path and query), when and for how long, and the
/// inputs: the request body (role `blocks`, its SHA-256) and every layer and the rules file as the snapshot
/// hashed them when it loaded them.
enum ServedProvenance {
    static func json(command: [String], started: Date, body: [UInt8], blocks: LoadedLayer,
                     snapshot: RulesSnapshot) -> JSONValue {
        var inputs: [ProvenanceLog.Input] = [
            ProvenanceLog.Input(role: "blocks", path: blocks.path, sha256: SHA256.hex(body), bytes: body.count,
                                features: blocks.inputCount, rejected: blocks.rejected.count,
                                crs: blocks.crs.identifier.description),
        ]
        for served in snapshot.layers {
            let loaded = served.layer.layer.loaded
            inputs.append(ProvenanceLog.Input(
                role: "layer:\(served.rule.name)", path: PostGISConnection.shownName(served.rule.resolvedPath), sha256: served.digest.sha256,
                bytes: served.digest.bytes, features: loaded.inputCount, rejected: loaded.rejected.count,
                crs: loaded.crs.identifier.description, files: served.files))
        }
        let finished = Date()
        return .object([
            ("software", .object(ProvenanceLog.software.map { ($0.key, .string($0.value)) })),
            ("command", .array(command.map { .string($0) })),
            ("started", .string(ProvenanceLog.isoTimestamp(started))),
            ("duration_s", .number((finished.timeIntervalSince(started) * 1000).rounded() / 1000)),
            ("inputs", .array(inputs.map(ProvenanceLog.json))),
            ("rules", .object([("path", .string(snapshot.rulesPath)), ("sha256", .string(snapshot.rulesDigest.sha256))])),
        ])
    }
}

import Foundation
import MineScreenKit

/// The snapshot requests are screened against, swapped whole by a reload. A request takes the current snapshot
/// once and keeps it to the end, so a reload never changes the layers under a request in flight.
public final class SnapshotStore: @unchecked Sendable {
    private let lock = NSLock()
    private var snapshot: RulesSnapshot
    private var outcome: ReloadOutcome?
    /// One reload at a time (SIGHUP and `POST /v1/reload` may arrive together).
    private let reloading = NSLock()
    private let threads: Int
    private let log: @Sendable (String) -> Void

    public init(_ snapshot: RulesSnapshot, threads: Int, log: @escaping @Sendable (String) -> Void) {
        self.snapshot = snapshot
        self.threads = threads
        self.log = log
    }

    public var current: RulesSnapshot { lock.withLock { snapshot } }
    public var lastReload: ReloadOutcome? { lock.withLock { outcome } }

    /// Re-reads the rules file and the layers that changed into a new snapshot, then swaps it in. A rules file
    /// that cannot be read keeps the current snapshot; a layer that cannot be read keeps its current version.
    /// Blocks the calling thread while layers load.
    @discardableResult
    public func reload() -> ReloadOutcome {
        reloading.lock()
        defer { reloading.unlock() }
        let old = current
        let result: ReloadOutcome
        do {
            let fresh = try RulesSnapshot.load(rulesPath: old.rulesPath, previous: old, threads: threads, log: log)
            lock.withLock { snapshot = fresh }
            result = ReloadOutcome(at: Date(), ok: fresh.reloadErrors.isEmpty, errors: fresh.reloadErrors)
            for warning in fresh.loaded.warnings { log("warning: \(warning)") }
        } catch {
            result = ReloadOutcome(at: Date(), ok: false, errors: ["\(error); still serving the rules and layers read before"])
        }
        lock.withLock { outcome = result }
        if result.ok {
            log("reload: done, \(current.layers.count) layers")
        } else {
            for error in result.errors { log("reload: \(error)") }
        }
        return result
    }
}

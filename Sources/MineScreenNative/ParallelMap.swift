import Foundation
import MineScreenSupport

/// Runs `body` for indices 0..<count on `threads` workers. Each worker owns one `ThreadWorkspace`
/// (its GEOS and PROJ contexts), so no context is ever shared between threads; each worker's phase clock is
/// collected when it finishes. Results come back in index order. `progress` is called now and then with the
/// number done.
public func parallelMap<T>(count: Int, threads: Int, progress: ((Int) -> Void)? = nil,
                           _ body: (Int, ThreadWorkspace) -> T) -> [T] {
    parallelMap(count: count, threads: threads, progress: progress,
                workerState: { ThreadWorkspace() }, finished: { PhaseTimings.collect($0.clock) }, body)
}

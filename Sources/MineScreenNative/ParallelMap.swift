import Foundation
import MineScreenSupport

/// Runs `body` for indices 0..<count on `threads` workers. Each worker owns one `ThreadWorkspace`
/// (its GEOS and PROJ contexts), so no context is ever shared between threads; with `timings` switched on,
/// each worker's phase clock runs and is handed to `timings` when the worker finishes. Results come back in
/// index order. `progress` is called now and then with the number done.
public func parallelMap<T>(count: Int, threads: Int, progress: ((Int) -> Void)? = nil, timings: PhaseTimings? = nil,
                           _ body: (Int, ThreadWorkspace) -> T) -> [T] {
    let timed = timings?.isEnabled ?? false
    return parallelMap(count: count, threads: threads, progress: progress,
                       workerState: { () -> ThreadWorkspace in
                           let workspace = ThreadWorkspace()
                           workspace.clock.isEnabled = timed
                           return workspace
                       },
                       finished: { timings?.collect($0.clock) }, body)
}

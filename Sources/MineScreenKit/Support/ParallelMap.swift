import Foundation

/// Runs `body` for indices 0..<count on `threads` workers. Each worker owns one `ThreadWorkspace`
/// (its GEOS and PROJ contexts), so no context is ever shared between threads.
/// Results come back in index order. `progress` is called now and then with the number done.
public func parallelMap<T>(count: Int, threads: Int, progress: ((Int) -> Void)? = nil,
                           _ body: (Int, ThreadWorkspace) -> T) -> [T] {
    guard count > 0 else { return [] }
    let workers = max(1, min(threads, count))
    var results = [T?](repeating: nil, count: count)
    let lock = NSLock()
    var next = 0
    var done = 0
    var lastReport = Date.distantPast
    results.withUnsafeMutableBufferPointer { slots in
        let slotsPointer = slots
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let workspace = ThreadWorkspace()
            while true {
                lock.lock()
                let index = next
                next += 1
                lock.unlock()
                if index >= count { break }
                let value = body(index, workspace)
                lock.lock()
                slotsPointer[index] = value
                done += 1
                if let progress, Date().timeIntervalSince(lastReport) > 0.2 || done == count {
                    lastReport = Date()
                    progress(done)
                }
                lock.unlock()
            }
            PhaseTimings.collect(workspace.clock)
        }
    }
    return results.map { $0! }
}

/// Default worker count: every core.
public var defaultThreadCount: Int { ProcessInfo.processInfo.activeProcessorCount }

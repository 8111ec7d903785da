import Foundation

/// Runs `body` for indices 0..<count on `threads` workers. Each worker makes its own state with
/// `workerState` (for example its GEOS and PROJ contexts), so no state is ever shared between threads, and hands
/// it to `finished` when it runs out of work. Results come back in index order. `progress` is called now and
/// then with the number done.
public func parallelMap<T, State>(count: Int, threads: Int, progress: ((Int) -> Void)? = nil,
                                  workerState: () -> State, finished: (State) -> Void,
                                  _ body: (Int, State) -> T) -> [T] {
    guard count > 0 else { return [] }
    let workers = max(1, min(threads, count))
    var results = [T?](repeating: nil, count: count)
    let lock = NSLock()
    var next = 0
    var done = 0
    var lastReport = Date.distantPast
    // Items are claimed a few at a time (a coverage check has 200 000 of them): fewer trips through the lock,
    // small enough batches that the last ones still spread over the threads.
    let batch = max(1, min(64, count / (workers * 64)))
    results.withUnsafeMutableBufferPointer { slots in
        let slotsPointer = slots
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let state = workerState()
            while true {
                lock.lock()
                let first = next
                next += batch
                lock.unlock()
                if first >= count { break }
                let end = min(count, first + batch)
                // Each slot is written by exactly one thread.
                for index in first..<end { slotsPointer[index] = body(index, state) }
                lock.lock()
                done += end - first
                if let progress, Date().timeIntervalSince(lastReport) > 0.2 || done == count {
                    lastReport = Date()
                    progress(done)
                }
                lock.unlock()
            }
            finished(state)
        }
    }
    return results.map { $0! }
}

/// Default worker count: every core.
public var defaultThreadCount: Int { ProcessInfo.processInfo.activeProcessorCount }

/// Runs independent jobs at once (each may use `parallelMap` itself) and returns their outcomes in order.
/// Reading several files side by side fills the cores during one file's serial steps (joining its features,
/// building its index) with another's parsing.
/// With `threads` 1 they run one after the other on the calling thread.
public func concurrently<T>(_ jobs: [() throws -> T], threads: Int) -> [Result<T, Error>] {
    guard threads > 1 else { return jobs.map { job in Result { try job() } } }
    // Threads of their own, not a dispatch_apply: inside one, a job's own parallelMap would run serially.
    let state = ConcurrentJobs(jobs)
    for k in jobs.indices.dropFirst() {
        let thread = Thread { state.run(k) }
        thread.stackSize = 8 << 20
        thread.start()
    }
    if !jobs.isEmpty { state.run(0) }
    return state.outcomes()
}

/// The jobs and their outcomes, shared by the threads of `concurrently`; every access holds the lock.
private final class ConcurrentJobs<T>: @unchecked Sendable {
    private let jobs: [() throws -> T]
    private var results: [Result<T, Error>?]
    private let lock = NSLock()
    private let finished = DispatchSemaphore(value: 0)

    init(_ jobs: [() throws -> T]) {
        self.jobs = jobs
        results = Array(repeating: nil, count: jobs.count)
    }

    func run(_ k: Int) {
        let outcome = Result { try jobs[k]() }
        lock.lock()
        results[k] = outcome
        lock.unlock()
        finished.signal()
    }

    func outcomes() -> [Result<T, Error>] {
        for _ in jobs.indices { finished.wait() }
        lock.lock()
        defer { lock.unlock() }
        return results.map { $0! }
    }
}

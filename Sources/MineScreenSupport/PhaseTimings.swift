import Foundation

/// The phases `--timings` reports, so the next bottleneck is always visible.
public enum Phase: Int, CaseIterable, Sendable {
    case read, reproject, index, intersect, union, area, write

    public var name: String { String(describing: self) }
}

/// Exclusive time per phase on one thread: entering a phase pauses the one it interrupts, so nested
/// work (a reprojection inside an intersection step) is counted once, where it happens.
/// One clock per `ThreadWorkspace`; never shared between threads. It measures only when a run with
/// `PhaseTimings` switched it on (see `parallelMap(count:threads:progress:timings:_:)`).
public final class PhaseClock {
    private(set) var nanoseconds = [UInt64](repeating: 0, count: Phase.allCases.count)
    private var current: Phase?
    private var since: UInt64 = 0
    /// Set for a worker of a timed run; otherwise `measure` only runs its body.
    public var isEnabled = false

    public init() {}

    @inline(__always)
    public func measure<T>(_ phase: Phase, _ body: () throws -> T) rethrows -> T {
        guard isEnabled else { return try body() }
        let outer = enter(phase)
        defer { _ = enter(outer) }
        return try body()
    }

    /// Switches to `phase` (nil: none) and returns the phase that was running.
    private func enter(_ phase: Phase?) -> Phase? {
        let now = DispatchTime.now().uptimeNanoseconds
        if let current { nanoseconds[current.rawValue] += now - since }
        let previous = current
        current = phase
        since = now
        return previous
    }

    func reset() { nanoseconds = nanoseconds.map { _ in 0 } }
}

/// Where a run's time went, printed on stderr by `--timings` (or with MINESCREEN_TIMING set): a sink the
/// caller creates and hands to the engines and to `parallelMap`, whose workers' clocks it collects.
///
/// Sequential phases (reading, building indexes, writing) are wall time. The per-block work runs on
/// every core: its wall time is split between reproject, intersect, union and area in proportion to
/// the time the worker threads spent in each, so the lines add up to the total.
public final class PhaseTimings: @unchecked Sendable {
    /// Off: every method only runs its body and `report()` is empty. Set before the run starts; read by its threads.
    public var isEnabled: Bool
    private let lock = NSLock()
    private var wall = [Double](repeating: 0, count: Phase.allCases.count)
    private var workerNanoseconds = [UInt64](repeating: 0, count: Phase.allCases.count)
    private var collecting = false
    private let started = DispatchTime.now().uptimeNanoseconds

    /// Starts the total's clock: create the sink first thing, so the total covers the whole run.
    public init(enabled: Bool) { isEnabled = enabled }

    /// Runs sequential work and books its wall time to `phase`.
    public func wall<T>(_ phase: Phase, _ body: () throws -> T) rethrows -> T {
        guard isEnabled else { return try body() }
        let start = DispatchTime.now().uptimeNanoseconds
        defer { add(phase, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) }
        return try body()
    }

    /// Runs parallel per-block work; its wall time is split by what the workers' clocks recorded.
    public func parallel<T>(_ body: () throws -> T) rethrows -> T {
        guard isEnabled else { return try body() }
        lock.withLock {
            workerNanoseconds = workerNanoseconds.map { _ in 0 }
            collecting = true
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try body()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        lock.withLock {
            collecting = false
            let total = Double(workerNanoseconds.reduce(0, +))
            for phase in Phase.allCases where total > 0 {
                wall[phase.rawValue] += seconds * Double(workerNanoseconds[phase.rawValue]) / total
            }
            if total == 0 { wall[Phase.intersect.rawValue] += seconds }
        }
        return result
    }

    /// A worker hands in its clock when it finishes (counted only inside `parallel`).
    package func collect(_ clock: PhaseClock) {
        guard isEnabled else { return }
        lock.withLock {
            if collecting {
                for (k, ns) in clock.nanoseconds.enumerated() { workerNanoseconds[k] += ns }
            }
        }
        clock.reset()
    }

    func add(_ phase: Phase, seconds: Double) {
        lock.withLock { wall[phase.rawValue] += seconds }
    }

    /// `timing<TAB>phase<TAB>seconds` lines, `other` (start-up, argument parsing, report building outside
    /// the write: whatever no phase measured), then the total wall time since the sink was created.
    public func report() -> String {
        guard isEnabled else { return "" }
        let total = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return lock.withLock {
            var lines = Phase.allCases.map { String(format: "timing\t%@\t%.3f", $0.name, wall[$0.rawValue]) }
            lines.append(String(format: "timing\tother\t%.3f", max(0, total - wall.reduce(0, +))))
            lines.append(String(format: "timing\ttotal\t%.3f", total))
            return lines.joined(separator: "\n") + "\n"
        }
    }
}

import Foundation

/// The phases `--timings` reports, so the next bottleneck is always visible.
public enum Phase: Int, CaseIterable, Sendable {
    case read, reproject, index, intersect, union, area, write

    public var name: String { String(describing: self) }
}

/// Exclusive time per phase on one thread: entering a phase pauses the one it interrupts, so nested
/// work (a reprojection inside an intersection step) is counted once, where it happens.
/// One clock per `ThreadWorkspace`; never shared between threads.
public final class PhaseClock {
    private(set) var nanoseconds = [UInt64](repeating: 0, count: Phase.allCases.count)
    private var current: Phase?
    private var since: UInt64 = 0

    public init() {}

    @inline(__always)
    public func measure<T>(_ phase: Phase, _ body: () throws -> T) rethrows -> T {
        guard PhaseTimings.enabled else { return try body() }
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

/// Where a run's time went, printed on stderr by `--timings` (or with MINESCREEN_TIMING set).
///
/// Sequential phases (reading, building indexes, writing) are wall time. The per-block work runs on
/// every core: its wall time is split between reproject, intersect, union and area in proportion to
/// the time the worker threads spent in each, so the lines add up to the total.
public enum PhaseTimings {
    nonisolated(unsafe) public static var enabled = ProcessInfo.processInfo.environment["MINESCREEN_TIMING"] != nil
    private static let lock = NSLock()
    nonisolated(unsafe) private static var wall = [Double](repeating: 0, count: Phase.allCases.count)
    nonisolated(unsafe) private static var workerNanoseconds = [UInt64](repeating: 0, count: Phase.allCases.count)
    nonisolated(unsafe) private static var collecting = false
    private static let started = DispatchTime.now().uptimeNanoseconds

    /// Starts the total's clock (statics are lazy: call this first thing in main).
    public static func start() { _ = started }

    /// Runs sequential work and books its wall time to `phase`.
    public static func wall<T>(_ phase: Phase, _ body: () throws -> T) rethrows -> T {
        guard enabled else { return try body() }
        let start = DispatchTime.now().uptimeNanoseconds
        defer { add(phase, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) }
        return try body()
    }

    /// Runs parallel per-block work; its wall time is split by what the workers' clocks recorded.
    public static func parallel<T>(_ body: () throws -> T) rethrows -> T {
        guard enabled else { return try body() }
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

    /// A worker hands in its clock when it finishes (only inside `parallel`).
    package static func collect(_ clock: PhaseClock) {
        guard enabled else { return }
        lock.withLock {
            if collecting {
                for (k, ns) in clock.nanoseconds.enumerated() { workerNanoseconds[k] += ns }
            }
        }
        clock.reset()
    }

    static func add(_ phase: Phase, seconds: Double) {
        lock.withLock { wall[phase.rawValue] += seconds }
    }

    /// `timing<TAB>phase<TAB>seconds` lines, `other` (start-up, argument parsing, report building outside
    /// the write: whatever no phase measured), then the total wall time since the process started.
    public static func report() -> String {
        guard enabled else { return "" }
        let total = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return lock.withLock {
            var lines = Phase.allCases.map { String(format: "timing\t%@\t%.3f", $0.name, wall[$0.rawValue]) }
            lines.append(String(format: "timing\tother\t%.3f", max(0, total - wall.reduce(0, +))))
            lines.append(String(format: "timing\ttotal\t%.3f", total))
            return lines.joined(separator: "\n") + "\n"
        }
    }
}

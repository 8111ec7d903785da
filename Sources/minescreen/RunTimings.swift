import Foundation
import MineScreenKit

/// This process's phase timings: created first thing in `main` (its total is wall time from there), switched on by
/// `--timings` or MINESCREEN_TIMING, handed to the engines, printed on stderr when the process exits.
let runTimings = PhaseTimings(enabled: ProcessInfo.processInfo.environment["MINESCREEN_TIMING"] != nil)

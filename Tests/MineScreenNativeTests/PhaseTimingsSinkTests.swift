import Foundation
import XCTest
@testable import MineScreenSupport
@testable import MineScreenNative

/// Phase timings are a sink the caller passes in: a run books its workers' time to its own sink only, and a sink
/// that is off measures nothing.
final class PhaseTimingsSinkTests: XCTestCase {
    private func seconds(_ report: String) -> [String: Double] {
        var out: [String: Double] = [:]
        for line in report.split(separator: "\n") {
            let fields = line.split(separator: "\t")
            if fields.count == 3, fields[0] == "timing" { out[String(fields[1])] = Double(fields[2]) }
        }
        return out
    }

    /// Workers that sleep 60 ms inside `.union` and nothing else: the parallel wall time goes to union alone.
    func testWorkersBookToTheSinkTheyWereGiven() {
        let timed = PhaseTimings(enabled: true)
        let other = PhaseTimings(enabled: true)
        let off = PhaseTimings(enabled: false)
        _ = timed.parallel {
            parallelMap(count: 2, threads: 2, timings: timed) { _, workspace in
                XCTAssertTrue(workspace.clock.isEnabled)
                return workspace.clock.measure(.union) { usleep(60_000) }
            }
        }
        _ = off.parallel {
            parallelMap(count: 2, threads: 2, timings: off) { _, workspace in
                XCTAssertFalse(workspace.clock.isEnabled)
                return workspace.clock.measure(.union) { usleep(1_000) }
            }
        }
        let booked = seconds(timed.report())
        XCTAssertGreaterThanOrEqual(booked["union"] ?? 0, 0.055, timed.report())
        for phase in Phase.allCases where phase != .union { XCTAssertEqual(booked[phase.name], 0, timed.report()) }
        XCTAssertGreaterThanOrEqual(booked["total"] ?? 0, booked["union"] ?? .infinity)
        XCTAssertEqual(seconds(other.report())["union"], 0, other.report())
        XCTAssertEqual(off.report(), "")
    }

    /// Sequential work is booked by wall time to the phase named, and the lines keep `--timings`' format.
    func testWallTimeAndReportFormat() {
        let timings = PhaseTimings(enabled: true)
        timings.wall(.read) { usleep(30_000) }
        let report = timings.report()
        let names = report.split(separator: "\n").map { $0.split(separator: "\t")[1] }
        XCTAssertEqual(names, ["read", "reproject", "index", "intersect", "union", "area", "write", "other", "total"])
        XCTAssertGreaterThanOrEqual(seconds(report)["read"] ?? 0, 0.025, report)
        XCTAssertTrue(report.split(separator: "\n").allSatisfy { $0.range(of: #"^timing\t\w+\t\d+\.\d{3}$"#, options: .regularExpression) != nil }, report)
    }
}

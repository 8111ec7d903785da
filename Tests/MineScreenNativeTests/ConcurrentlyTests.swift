import XCTest
@testable import MineScreenSupport
@testable import MineScreenGeometry
@testable import MineScreenNative
@testable import MineScreenIO
@testable import MineScreenAnalysis
@testable import MineScreenReport
import MineScreenTestSupport

final class ConcurrentlyTests: XCTestCase {
    /// Outcomes come back in the jobs' order, a failing job fails alone, and jobs may use parallelMap inside.
    func testOutcomesInOrderWithErrors() {
        struct Unreadable: Error {}
        let jobs: [() throws -> Int] = [
            { parallelMap(count: 1000, threads: 2) { k, _ in k }.reduce(0, +) },
            { throw Unreadable() },
            { 3 },
        ]
        for threads in [1, 2] {
            let outcomes = concurrently(jobs, threads: threads)
            XCTAssertEqual(outcomes.count, 3)
            XCTAssertEqual(try outcomes[0].get(), 499_500)
            XCTAssertThrowsError(try outcomes[1].get()) { XCTAssertTrue($0 is Unreadable) }
            XCTAssertEqual(try outcomes[2].get(), 3)
        }
    }
}

import Foundation
import XCTest
@testable import MineScreenSupport

final class BackgroundValueTests: XCTestCase {
    /// The value is made off the caller's thread, and `value` waits until it is there.
    func testValueIsMadeOnAnotherThreadAndAwaited() {
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let background = BackgroundValue { () -> [Int] in
            started.signal()
            release.wait()
            return Array(0..<1000)
        }
        // Had it run on this thread, this wait would never end (it waits for `release`, signalled below).
        XCTAssertEqual(started.wait(timeout: .now() + 10), .success)
        release.signal()
        XCTAssertEqual(background.value, Array(0..<1000))
        XCTAssertEqual(background.value.count, 1000)
    }
}

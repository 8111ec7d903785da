import Foundation

/// A value made on another thread while the caller goes on; `value` waits for it. For work off the run's path
/// whose result is needed later (the encoding of a report kept for replay, made while the report is written).
public final class BackgroundValue<Value>: @unchecked Sendable {
    private var made: Value?
    private let group = DispatchGroup()

    public init(_ make: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async(group: group) { [self] in made = make() }
    }

    /// The value, once made (the group's wait orders the write before this read).
    public var value: Value {
        group.wait()
        return made!
    }
}

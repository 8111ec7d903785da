import CGEOS

/// A GEOS failure, carrying GEOS's own message.
public struct GEOSError: Error, CustomStringConvertible {
    public var operation: String
    public var message: String
    public var description: String { "GEOS \(operation) failed: \(message)" }
}

/// Where GEOS writes its messages for one context; the C callback reaches it through `userdata`.
private final class GEOSMessageSink {
    var lastError: String?
}

/// One GEOS context handle. GEOS contexts are not thread-safe: each thread that calls GEOS owns one
/// (see `ThreadWorkspace`). Geometries made in any context may be read from another thread's context
/// as long as nobody mutates them; that is how the shared constraint layers are queried in parallel.
/// GEOS 3.11 computes a geometry's (and each ring's) envelope lazily, on first use, without a lock: a
/// write. So every geometry is given its envelopes by the thread that makes it (`primeEnvelopes`) before
/// any other thread can see it.
public final class GEOSContext {
    let handle: GEOSContextHandle_t
    private let sink = GEOSMessageSink()

    public init() {
        guard let handle = GEOS_init_r() else { fatalError("GEOS_init_r returned NULL: out of memory") }
        self.handle = handle
        GEOSContext_setErrorMessageHandler_r(handle, { message, userdata in
            guard let message, let userdata else { return }
            Unmanaged<GEOSMessageSink>.fromOpaque(userdata).takeUnretainedValue().lastError = String(cString: message)
        }, Unmanaged.passUnretained(sink).toOpaque())
    }

    deinit {
        GEOS_finish_r(handle)
    }

    /// Forgets a message from a failure that was handled (a fallback taken), so it cannot be reported
    /// later as the reason for an unrelated failure.
    package func discardMessage() { sink.lastError = nil }

    /// The error for a failed call, with GEOS's message (consumed, so the next failure reports its own).
    func failure(_ operation: String) -> GEOSError {
        defer { sink.lastError = nil }
        return GEOSError(operation: operation, message: sink.lastError ?? "no message from GEOS")
    }

    /// Wraps a geometry pointer GEOS returned, or turns NULL into the error GEOS reported.
    func own(_ raw: OpaquePointer?, _ operation: String) throws -> GEOSGeom {
        guard let raw else { throw failure(operation) }
        return GEOSGeom(owning: raw, context: self)
    }

    /// GEOS predicates return 1, 0, or 2 on error.
    func predicate(_ result: CChar, _ operation: String) throws -> Bool {
        switch result {
        case 1: return true
        case 0: return false
        default: throw failure(operation)
        }
    }

    public static var version: String { String(cString: GEOSversion()) }
}

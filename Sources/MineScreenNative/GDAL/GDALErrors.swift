import Foundation
import CGDAL

/// A GDAL failure with GDAL's own message.
public struct GDALError: Error, CustomStringConvertible {
    public var operation: String
    public var message: String
    public var description: String { "GDAL \(operation) failed: \(message)" }
}

/// GDAL's drivers are registered once per process, on first use. A Swift global is initialised lazily
/// and exactly once even when several threads reach it together, so no lock is needed here.
private let gdalDriversRegistered: Void = {
    GDALAllRegister()
}()

/// The messages GDAL reports on one thread while a `GDALSession` is open. GDAL keeps its error handler
/// stack per thread, so the handler pushed for a session only ever sees that thread's calls.
package final class GDALMessageLog {
    package var lastFailure: String?
    var warnings: [String] = []
}

/// One stretch of GDAL work on the calling thread: drivers registered, GDAL's messages collected here
/// instead of printed on stderr, and turned into `GDALError`s with GDAL's text.
/// Not for sharing between threads: open a session (and its own datasets) per thread.
package final class GDALSession {
    package let log = GDALMessageLog()
    private let retainedLog: Unmanaged<GDALMessageLog>

    package init() {
        retainedLog = Unmanaged.passRetained(log)
        CPLErrorReset()
        // The C callback cannot capture Swift state; it finds the log through the handler's user data.
        CPLPushErrorHandlerEx({ errorClass, _, message in
            guard let data = CPLGetErrorHandlerUserData() else { return }
            let log = Unmanaged<GDALMessageLog>.fromOpaque(data).takeUnretainedValue()
            let text = message.map { String(cString: $0) } ?? "no message from GDAL"
            switch errorClass {
            case CE_Failure, CE_Fatal: log.lastFailure = text
            case CE_Warning: if !log.warnings.contains(text) { log.warnings.append(text) }
            default: break  // CE_Debug and CE_None: GDAL's chatter, not for users
            }
        }, retainedLog.toOpaque())
        // After the handler is in place, so that anything registration says is collected, not printed.
        _ = gdalDriversRegistered
    }

    deinit {
        CPLPopErrorHandler()
        retainedLog.release()
    }

    /// The error for a failed call, with GDAL's message (consumed, so the next failure reports its own).
    package func failure(_ operation: String) -> GDALError {
        var message = log.lastFailure
        if message == nil, CPLGetLastErrorType() != CE_None, let last = CPLGetLastErrorMsg(), last.pointee != 0 {
            message = String(cString: last)
        }
        log.lastFailure = nil
        CPLErrorReset()
        return GDALError(operation: operation, message: message ?? "no message from GDAL")
    }

    /// OGR calls report OGRERR_* codes; GDAL usually also emits a message, which is preferred.
    package func check(_ code: OGRErr, _ operation: String) throws {
        guard code != OGRERR_NONE else { return }
        let error = failure(operation)
        if error.message == "no message from GDAL" {
            throw GDALError(operation: operation, message: "OGR error \(code)")
        }
        throw error
    }

    /// Messages GDAL reported as warnings so far (each once), then forgotten.
    package func takeWarnings() -> [String] {
        defer { log.warnings.removeAll() }
        return log.warnings
    }

    /// GDAL's release, without registering its drivers (which may print before any session catches messages).
    package static var version: String {
        GDALVersionInfo("RELEASE_NAME").map { String(cString: $0) } ?? "?"
    }
}

/// A NULL-terminated list of C strings for GDAL's `char **papszOptions`, freed when the body returns.
func withCStringList<T>(_ strings: [String], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) throws -> T) rethrows -> T {
    try withCStringList(bytes: strings.map { Array($0.utf8) }, body)
}

/// The same from byte strings, as GDAL gave them (a Shapefile opened without recoding has GBK field names).
func withCStringList<T>(bytes strings: [[UInt8]], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) throws -> T) rethrows -> T {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { bytes in
        let copy = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
        for (k, byte) in bytes.enumerated() { copy[k] = CChar(bitPattern: byte) }
        copy[bytes.count] = 0
        return copy
    }
    pointers.append(nil)
    defer { pointers.forEach { $0?.deallocate() } }
    return try pointers.withUnsafeMutableBufferPointer { try body(strings.isEmpty ? nil : $0.baseAddress) }
}

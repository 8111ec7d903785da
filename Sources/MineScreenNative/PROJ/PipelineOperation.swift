import CPROJ
import Foundation
import MineScreenGeometry

/// A coordinate operation the user wrote as a PROJ pipeline (`+proj=pipeline +step …`), applied to
/// coordinates exactly as read: no axis swapping, no CRS lookup. It must end in CGCS2000 longitude and
/// latitude; angular units are handled as PROJ declares them (radians in and out of angular steps).
public final class PipelineOperation {
    let raw: OpaquePointer
    let context: PROJContext
    public let definition: String
    let angularInput: Bool
    let angularOutput: Bool

    public init(_ definition: String, in context: PROJContext) throws {
        guard let operation = proj_create(context.raw, definition) else {
            throw context.failure("PROJ pipeline \(definition)")
        }
        // A CRS is not an operation: proj_trans would reject every point with a less helpful message.
        switch proj_get_type(operation) {
        case PJ_TYPE_CONVERSION, PJ_TYPE_TRANSFORMATION, PJ_TYPE_CONCATENATED_OPERATION, PJ_TYPE_OTHER_COORDINATE_OPERATION:
            break
        default:
            proj_destroy(operation)
            throw PROJError(operation: "PROJ pipeline \(definition)", message: "this is not a coordinate operation (a CRS? give a pipeline: +proj=pipeline +step …)")
        }
        self.raw = operation
        self.context = context
        self.definition = definition
        self.angularInput = proj_angular_input(operation, PJ_FWD) != 0
        self.angularOutput = proj_angular_output(operation, PJ_FWD) != 0
    }

    deinit {
        proj_destroy(raw)
    }

    /// The positions moved; nil with the first position that failed and PROJ's reason.
    public func transformed(_ positions: [Position]) -> Result<[Position], PipelineFailure> {
        var out: [Position] = []
        out.reserveCapacity(positions.count)
        for p in positions {
            guard p.isFinite else { return .failure(PipelineFailure(at: p, reason: "non-finite coordinate")) }
            proj_errno_reset(raw)
            let input = angularInput ? Position(proj_torad(p.x), proj_torad(p.y)) : p
            let moved = proj_trans(raw, PJ_FWD, proj_coord(input.x, input.y, 0, 0))
            var q = Position(moved.xy.x, moved.xy.y)
            if angularOutput { q = Position(proj_todeg(q.x), proj_todeg(q.y)) }
            guard q.isFinite, abs(q.x) < 1e30, abs(q.y) < 1e30 else {
                let code = proj_errno(raw)
                let reason = code != 0 ? proj_context_errno_string(context.raw, code).map { String(cString: $0) } ?? "error \(code)" : "no result"
                return .failure(PipelineFailure(at: p, reason: reason))
            }
            out.append(q)
        }
        return .success(out)
    }
}

/// A point a PROJ pipeline could not transform, and PROJ's reason.
public struct PipelineFailure: Error {
    public var at: Position
    public var reason: String

    public init(at: Position, reason: String) { self.at = at; self.reason = reason }
}

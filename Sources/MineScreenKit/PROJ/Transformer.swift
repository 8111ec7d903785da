import CPROJ

/// A coordinate operation between two CRSs, with axis order normalised to x = east, y = north
/// on both sides (`proj_normalize_for_visualization`), so GeoJSON's lon/lat and easting/northing
/// go in and come out as they are written. Built once per CRS pair per thread and reused.
public final class Transformer {
    let raw: OpaquePointer
    let context: PROJContext
    public let source: CRSIdentifier
    public let target: CRSIdentifier

    public init(from source: CRSIdentifier, to target: CRSIdentifier, in context: PROJContext) throws {
        guard let operation = proj_create_crs_to_crs(context.raw, source.projDefinition, target.projDefinition, nil) else {
            throw context.failure("transformation \(source) → \(target)")
        }
        defer { proj_destroy(operation) }
        guard let normalised = proj_normalize_for_visualization(context.raw, operation) else {
            throw context.failure("axis normalisation \(source) → \(target)")
        }
        self.raw = normalised
        self.context = context
        self.source = source
        self.target = target
    }

    deinit {
        proj_destroy(raw)
    }

    /// Transforms positions in place. A position PROJ cannot transform comes back as infinity
    /// (HUGE_VAL); that is an error, never a coordinate passed on.
    public func transform(_ positions: inout [Position]) throws {
        try transform(&positions, direction: PJ_FWD)
    }

    /// Target back to source.
    public func inverse(_ positions: inout [Position]) throws {
        try transform(&positions, direction: PJ_INV)
    }

    private func transform(_ positions: inout [Position], direction: PJ_DIRECTION) throws {
        guard !positions.isEmpty else { return }
        proj_errno_reset(raw)
        let count = positions.count
        let stride = MemoryLayout<Position>.stride
        let done = positions.withUnsafeMutableBufferPointer { buffer -> Int in
            buffer.withMemoryRebound(to: Double.self) { doubles in
                let base = doubles.baseAddress!
                return proj_trans_generic(raw, direction, base, stride, count, base + 1, stride, count, nil, 0, 0, nil, 0, 0)
            }
        }
        guard done == count, positions.allSatisfy({ $0.isFinite }) else {
            let code = proj_errno(raw)
            let message = code != 0 ? String(cString: proj_context_errno_string(context.raw, code)) : "coordinate outside the CRS's domain"
            throw PROJError(operation: "transform \(source) → \(target)", message: message)
        }
    }

    public func transformed(_ polygons: [Polygon]) throws -> [Polygon] {
        try polygons.map { polygon in
            Polygon(rings: try polygon.rings.map { ring in
                var copy = ring
                try transform(&copy)
                return copy
            })
        }
    }
}

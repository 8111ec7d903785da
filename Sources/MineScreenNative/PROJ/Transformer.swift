import CPROJ
import MineScreenGeometry

/// A coordinate operation between two CRSs, with axis order normalised to x = east, y = north
/// on both sides (`proj_normalize_for_visualization`), so GeoJSON's lon/lat and easting/northing
/// go in and come out as they are written. Built once per CRS pair per thread and reused.
public final class Transformer {
    let raw: OpaquePointer
    let context: PROJContext
    public let source: CRSIdentifier
    public let target: CRSIdentifier

    public convenience init(from source: CRSIdentifier, to target: CRSIdentifier, in context: PROJContext) throws {
        let (from, to) = try Self.definitions(source, target, in: context)
        guard let operation = proj_create_crs_to_crs(context.raw, from, to, nil) else {
            throw context.failure("transformation \(source) → \(target)")
        }
        defer { proj_destroy(operation) }
        guard let normalised = proj_normalize_for_visualization(context.raw, operation) else {
            throw context.failure("axis normalisation \(source) → \(target)")
        }
        self.init(owning: normalised, from: source, to: target, in: context)
    }

    /// An operation given as a PROJ pipeline (`proj_create`: no database look-up, ~0.05 ms instead of the tens of
    /// milliseconds `proj_create_crs_to_crs` can take), between CRSs the caller names; it must take and give x = east.
    public convenience init(pipeline definition: String, from source: CRSIdentifier, to target: CRSIdentifier, in context: PROJContext) throws {
        guard let operation = proj_create(context.raw, definition) else {
            throw context.failure("PROJ pipeline \(definition)")
        }
        self.init(owning: operation, from: source, to: target, in: context)
    }

    /// Takes ownership of `operation` (destroyed in `deinit`).
    private init(owning operation: OpaquePointer, from source: CRSIdentifier, to target: CRSIdentifier, in context: PROJContext) {
        self.raw = operation
        self.context = context
        self.source = source
        self.target = target
        transverseMercatorInverse = Self.transverseMercatorInverse(of: operation, in: context)
    }

    deinit {
        proj_destroy(raw)
    }

    /// This operation as `TransverseMercatorInverse` when PROJ writes it as exactly that and nothing more: the
    /// inverse of a `tmerc` with its origin on the equator on GRS80 (CGCS2000's ellipsoid), then radians to
    /// degrees (a CGCS2000 Gauss-Krüger zone to CGCS2000 lon/lat). Nil for every other operation. When set,
    /// `transform` and `transformed` evaluate it instead of calling PROJ (the same series, to rounding, in a
    /// third of the time), so that every vertex of a run goes to lon/lat the same way and the areas of pieces
    /// that share an edge still cancel along it exactly.
    public let transverseMercatorInverse: TransverseMercatorInverse?

    private static func transverseMercatorInverse(of operation: OpaquePointer, in context: PROJContext) -> TransverseMercatorInverse? {
        guard let text = proj_as_proj_string(context.raw, operation, PJ_PROJ_5, nil) else {
            // Not writable as a PROJ string (an operation with several candidates): not this projection.
            proj_errno_reset(operation)
            return nil
        }
        let words = String(cString: text).split(separator: " ").map(String.init)
        let pattern = ["+proj=pipeline", "+step", "+inv", "+proj=tmerc", "+lat_0=0", "+lon_0=", "+k=", "+x_0=", "+y_0=",
                       "+ellps=GRS80", "+step", "+proj=unitconvert", "+xy_in=rad", "+xy_out=deg"]
        guard words.count == pattern.count else { return nil }
        var values: [Double] = []
        for (word, expected) in zip(words, pattern) {
            if expected.hasSuffix("=") {
                guard word.hasPrefix(expected), let value = Double(word.dropFirst(expected.count)), value.isFinite else { return nil }
                values.append(value)
            } else if word != expected {
                return nil
            }
        }
        return TransverseMercatorInverse(centralMeridian: values[0], scale: values[1], falseEasting: values[2], falseNorthing: values[3])
    }

    /// What PROJ is asked to transform between. A CRS bound by the user's `+towgs84` goes to WGS 84 through
    /// those parameters; towards a CGCS2000 CRS, PROJ finds no WGS 84 → CGCS2000 operation and falls back
    /// to a "ballpark" offset that silently drops the parameters (tens of metres off). So the CGCS2000
    /// side is bound to WGS 84 with zero parameters — WGS 84 taken as CGCS2000, as everywhere in this
    /// tool — and the path runs through the user's Helmert transformation.
    static func definitions(_ source: CRSIdentifier, _ target: CRSIdentifier, in context: PROJContext) throws -> (String, String) {
        guard source.isBoundByTowgs84 != target.isBoundByTowgs84 else { return (source.projDefinition, target.projDefinition) }
        func boundToWGS84(_ crs: CRSIdentifier) throws -> String {
            guard !crs.isBoundByTowgs84 else { return crs.projDefinition }
            guard let text = try PROJCRS(crs, in: context).projString else {
                throw PROJError(operation: "binding \(crs) to WGS 84", message: "PROJ cannot write it as a PROJ string")
            }
            return text.replacingOccurrences(of: " +type=crs", with: "") + " +towgs84=0,0,0,0,0,0,0 +type=crs"
        }
        return (try boundToWGS84(source), try boundToWGS84(target))
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
        if direction == PJ_FWD, let inverse = transverseMercatorInverse {
            for k in positions.indices {
                guard let moved = inverse.lonLat(positions[k]) else {
                    throw PROJError(operation: "transform \(source) → \(target)", message: "coordinate outside the CRS's domain")
                }
                positions[k] = moved
            }
            return
        }
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

    /// One position transformed, as `transform` would transform it in a list; nil where PROJ cannot.
    public func transformed(_ position: Position) -> Position? {
        if let inverse = transverseMercatorInverse { return inverse.lonLat(position) }
        let moved = proj_trans(raw, PJ_FWD, proj_coord(position.x, position.y, 0, 0))
        let result = Position(moved.xy.x, moved.xy.y)
        return result.isFinite ? result : nil
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

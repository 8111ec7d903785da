import CGEOS

/// A prepared geometry for repeated predicates against one block. Prepared geometries build
/// their indexes lazily, so each belongs to the thread (and context) that made it.
public final class PreparedGeometry {
    let raw: OpaquePointer
    let context: GEOSContext
    /// The prepared geometry points into this one: it must live at least as long.
    public let base: GEOSGeom

    public init(_ geometry: GEOSGeom, in context: GEOSContext) throws {
        guard let raw = GEOSPrepare_r(context.handle, geometry.raw) else { throw context.failure("prepare") }
        self.raw = raw
        self.context = context
        self.base = geometry
    }

    deinit {
        GEOSPreparedGeom_destroy_r(context.handle, raw)
    }

    public func covers(_ other: GEOSGeom) throws -> Bool {
        try context.predicate(GEOSPreparedCovers_r(context.handle, raw, other.raw), "prepared covers")
    }

    public func intersects(_ other: GEOSGeom) throws -> Bool {
        try context.predicate(GEOSPreparedIntersects_r(context.handle, raw, other.raw), "prepared intersects")
    }
}

import CGEOS

/// The single owner of one GEOS geometry; freed when this object goes away.
public final class GEOSGeom {
    let raw: OpaquePointer
    /// Kept alive because the geometry was made in it; destroying needs a handle.
    let context: GEOSContext

    init(owning raw: OpaquePointer, context: GEOSContext) {
        self.raw = raw
        self.context = context
    }

    deinit {
        GEOSGeom_destroy_r(context.handle, raw)
    }

    /// A copy for a GEOS call that takes ownership of its arguments (collections): this object keeps
    /// its own pointer, so nothing is freed twice.
    func cloneRaw(in ctx: GEOSContext) throws -> OpaquePointer {
        guard let copy = GEOSGeom_clone_r(ctx.handle, raw) else { throw ctx.failure("clone") }
        return copy
    }
}

import CGEOS
import MineScreenGeometry

/// A GEOS STRtree over geometries, answering "which indices may touch this envelope" (a layer's features are
/// indexed by their boxes alone, in a `BoxTree`).
/// The tree is built on first query, which mutates it: `init` forces that build so that later
/// queries from many threads only read.
public final class STRtree {
    private let raw: OpaquePointer
    private let context: GEOSContext

    /// A tree over `geometries`, item k being `geometries[k]`'s envelope.
    public convenience init(_ geometries: [GEOSGeom], in context: GEOSContext) throws {
        try self.init(count: geometries.count, in: context) { k, insert in insert(geometries[k]) }
    }

    /// `add(k, insert)` hands item k's geometry to `insert` while it is alive.
    private init(count: Int, in context: GEOSContext, _ add: (Int, (GEOSGeom) -> Void) throws -> Void) throws {
        guard let raw = GEOSSTRtree_create_r(context.handle, 10) else { throw context.failure("STRtree create") }
        self.raw = raw
        self.context = context
        var first: GEOSGeom?
        for index in 0..<count {
            try add(index) { geometry in
                // Items are indices + 1 smuggled through the void* slot (0 would be NULL).
                GEOSSTRtree_insert_r(context.handle, raw, geometry.raw, UnsafeMutableRawPointer(bitPattern: index + 1))
                if first == nil { first = geometry }
            }
        }
        if let first { _ = try query(first, in: context) }
    }

    deinit {
        GEOSSTRtree_destroy_r(context.handle, raw)
    }

    /// Indices of items whose envelope intersects the envelope of `geometry`, ascending.
    public func query(_ geometry: GEOSGeom, in ctx: GEOSContext) throws -> [Int] {
        var found: [Int] = []
        withUnsafeMutablePointer(to: &found) { pointer in
            GEOSSTRtree_query_r(ctx.handle, raw, geometry.raw, { item, userdata in
                guard let item, let userdata else { return }
                userdata.assumingMemoryBound(to: [Int].self).pointee.append(Int(bitPattern: item) - 1)
            }, pointer)
        }
        found.sort()
        return found
    }
}

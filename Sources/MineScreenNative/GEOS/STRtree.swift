import CGEOS

/// A GEOS STRtree over the features of one layer, answering "which indices may touch this envelope".
/// The tree is built on first query, which mutates it: `init` forces that build so that later
/// queries from many threads only read.
public final class STRtree {
    private let raw: OpaquePointer
    private let context: GEOSContext
    /// The indexed geometries; the tree refers to them by index.
    public let items: [GEOSGeom]

    public init(_ geometries: [GEOSGeom], in context: GEOSContext) throws {
        guard let raw = GEOSSTRtree_create_r(context.handle, 10) else { throw context.failure("STRtree create") }
        self.raw = raw
        self.context = context
        self.items = geometries
        for (index, geometry) in geometries.enumerated() {
            // Items are indices + 1 smuggled through the void* slot (0 would be NULL).
            GEOSSTRtree_insert_r(context.handle, raw, geometry.raw, UnsafeMutableRawPointer(bitPattern: index + 1))
        }
        if let first = geometries.first { _ = try query(first, in: context) }
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

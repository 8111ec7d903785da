import Synchronization
import MineScreenGeometry

/// The GEOS form of a value geometry, made on first use and then kept: most parcels of a big layer are decided
/// by the Swift kernels and never reach GEOS, so they never pay its memory (about as much as the values again).
///
/// Thread rules: any thread may ask. The first to ask makes the geometry in its own context
/// (`GEOSContext.ofThisThread`), gives it its envelopes (`primeEnvelopes`, so readers on other threads never
/// write), and publishes it with one atomic exchange; a thread that loses the race frees its copy and takes the
/// published one. Once published the geometry is only read.
public final class LazyGEOSGeometry: @unchecked Sendable {
    /// A retained `GEOSGeom`, or nil until made.
    private let made = Atomic<UnsafeMutableRawPointer?>(nil)

    /// Nothing made yet.
    public init() {}

    /// Already made (by a validator that needed GEOS to judge the feature): kept from the start.
    public init(made geometry: GEOSGeom) {
        made.store(Unmanaged.passRetained(geometry).toOpaque(), ordering: .releasing)
    }

    deinit {
        if let stored = made.load(ordering: .acquiring) { Unmanaged<GEOSGeom>.fromOpaque(stored).release() }
    }

    /// The GEOS geometry of `shape` (the same `shape` on every call: the owner's).
    public func geometry(of shape: Geometry) throws -> GEOSGeom {
        if let stored = made.load(ordering: .acquiring) { return Unmanaged<GEOSGeom>.fromOpaque(stored).takeUnretainedValue() }
        let context = GEOSContext.ofThisThread
        let geometry = try context.makeGeometry(shape)
        context.primeEnvelopes(geometry)
        let retained = Unmanaged.passRetained(geometry).toOpaque()
        let (published, current) = made.compareExchange(expected: nil, desired: retained, ordering: .acquiringAndReleasing)
        if published { return geometry }
        Unmanaged<GEOSGeom>.fromOpaque(retained).release()
        guard let current else { preconditionFailure("a failed exchange from nil sees a geometry") }
        return Unmanaged<GEOSGeom>.fromOpaque(current).takeUnretainedValue()
    }
}

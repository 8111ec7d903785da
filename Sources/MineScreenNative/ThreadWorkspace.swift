import MineScreenSupport
import MineScreenGeometry
/// Everything one worker thread needs to call GEOS and PROJ: its own contexts, and the
/// transformers it has built so far (one per CRS pair, built on first use, then reused).
public final class ThreadWorkspace {
    public let geos = GEOSContext()
    public let proj = PROJContext()
    public let geodesic = GeodesicArea.cgcs2000
    /// Where this thread's time goes, for `--timings`.
    public let clock = PhaseClock()
    /// Set by `overlap` and `screen` runs with `--method tdt1055`: `measuredArea` and `overlayArea` then give
    /// the area of the region as drawn, edges straight in the CRS it is given in (`DrawnArea`).
    public var measuresAsDrawn = false
    public let drawnArea = DrawnArea()
    /// Set by `ellipsoidal` screening per block: vertices on the block's edges go to its geodesic edges when
    /// pieces are taken to lon/lat (`BlockBoundaryPlacement` in the analysis layer).
    package var boundaryPlacement: (any LonLatPlacement)?
    private var transformers: [CRSPair: Transformer] = [:]

    private struct CRSPair: Hashable {
        var source: CRSIdentifier
        var target: CRSIdentifier
    }

    public init() {}

    public func transformer(from source: CRSIdentifier, to target: CRSIdentifier) throws -> Transformer {
        let pair = CRSPair(source: source, target: target)
        if let cached = transformers[pair] { return cached }
        // Block-centred planes to and from CGCS2000 lon/lat are pipelines: no PROJ database look-up per block.
        let made = try CentredTransverseMercator.lonLatTransformer(from: source, to: target, in: proj)
            ?? Transformer(from: source, to: target, in: proj)
        // Block-centred planes make one pair per block; keep the cache from growing with the batch.
        if transformers.count >= 64 { transformers.removeAll() }
        transformers[pair] = made
        return made
    }

    /// Polygons in `crs` as CGCS2000 lon/lat (WGS 84 and CRS84 are taken as CGCS2000 without change).
    public func lonLat(_ polygons: [Polygon], from crs: CRSIdentifier) throws -> [Polygon] {
        var converted = crs.isCGCS2000EquivalentLonLat ? polygons
            : try clock.measure(.reproject) { try transformer(from: crs, to: .cgcs2000).transformed(polygons) }
        if let boundaryPlacement, boundaryPlacement.covers(crs) { boundaryPlacement.place(&converted, inPlane: polygons, plane: crs) }
        return converted
    }

    /// Karney's area term (`GeodesicArea.edgeAreaTerm`) of an edge given in `plane`: its two vertices taken to
    /// CGCS2000 lon/lat one by one, exactly as `lonLat` takes a piece's vertices, then the geodesic between them.
    /// NaN when PROJ cannot transform a vertex. For the area-only shortcuts (`EdgeAreaSum`, `BoundaryOverlay`),
    /// which never run with `boundaryPlacement` set.
    package func edgeAreaTerm(in plane: CRSIdentifier) throws -> (Position, Position) -> Double {
        let geodesic = self.geodesic
        if plane.isCGCS2000EquivalentLonLat { return geodesic.edgeAreaTerm }
        let toLonLat = try transformer(from: plane, to: .cgcs2000)
        // Edges come ring by ring, each starting where the last ended: the last vertex moved is kept, so each
        // vertex is transformed once.
        var lastVertex = Position(.nan, .nan)
        var lastMoved: Position?
        func moved(_ p: Position) -> Position? {
            if p != lastVertex { (lastVertex, lastMoved) = (p, toLonLat.transformed(p)) }
            return lastMoved
        }
        return { a, b in
            guard let p = moved(a), let q = moved(b) else { return .nan }
            return geodesic.edgeAreaTerm(p, q)
        }
    }

    /// Ground metres per unit of `plane` east and north near `point` (in the plane): the geodesic lengths of two
    /// steps of `step` units, for noise decisions on plane estimates (within a fraction of a per cent over a
    /// block), never for reported areas. Nil when PROJ cannot transform the points.
    package func metresPerUnit(in plane: CRSIdentifier, near point: Position, step: Double) throws -> (x: Double, y: Double)? {
        let toLonLat = try transformer(from: plane, to: .cgcs2000)
        guard step > 0, let origin = toLonLat.transformed(point),
              let east = toLonLat.transformed(Position(point.x + step, point.y)),
              let north = toLonLat.transformed(Position(point.x, point.y + step)) else { return nil }
        let scale = (geodesic.distance(origin, east) / step, geodesic.distance(origin, north) / step)
        return scale.0 > 0 && scale.1 > 0 ? scale : nil
    }

    /// Polygons in `plane` as lon/lat with the plane's straight edges kept straight: densified before moving.
    public func faithfulLonLat(_ polygons: [Polygon], from plane: ResolvedCRS) throws -> [Polygon] {
        if plane.identifier.isCGCS2000EquivalentLonLat { return polygons }
        return try lonLat(densified(polygons, maxSegment: plane.faithfulSegment), from: plane.identifier)
    }

    /// Ellipsoidal area of polygons in `plane`. Data CRSs are measured vertex by vertex, like every input
    /// area; the block-centred plane's straight edges (corridor sides) are densified first.
    /// With `measuresAsDrawn`, the area of the region with edges straight in `plane`.
    public func measuredArea(_ polygons: [Polygon], in plane: ResolvedCRS) throws -> Double {
        if measuresAsDrawn { return try clock.measure(.area) { try drawnArea.area(polygons, in: plane.identifier, self) } }
        let lonLat = plane.isBlockCentred ? try faithfulLonLat(polygons, from: plane) : try lonLat(polygons, from: plane.identifier)
        return clock.measure(.area) { geodesic.area(lonLat) }
    }

    /// Polygons moved between two CRSs vertex by vertex (no-op when they share a plane).
    public func reproject(_ polygons: [Polygon], from source: CRSIdentifier, to target: CRSIdentifier) throws -> [Polygon] {
        if source.sharesPlane(with: target) { return polygons }
        return try clock.measure(.reproject) {
            if source.isCGCS2000EquivalentLonLat {
                return try transformer(from: .cgcs2000, to: target).transformed(polygons)
            }
            let lonLatTarget = target.isCGCS2000EquivalentLonLat ? CRSIdentifier.cgcs2000 : target
            return try transformer(from: source, to: lonLatTarget).transformed(polygons)
        }
    }

    /// Ellipsoidal (geodesic) area on CGCS2000 of polygons given in `crs`: vertices to lon/lat, edges as geodesics.
    public func ellipsoidalArea(_ polygons: [Polygon], crs: CRSIdentifier) throws -> Double {
        let lonLat = try lonLat(polygons, from: crs)
        return clock.measure(.area) { geodesic.area(lonLat) }
    }

    /// The area an overlay run reports for polygons in `crs`: `ellipsoidalArea`, or with `measuresAsDrawn` the
    /// area of the region with edges straight in `crs`.
    public func overlayArea(_ polygons: [Polygon], crs: CRSIdentifier) throws -> Double {
        if measuresAsDrawn { return try clock.measure(.area) { try drawnArea.area(polygons, in: crs, self) } }
        return try ellipsoidalArea(polygons, crs: crs)
    }

    public func overlayArea(_ geometry: GEOSGeom, crs: CRSIdentifier) throws -> Double {
        try overlayArea(try geos.polygons(of: geometry), crs: crs)
    }

    public func ellipsoidalArea(_ geometry: GEOSGeom, crs: CRSIdentifier) throws -> Double {
        try ellipsoidalArea(try geos.polygons(of: geometry), crs: crs)
    }
}

import CGEOS
import MineScreenGeometry

/// What GEOS says about an invalid geometry: its reason and where.
public struct ValidityProblem: Equatable {
    public var reason: String
    public var location: Position?
}

/// GEOS operations, run in this context (the calling thread's).
extension GEOSContext {
    /// nil when valid, else GEOS's reason and location.
    public func validityProblem(_ g: GEOSGeom) throws -> ValidityProblem? {
        var reason: UnsafeMutablePointer<CChar>?
        var location: OpaquePointer?
        let result = GEOSisValidDetail_r(handle, g.raw, 0, &reason, &location)
        defer {
            if let reason { GEOSFree_r(handle, reason) }
            if let location { GEOSGeom_destroy_r(handle, location) }
        }
        switch result {
        case 1: return nil
        case 0:
            var point: Position?
            if let location {
                var x = 0.0, y = 0.0
                if GEOSGeomGetX_r(handle, location, &x) == 1, GEOSGeomGetY_r(handle, location, &y) == 1 {
                    point = Position(x, y)
                }
            }
            return ValidityProblem(reason: reason.map { String(cString: $0) } ?? "invalid", location: point)
        default:
            throw failure("validity check")
        }
    }

    public func makeValid(_ g: GEOSGeom) throws -> GEOSGeom {
        try own(GEOSMakeValid_r(handle, g.raw), "make valid")
    }

    /// Overlay with snap-rounding to `gridSize`: coordinates that agree to below the grid (shared edges,
    /// vertices lying on a neighbour's edge) are noded together instead of leaving hairline slivers.
    public func intersection(_ a: GEOSGeom, _ b: GEOSGeom, gridSize: Double) throws -> GEOSGeom {
        if let g = GEOSIntersectionPrec_r(handle, a.raw, b.raw, gridSize) { return GEOSGeom(owning: g, context: self) }
        discardMessage()
        // Snap-rounding can fail on pathological input; the floating overlay is the fallback.
        return try own(GEOSIntersection_r(handle, a.raw, b.raw), "intersection")
    }

    /// Floating-point overlay (OverlayNG with its own robustness fallbacks). Several times cheaper than
    /// snap-rounding; the hairline slivers it can leave along shared edges are judged by the caller.
    public func intersection(_ a: GEOSGeom, _ b: GEOSGeom) throws -> GEOSGeom {
        try own(GEOSIntersection_r(handle, a.raw, b.raw), "intersection")
    }

    /// Floating-point difference, for areas only (as the floating intersection).
    public func difference(_ a: GEOSGeom, _ b: GEOSGeom) throws -> GEOSGeom {
        try own(GEOSDifference_r(handle, a.raw, b.raw), "difference")
    }

    public func difference(_ a: GEOSGeom, _ b: GEOSGeom, gridSize: Double) throws -> GEOSGeom {
        if let g = GEOSDifferencePrec_r(handle, a.raw, b.raw, gridSize) { return GEOSGeom(owning: g, context: self) }
        discardMessage()
        return try own(GEOSDifference_r(handle, a.raw, b.raw), "difference")
    }

    /// Snap-rounded unary union: pieces that share edges merge without hairline gaps.
    public func union(_ geometries: [GEOSGeom], gridSize: Double) throws -> GEOSGeom {
        if geometries.count == 1 { return geometries[0] }
        let all = try collection(of: geometries)
        return try withExtendedLifetime(all) {
            if let g = GEOSUnaryUnionPrec_r(handle, all.raw, gridSize) { return GEOSGeom(owning: g, context: self) }
            discardMessage()
            return try own(GEOSUnaryUnion_r(handle, all.raw), "union")
        }
    }

    /// Floating-point unary union (OverlayNG, with its own snapping fallbacks), for areas.
    public func union(_ geometries: [GEOSGeom]) throws -> GEOSGeom {
        if geometries.count == 1 { return geometries[0] }
        let all = try collection(of: geometries)
        return try withExtendedLifetime(all) { try own(GEOSUnaryUnion_r(handle, all.raw), "union") }
    }

    /// The union of polygons that form a coverage (edge-matched, no overlaps) by dropping shared edges:
    /// linear time, no overlay. GEOS fails on input that is not noded as a coverage; nil then.
    public func coverageUnion(_ geometries: [GEOSGeom]) throws -> GEOSGeom? {
        let all = try collection(of: geometries)
        return withExtendedLifetime(all) {
            guard let union = GEOSCoverageUnion_r(handle, all.raw) else {
                discardMessage()
                return nil
            }
            return GEOSGeom(owning: union, context: self)
        }
    }

    /// Computes and stores the envelope of the geometry, of each polygon and of each ring now, on this
    /// thread: GEOS 3.11 would otherwise fill them in lazily (an unlocked write) when another thread's
    /// overlay or point-in-polygon test first asks, which is a data race on a shared layer geometry.
    public func primeEnvelopes(_ g: GEOSGeom) {
        func prime(_ raw: OpaquePointer) {
            var value = 0.0
            _ = GEOSGeom_getXMin_r(handle, raw, &value)
        }
        prime(g.raw)
        let parts = max(0, Int(GEOSGetNumGeometries_r(handle, g.raw)))
        for k in 0..<parts {
            guard let part = GEOSGetGeometryN_r(handle, g.raw, Int32(k)) else { continue }
            prime(part)
            guard GEOSGeomTypeId_r(handle, part) == Int32(GEOS_POLYGON.rawValue) else { continue }
            if let shell = GEOSGetExteriorRing_r(handle, part) { prime(shell) }
            for h in 0..<max(0, Int(GEOSGetNumInteriorRings_r(handle, part))) {
                if let hole = GEOSGetInteriorRingN_r(handle, part, Int32(h)) { prime(hole) }
            }
        }
    }

    /// Plane area in the geometry's own units (a consistency check, never a reported area).
    public func planeArea(_ g: GEOSGeom) throws -> Double {
        var area = 0.0
        guard GEOSArea_r(handle, g.raw, &area) != 0 else { throw failure("area") }
        return area
    }

    /// True when the interiors of `a` and `b` share area (not just an edge or a point).
    public func interiorsOverlap(_ a: GEOSGeom, _ b: GEOSGeom) throws -> Bool {
        try predicate(GEOSRelatePattern_r(handle, a.raw, b.raw, "2********"), "relate")
    }

    /// True when no point of `b` lies outside `a`.
    public func covers(_ a: GEOSGeom, _ b: GEOSGeom) throws -> Bool {
        try predicate(GEOSCovers_r(handle, a.raw, b.raw), "covers")
    }

    public func planarArea(_ g: GEOSGeom) throws -> Double {
        var area = 0.0
        guard GEOSArea_r(handle, g.raw, &area) == 1 else { throw failure("area") }
        return area
    }

    public func distance(_ a: GEOSGeom, _ b: GEOSGeom) throws -> Double {
        var d = 0.0
        guard GEOSDistance_r(handle, a.raw, b.raw, &d) == 1 else { throw failure("distance") }
        return d
    }

    public func buffer(_ g: GEOSGeom, width: Double, quadrantSegments: Int32 = 32) throws -> GEOSGeom {
        try own(GEOSBuffer_r(handle, g.raw, width, quadrantSegments), "buffer")
    }
}

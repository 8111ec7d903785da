import CGEOS
import MineScreenGeometry

extension GEOSContext {
    /// The geometry's envelope as a `Box`; an empty box for an empty geometry (which meets nothing, as in GEOS).
    package func box(of geometry: GEOSGeom) throws -> Box {
        let empty = GEOSisEmpty_r(handle, geometry.raw)
        guard empty == 0 else {
            if empty == 1 { return Box() }
            throw failure("isEmpty")
        }
        var box = Box()
        guard GEOSGeom_getXMin_r(handle, geometry.raw, &box.minX) == 1, GEOSGeom_getYMin_r(handle, geometry.raw, &box.minY) == 1,
              GEOSGeom_getXMax_r(handle, geometry.raw, &box.maxX) == 1, GEOSGeom_getYMax_r(handle, geometry.raw, &box.maxY) == 1 else {
            throw failure("envelope")
        }
        return box
    }
}

extension BoxTree {
    /// Indices of the items whose boxes meet the geometry's envelope (touching counts), ascending: what GEOS's
    /// STRtree query answers for the same boxes.
    package func query(_ geometry: GEOSGeom, in context: GEOSContext) throws -> [Int] {
        query(try context.box(of: geometry))
    }
}

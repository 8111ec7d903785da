import MineScreenGeometry

/// A correction applied to polygons taken from a plane to lon/lat: `ThreadWorkspace.lonLat` calls it after
/// the vertex-by-vertex transformation (screening puts vertices on a block's edges onto its geodesic edges).
package protocol LonLatPlacement: AnyObject {
    /// Whether polygons in `crs` are corrected.
    func covers(_ crs: CRSIdentifier) -> Bool
    /// Moves the vertices of `lonLat` whose originals in `inPlane` (in `plane`) need it.
    func place(_ lonLat: inout [Polygon], inPlane: [Polygon], plane: CRSIdentifier)
}

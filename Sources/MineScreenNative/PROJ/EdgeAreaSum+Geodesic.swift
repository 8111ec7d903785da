import MineScreenGeometry

extension EdgeAreaSum {
    /// The area (m²) of the lon/lat polygons added, on the ellipsoid of `geodesic`.
    package func area(_ geodesic: GeodesicArea) -> Double { area(edgeTerm: geodesic.edgeAreaTerm) }

    /// The area (m²) of the polygons added in `plane`: each open edge measured as the geodesic between its
    /// vertices taken to CGCS2000 lon/lat, each vertex once (as `ThreadWorkspace.edgeAreaTerm(in:)` moves them).
    /// Throws when a vertex cannot be transformed.
    package func area(in plane: CRSIdentifier, _ workspace: ThreadWorkspace) throws -> Double {
        let geodesic = workspace.geodesic
        let area = plane.isCGCS2000EquivalentLonLat ? area(edgeTerm: geodesic.edgeAreaTerm)
            : area(movingVertices: try workspace.transformer(from: plane, to: .cgcs2000).transformed, lonLatTerm: geodesic.edgeAreaTerm)
        guard area.isFinite else {
            throw PROJError(operation: "edge areas in \(plane)", message: "a vertex lies outside the CRS's domain")
        }
        return area
    }
}

import MineScreenGeometry

extension EdgeAreaSum {
    /// The area (m²) of the lon/lat polygons added, on the ellipsoid of `geodesic`.
    package func area(_ geodesic: GeodesicArea) -> Double { area(edgeTerm: geodesic.edgeAreaTerm) }

    /// The area (m²) of the polygons added in `plane`: each open edge measured as the geodesic between its
    /// vertices taken to CGCS2000 lon/lat (`ThreadWorkspace.edgeAreaTerm(in:)`). Throws when a vertex cannot be
    /// transformed.
    package func area(in plane: CRSIdentifier, _ workspace: ThreadWorkspace) throws -> Double {
        let area = area(edgeTerm: try workspace.edgeAreaTerm(in: plane))
        guard area.isFinite else {
            throw PROJError(operation: "edge areas in \(plane)", message: "a vertex lies outside the CRS's domain")
        }
        return area
    }
}

import MineScreenGeometry

extension EdgeAreaSum {
    /// The area (m²) of the polygons added, on the ellipsoid of `geodesic`.
    package func area(_ geodesic: GeodesicArea) -> Double { area(edgeTerm: geodesic.edgeAreaTerm) }
}

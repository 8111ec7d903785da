import MineScreenGeometry
import MineScreenNative
/// The mining-right area of TD/T 1055-2019 Appendix D: boundary edges are straight lines in the
/// CGCS2000 Gauss-Krüger plane (that is how corner coordinates are surveyed and registered), so each edge
/// is densified in that plane to pieces of at most 70 m, every point is taken back to lon/lat, and the
/// ring's area is the sum of ellipsoidal trapezoids (`TrapezoidArea`).
public enum TDT1055Area {
    /// Longest plane segment the standard allows before the trapezoid sum.
    public static let maxSegment = 70.0

    /// The plane whose straight edges are the feature's edges: the data's own CGCS2000 Gauss-Krüger plane
    /// (3° or 6° zones, with or without zone prefix: EPSG:4491–4554), else the 3° zone of the feature's
    /// centre longitude, as `planar` chooses it.
    static func plane(for crs: CRSIdentifier, lonLat: [Polygon]) throws -> CRSIdentifier {
        if let code = crs.epsgCode, (4491...4554).contains(code) { return crs }
        let centre = AreaAnalysis.centreLongitude(lonLat)
        guard let zone = gaussKrugerZoneCRS(forLongitude: centre) else {
            throw PROJError(operation: "tdt1055 area", message: "longitude \(centre) is outside the CGCS2000 Gauss-Krüger 3° zones 25–45")
        }
        return zone
    }

    /// The densified ring set as lon/lat, and the plane it was densified in.
    public static func densifiedLonLat(_ polygons: [Polygon], crs: CRSIdentifier,
                                       _ workspace: ThreadWorkspace) throws -> (polygons: [Polygon], plane: CRSIdentifier) {
        let lonLat = try workspace.lonLat(polygons, from: crs)
        let plane = try plane(for: crs, lonLat: lonLat)
        let inPlane = plane == crs ? polygons : try workspace.transformer(from: .cgcs2000, to: plane).transformed(lonLat)
        let dense = densified(inPlane, maxSegment: maxSegment)
        let back = try workspace.transformer(from: .cgcs2000, to: plane)
        let result = try dense.map { polygon in
            Polygon(rings: try polygon.rings.map { ring in
                var copy = ring
                try back.inverse(&copy)
                return copy
            })
        }
        return (result, plane)
    }

    /// Area (m²) and the plane used.
    public static func area(_ polygons: [Polygon], crs: CRSIdentifier,
                            _ workspace: ThreadWorkspace) throws -> (area: Double, plane: CRSIdentifier) {
        let (lonLat, plane) = try densifiedLonLat(polygons, crs: crs, workspace)
        return (TrapezoidArea.cgcs2000.area(lonLat), plane)
    }
}

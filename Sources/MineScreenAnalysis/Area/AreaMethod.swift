/// Which area was computed. Reports always name it.
public enum AreaMethod: String, CaseIterable, Sendable {
    /// Geodesic area on the CGCS2000 ellipsoid (Karney, PROJ `geod_polygonarea`) of the polygon
    /// whose vertices are the input vertices: matches PostGIS geography and QGIS ellipsoidal areas.
    case ellipsoidal
    /// Shoelace area in the feature's CGCS2000 Gauss-Krüger plane: the data's own (EPSG:4491–4554), else the
    /// 3° zone of its centre longitude (EPSG:4534–4554).
    case planar
    /// TD/T 1055-2019 Appendix D, the official mining-right area: edges densified to ≤ 70 m in the
    /// feature's Gauss-Krüger plane, then the ellipsoidal trapezoid series (not Karney) on lon/lat.
    case tdt1055

    public var explanation: String {
        switch self {
        case .ellipsoidal:
            return "geodesic area on the CGCS2000 ellipsoid (a=6378137, f=1/298.257222101), Karney's geod_polygonarea; vertices as given, edges as geodesics"
        case .planar:
            return "plane area in the CGCS2000 Gauss-Krüger plane of each feature (the data's own plane for EPSG:4491–4554 input, else the 3° zone of the feature's centre longitude)"
        case .tdt1055:
            return "TD/T 1055-2019 Appendix D: edges straight in the feature's CGCS2000 Gauss-Krüger plane, densified to ≤ 70 m, points back to lon/lat, ellipsoidal trapezoid series on the CGCS2000 ellipsoid"
        }
    }
}

extension AreaMethod {
    /// What the method means for the pieces an overlay cuts (`overlap`, `screen`).
    public var overlayExplanation: String {
        switch self {
        case .tdt1055:
            return "TD/T 1055-2019 Appendix D area element integrated exactly along every edge as drawn: straight in the CRS each overlay was computed in (in lon/lat the ellipsoidal trapezoid integral; in a Gauss-Krüger or other plane the ellipsoidal area of the planar region), on the CGCS2000 ellipsoid; additive, so pieces add up to what they were cut from"
        default:
            return explanation
        }
    }
}

/// The CGCS2000 Gauss-Krüger 3° zone (EPSG:4534–4554, no zone prefix) for a longitude.
public func gaussKrugerZoneCRS(forLongitude longitude: Double) -> CRSIdentifier? {
    GaussKrugerZone.threeDegree(longitude: longitude, prefixed: false)?.crs
}

import Foundation
import MineScreenGeometry

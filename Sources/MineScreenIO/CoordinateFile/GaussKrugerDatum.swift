/// The datum a 坐标文件's 坐标系 names, and the EPSG codes of its Gauss-Krüger zones (EPSG registry:
/// CGCS2000 4491–4554, Xi'an 1980 2327–2390, Beijing 1954 2401–2442 and 21413–21463).
enum GaussKrugerDatum {
    case cgcs2000, xian1980, beijing1954

    /// "2000国家大地坐标系", "1980西安坐标系", "西安80", "1954北京坐标系", "北京54" …; anything else is CGCS2000,
    /// the coordinate system of every current submission.
    init(coordinateSystem text: String) {
        if text.contains("西安") || text.contains("1980") || text.contains("80") && !text.contains("2000") {
            self = .xian1980
        } else if text.contains("北京") || text.contains("1954") || text.contains("54") && !text.contains("2000") {
            self = .beijing1954
        } else {
            self = .cgcs2000
        }
    }

    var name: String {
        switch self {
        case .cgcs2000: return "CGCS2000"
        case .xian1980: return "Xi'an 1980"
        case .beijing1954: return "Beijing 1954"
        }
    }

    /// 3° zones 25–45 and 6° zones 13–23, with the zone number prefixed to the easting or without.
    func epsgCode(zoneWidth: Int, zone: Int, prefixed: Bool) -> Int? {
        let base: (threePrefixed: Int, threePlain: Int, sixPrefixed: Int, sixPlain: Int)
        switch self {
        case .cgcs2000: base = (4513, 4534, 4491, 4502)
        case .xian1980: base = (2349, 2370, 2327, 2338)
        case .beijing1954: base = (2401, 2422, 21413, 21453)
        }
        switch (zoneWidth, prefixed) {
        case (3, true) where (25...45).contains(zone): return base.threePrefixed + zone - 25
        case (3, false) where (25...45).contains(zone): return base.threePlain + zone - 25
        case (6, true) where (13...23).contains(zone): return base.sixPrefixed + zone - 13
        case (6, false) where (13...23).contains(zone): return base.sixPlain + zone - 13
        default: return nil
        }
    }
}

/// Property names the survey formats (坐标文件, corner-point CSV) give their block header fields.
public enum SurveyProperty {
    /// Block name.
    public static let name = "地块名称"
    /// Declared area, in hectares.
    public static let declaredArea = "地块面积"
}

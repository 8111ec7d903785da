import MineScreenGeometry
import MineScreenIO
import MineScreenSupport
/// One finding of `check`. `at` is a point in the file's own coordinates and axis order ([X, Y] = northing,
/// easting for survey files; [x, y] for GeoJSON), nil when the problem has no single point.
public struct CheckProblem: Equatable, Sendable {
    public var code: String
    public var message: String
    public var at: [Double]?
    public init(code: String, message: String, at: [Double]? = nil) { self.code = code; self.message = message; self.at = at }
}

/// The problems `check` found in one block of a coordinate file.
public struct BlockCheck: Sendable {
    public var index: Int
    public var id: String
    public var problems: [CheckProblem]
}

/// What `check` compares the coordinates against: declared area, its unit and tolerance, the area method.
public struct CheckOptions: Sendable {
    /// Property with the declared area; nil means the 坐标文件 header's 面积 (hectares) and nothing for other formats.
    public var declaredField: String?
    /// Unit of the declared area; nil means ha for the 坐标文件 header's 面积 and km² (as `area`) otherwise.
    public var declaredUnit: AreaUnit?
    /// Relative tolerance between declared and coordinate area.
    public var areaTolerance: Double = 1e-4
    /// Which computed area the declared figure must agree with.
    public var areaMethod: CheckAreaMethod = .any
    public init(declaredField: String? = nil, declaredUnit: AreaUnit? = nil, areaTolerance: Double = 1e-4,
                areaMethod: CheckAreaMethod = .any) {
        self.declaredField = declaredField; self.declaredUnit = declaredUnit; self.areaTolerance = areaTolerance
        self.areaMethod = areaMethod
    }
}

/// `check --area-method`: declared areas are figured in different ways — a surveyor's plane area, the official
/// TD/T 1055 mining-right area, a GIS ellipsoidal area — and each is a correct declaration. `any` accepts the
/// declared figure when it agrees with one of the three; the others demand that one.
public enum CheckAreaMethod: String, CaseIterable, Sendable {
    case planar, tdt1055, ellipsoidal, any
}

/// What `check` found in one file: the CRS and zone checked against, and each block's problems.
public struct CheckResult: Sendable {
    public var file: String
    public var format: InputFormat
    public var crs: CRSIdentifier
    public var declaredZone: GaussKrugerZone?
    public var blocks: [BlockCheck]
    /// No zone declared: the zone most eastings' prefixes name, which the points were checked against.
    public var inferredZone: GaussKrugerZone? = nil
    public var hasProblems: Bool { blocks.contains { !$0.problems.isEmpty } }
}

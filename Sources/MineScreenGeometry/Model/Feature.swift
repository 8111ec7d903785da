import MineScreenSupport
/// One input feature as read: nothing is validated or dropped at this stage.
public struct Feature: Sendable {
    /// Position in the file's feature list, from 0.
    public var index: Int
    /// The `--id-field` property, else the Feature's `id` member, else the index.
    public var id: String
    public var properties: [(key: String, value: JSONValue)]
    /// nil when the file says `"geometry": null`.
    public var geometry: Geometry?
    /// Set when the reader could not make sense of the coordinates; the feature will be rejected with it.
    public var readProblem: String?
    /// True when `id` is the index (no id in the file): a reader that learns the index late fixes both.
    package var idIsIndex = false
    /// True when the feature has the id field and its property was dropped once it gave the id (a reader told to
    /// keep no property): the field is there all the same.
    package var hasIdField = false

    public init(index: Int, id: String, properties: [(key: String, value: JSONValue)] = [],
                geometry: Geometry?, readProblem: String? = nil) {
        self.index = index
        self.id = id
        self.properties = properties
        self.geometry = geometry
        self.readProblem = readProblem
    }

    public func property(_ name: String) -> JSONValue? {
        properties.first(where: { $0.key == name })?.value
    }
}

/// The features of one file with the CRS their coordinates are in.
public struct FeatureFile: Sendable {
    public var path: String
    public var crs: CRSIdentifier
    /// How the CRS was decided, for reports: "crs member", "--crs", or "RFC 7946 default".
    public var crsSource: String
    public var features: [Feature]
    /// Survey formats (坐标文件, corner-point CSV): the coordinates as written, for `check`.
    public var raw: RawFile? = nil

    public init(path: String, crs: CRSIdentifier, crsSource: String, features: [Feature], raw: RawFile? = nil) {
        self.path = path; self.crs = crs; self.crsSource = crsSource; self.features = features; self.raw = raw
    }
}

/// An input feature that was not analysed, and why.
public struct Rejection: Error, Equatable, Sendable {
    public var index: Int
    public var id: String
    public var file: String
    public var reason: String
    /// For a constraint layer's feature: the layer's name (blocks and area inputs have none).
    public var layer: String?
    /// Where the feature lies (CGCS2000 lon/lat) when its coordinates could be read; nil: location unknown.
    /// `screen` uses it so that no block a rejected constraint feature may touch is certified clean.
    public var extent: LonLatBox?
    public init(index: Int, id: String, file: String, reason: String, layer: String? = nil, extent: LonLatBox? = nil) {
        self.index = index; self.id = id; self.file = file; self.reason = reason; self.layer = layer; self.extent = extent
    }
}

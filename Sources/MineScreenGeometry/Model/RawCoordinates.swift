/// Coordinates exactly as a survey file wrote them, before the reader closes, orders or cleans anything.
/// The `check` command needs them: an unclosed ring or a repeated point is a fact about the file, and the
/// reader's features no longer show it.
public struct RawPoint: Sendable, Equatable {
    /// 点号 / 点名 as written ("" when the format has none).
    public var name: String
    /// The first and second coordinate as written: X (northing), Y (easting) in survey files;
    /// x (east), y (north) in GeoJSON. See `RawFile.northingFirst`.
    public var first: Double
    public var second: Double
    /// 1-based line in the file, when the format has lines.
    public var line: Int?

    public init(name: String, first: Double, second: Double, line: Int?) {
        self.name = name; self.first = first; self.second = second; self.line = line
    }
}

/// One ring of a block as written in a coordinate file: its 圈号 and points.
public struct RawRing: Sendable, Equatable {
    /// 圈号 as written ("1" when the format has none).
    public var number: String
    public var points: [RawPoint]
    public init(number: String, points: [RawPoint]) { self.number = number; self.points = points }
}

/// One block of a coordinate file as written, before it becomes a polygon.
public struct RawBlock: Sendable {
    /// Matches `Feature.index` of the feature read from this block.
    public var index: Int
    public var id: String
    /// Line of the block's header (坐标文件) or first row (CSV).
    public var line: Int?
    public var rings: [RawRing]
    /// A line that could not be read as a point (with file and line), so the block has no trustworthy shape.
    public var malformed: String?
    /// The `check` code for `malformed`: "malformed", or "swapped-axes" for a CSV whose X and Y are exchanged.
    public var malformedCode = "malformed"
    public init(index: Int, id: String, line: Int?, rings: [RawRing], malformed: String? = nil) {
        self.index = index; self.id = id; self.line = line; self.rings = rings; self.malformed = malformed
    }
}

/// A 坐标文件 or corner-point CSV as written: axis order, declared zone and blocks, for `check`.
public struct RawFile: Sendable {
    /// True for survey files (X = northing first), false for GeoJSON (x = east first).
    public var northingFirst: Bool
    /// The zone the file declares: 带号 and 几度分带 of a 坐标文件 header, the zone prefix of a CSV's eastings.
    public var declaredZone: GaussKrugerZone?
    public var blocks: [RawBlock]
    public init(northingFirst: Bool, declaredZone: GaussKrugerZone?, blocks: [RawBlock]) {
        self.northingFirst = northingFirst; self.declaredZone = declaredZone; self.blocks = blocks
    }
}

extension RawFile {
    /// A point's (x = east, y = north) position.
    public func position(_ p: RawPoint) -> Position { northingFirst ? Position(p.second, p.first) : Position(p.first, p.second) }

    /// Back from (east, north) to the file's own order, for reporting a place in the file's terms.
    public func written(_ p: Position) -> [Double] { northingFirst ? [p.y, p.x] : [p.x, p.y] }
}

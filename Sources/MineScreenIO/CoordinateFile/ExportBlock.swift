import MineScreenSupport
import MineScreenGeometry
/// One block ready to be written by a converter: its id, its properties, its polygons (x = east, y = north)
/// in the CRS the writer was given.
public struct ExportBlock: Sendable {
    public var id: String
    public var properties: [(key: String, value: JSONValue)]
    public var polygons: [Polygon]
    /// The block's area on the CGCS2000 ellipsoid (m²), measured from its coordinates as read; a 坐标文件
    /// writes it as 面积 when the block declares none.
    public var ellipsoidalArea: Double?
    public init(id: String, properties: [(key: String, value: JSONValue)], polygons: [Polygon], ellipsoidalArea: Double? = nil) {
        self.id = id; self.properties = properties; self.polygons = polygons; self.ellipsoidalArea = ellipsoidalArea
    }

    /// The first of several property names holding text (survey files and GIS exports name fields differently).
    func text(_ names: String...) -> String {
        for name in names {
            if let value = properties.first(where: { $0.key == name })?.value.labelText, !value.isEmpty { return value }
        }
        return ""
    }

    /// Rings as survey files list them: each polygon's exterior then its holes, numbered 1, 2, … across the
    /// block, each closed by repeating its first point.
    var surveyRings: [[Position]] {
        polygons.flatMap(\.rings).filter { !$0.isEmpty }.map { ring in
            ring.first == ring.last && ring.count > 1 ? ring : ring + [ring[0]]
        }
    }
}

/// Survey coordinates to `decimals` places: 4 (0.1 mm) keeps a round trip exact to 1 mm.
func surveyNumber(_ value: Double, decimals: Int) -> String { formatFixed(value, decimals: decimals) }

import MineScreenSupport
import MineScreenGeometry
/// Writes blocks as a GeoJSON FeatureCollection with the legacy `crs` member naming their CRS, so a
/// projected file (e.g. EPSG:4526) is read back in its own plane by this tool, GDAL and QGIS.
public enum GeoJSONWriter {
    public static func document(_ blocks: [ExportBlock], crs: CRSIdentifier) -> JSONValue {
        let name = crs == .crs84 ? "urn:ogc:def:crs:OGC:1.3:CRS84" : "urn:ogc:def:crs:\(crs.authority)::\(crs.code)"
        let features: [JSONValue] = blocks.map { block in
            let polygons = block.polygons.map { polygon in
                JSONValue.array(polygon.rings.map { ring in .array(ring.map { .array([.number($0.x), .number($0.y)]) }) })
            }
            let geometry: JSONValue = polygons.count == 1
                ? .object([("type", .string("Polygon")), ("coordinates", polygons[0])])
                : .object([("type", .string("MultiPolygon")), ("coordinates", .array(polygons))])
            return .object([("type", .string("Feature")), ("id", .string(block.id)),
                            ("properties", .object(block.properties)), ("geometry", geometry)])
        }
        return .object([("type", .string("FeatureCollection")),
                        ("crs", .object([("type", .string("name")), ("properties", .object([("name", .string(name))]))])),
                        ("features", .array(features))])
    }
}

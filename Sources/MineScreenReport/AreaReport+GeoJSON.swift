import MineScreenSupport
import MineScreenGeometry
import MineScreenNative
import MineScreenIO
/// `minescreen area` as GeoJSON rows (what `--format postgis` writes): one Feature per measured polygon, its
/// properties those of the JSON report's feature (id, area_m2, declared_m2, …), its geometry the input
/// polygon in CGCS2000 lon/lat (EPSG:4490), transformed from the input's CRS where that is another.
extension AreaReport {
    public func geojson(layer: LoadedLayer, workspace: ThreadWorkspace) throws -> JSONValue {
        var shapes: [Int: [Polygon]] = [:]
        for f in layer.features { shapes[f.feature.index] = f.shape.polygons }
        guard case .array(let rows) = json["features"] ?? .null else { return geoJSONCollection([]) }
        var features: [JSONValue] = []
        for (result, row) in zip(result.features, rows) {
            guard case .object(let properties) = row else { continue }
            let polygons = try shapes[result.index].map { try workspace.lonLat($0, from: layer.crs.identifier) } ?? []
            features.append(geoJSONFeature(polygons, properties: properties))
        }
        return geoJSONCollection(features, extra: [("areaMethod", .string(context.method.rawValue)), ("units", .string("m2"))])
    }
}

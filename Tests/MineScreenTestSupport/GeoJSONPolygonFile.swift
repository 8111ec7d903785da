import Foundation
import MineScreenKit

/// Writes one GeoJSON FeatureCollection of single-ring polygons to `path`, with ids `idPrefix0`, `idPrefix1` …
/// in a property `id`, and the legacy `crs` member naming `crs` (an OGC URN such as
/// `urn:ogc:def:crs:EPSG::4490`): the scenes randomised tests build and read back through the loader.
public func writeGeoJSONPolygons(_ rings: [[Position]], idPrefix: String, crs: String, to path: String) throws {
    let features = rings.enumerated().map { k, ring in
        "{\"type\":\"Feature\",\"properties\":{\"id\":\"\(idPrefix)\(k)\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[["
            + ring.map { "[\($0.x),\($0.y)]" }.joined(separator: ",") + "]]}}"
    }
    let text = "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"\(crs)\"}},\"features\":["
        + features.joined(separator: ",") + "]}"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
}

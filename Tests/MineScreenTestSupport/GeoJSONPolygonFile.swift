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

/// Writes lon/lat (CGCS2000) rings as a layer file at `path`: as they are (EPSG:4490), or in the Gauss-Krüger plane
/// EPSG:4547 when `inGaussKruger`, the two CRSs the randomised scenes are read in.
public func writeSceneLayer(_ rings: [[Position]], idPrefix: String, inGaussKruger: Bool, to path: String,
                            _ workspace: ThreadWorkspace) throws {
    let gk = CRSIdentifier(authority: "EPSG", code: "4547")
    let written = inGaussKruger
        ? try workspace.reproject(rings.map { Polygon(rings: [$0]) }, from: .cgcs2000, to: gk).map { $0.rings[0] } : rings
    let crs = inGaussKruger ? "urn:ogc:def:crs:EPSG::4547" : "urn:ogc:def:crs:EPSG::4490"
    try writeGeoJSONPolygons(written, idPrefix: idPrefix, crs: crs, to: path)
}

import Foundation
import MineScreenGeometry

/// A transverse Mercator on GRS80 centred on a point (scale 1 on its central meridian, origin at the centre): the plane
/// screen measures a block in and corridor pieces are buffered in. Its operations to and from CGCS2000 lon/lat are the
/// projection alone, written as PROJ pipelines: CGCS2000's ellipsoid is GRS80, so there is no datum step, and
/// `proj_create` of a pipeline costs ~0.05 ms where `proj_create_crs_to_crs` looks in PROJ's database for ~55 ms.
public struct CentredTransverseMercator: Equatable, Sendable {
    /// Longitude and latitude of the centre as written into the definition (6 decimals, ~0.1 m).
    public let lon: String
    public let lat: String

    public init(lon: Double, lat: Double) {
        self.lon = String(format: "%.6f", lon)
        self.lat = String(format: "%.6f", lat)
    }

    /// The plane `crs` names, if it is one made by `identifier` (the exact text; any other PROJ string is not).
    public init?(_ crs: CRSIdentifier) {
        guard crs.authority == "PROJ", crs.code.hasPrefix("+proj=tmerc +lat_0=") else { return nil }
        let words = crs.code.split(separator: " ")
        guard words.count > 2, words[1].hasPrefix("+lat_0="), words[2].hasPrefix("+lon_0=") else { return nil }
        let lat = String(words[1].dropFirst("+lat_0=".count)), lon = String(words[2].dropFirst("+lon_0=".count))
        guard let latValue = Double(lat), let lonValue = Double(lon) else { return nil }
        self.init(lon: lonValue, lat: latValue)
        guard self.lon == lon, self.lat == lat, identifier == crs else { return nil }
    }

    /// The projection's PROJ parameters.
    public var projection: String { "+proj=tmerc +lat_0=\(lat) +lon_0=\(lon) +k=1 +x_0=0 +y_0=0 +ellps=GRS80 +units=m" }

    public var identifier: CRSIdentifier { CRSIdentifier(projString: projection + " +no_defs +type=crs") }

    /// CGCS2000 lon/lat degrees (x = east) to the plane's easting/northing.
    public var fromLonLatPipeline: String { "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step " + projection }

    /// The plane's easting/northing to CGCS2000 lon/lat degrees (x = east).
    public var toLonLatPipeline: String { "+proj=pipeline +step +inv " + projection + " +step +proj=unitconvert +xy_in=rad +xy_out=deg" }

    public func transformerFromLonLat(in context: PROJContext) throws -> Transformer {
        try Transformer(pipeline: fromLonLatPipeline, from: .cgcs2000, to: identifier, in: context)
    }

    public func transformerToLonLat(in context: PROJContext) throws -> Transformer {
        try Transformer(pipeline: toLonLatPipeline, from: identifier, to: .cgcs2000, in: context)
    }

    /// The pipeline transformer between CGCS2000 lon/lat and a centred plane, either way; nil for any other pair
    /// (those take `proj_create_crs_to_crs`).
    public static func lonLatTransformer(from source: CRSIdentifier, to target: CRSIdentifier, in context: PROJContext) throws -> Transformer? {
        if source == .cgcs2000, let plane = CentredTransverseMercator(target) { return try plane.transformerFromLonLat(in: context) }
        if target == .cgcs2000, let plane = CentredTransverseMercator(source) { return try plane.transformerToLonLat(in: context) }
        return nil
    }
}

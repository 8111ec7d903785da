import MineScreenNative
import MineScreenIO

/// One piece of a layer's overlap with a block: a whole feature the block covers, or a geometry made for the
/// block (a cut, a union). A whole feature's GEOS form is made only if the piece's geometry is needed (a union,
/// an outline, a difference): on the area-only paths most covered parcels never need one.
enum OverlapPart {
    case feature(CheckedFeature)
    case made(GEOSGeom)

    func geometry() throws -> GEOSGeom {
        switch self {
        case .feature(let feature): return try feature.geometry
        case .made(let geometry): return geometry
        }
    }
}

import Foundation
import MineScreenSupport
import MineScreenGeometry
import MineScreenNative

/// `--pipeline`: the user's own PROJ pipeline from the file's coordinates to CGCS2000 lon/lat, for data
/// on a datum with no exact public transformation (Xi'an 1980, Beijing 1954). It replaces the file's CRS.
enum PipelineInput {
    static func apply(_ definition: String, to file: FeatureFile, path: String) throws -> FeatureFile {
        let context = PROJContext()
        let operation: PipelineOperation
        do {
            operation = try PipelineOperation(definition, in: context)
        } catch let error as PROJError {
            throw InputError.invalidArgument("\(path): --pipeline: \(error.message)")
        }
        var moved = file
        moved.crs = .cgcs2000
        moved.crsSource = "the user's PROJ pipeline (--pipeline), from the coordinates as read"
        for k in moved.features.indices {
            guard moved.features[k].readProblem == nil, let geometry = moved.features[k].geometry else { continue }
            switch map(geometry, operation) {
            case .success(let g):
                moved.features[k].geometry = g
                if let problem = outsideLonLat(g) { moved.features[k].readProblem = problem }
            case .failure(let failure):
                moved.features[k].readProblem = "the PROJ pipeline fails at \(formatJSONNumber(failure.at.x)),\(formatJSONNumber(failure.at.y)): \(failure.reason)"
            }
        }
        return moved
    }

    static func map(_ geometry: Geometry, _ operation: PipelineOperation) -> Result<Geometry, PipelineFailure> {
        do {
            return .success(try geometry.mappingPositionRuns { try operation.transformed($0).get() })
        } catch let failure as PipelineFailure {
            return .failure(failure)
        } catch {
            return .failure(PipelineFailure(at: Position(.nan, .nan), reason: "\(error)"))
        }
    }

    /// A pipeline that ends in metres, radians or swapped axes gives numbers that are not lon/lat in China's
    /// range: say so rather than analyse nonsense.
    static func outsideLonLat(_ geometry: Geometry) -> String? {
        var bad: Position?
        var swapped = false
        geometry.forEachPosition { p in
            // Latitude first (a pipeline ending in a CRS with EPSG axis order) lands inside China swapped.
            if (3...54).contains(p.x), (73...136).contains(p.y) { swapped = true }
            if bad == nil, !(-180...180).contains(p.x) || !(-90...90).contains(p.y) || swapped { bad = p }
        }
        guard let bad else { return nil }
        if swapped {
            return "the PROJ pipeline gives \(formatJSONNumber(bad.x)),\(formatJSONNumber(bad.y)): latitude, longitude? it must end in longitude, latitude (add +step +proj=axisswap +order=2,1)"
        }
        return "the PROJ pipeline gives \(formatJSONNumber(bad.x)),\(formatJSONNumber(bad.y)), not CGCS2000 longitude, latitude in degrees (end it with +step +proj=unitconvert +xy_in=rad +xy_out=deg?)"
    }
}

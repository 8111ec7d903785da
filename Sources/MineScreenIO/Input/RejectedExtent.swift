import Foundation
import MineScreenGeometry
import MineScreenNative

/// Where a rejected feature lies, as a CGCS2000 lon/lat box, so that a screening can tell which blocks it may
/// touch. Only a box every position of the feature is inside is returned: a feature with no readable
/// coordinates, or with a position that cannot be placed in lon/lat, has an unknown location (nil).
package enum RejectedExtent {
    static func of(_ feature: Feature, crs: ResolvedCRS, _ workspace: ThreadWorkspace) -> LonLatBox? {
        guard feature.readProblem == nil, let geometry = feature.geometry else { return nil }
        var positions: [Position] = []
        var allFinite = true
        geometry.forEachPosition { p in
            if p.isFinite { positions.append(p) } else { allFinite = false }
        }
        guard allFinite, !positions.isEmpty else { return nil }
        // Positions outside the CRS (that do not survive the round trip, as `check` judges them) come out of PROJ as
        // numbers that are no place: such a feature's location is unknown.
        var lonLat = positions
        if crs.isGeographic {
            guard positions.allSatisfy({ abs($0.x) <= 180 && abs($0.y) <= 90 }) else { return nil }
            if crs.identifier != .cgcs2000 {
                guard let transformer = try? workspace.transformer(from: crs.identifier, to: .cgcs2000),
                      (try? transformer.transform(&lonLat)) != nil else { return nil }
            }
        } else {
            do {
                if try FeatureValidator.firstOutsideCRS(positions, crs: crs, workspace, lonLat: &lonLat) != nil { return nil }
            } catch {
                return nil
            }
        }
        guard lonLat.allSatisfy({ $0.isFinite && abs($0.x) <= 180 && abs($0.y) <= 90 }) else { return nil }
        return LonLatBox(lonLat, wrapping: true)
    }
}

import MineScreenGeometry
import MineScreenNative
import MineScreenIO

/// `OverlapPath.convexClip`: a convex feature that the block cuts in one piece is clipped in Swift
/// (Sutherland–Hodgman, `ConvexClip`) and measured geodesically. A piece near the noise limits goes to the
/// overlay, which decides it as on `geos`.
extension OverlapEngine {
    /// Cuts the features the block meets, convex ones without GEOS where the piece is clearly real.
    /// `blockPolygons`: the block in the layer's plane when made already; otherwise made at the first convex
    /// feature.
    func cutConvexFirst(_ contacts: BlockContacts, block: CheckedFeature, blockPolygons: [Polygon]?,
                        into pieces: inout LayerPieces, _ workspace: ThreadWorkspace) throws {
        var blockPolygons = blockPolygons
        for (c, covered) in zip(contacts.features, contacts.covered) {
            if covered {
                try addCoveredFeature(c, to: &pieces, workspace)
                continue
            }
            if try addBlockInsideFeature(c, to: &pieces, workspace) { continue }
            if let ring = Self.convexRing(of: pieces.layer.features[c]) {
                let polygons = try blockPolygons ?? self.blockPolygons(block, in: pieces.plane, workspace)
                blockPolygons = polygons
                if ConvexClip.cutShape(polygons, by: ring) == .onePiece {
                    let cut = ConvexClip.clip(polygons, by: ring)
                    if cut.isEmpty { continue }
                    if let area = try clearlyRealArea(ofConvexCut: cut, in: pieces.plane, workspace) {
                        pieces.addMeasuredCut(c, area: area)
                        continue
                    }
                }
            }
            try addIntersection(c, to: &pieces, workspace)
        }
    }

    /// The outer ring of a feature that is one convex polygon without holes, else nil.
    static func convexRing(of feature: CheckedFeature) -> [Position]? {
        guard case .polygon(let polygon) = feature.shape, polygon.rings.count == 1, ConvexClip.isConvex(polygon.rings[0])
        else { return nil }
        return polygon.rings[0]
    }

    /// The geodesic area of a convex cut (in `plane`) when it is at least `clearlyRealArea` and
    /// `clearlyRealWidth`, so that it counts without the overlay; nil leaves it to the overlay.
    func clearlyRealArea(ofConvexCut cut: [Polygon], in plane: ResolvedCRS, _ workspace: ThreadWorkspace) throws -> Double? {
        let lonLatCut = try workspace.lonLat(cut, from: plane.identifier)
        let (area, perimeter) = workspace.clock.measure(.area) { workspace.geodesic.measure(lonLatCut) }
        return area >= Self.clearlyRealArea && 2 * area / perimeter >= Self.clearlyRealWidth ? area : nil
    }
}

import MineScreenGeometry
import MineScreenNative
import MineScreenIO

/// `OverlapPath.edgeSums`: a coverage whose pieces in the block are measured together, edge by edge
/// (`EdgeAreaSum`), in the layer's own CRS. Edges that features share cancel, so only the outline of their union
/// is measured geodesically (its vertices taken to lon/lat).
extension OverlapEngine {
    /// Cuts the features the block meets. Features inside the block and clearly real convex cuts go into one
    /// edge sum (`pieces.edgeSum`), with NaN as their own areas; other features are cut as on `convexClip`.
    /// `blockPolygons`: the block in the layer's plane, strictly between 0° and 180° E in lon/lat.
    func cutByEdgeSums(_ contacts: BlockContacts, blockPolygons: [Polygon], into pieces: inout LayerPieces,
                       _ workspace: ThreadWorkspace) throws {
        var edgeSum = EdgeAreaSum()
        for (c, covered) in zip(contacts.features, contacts.covered) {
            let feature = pieces.layer.features[c]
            if covered {
                edgeSum.add(feature.shape.polygons ?? [])
                pieces.addWhole(c, area: .nan)
                continue
            }
            if try addBlockInsideFeature(c, to: &pieces, workspace) { continue }
            if let ring = Self.convexRing(of: feature) {
                switch ConvexClip.cutShape(blockPolygons, by: ring) {
                case .pieces:
                    // Cut into pieces: summed edge by edge, the bridges between the pieces split so that they cancel.
                    let (cut, edges) = ConvexClip.cutEdges(blockPolygons, by: ring)
                    if cut.isEmpty { continue }
                    if try Self.clearlyReal(cut, in: pieces.plane, workspace) {
                        edgeSum.add(edges: edges)
                        pieces.addMeasuredCut(c, area: .nan)
                        continue
                    }
                case .onePiece:
                    let cut = ConvexClip.clip(blockPolygons, by: ring)
                    if cut.isEmpty { continue }
                    if try Self.clearlyReal(cut, in: pieces.plane, workspace) {
                        edgeSum.add(cut)
                        pieces.addMeasuredCut(c, area: .nan)
                        continue
                    }
                    if let area = try clearlyRealArea(ofConvexCut: cut, in: pieces.plane, workspace) {
                        pieces.addMeasuredCut(c, area: area)
                        continue
                    }
                case .unclear:
                    break
                }
            }
            try addIntersection(c, to: &pieces, workspace)
        }
        pieces.edgeSum = edgeSum
    }
}

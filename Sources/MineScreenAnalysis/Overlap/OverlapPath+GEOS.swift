import MineScreenGeometry
import MineScreenNative
import MineScreenIO

/// `OverlapPath.geos`, and the steps every path shares: a feature inside the block enters whole, a feature
/// around the block gives the block itself, and whatever no shortcut settles is cut by GEOS.
extension OverlapEngine {
    /// Cuts every feature the block meets by a GEOS overlay, except those inside it or around it.
    func cutWithGEOS(_ contacts: BlockContacts, into pieces: inout LayerPieces, _ workspace: ThreadWorkspace) throws {
        for (c, covered) in zip(contacts.features, contacts.covered) {
            if covered {
                try addCoveredFeature(c, to: &pieces, workspace)
            } else if try !addBlockInsideFeature(c, to: &pieces, workspace) {
                try addIntersection(c, to: &pieces, workspace)
            }
        }
    }

    /// A feature wholly inside the block enters the union whole, with no intersection. Its area is the one
    /// recorded for the run (`LayerRunState.coveredArea`), measured here where the run measures differently:
    /// as drawn, or with vertices on the block's edges placed on its geodesic edges (a feature may touch the
    /// block mid-edge).
    func addCoveredFeature(_ c: Int, to pieces: inout LayerPieces, _ workspace: ThreadWorkspace) throws {
        let feature = pieces.layer.features[c]
        let recordedHolds = !measuresAsDrawn && workspace.boundaryPlacement == nil
        let known = recordedHolds ? pieces.state.coveredArea(of: c) : .nan
        pieces.addWhole(c, area: known.isNaN ? try workspace.overlayArea(feature.shape.polygons ?? [], crs: pieces.plane.identifier) : known)
    }

    /// When feature `c` covers the block, the overlap is the block itself, exactly: added, and true.
    func addBlockInsideFeature(_ c: Int, to pieces: inout LayerPieces, _ workspace: ThreadWorkspace) throws -> Bool {
        guard try workspace.geos.covers(pieces.layer.features[c].geometry, pieces.block) else { return false }
        pieces.add(c, part: pieces.block,
                   area: measuresAsDrawn ? try workspace.overlayArea(pieces.block, crs: pieces.plane.identifier) : pieces.blockArea)
        return true
    }

    /// The block cut with feature `c` by the floating overlay. A piece that is overlay noise (`isOverlap`) is
    /// dropped.
    func addIntersection(_ c: Int, to pieces: inout LayerPieces, _ workspace: ThreadWorkspace) throws {
        let plane = pieces.plane.identifier
        let piece = try workspace.geos.intersection(pieces.block, pieces.layer.features[c].geometry)
        let piecePolygons = try workspace.geos.polygons(of: piece)
        let lonLatPiece = try workspace.lonLat(piecePolygons, from: plane)
        let (real, area) = workspace.clock.measure(.area) { Self.isOverlap(lonLatPiece, workspace.geodesic) }
        guard real else { return }
        pieces.add(c, part: piece, area: measuresAsDrawn ? try workspace.overlayArea(piecePolygons, crs: plane) : area)
    }
}

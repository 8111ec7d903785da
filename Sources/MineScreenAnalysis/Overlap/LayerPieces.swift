import MineScreenGeometry
import MineScreenNative
import MineScreenIO

/// The pieces of one layer's features inside one block, gathered by the layer's `OverlapPath` and then combined
/// into the layer's overlap (`OverlapEngine.overlap`).
struct LayerPieces {
    let layer: ConstraintLayer
    /// The run's state of `layer`.
    let state: LayerRunState
    /// The block in the layer's plane.
    let block: GEOSGeom
    /// The block's area as the run measures it (m²).
    let blockArea: Double
    /// Features (indices in the layer) with a piece, in the order the block met them.
    var hits: [Int] = []
    /// One per hit, in the layer's plane: the whole feature, the block itself, or their intersection.
    var parts: [OverlapPart] = []
    /// The area (m²) of each part as the run measures it; NaN for a part measured together with others in `edgeSum`.
    var partAreas: [Double] = []
    /// Parts that still hold the whole feature: the cut is measured already and made only if its geometry is
    /// needed (`OverlapEngine.materialiseCuts`).
    var pendingCuts: [Int] = []
    /// Whole features and clearly real cuts measured together (`OverlapPath.edgeSums`); nil on other paths.
    var edgeSum: EdgeAreaSum?

    var plane: ResolvedCRS { layer.crs }

    init(layer: ConstraintLayer, state: LayerRunState, block: GEOSGeom, blockArea: Double) {
        self.layer = layer
        self.state = state
        self.block = block
        self.blockArea = blockArea
    }

    mutating func add(_ feature: Int, part: GEOSGeom, area: Double) {
        add(feature, part: .made(part), area: area)
    }

    /// A feature the block covers whole: the feature is the piece.
    mutating func addWhole(_ feature: Int, area: Double) {
        add(feature, part: .feature(layer.features[feature]), area: area)
    }

    /// A cut measured without being made: the whole feature stands for it until the cut is needed.
    mutating func addMeasuredCut(_ feature: Int, area: Double) {
        pendingCuts.append(parts.count)
        addWhole(feature, area: area)
    }

    private mutating func add(_ feature: Int, part: OverlapPart, area: Double) {
        hits.append(feature)
        parts.append(part)
        partAreas.append(area)
    }
}

import Foundation
import MineScreenNative

extension OverlapEngine {
    /// For every block and layer, how many rejected features of the layer may touch the block (the test `screen`
    /// uses for `unverified`): an overlap of 0 next to such a feature is not proof of no overlap.
    func countRejectedNearby(_ results: inout [BlockOverlap]) {
        let index = RejectedFeatureIndex(layers.map { ScreenLayer(layer: $0, bufferMetres: nil) })
        guard !index.isEmpty else { return }
        let byIndex = Dictionary(blocks.features.map { ($0.feature.index, $0) }, uniquingKeysWith: { first, _ in first })
        let workspace = ThreadWorkspace()
        for k in results.indices {
            // A block that cannot be placed in lon/lat is near every rejected feature (an empty box meets all).
            let lonLat = byIndex[results[k].index].flatMap { try? workspace.lonLat($0.shape.polygons ?? [], from: blocks.crs.identifier) } ?? []
            let near = index.near(lonLat)
            results[k].rejectedNearby = layers.map { layer in near.first { $0.layer == layer.name }?.total ?? 0 }
        }
    }
}

import MineScreenKit

/// Reads the blocks before the layers when some layer is a database table (`PG:`), and gives each such
/// layer's options the blocks' extent as its spatial filter; nil (nothing read) when every layer is a file.
func readBlocksFirst(_ blocks: String, options: LoadOptions, for layers: [String], into layerOptions: inout [LoadOptions],
                     bufferMetres: [Double?]? = nil) throws -> LoadedLayer? {
    guard layers.contains(where: PostGISConnection.isConnection) else { return nil }
    let blockLayer = try loadInput(path: blocks, options: options)
    let around = BlockExtentFilter.around(blockLayer)
    for (k, path) in layers.enumerated() where PostGISConnection.isConnection(path) {
        layerOptions[k].spatialFilter = around.map {
            $0.forLayer(layerOptions[k], bufferMetres: bufferMetres?[k] ?? nil)
        }
    }
    return blockLayer
}

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
            databaseFilter($0, options: layerOptions[k], bufferMetres: bufferMetres?[k] ?? nil)
        }
    }
    return blockLayer
}

/// The blocks' extent widened for one layer: by its corridor width (a line that far away, buffered, reaches
/// a block), and by 2 km when the layer's datum is the user's (`towgs84`, `pipeline`: GDAL's transformation
/// of the rectangles may differ from the user's by up to hundreds of metres); by 1 m otherwise.
func databaseFilter(_ filter: BlockExtentFilter, options: LoadOptions, bufferMetres: Double?) -> BlockExtentFilter {
    let datumMargin = options.towgs84 != nil || options.pipeline != nil ? 2000.0 : 1.0
    return filter.widened(byMetres: datumMargin + max(0, bufferMetres ?? 0))
}

import MineScreenGeometry

extension DrawnArea {
    /// Area (m²) of polygons whose edges are straight in `crs`: exterior minus holes, summed over parts.
    public func area(_ polygons: [Polygon], in crs: CRSIdentifier, _ workspace: ThreadWorkspace) throws -> Double {
        if crs.isCGCS2000EquivalentLonLat { return lonLatArea(polygons) }
        let transformer = try workspace.transformer(from: crs, to: .cgcs2000)
        var total = 0.0
        for polygon in polygons {
            for (r, ring) in polygon.rings.enumerated() {
                let ringArea = try planeRingArea(ring) { try transformer.transform(&$0) }
                total += r == 0 ? ringArea : -ringArea
            }
        }
        return total
    }
}

import MineScreenGeometry
import MineScreenNative
import MineScreenIO
extension OverlapEngine {
    /// A block's overlaps and conflict measured on boundaries (`BoundaryOverlay`) instead of cut and unioned by
    /// GEOS; the area-only path when every layer is in one data CRS (lon/lat or projected), measured there edge by
    /// edge, each edge as the geodesic between its vertices taken to lon/lat.
    ///
    /// The coverage with most features in the block (farmland parcels) is measured by `overlap` on its own
    /// path (`OverlapPath.edgeSums`); the other layers' features (red lines, urban boundaries) enter whole as the
    /// overlay's subjects, and the outline of the coverage's pieces is what the conflict leaves out:
    /// conflict = area(coverage) + area(block ∩ ⋃subjects ∖ coverage). Nil when this does not apply or the
    /// overlay cannot decide (regions touching, a piece near the noise limits): the caller then overlays with
    /// GEOS, which decides such cases as always.
    func boundaryAnalysis(_ block: CheckedFeature, blockArea: Double, _ workspace: ThreadWorkspace) throws -> BlockOverlap? {
        guard measuredOnBoundaries, let plane = layers.first?.crs, layerStates.count == layers.count,
              layerStates.allSatisfy({ $0.contacts != nil })
        else { return nil }
        let polygons = try blockPolygons(block, in: plane, workspace)
        var box = Box()
        box.add(polygons)
        guard try OverlapPath.sumsEdgeTerms(for: polygons, in: plane, workspace) else { return nil }
        let contacts = layerStates.map { $0.contacts?[block.feature.index] ?? BlockContacts() }
        let coverage = layers.indices.filter { layerStates[$0].isCoverage && contacts[$0].features.count >= 8 }
            .max { contacts[$0].features.count < contacts[$1].features.count }

        // Plane estimates for noise decisions: lon/lat scaled at the block's latitude, a projected plane by its
        // scale at the block.
        var scale: (x: Double, y: Double)?
        if !plane.isGeographic {
            let centre = Position((box.minX + box.maxX) / 2, (box.minY + box.maxY) / 2)
            guard let local = try workspace.metresPerUnit(in: plane.identifier, near: centre, step: max(box.width, box.height) / 8)
            else { return nil }
            scale = local
        }
        var overlay = BoundaryOverlay(clip: polygons, layerCount: layers.count, metresPerUnit: scale)
        var subjects: [(layer: Int, feature: Int)] = []
        var subjectsBox = Box()
        for l in layers.indices where l != coverage {
            // Features that overlap each other are unioned group by group, the groups added up (as `overlap` does).
            let features = contacts[l].features
            let groups = Self.overlapGroups(of: Array(features.indices), hits: features, layerStates[l])
            var groupOf = [Int](repeating: 0, count: features.count)
            for (g, group) in groups.enumerated() { for k in group { groupOf[k] = subjects.count + g } }
            for (k, c) in features.enumerated() {
                let shape = layers[l].features[c].shape.polygons ?? []
                overlay.addSubject(shape, layer: l, group: groupOf[k])
                subjectsBox.add(shape)
                subjects.append((l, c))
            }
        }
        var coverageOverlap: LayerOverlap?
        if let coverage {
            let work = try overlap(block, blockArea: blockArea, with: layers[coverage], workspace)
            coverageOverlap = work.overlap
            if work.overlap.area > 0, !subjects.isEmpty {
                // Only pieces that can meet a subject inside the block change what the subjects add.
                var near = EdgeAreaSum()
                for c in work.overlap.featureIndices {
                    let shape = layers[coverage].features[c].shape.polygons ?? []
                    var parcelBox = Box()
                    parcelBox.add(shape)
                    if subjectsBox.meets(parcelBox), box.meets(parcelBox) { near.add(shape) }
                }
                guard let outline = near.outline else { return nil }
                overlay.setMinus(rings: BoundaryOverlay.rings(of: outline))
            }
        }
        let term = try workspace.edgeAreaTerm(in: plane.identifier)
        guard let sums = workspace.clock.measure(.union, { overlay.measure { -term($0, $1) } }),
              sums.layers.allSatisfy(\.isFinite), sums.rest.isFinite else { return nil }

        var hits = [[Int]](repeating: [], count: layers.count)
        for (s, subject) in subjects.enumerated() where sums.subjectPerimeter[s] > 0 {
            let (area, perimeter) = (sums.subjectArea[s], sums.subjectPerimeter[s])
            // Pieces near the noise limits are the overlay's to judge (`isOverlap`).
            guard area >= 10 * Self.numericalZeroArea, 2 * area / perimeter >= 10 * Self.numericalZeroWidth else { return nil }
            hits[subject.layer].append(subject.feature)
        }
        var overlaps: [LayerOverlap] = []
        for (l, layer) in layers.enumerated() {
            if l == coverage, let coverageOverlap {
                overlaps.append(coverageOverlap)
                continue
            }
            let area = hits[l].isEmpty ? 0 : min(max(sums.layers[l], 0), blockArea)
            overlaps.append(LayerOverlap(layer: layer.name, area: area, percent: blockArea > 0 ? area / blockArea * 100 : 0,
                                         featureIndices: hits[l], featureIDs: hits[l].map { layer.features[$0].feature.id }))
        }
        let hitAreas = overlaps.map(\.area).filter { $0 > 0 }
        var conflict = hitAreas.first ?? 0
        if hitAreas.count > 1 {
            let together = (coverageOverlap?.area ?? 0) + max(sums.rest, 0)
            conflict = min(max(together, hitAreas.max() ?? 0), blockArea)
        }
        return BlockOverlap(index: block.feature.index, id: block.feature.id, area: blockArea,
                            overlaps: overlaps, conflict: conflict, repairNote: block.repairNote)
    }
}

import Foundation
import MineScreenNative
import MineScreenIO

/// `--cache` for `screen`: each block's overlaps, conflict, remainder and corridors (`screenOverlaps`) are looked
/// up before they are computed and stored after; what depends on other blocks, on rejected features or on the
/// block's attributes (`complete`) is computed on every run.
extension ScreenEngine {
    /// The keys of all blocks, after the plain layers were prepared (`prepareLayers`).
    func cacheKeys(plain: OverlapEngine, threads: Int) -> BlockCacheKeys {
        var context = CacheByteWriter()
        context.string("screen")
        context.string(areaMethod.rawValue)
        context.bool(keepRemainder)
        context.bool(keepGeometry)
        context.double(rules.toleranceM2)
        context.double(rules.minCleanAreaM2)
        context.string(String(describing: blocks.crs))
        context.int(layers.count)
        // The plain engine holds the unbuffered layers only, in order: its states are found by that position.
        var plainPosition = 0
        let states = layers.map { screenLayer -> LayerRunState in
            guard screenLayer.bufferMetres == nil else { return LayerRunState() }
            defer { plainPosition += 1 }
            return plain.layerState(plainPosition)
        }
        for (l, screenLayer) in layers.enumerated() {
            context.string(screenLayer.layer.name)
            context.string(String(describing: screenLayer.layer.crs))
            context.optional(screenLayer.bufferMetres) { $0.double($1) }
            context.bool(states[l].isCoverage)
        }
        return BlockCacheKeys(blocks: blocks, layers: layers.map(\.layer), context: context, threads: threads,
                              candidates: { block, l, workspace in try candidates(of: block, layers[l], plain: plain, workspace) },
                              describe: { l, candidates, writer in
                                  if layers[l].bufferMetres == nil { OverlapEngine.describeOverlapping(states[l], candidates, &writer) }
                              })
    }

    /// The features of a layer that could change the block's result: those whose envelope meets the block's
    /// (plain layers), or comes within the buffer of it (corridors; with the map's surroundings for `keepGeometry`).
    func candidates(of block: CheckedFeature, _ screenLayer: ScreenLayer, plain: OverlapEngine, _ workspace: ThreadWorkspace) throws -> [Int] {
        let layer = screenLayer.layer
        guard let buffer = screenLayer.bufferMetres else {
            return try layer.tree.query(try plain.blockGeometry(block, in: layer.crs, workspace), in: workspace.geos)
        }
        var reach = buffer
        if keepGeometry {
            let local = Self.blockCentredPlane(try workspace.lonLat(block.shape.polygons ?? [], from: blocks.crs.identifier))
            reach += Self.span(try blockPolygons(block, in: local, workspace))
        }
        let inLayer = try workspace.reproject(block.shape.polygons ?? [], from: blocks.crs.identifier, to: layer.crs.identifier)
        let search = try workspace.geos.makeGeometry([Self.expandedEnvelope(inLayer, by: reach, geographic: layer.crs.isGeographic)])
        return try layer.tree.query(search, in: workspace.geos)
    }

    /// `screenOverlaps`, through the cache when the block has a key.
    func screenedThroughCache(_ block: CheckedFeature, plain: OverlapEngine, keys: BlockCacheKeys?,
                              _ workspace: ThreadWorkspace) throws -> BlockScreening {
        guard let cache else { return try screenOverlaps(block, plain: plain, workspace) }
        guard let (key, candidates) = keys?.keys[block.feature.index] else {
            cache.countUncached()
            return try screenOverlaps(block, plain: plain, workspace)
        }
        if var cached = cache.lookup(key, decode: { try decodeScreening($0, candidates: candidates) }) {
            cached.index = block.feature.index
            cached.id = block.feature.id
            cached.repairNote = block.repairNote
            return cached
        }
        let result = try screenOverlaps(block, plain: plain, workspace)
        if let payload = encodeScreening(result, candidates: candidates) { cache.store(key, payload: payload) }
        return result
    }

    func encodeScreening(_ result: BlockScreening, candidates: [[Int]]) -> [UInt8]? {
        var writer = CacheByteWriter()
        func overlap(_ overlap: LayerOverlap) -> Bool {
            guard let l = layers.firstIndex(where: { $0.layer.name == overlap.layer }) else { return false }
            return LayerOverlapCoding.encode(overlap, layer: l, candidates: candidates[l], &writer)
        }
        writer.double(result.area)
        writer.double(result.conflict)
        writer.string(result.verdict.rawValue)
        writer.int(result.reasons.count)
        for reason in result.reasons {
            guard overlap(reason.overlap) else { return nil }
            writer.optional(reason.minDistanceMetres) { $0.double($1) }
        }
        writer.int(result.slivers.count)
        for sliver in result.slivers { guard overlap(sliver) else { return nil } }
        writer.optional(result.remainder) { $0.polygons($1) }
        writer.optional(result.remainderArea) { $0.double($1) }
        writer.int(result.corridors.count)
        for corridor in result.corridors {
            guard let l = layers.firstIndex(where: { $0.layer.name == corridor.layer }) else { return nil }
            writer.int(l)
            writer.polygons(corridor.polygons)
        }
        return writer.bytes
    }

    func decodeScreening(_ payload: [UInt8], candidates: [[Int]]) throws -> BlockScreening {
        var reader = CacheByteReader(payload)
        let constraintLayers = layers.map(\.layer)
        let area = try reader.double()
        let conflict = try reader.double()
        guard let verdict = Verdict(rawValue: try reader.string()) else { throw CacheByteReader.Damaged() }
        var reasons: [ScreenReason] = []
        for _ in 0..<(try reader.count()) {
            let overlap = try LayerOverlapCoding.decode(&reader, layers: constraintLayers, candidates: candidates)
            reasons.append(ScreenReason(overlap: overlap, minDistanceMetres: try reader.optional { try $0.double() }))
        }
        var slivers: [LayerOverlap] = []
        for _ in 0..<(try reader.count()) {
            slivers.append(try LayerOverlapCoding.decode(&reader, layers: constraintLayers, candidates: candidates))
        }
        var result = BlockScreening(index: 0, id: "", area: area, verdict: verdict, conflict: conflict, reasons: reasons,
                                    slivers: slivers, overlapsWith: [])
        result.remainder = try reader.optional { try $0.polygons() }
        result.remainderArea = try reader.optional { try $0.double() }
        for _ in 0..<(try reader.count()) {
            let l = try reader.int()
            guard layers.indices.contains(l) else { throw CacheByteReader.Damaged() }
            result.corridors.append((layers[l].layer.name, try reader.polygons()))
        }
        guard reader.isAtEnd else { throw CacheByteReader.Damaged() }
        return result
    }
}

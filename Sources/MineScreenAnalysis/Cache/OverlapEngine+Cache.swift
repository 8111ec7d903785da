import Foundation
import MineScreenNative
import MineScreenIO

/// `--cache` for `overlap`: each block's `BlockOverlap` is looked up before it is computed and stored after.
extension OverlapEngine {
    /// What this run learned about layer `l` in `prepareLayers` (nothing, before it).
    func layerState(_ l: Int) -> LayerRunState { l < layerStates.count ? layerStates[l] : LayerRunState() }

    /// Every block's neighbourhood, before `prepareLayers`: the options and layer settings that change results,
    /// and the features of each layer whose envelope meets the block's.
    func neighbourhoods(threads: Int) -> BlockNeighbourhoods {
        var context = CacheByteWriter()
        context.string("overlap")
        context.string(areaMethod.rawValue)
        // The output as two flags, outlines kept and unions snap-rounded for areas alone: the keys' layout.
        context.bool(output == .geometry)
        context.bool(output == .areasWithSnappedUnions)
        context.bool(Self.measuresOnBoundaries(layers, output: output, measuresAsDrawn: measuresAsDrawn))
        context.string(String(describing: blocks.crs))
        context.int(layers.count)
        for layer in layers {
            context.string(layer.name)
            context.string(String(describing: layer.crs))
        }
        return BlockNeighbourhoods(blocks: blocks, layers: layers, context: context, threads: threads,
                                   candidates: { block, l, workspace in
                                       try layers[l].tree.query(try blockGeometry(block, in: layers[l].crs, workspace), in: workspace.geos)
                                   })
    }

    /// The keys of all blocks, after `prepareLayers` (what it decided about the layers is part of the keys).
    func cacheKeys(_ neighbourhoods: BlockNeighbourhoods, threads: Int) -> BlockCacheKeys {
        var decisions = CacheByteWriter()
        let states = layers.indices.map(layerState)
        for state in states { decisions.bool(state.isCoverage) }
        return BlockCacheKeys(neighbourhoods: neighbourhoods, decisions: decisions, threads: threads,
                              describe: { l, candidates, writer in Self.describeOverlapping(states[l], candidates, &writer) })
    }

    /// Per candidate in order: whether it overlaps other features of its layer, and which of the block's
    /// candidates. The overlay unions such features group by group.
    static func describeOverlapping(_ layer: LayerRunState, _ candidates: [Int], _ writer: inout CacheByteWriter) {
        for feature in candidates {
            let overlapping = layer.overlappingFeatures.contains(feature)
            writer.bool(overlapping)
            guard overlapping else { continue }
            let neighbours = (layer.overlapNeighbours[feature] ?? []).compactMap { BlockCacheKeys.position(of: $0, in: candidates) }.sorted()
            writer.int(neighbours.count)
            for n in neighbours { writer.int(n) }
        }
    }

    /// `analyse`, through the cache when the block has a key.
    func analyseThroughCache(_ block: CheckedFeature, keys: BlockCacheKeys?, _ workspace: ThreadWorkspace) throws -> BlockOverlap {
        guard let cache else { return try analyse(block, workspace) }
        guard let (key, candidates) = keys?.keys[block.feature.index] else {
            cache.countUncached()
            return try analyse(block, workspace)
        }
        if var cached = cache.lookup(key, decode: { try decodeOverlap($0, candidates: candidates) }) {
            cached.index = block.feature.index
            cached.id = block.feature.id
            cached.repairNote = block.repairNote
            return cached
        }
        let result = try analyse(block, workspace)
        if let payload = encodeOverlap(result, candidates: candidates) { cache.store(key, payload: payload) }
        return result
    }

    func encodeOverlap(_ result: BlockOverlap, candidates: [[Int]]) -> [UInt8]? {
        var writer = CacheByteWriter()
        writer.double(result.area)
        writer.double(result.conflict)
        writer.int(result.overlaps.count)
        for overlap in result.overlaps {
            guard let l = layers.firstIndex(where: { $0.name == overlap.layer }),
                  LayerOverlapCoding.encode(overlap, layer: l, candidates: candidates[l], &writer) else { return nil }
        }
        return writer.bytes
    }

    func decodeOverlap(_ payload: [UInt8], candidates: [[Int]]) throws -> BlockOverlap {
        var reader = CacheByteReader(payload)
        let area = try reader.double()
        let conflict = try reader.double()
        var overlaps: [LayerOverlap] = []
        for _ in 0..<(try reader.count()) {
            overlaps.append(try LayerOverlapCoding.decode(&reader, layers: layers, candidates: candidates))
        }
        guard reader.isAtEnd else { throw CacheByteReader.Damaged() }
        return BlockOverlap(index: 0, id: "", area: area, overlaps: overlaps, conflict: conflict)
    }
}

/// A `LayerOverlap` in a cache entry: its layer by position, its features by position among the block's
/// candidates of that layer (so that an entry stays right when features elsewhere in the layer are added or
/// removed and indices shift), ids taken from the features themselves when read back.
enum LayerOverlapCoding {
    static func encode(_ overlap: LayerOverlap, layer: Int, candidates: [Int], _ writer: inout CacheByteWriter) -> Bool {
        let positionOf = Dictionary(uniqueKeysWithValues: candidates.enumerated().map { ($1, $0) })
        let positions = overlap.featureIndices.compactMap { positionOf[$0] }
        guard positions.count == overlap.featureIndices.count else { return false }
        writer.int(layer)
        writer.double(overlap.area)
        writer.double(overlap.percent)
        writer.int(positions.count)
        for p in positions { writer.int(p) }
        writer.optional(overlap.lonLatGeometry) { $0.polygons($1) }
        return true
    }

    static func decode(_ reader: inout CacheByteReader, layers: [ConstraintLayer], candidates: [[Int]]) throws -> LayerOverlap {
        let l = try reader.int()
        guard layers.indices.contains(l), candidates.indices.contains(l) else { throw CacheByteReader.Damaged() }
        let area = try reader.double()
        let percent = try reader.double()
        let list = candidates[l]
        var indices: [Int] = []
        for _ in 0..<(try reader.count(minimumSize: 8)) {
            let p = try reader.int()
            guard list.indices.contains(p) else { throw CacheByteReader.Damaged() }
            indices.append(list[p])
        }
        let geometry = try reader.optional { try $0.polygons() }
        let layer = layers[l]
        let features = layer.features
        return LayerOverlap(layer: layer.name, area: area, percent: percent, featureIndices: indices,
                            featureIDs: indices.map { features[$0].feature.id }, lonLatGeometry: geometry)
    }
}

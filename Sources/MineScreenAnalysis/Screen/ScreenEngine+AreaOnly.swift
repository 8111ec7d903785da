import Foundation
import MineScreenSupport
import MineScreenGeometry
import MineScreenNative
import MineScreenIO

/// Screening when only areas are asked for: no remainder, no maps, no corridor layers, ellipsoidal areas.
/// Each block is then measured exactly as `overlap` measures it (`OverlapEngine.analyse`: boundary
/// measurement, edge sums, convex clipping, unions only of features that overlap each other), so screen's
/// conflict is overlap's conflict on the same layers. Where some layer's overlap is a sliver (at or below
/// `tolerance_m2`) the conflict is the union of the other layers only, formed by the same engine.
/// Verdicts, reasons, rejected features nearby and rules for new mines are decided as on the general path
/// (`ScreenEngine.screen`); overlaps between blocks are measured once per pair (`BlockPairOverlaps`).
extension ScreenEngine {
    /// True when this run can take the area-only path.
    public var takesAreaOnlyPath: Bool {
        !keepRemainder && !keepGeometry && areaMethod == .ellipsoidal && !layers.isEmpty
            && layers.allSatisfy { $0.bufferMetres == nil }
    }

    /// The overlap engine of the area-only path: the layers as they are, unions unsnapped.
    var areaOnlyEngine: OverlapEngine {
        var engine = OverlapEngine(blocks: blocks, layers: layers.map(\.layer))
        engine.areaMethod = areaMethod
        return engine
    }

    func runAreaOnly(threads: Int, progress: ((Int) -> Void)?) -> ScreenResult {
        var prepared = areaOnlyEngine
        prepared.cache = cache
        // With `--cache`, each block's overlaps go through the overlap engine's cache: the same computation as
        // `overlap`'s, so its entries serve both commands; verdicts are decided from them on every run.
        let keys = timings.wall(.index) { prepared.prepare(threads: threads) }
        let engine = prepared
        let blockPairs = timings.wall(.intersect) { BlockPairOverlaps(blocks: blocks, threads: threads, cache: cache) }
        let rejectedIndex = RejectedFeatureIndex(layers)
        var (results, rejected) = timings.parallel {
            blocks.analyseEach(threads: threads, progress: progress, timings: timings) { block, workspace in
                try workspace.clock.measure(.intersect) {
                    try screenAreaOnly(block, engine: engine, keys: keys, blockPairs: blockPairs, rejectedIndex: rejectedIndex, workspace)
                }
            }
        }
        for layer in layers { rejected += layer.layer.loaded.rejected.map { var r = $0; r.layer = layer.layer.name; return r } }
        return ScreenResult(blocks: blocks, layers: layers, rules: rules, results: results, rejected: rejected, areaMethod: areaMethod)
    }

    func screenAreaOnly(_ block: CheckedFeature, engine: OverlapEngine, keys: BlockCacheKeys? = nil, blockPairs: BlockPairOverlaps?,
                        rejectedIndex: RejectedFeatureIndex?, _ workspace: ThreadWorkspace) throws -> BlockScreening {
        let measured = try engine.analyseThroughCache(block, keys: keys, workspace)
        let blockArea = measured.area
        var reasons: [ScreenReason] = []
        var slivers: [LayerOverlap] = []
        for overlap in measured.overlaps {
            if overlap.area > rules.toleranceM2 {
                reasons.append(ScreenReason(overlap: overlap, minDistanceMetres: nil))
            } else if overlap.area > 0 {
                slivers.append(overlap)
            }
        }
        var conflict = measured.conflict
        if !slivers.isEmpty {
            // The conflict is the union of the layers above tolerance only: formed again without the slivers.
            var conflicting = try engine.layers.filter { layer in reasons.contains { $0.overlap.layer == layer.name } }
                .map { try engine.overlap(block, blockArea: blockArea, with: $0, workspace) }
            conflict = try workspace.clock.measure(.union) {
                try OverlapEngine.conflict(of: &conflicting, otherwiseIn: blocks.crs, blockArea: blockArea, keepGeometry: false,
                                           blockIn: { try engine.blockPolygons(block, in: $0, workspace) }, workspace).area
            }
        }
        let cleanArea = blockArea - conflict
        var verdict: Verdict = reasons.isEmpty ? .clean
            : cleanArea > 0 && cleanArea >= rules.minCleanAreaM2 ? .needsCut : .blocked
        let lonLat = try workspace.lonLat(block.shape.polygons ?? [], from: blocks.crs.identifier)
        let rejectedNearby = rejectedIndex?.near(lonLat) ?? []
        if !rejectedNearby.isEmpty, verdict != .blocked { verdict = .unverified }
        let ruleReasons = rules.newMines?.check(block.feature) ?? []
        if !ruleReasons.isEmpty { verdict = .blocked }
        var result = BlockScreening(index: block.feature.index, id: block.feature.id, area: blockArea, verdict: verdict,
                                    conflict: conflict, reasons: reasons, slivers: slivers,
                                    overlapsWith: try blockPairs?.overlaps(of: block) ?? [],
                                    repairNote: block.repairNote)
        result.rejectedNearby = rejectedNearby
        result.ruleReasons = ruleReasons
        return result
    }
}

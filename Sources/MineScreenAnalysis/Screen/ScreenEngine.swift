import Foundation
import MineScreenSupport
import MineScreenGeometry
import MineScreenNative
import MineScreenIO

/// A constraint layer of a screening run: overlaid as is, or as a corridor of `bufferMetres` around it.
public struct ScreenLayer {
    public var layer: ConstraintLayer
    public var bufferMetres: Double?
    public init(layer: ConstraintLayer, bufferMetres: Double?) {
        self.layer = layer
        self.bufferMetres = bufferMetres
    }
}

/// A block's screening outcome: clean, to be cut, blocked, or not certifiable because of a rejected feature.
public enum Verdict: String, Sendable {
    case clean
    case needsCut = "needs-cut"
    case blocked
    /// Not blocked by what was analysed, but a rejected feature of some layer may touch the block: it cannot be
    /// certified `clean` (or cut) as if that feature did not exist.
    case unverified
}

/// One layer above tolerance: why a block is not clean.
public struct ScreenReason: Sendable {
    public var overlap: LayerOverlap
    /// Corridor layers: ground distance from the block to the nearest feature.
    public var minDistanceMetres: Double?
}

/// One block's screening: its area, verdict, conflict and clean rest in m², and the reasons per layer.
public struct BlockScreening: Sendable {
    public var index: Int
    public var id: String
    public var area: Double
    public var verdict: Verdict
    public var conflict: Double
    public var clean: Double { area - conflict }
    public var reasons: [ScreenReason]
    /// Per layer, rejected features that may touch the block (the reasons for `unverified`).
    public var rejectedNearby: [RejectedNearby] = []
    /// The plans' rules for new mines the block breaks (or cannot be judged by): each makes it `blocked`.
    public var ruleReasons: [NewMineReason] = []
    /// Layers whose overlap was at or below tolerance: slivers, not reasons (kept for the record).
    public var slivers: [LayerOverlap]
    public var overlapsWith: [(id: String, area: Double)]
    /// Clean remainder in CGCS2000 lon/lat, when asked for.
    public var remainder: [Polygon]?
    public var remainderArea: Double?
    public var repairNote: String?
    /// Corridors around the block (lon/lat, clipped to the block's surroundings), for maps; kept with `keepGeometry`.
    public var corridors: [(layer: String, polygons: [Polygon])] = []
}

/// What a ``ScreenEngine`` run found: one ``BlockScreening`` per accepted block, and the rejected features.
public struct ScreenResult {
    public var blocks: LoadedLayer
    public var layers: [ScreenLayer]
    public var rules: ScreeningRules
    public var results: [BlockScreening]
    public var rejected: [Rejection]
    public var areaMethod: AreaMethod = .ellipsoidal
}

/// Clean-ore screening: the overlap engine per layer, corridors for buffered layers, tolerance,
/// verdicts, clean remainders and overlaps between candidate blocks.
///
/// Corridors are cut per block in a transverse Mercator centred on the block (scale factor 1 at its
/// centre, conformal; within 10 km of the centre the scale differs from 1 by less than 1.3e-6). They are
/// buffered once per run, each feature in a plane centred on it (`CorridorZones`), or per block in the block's
/// plane (`corridorsPerBlock`, and features too wide for one plane), so `buffer_m` is a ground distance.
/// Where layers' overlaps lie in different planes, the conflict union and the remainder are formed in that
/// block-centred plane.
public struct ScreenEngine {
    public var blocks: LoadedLayer
    public var layers: [ScreenLayer]
    public var rules: ScreeningRules
    public var keepRemainder = false
    /// Where the index and per-block phases are booked (`--timings`).
    public var timings = PhaseTimings(enabled: false)
    /// Keep what a map needs: each reason's and sliver's overlap outline, corridors near the block, the remainder.
    public var keepGeometry = false {
        didSet { if keepGeometry { keepRemainder = true } }
    }
    /// Segments per quarter circle for corridor ends and point buffers: a 1024-gon, whose area is within
    /// 7e-6 of the true circle's (64 would leave 300 m blasting circles 1.3e-4 short).
    public static let quadrantSegments: Int32 = 256
    /// `ellipsoidal` or `tdt1055` (areas of regions as drawn in the plane they were cut in: see `OverlapEngine`).
    public var areaMethod: AreaMethod = .ellipsoidal
    /// Per-block results kept between runs (`--cache`); nil computes every block.
    public var cache: ResultCache?
    /// Buffer every corridor feature in each block's plane, per block, instead of once per run (`CorridorZones`):
    /// the slower path, kept for comparison (`MINESCREEN_CORRIDORS_PER_BLOCK=1`, docs/speed.md).
    public var corridorsPerBlock = ProcessInfo.processInfo.environment["MINESCREEN_CORRIDORS_PER_BLOCK"] == "1"
    /// Per layer (as `layers`): its corridors built once for the run, or nil (plain layer, or per block).
    var corridorZones: [CorridorZones?] = []

    public init(blocks: LoadedLayer, layers: [ScreenLayer], rules: ScreeningRules, keepRemainder: Bool = false) {
        self.blocks = blocks
        self.layers = layers
        self.rules = rules
        self.keepRemainder = keepRemainder
    }

    var plainEngine: OverlapEngine {
        var engine = OverlapEngine(blocks: blocks, layers: layers.filter { $0.bufferMetres == nil }.map(\.layer))
        engine.output = .areasWithSnappedUnions
        engine.areaMethod = areaMethod
        return engine
    }

    public func run(threads: Int = defaultThreadCount, progress: ((Int) -> Void)? = nil) -> ScreenResult {
        if takesAreaOnlyPath { return runAreaOnly(threads: threads, progress: progress) }
        var prepared = plainEngine
        timings.wall(.index) { prepared.prepareLayers(threads: threads) }
        let plain = prepared
        let blockTree = BoxTree(blocks.features.map(\.box))
        let rejectedIndex = RejectedFeatureIndex(layers)
        let keys = cache == nil ? nil : cacheKeys(plain: plain, threads: threads)
        let engine = withCorridorZones(threads: threads)
        var (results, rejected) = timings.parallel {
            blocks.analyseEach(threads: threads, progress: progress, timings: timings) { block, workspace in
                try workspace.clock.measure(.intersect) {
                    try engine.screen(block, plain: plain, blockTree: blockTree, rejectedIndex: rejectedIndex, keys: keys, workspace)
                }
            }
        }
        for layer in layers { rejected += layer.layer.loaded.rejected.map { var r = $0; r.layer = layer.layer.name; return r } }
        return ScreenResult(blocks: blocks, layers: layers, rules: rules, results: results, rejected: rejected, areaMethod: areaMethod)
    }

    /// This engine with each corridor layer's corridors built once (`CorridorZones`), unless `corridorsPerBlock`.
    /// A layer whose zones cannot be built keeps the per-block path.
    func withCorridorZones(threads: Int) -> ScreenEngine {
        guard !corridorsPerBlock else { return self }
        var engine = self
        engine.corridorZones = layers.map { screenLayer in
            // Buffer 0 leaves lines and points nothing to buffer; the per-block path counts polygons touched.
            guard let buffer = screenLayer.bufferMetres, buffer > 0 else { return nil }
            return try? CorridorZones.build(layer: screenLayer.layer, buffer: buffer, blocks: blocks, threads: threads, timings: timings,
                                            forMaps: keepGeometry)
        }
        return engine
    }

    func screen(_ block: CheckedFeature, plain: OverlapEngine, blockTree: BoxTree?,
                rejectedIndex: RejectedFeatureIndex? = nil, keys: BlockCacheKeys? = nil, _ workspace: ThreadWorkspace) throws -> BlockScreening {
        var result = try screenedThroughCache(block, plain: plain, keys: keys, workspace)
        try complete(&result, block, blockTree: blockTree, rejectedIndex: rejectedIndex, workspace)
        return result
    }

    /// What depends on other blocks, on rejected features and on the block's attributes (never cached): the
    /// blocks it overlaps, the rejected features near it, the rules for new mines; and the verdict they change.
    func complete(_ result: inout BlockScreening, _ block: CheckedFeature, blockTree: BoxTree?,
                  rejectedIndex: RejectedFeatureIndex?, _ workspace: ThreadWorkspace) throws {
        let lonLat = try workspace.lonLat(block.shape.polygons ?? [], from: blocks.crs.identifier)
        // A rejected layer feature may hide a conflict: only a block already blocked keeps its verdict.
        let rejectedNearby = rejectedIndex?.near(lonLat) ?? []
        if !rejectedNearby.isEmpty, result.verdict != .blocked { result.verdict = .unverified }
        // A block that breaks a rule for new mines, or lacks what a rule needs, is never auctioned as it is.
        let ruleReasons = rules.newMines?.check(block.feature) ?? []
        if !ruleReasons.isEmpty { result.verdict = .blocked }
        result.rejectedNearby = rejectedNearby
        result.ruleReasons = ruleReasons
        // Shared areas are measured as the block's own pieces are (`screenOverlaps`): as drawn, or with vertices
        // on the block's edges placed on its geodesic edges (built only for a block whose envelope meets another's).
        let neighbours = blockTree?.query(block.box) ?? []
        guard neighbours.contains(where: { blocks.features[$0].feature.index != block.feature.index }) else {
            result.overlapsWith = []
            return
        }
        workspace.measuresAsDrawn = areaMethod == .tdt1055
        if !workspace.measuresAsDrawn {
            workspace.boundaryPlacement = try boundaryPlacement(block, lonLat: lonLat, local: Self.blockCentredPlane(lonLat), workspace)
        }
        defer { workspace.boundaryPlacement = nil }
        result.overlapsWith = try overlappingBlocks(block, tree: blockTree, workspace)
    }

    /// The block's overlaps, conflict, remainder and verdict before `complete`: what `--cache` keeps.
    func screenOverlaps(_ block: CheckedFeature, plain: OverlapEngine, _ workspace: ThreadWorkspace) throws -> BlockScreening {
        let blockPolygons = block.shape.polygons ?? []
        let lonLat = try workspace.lonLat(blockPolygons, from: blocks.crs.identifier)
        let local = Self.blockCentredPlane(lonLat)
        let measuresAsDrawn = areaMethod == .tdt1055
        workspace.measuresAsDrawn = measuresAsDrawn
        let blockArea: Double
        // Where the block is measured: its own CRS (`ellipsoidal`, vertex by vertex); as drawn where the conflict is
        // formed (`tdt1055`): the plain layers' common plane, else the block-centred one.
        var measuredIn = blocks.crs
        if measuresAsDrawn {
            measuredIn = layers.allSatisfy({ $0.bufferMetres == nil }) ? plain.commonLayerPlane ?? local : local
            blockArea = try workspace.overlayArea(try self.blockPolygons(block, in: measuredIn, workspace), crs: measuredIn.identifier)
        } else {
            blockArea = workspace.geodesic.area(lonLat)
            workspace.boundaryPlacement = try boundaryPlacement(block, lonLat: lonLat, local: local, workspace)
        }
        defer { workspace.boundaryPlacement = nil }

        var works: [LayerWork] = []
        var distances: [Double?] = []
        var corridorsNearBlock: [(layer: String, polygons: [Polygon])] = []
        for (k, screenLayer) in layers.enumerated() {
            if let buffer = screenLayer.bufferMetres {
                let zones = corridorZones.indices.contains(k) ? corridorZones[k] : nil
                let (work, distance) = try corridor(block, blockArea: blockArea, layer: screenLayer.layer,
                                                    buffer: buffer, zones: zones, plane: local, workspace)
                works.append(work)
                distances.append(distance)
                if keepGeometry {
                    let around = try corridorsForMap(block, lonLat: lonLat, layer: screenLayer.layer, buffer: buffer, zones: zones,
                                                     plane: local, workspace)
                    if !around.isEmpty { corridorsNearBlock.append((screenLayer.layer.name, around)) }
                }
            } else {
                works.append(try plain.overlap(block, blockArea: blockArea, with: screenLayer.layer, workspace))
                distances.append(nil)
            }
        }

        var reasons: [ScreenReason] = []
        var slivers: [LayerOverlap] = []
        var conflicting: [LayerWork] = []
        for (var work, distance) in zip(works, distances) {
            if keepGeometry, !work.parts.isEmpty {
                work.overlap.lonLatGeometry = try OverlapEngine.lonLatOutline(of: &work, workspace)
            }
            if work.overlap.area > rules.toleranceM2 {
                reasons.append(ScreenReason(overlap: work.overlap, minDistanceMetres: distance))
                conflicting.append(work)
            } else if work.overlap.area > 0 {
                slivers.append(work.overlap)
            }
        }

        // conflict_m2 is the union of the layers above tolerance (one layer: that layer's overlap), and
        // clean = area − conflict. Computed the same way whether or not a remainder file is asked for.
        let (conflict, conflictGeometry) = try OverlapEngine.conflict(of: &conflicting, otherwiseIn: local, blockArea: blockArea,
                                                                      keepGeometry: keepRemainder,
                                                                      blockIn: { try self.blockPolygons(block, in: $0, workspace) }, workspace)
        let cleanArea = blockArea - conflict
        // Nothing left is never a cut, whatever the minimum (which defaults to 0).
        let verdict: Verdict = reasons.isEmpty ? .clean
            : cleanArea > 0 && cleanArea >= rules.minCleanAreaM2 ? .needsCut : .blocked

        var result = BlockScreening(index: block.feature.index, id: block.feature.id, area: blockArea, verdict: verdict,
                                    conflict: conflict, reasons: reasons, slivers: slivers, overlapsWith: [],
                                    repairNote: block.repairNote)
        result.corridors = corridorsNearBlock
        if keepRemainder {
            let remainder = try self.remainder(block, conflict: conflictGeometry, measuredIn: measuredIn, workspace)
            result.remainder = remainder
            // The written outline measured on its own, as the run measures: with tdt1055 its lon/lat edges as drawn
            // (in a plane the remainder was densified to 10 m, whose chords part from the plane's lines by ~1e-6 m).
            result.remainderArea = measuresAsDrawn ? workspace.drawnArea.lonLatArea(remainder) : workspace.geodesic.area(remainder)
        }
        return result
    }

    /// The block's edges in every plane its pieces are cut in (the plain layers' CRSs and the block-centred plane),
    /// so that pieces meet the block's geodesic edges when taken to lon/lat (`BlockBoundaryPlacement`).
    func boundaryPlacement(_ block: CheckedFeature, lonLat: [Polygon], local: ResolvedCRS,
                           _ workspace: ThreadWorkspace) throws -> BlockBoundaryPlacement {
        let placement = BlockBoundaryPlacement()
        let original = block.shape.polygons ?? []
        // The block-centred plane only when pieces are cut there (corridors, or layers in several planes): building its
        // transformer costs a PROJ database look-up per block.
        let plainPlanes = Set(layers.filter { $0.bufferMetres == nil }.map { $0.layer.crs.identifier })
        let plainShare = plainPlanes.first.map { first in plainPlanes.allSatisfy { $0.sharesPlane(with: first) } } ?? true
        var planes = layers.contains(where: { $0.bufferMetres != nil }) || !plainShare ? [local] : []
        for screenLayer in layers where screenLayer.bufferMetres == nil
            && !planes.contains(where: { $0.identifier == screenLayer.layer.crs.identifier }) {
            planes.append(screenLayer.layer.crs)
        }
        for plane in planes {
            let densifiedFirst = plane.isBlockCentred && !blocks.crs.identifier.sharesPlane(with: plane.identifier)
            placement.add(plane: plane.identifier, inPlane: try blockPolygons(block, in: plane, workspace), lonLat: lonLat,
                          original: original, maxSegment: densifiedFirst ? blocks.crs.faithfulSegment : nil,
                          tolerance: 4 * plane.overlayGridSize)
        }
        return placement
    }

    /// `+proj=tmerc` centred on the block: conformal, scale 1 at the centre.
    static func blockCentredPlane(_ lonLat: [Polygon]) -> ResolvedCRS {
        var box = Box()
        box.add(lonLat)
        let plane = CentredTransverseMercator(lon: (box.minX + box.maxX) / 2, lat: (box.minY + box.maxY) / 2)
        return ResolvedCRS(identifier: plane.identifier,
                           name: "transverse Mercator centred on the block (\(plane.lon)E \(plane.lat)N)", isGeographic: false,
                           isBlockCentred: true)
    }

    /// The block's overlap with everything within `buffer` metres of the layer's features. Features with a corridor
    /// in `zones` take it from there (moved into the block's plane); the others are buffered here, in that plane.
    /// The distance returned is the nearest candidate's where that is at most `buffer` (the only case it is reported).
    func corridor(_ block: CheckedFeature, blockArea: Double, layer: ConstraintLayer, buffer: Double, zones: CorridorZones? = nil,
                  plane: ResolvedCRS, _ workspace: ThreadWorkspace) throws -> (LayerWork, Double?) {
        let geos = workspace.geos
        let blockInPlane = try geos.makeGeometry(try blockPolygons(block, in: plane, workspace))
        let prepared = try PreparedGeometry(blockInPlane, in: geos)

        // Candidates: the layer's features whose envelope comes within the buffer of the block's envelope.
        let inLayer = try workspace.reproject(block.shape.polygons ?? [], from: blocks.crs.identifier, to: layer.crs.identifier)
        let searchBox = Self.expandedEnvelope(inLayer, by: buffer, geographic: layer.crs.isGeographic)
        let search = try geos.makeGeometry([searchBox])
        var candidates = try layer.tree.query(search, in: geos)
        var zonesNear: [Int: GEOSGeom] = [:]
        if let zones {
            let lonLat = try workspace.lonLat(block.shape.polygons ?? [], from: blocks.crs.identifier)
            zonesNear = try zones.corridorsNear(blockLonLat: lonLat, plane: plane, workspace)
            candidates = (candidates.filter { !zones.isZoned[$0] } + zonesNear.keys).sorted()
        }
        var hits: [Int] = []
        var parts: [GEOSGeom] = []
        var nearest: Double?
        for c in candidates {
            let feature = layer.features[c]
            let zoneInPlane = zonesNear[c]
            // With a zone, only the lines that can come within `buffer` of the block are measured from.
            let shape = zoneInPlane == nil ? feature.shape : CorridorZones.nearbyParts(of: feature.shape, box: searchBox)
            if case .multiLineString(let runs) = shape, runs.isEmpty { continue }
            // Densified in its own CRS first: its straight edges stay straight where they were drawn.
            let moved = try Self.reproject(shape.densified(maxSegment: layer.crs.faithfulSegment),
                                           from: layer.crs.identifier, to: plane.identifier, workspace)
            let geometry = try geos.makeGeometry(moved)
            let distance = try geos.distance(blockInPlane, geometry)
            nearest = min(nearest ?? distance, distance)
            // A feature exactly `buffer` away touches the corridor's edge only; at buffer 0 a polygon
            // overlapping the block (distance 0) still counts.
            guard distance <= buffer else { continue }
            let zone = try zoneInPlane ?? geos.buffer(geometry, width: buffer, quadrantSegments: Self.quadrantSegments)
            let piece = try prepared.covers(zone) ? zone : try geos.intersection(blockInPlane, zone, gridSize: plane.overlayGridSize)
            let (real, _) = OverlapEngine.isOverlap(try workspace.faithfulLonLat(try geos.polygons(of: piece), from: plane),
                                                    workspace.geodesic)
            guard real else { continue }
            hits.append(c)
            parts.append(piece)
        }
        var area = 0.0
        var union: GEOSGeom?
        if !parts.isEmpty {
            let merged = try geos.union(parts, gridSize: plane.overlayGridSize)
            union = merged
            area = min(try workspace.measuredArea(try geos.polygons(of: merged), in: plane), blockArea)
        }
        let overlap = LayerOverlap(layer: layer.name, area: area, percent: blockArea > 0 ? area / blockArea * 100 : 0,
                                   featureIndices: hits, featureIDs: hits.map { layer.features[$0].feature.id })
        return (LayerWork(overlap: overlap, parts: parts.map(OverlapPart.made), union: union, plane: plane), nearest)
    }

    /// The corridors a block's map draws (`corridorZones`): from the layer's zones where it has them (built once per
    /// run), buffered here only for features the zones do not hold; in lon/lat.
    func corridorsForMap(_ block: CheckedFeature, lonLat: [Polygon], layer: ConstraintLayer, buffer: Double, zones: CorridorZones?,
                         plane: ResolvedCRS, _ workspace: ThreadWorkspace) throws -> [Polygon] {
        guard let zones else { return try corridorZones(block, layer: layer, buffer: buffer, plane: plane, workspace) }
        let built = try zones.corridorsAround(blockLonLat: lonLat, span: CorridorZones.mapSurroundings(ofBlock: lonLat), workspace)
        let rest = try corridorZones(block, layer: layer, buffer: buffer, plane: plane, workspace, skipping: zones.isZoned)
        guard !built.isEmpty, !rest.isEmpty else { return built + rest }
        let geos = workspace.geos
        return try geos.polygons(of: try geos.union([try geos.makeGeometry(built), try geos.makeGeometry(rest)],
                                                    gridSize: ResolvedCRS.lonLatOverlayGridSize))
    }

    /// The corridors of `layer` (but the features `skipping` marks) within the block's span around it, as lon/lat:
    /// the surroundings a map of the block shows (a map is wider than the block by less than that).
    func corridorZones(_ block: CheckedFeature, layer: ConstraintLayer, buffer: Double, plane: ResolvedCRS,
                       _ workspace: ThreadWorkspace, skipping: [Bool] = []) throws -> [Polygon] {
        let geos = workspace.geos
        let inPlane = try blockPolygons(block, in: plane, workspace)
        let span = Self.span(inPlane)
        let surroundings = try geos.makeGeometry([Self.expandedEnvelope(inPlane, by: span, geographic: false)])
        let inLayer = try workspace.reproject(block.shape.polygons ?? [], from: blocks.crs.identifier, to: layer.crs.identifier)
        let search = try geos.makeGeometry([Self.expandedEnvelope(inLayer, by: buffer + span, geographic: layer.crs.isGeographic)])
        var zones: [GEOSGeom] = []
        for c in try layer.tree.query(search, in: geos) where !(skipping.indices.contains(c) && skipping[c]) {
            let moved = try Self.reproject(layer.features[c].shape.densified(maxSegment: layer.crs.faithfulSegment),
                                           from: layer.crs.identifier, to: plane.identifier, workspace)
            let zone = try geos.buffer(try geos.makeGeometry(moved), width: buffer, quadrantSegments: 32)
            let clipped = try geos.intersection(zone, surroundings, gridSize: plane.overlayGridSize)
            if try !geos.polygons(of: clipped).isEmpty { zones.append(clipped) }
        }
        guard !zones.isEmpty else { return [] }
        let union = try geos.union(zones, gridSize: plane.overlayGridSize)
        return try workspace.faithfulLonLat(try geos.polygons(of: union), from: plane)
    }

    /// The larger side of the polygons' bounding box (plane units).
    static func span(_ polygons: [Polygon]) -> Double {
        var box = Box()
        box.add(polygons)
        return box.isEmpty ? 0 : max(box.maxX - box.minX, box.maxY - box.minY)
    }

    /// The block in `plane`, moved as the conflicts were: densified first into the block-centred plane
    /// (so its straight edges stay where the conflicts, densified the same way, expect them), vertex by
    /// vertex into a data CRS (as the overlap engine moved it there).
    func blockPolygons(_ block: CheckedFeature, in plane: ResolvedCRS, _ workspace: ThreadWorkspace) throws -> [Polygon] {
        var polygons = block.shape.polygons ?? []
        if blocks.crs.identifier.sharesPlane(with: plane.identifier) { return polygons }
        if plane.isBlockCentred { polygons = densified(polygons, maxSegment: blocks.crs.faithfulSegment) }
        return try workspace.reproject(polygons, from: blocks.crs.identifier, to: plane.identifier)
    }

    static func expandedEnvelope(_ polygons: [Polygon], by metres: Double, geographic: Bool) -> Polygon {
        var box = Box()
        box.add(polygons)
        let (minX, minY, maxX, maxY) = (box.minX, box.minY, box.maxX, box.maxY)
        var dx = metres * 1.01, dy = metres * 1.01
        if geographic {
            // Degrees per metre, generous: the envelope only selects candidates.
            let lat = min(89, max(abs(minY), abs(maxY)))
            dy = metres / 110_000 * 1.05
            dx = metres / (111_320 * cos(lat * .pi / 180)) * 1.05
        }
        let ring = [Position(minX - dx, minY - dy), Position(maxX + dx, minY - dy), Position(maxX + dx, maxY + dy),
                    Position(minX - dx, maxY + dy), Position(minX - dx, minY - dy)]
        return Polygon(rings: [ring])
    }

    /// Any feature geometry (lines and points too) moved vertex by vertex between CRSs.
    static func reproject(_ geometry: Geometry, from source: CRSIdentifier, to target: CRSIdentifier,
                          _ workspace: ThreadWorkspace) throws -> Geometry {
        func move(_ positions: [Position]) throws -> [Position] {
            try workspace.reproject([Polygon(rings: [positions])], from: source, to: target)[0].rings[0]
        }
        switch geometry {
        case .point(let p): return .point(try move([p])[0])
        case .multiPoint(let ps): return .multiPoint(try move(ps))
        case .lineString(let ps): return .lineString(try move(ps))
        case .multiLineString(let lines): return .multiLineString(try lines.map(move))
        case .polygon(let p): return .polygon(try workspace.reproject([p], from: source, to: target)[0])
        case .multiPolygon(let ps): return .multiPolygon(try workspace.reproject(ps, from: source, to: target))
        case .unsupported: return geometry
        }
    }

    /// Block minus conflicts, parts at or below tolerance dropped, as valid lon/lat polygons.
    /// With no conflict the remainder is the block as it was measured (`measuredIn`).
    func remainder(_ block: CheckedFeature, conflict: (GEOSGeom, ResolvedCRS)?, measuredIn: ResolvedCRS,
                   _ workspace: ThreadWorkspace) throws -> [Polygon] {
        let geos = workspace.geos
        var parts: [Polygon] = []
        if let (union, plane) = conflict {
            let inPlane = try blockPolygons(block, in: plane, workspace)
            let rest = try geos.difference(try geos.makeGeometry(inPlane), union, gridSize: plane.overlayGridSize)
            for part in try geos.polygons(of: rest) {
                // `ellipsoidal`: converted as the conflict was measured (`measuredArea`), densified in the block-centred
                // plane, vertex by vertex from a data CRS (edges as geodesics), so remainder and conflict tile the block.
                // `tdt1055`: densified, so that its lon/lat edges follow the plane's straight lines as drawn.
                let converted = plane.isBlockCentred || workspace.measuresAsDrawn ? try workspace.faithfulLonLat([part], from: plane)
                    : try workspace.lonLat([part], from: plane.identifier)
                if workspace.geodesic.area(converted) > rules.toleranceM2 { parts += converted }
            }
        } else {
            let inPlane = try blockPolygons(block, in: measuredIn, workspace)
            parts = workspace.measuresAsDrawn ? try workspace.faithfulLonLat(inPlane, from: measuredIn)
                : try workspace.lonLat(inPlane, from: measuredIn.identifier)
        }
        guard !parts.isEmpty else { return [] }
        // As written (lon/lat, rounded to 1e-10°) the outline must still be valid; repair explicitly if
        // the conversion or the rounding broke it.
        let written = roundedForOutput(parts)
        guard !written.isEmpty else { return [] }
        let geometry = try geos.makeGeometry(written)
        if try geos.validityProblem(geometry) == nil { return written }
        return roundedForOutput(try geos.polygons(of: try geos.makeValid(geometry)))
    }

    /// Lon/lat rounded to 1e-10° as GeoJSON writes it, with the points that rounding made repeat or left
    /// closer than 1e-9° removed (`roundedRingWithoutNearDuplicates`) and rings that collapsed below 4
    /// positions dropped (a collapsed exterior drops its part).
    func roundedForOutput(_ polygons: [Polygon]) -> [Polygon] {
        polygons.compactMap { polygon in
            let rings = polygon.rings.map(roundedRingWithoutNearDuplicates)
            guard let exterior = rings.first, exterior.count >= 4 else { return nil }
            return Polygon(rings: [exterior] + rings.dropFirst().filter { $0.count >= 4 })
        }
    }

    /// Other candidate blocks sharing area with `block`: a planning error to show, not a verdict.
    func overlappingBlocks(_ block: CheckedFeature, tree: BoxTree?, _ workspace: ThreadWorkspace) throws -> [(id: String, area: Double)] {
        guard let tree else { return [] }
        let geos = workspace.geos
        var found: [(id: String, area: Double)] = []
        for j in tree.query(block.box) where blocks.features[j].feature.index != block.feature.index {
            let other = blocks.features[j]
            guard try geos.interiorsOverlap(block.geometry, other.geometry) else { continue }
            let shared = try geos.intersection(block.geometry, other.geometry, gridSize: blocks.crs.overlayGridSize)
            let area = try workspace.overlayArea(shared, crs: blocks.crs.identifier)
            if area > OverlapEngine.numericalZeroArea { found.append((other.feature.id, area)) }
        }
        return found
    }
}

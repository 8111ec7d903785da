import Foundation
import MineScreenSupport
import MineScreenGeometry
import MineScreenNative
import MineScreenIO
/// How one block meets one constraint layer.
public struct LayerOverlap: Sendable {
    public var layer: String
    /// Area (m², by the run's `AreaMethod`) of the union of the block's intersections with the layer's features.
    public var area: Double
    public var percent: Double
    /// Indices (in the layer) of features whose intersection with the block has area.
    public var featureIndices: [Int]
    public var featureIDs: [String]
    public var count: Int { featureIDs.count }
    /// The overlap as CGCS2000 lon/lat polygons, when the caller asked for geometry.
    public var lonLatGeometry: [Polygon]?
}

/// One block's overlaps: its area, the union of each layer over it, the conflict and the clean rest, in m².
public struct BlockOverlap: Sendable {
    public var index: Int
    public var id: String
    public var area: Double
    public var overlaps: [LayerOverlap]
    /// Union over all layers; never more than the block.
    public var conflict: Double
    public var clean: Double { area - conflict }
    /// No conflict, and no rejected layer feature that may touch the block: a feature that was not analysed
    /// may hide a conflict, so such a block is never reported clean.
    public var isClean: Bool { conflict == 0 && rejectedNearby.allSatisfy { $0 == 0 } }
    public var repairNote: String?
    /// Per layer (in `overlaps` order): rejected features of the layer that may touch the block; empty when no
    /// layer has rejected features.
    public var rejectedNearby: [Int] = []
}

/// What an ``OverlapEngine`` run found: one ``BlockOverlap`` per accepted block, and the rejected features.
public struct OverlapResult {
    public var blocks: LoadedLayer
    public var layers: [ConstraintLayer]
    /// What the run learned about each layer (same order as `layers`): coverage, overlapping pairs.
    public var layerStates: [LayerRunState] = []
    public var results: [BlockOverlap]
    public var rejected: [Rejection]
    public var areaMethod: AreaMethod = .ellipsoidal
}

/// The per-block work of one layer before areas are combined: the overlap pieces in the plane they
/// were computed in.
struct LayerWork {
    var overlap: LayerOverlap
    /// Overlap pieces (whole features and intersections) in `plane`; empty when nothing overlaps.
    var parts: [OverlapPart]
    /// Set when the parts were unioned already (non-coverage layers).
    var union: GEOSGeom?
    var plane: ResolvedCRS
    /// Ellipsoidal area (m²) of each part, when measured; empty otherwise. NaN for parts measured only
    /// together with others (`EdgeAreaSum`).
    var partAreas: [Double] = []
    /// Ellipsoidal area (m²) of all parts together (before any cap at the block's area).
    var partsArea = 0.0
    /// True when no two parts share interior (the layer is a coverage where the block meets it).
    var disjointParts = false
    /// The whole features the parts were cut from, when the layer's own geometries are at hand.
    var wholeFeatures: [CheckedFeature] = []
    /// Parts that still hold the whole feature: the cut (with `block`) is measured already but made only
    /// if a caller needs its geometry (`materialiseCuts`).
    var pendingCuts: [Int] = []
    var block: GEOSGeom?
}

/// Overlays blocks with constraint layers.
///
/// Plane: each layer is overlaid in its own CRS; a block in another CRS is moved into it vertex by
/// vertex. The layers' straight edges therefore stay straight, and edges shared in the data's own CRS
/// (a block drawn along farmland parcel boundaries) stay shared: reprojecting them would bend them
/// apart into slivers that are not overlaps. Overlays snap-round to `ResolvedCRS.overlayGridSize`.
/// Areas are then ellipsoidal: vertices to CGCS2000 lon/lat, geodesic polygon area; or with `tdt1055` the area of
/// each region as drawn in the plane it was cut in (`DrawnArea`).
public struct OverlapEngine {
    public var blocks: LoadedLayer
    public var layers: [ConstraintLayer]
    /// What the run must produce besides areas: the overlaps' outlines, snap-rounded unions, or neither.
    public var output: OverlapOutput = .areas
    /// `ellipsoidal`: vertices to lon/lat, edges as geodesics. `tdt1055`: every area is that of the region with
    /// edges straight in the CRS it was overlaid in (`DrawnArea`), additive under the overlay. Such runs take
    /// the general GEOS path: the area-only shortcuts (`boundaryAnalysis`, `EdgeAreaSum`, `ConvexClip`)
    /// sum geodesic edge terms and are not used (`OverlapPath.geos`).
    public var areaMethod: AreaMethod = .ellipsoidal
    /// Per-block results kept between runs (`--cache`); nil computes every block.
    public var cache: ResultCache?
    var measuresAsDrawn: Bool { areaMethod == .tdt1055 }
    /// This run's own facts about each layer (same order as `layers`), filled by `prepareLayers`; empty before,
    /// when every layer counts as a coverage and contacts are found per block.
    public private(set) var layerStates: [LayerRunState] = []
    /// True when this run measures each block against all layers on boundaries first (`boundaryAnalysis`);
    /// decided by `prepareLayers`.
    private(set) var measuredOnBoundaries = false
    /// Intersections smaller than this (m²) are floating-point noise of the overlay, not overlaps.
    public static let numericalZeroArea = 1e-4
    /// Intersections thinner than this on average (2·area/perimeter, m) are noise too: the gap between
    /// an edge and its copy rounded in another CRS (0.1 mm when eastings are written to 4 decimals),
    /// far below survey precision (1 cm). A real digitising sliver, 5 cm wide, is kept.
    public static let numericalZeroWidth = 1e-3
    /// A piece measured without the overlay (`ConvexClip`) counts without it when it is at least this big
    /// (m²) and this wide on average (m): far from the noise limits above, whatever the overlay's vertices.
    static let clearlyRealArea = 1.0
    static let clearlyRealWidth = 0.01

    /// `clearlyRealArea`/`clearlyRealWidth` on a cut in `plane`, without geodesics: in lon/lat its plane area and
    /// outline scaled by metres per degree at its latitude (within 1 %), with twice the margin.
    static func clearlyReal(_ cut: [Polygon], in plane: ResolvedCRS, _ workspace: ThreadWorkspace) throws -> Bool {
        plane.identifier.isCGCS2000EquivalentLonLat ? clearlyReal(cut) : clearlyReal(try workspace.lonLat(cut, from: plane.identifier))
    }

    /// `clearlyReal(_:in:_:)` for a cut in CGCS2000 lon/lat.
    static func clearlyReal(_ cut: [Polygon]) -> Bool {
        guard let first = cut.first?.exterior.first else { return false }
        let latitude = first.y * .pi / 180
        let (kx, ky) = (111_320 * cos(latitude), 110_574.0)
        var area = 0.0, perimeter = 0.0
        for polygon in cut {
            for (r, ring) in polygon.rings.enumerated() {
                var twice = 0.0
                for k in 0..<(ring.count - 1) {
                    let (dx, dy) = ((ring[k + 1].x - ring[k].x) * kx, (ring[k + 1].y - ring[k].y) * ky)
                    perimeter += (dx * dx + dy * dy).squareRoot()
                    twice += ((ring[k].x - first.x) * kx) * ((ring[k + 1].y - first.y) * ky) - ((ring[k + 1].x - first.x) * kx) * ((ring[k].y - first.y) * ky)
                }
                area += r == 0 ? abs(twice) / 2 : -abs(twice) / 2
            }
        }
        return area >= 2 * clearlyRealArea && perimeter > 0 && 2 * area / perimeter >= 2 * clearlyRealWidth
    }

    /// True when a piece (CGCS2000 lon/lat) is a real overlap, not overlay noise.
    static func isOverlap(_ lonLat: [Polygon], _ geodesic: GeodesicArea) -> (Bool, Double) {
        let (area, perimeter) = geodesic.measure(lonLat)
        guard area > numericalZeroArea, perimeter > 0 else { return (false, area) }
        return (2 * area / perimeter >= numericalZeroWidth, area)
    }

    public init(blocks: LoadedLayer, layers: [ConstraintLayer], output: OverlapOutput = .areas) {
        self.blocks = blocks
        self.layers = layers
        self.output = output
    }

    /// Overlaps of every block with every layer, on `threads` workers; index building and the per-block work are
    /// booked to `timings`. With a `cache`, blocks whose key is found there are not recomputed.
    public func run(threads: Int = defaultThreadCount, progress: ((Int) -> Void)? = nil,
                    timings: PhaseTimings = PhaseTimings(enabled: false)) -> OverlapResult {
        var engine = self
        let keys = timings.wall(.index) { engine.prepare(threads: threads) }
        var (results, rejected) = timings.parallel {
            blocks.analyseEach(threads: threads, progress: progress, timings: timings) { [engine] block, workspace in
                try workspace.clock.measure(.intersect) { try engine.analyseThroughCache(block, keys: keys, workspace) }
            }
        }
        for layer in layers { rejected += layer.loaded.rejected.map { var r = $0; r.layer = layer.name; return r } }
        countRejectedNearby(&results)
        return OverlapResult(blocks: blocks, layers: layers, layerStates: engine.layerStates, results: results, rejected: rejected,
                             areaMethod: areaMethod)
    }

    /// `prepareLayers`, and with a cache every block's key (nil without one).
    mutating func prepare(threads: Int) -> BlockCacheKeys? {
        guard cache != nil else {
            prepareLayers(threads: threads)
            return nil
        }
        let neighbourhoods = neighbourhoods(threads: threads)
        prepareLayers(threads: threads, neighbourhoods: neighbourhoods)
        return cacheKeys(neighbourhoods, threads: threads)
    }

    /// The run's state of `layer` (one of `layers`). Before `prepareLayers`: nothing learned, the layer counted
    /// as a coverage and its path chosen as for one.
    func state(of layer: ConstraintLayer) -> LayerRunState {
        guard let k = layers.firstIndex(where: { $0 === layer }), k < layerStates.count else {
            var unprepared = LayerRunState()
            unprepared.path = OverlapPath.chosen(for: layer.crs, isCoverage: true, output: output, measuresAsDrawn: measuresAsDrawn)
            return unprepared
        }
        return layerStates[k]
    }

    /// Finds, once per layer, what each block meets (and covers whole), whether the features that matter
    /// overlap each other, the layer's `OverlapPath`, and the areas of the features blocks cover whole; and
    /// whether blocks are measured on boundaries. All before the parallel part.
    /// With a cache and the blocks' `neighbourhoods`, what a block meets is read from the cache where its
    /// neighbourhood is unchanged, and the coverage check tests only the pairs its memo does not settle.
    mutating func prepareLayers(threads: Int, neighbourhoods: BlockNeighbourhoods? = nil) {
        measuredOnBoundaries = Self.measuresOnBoundaries(layers, output: output, measuresAsDrawn: measuresAsDrawn)
        let kept = neighbourhoods.map { keptContacts($0, threads: threads) }
        var found: [[BlockContacts?]] = []
        var states: [LayerRunState] = []
        for (l, layer) in layers.enumerated() {
            var state = LayerRunState()
            // Only features that meet some block matter: a 100 000-parcel layer is mostly elsewhere.
            let byBlock = parallelMap(count: blocks.features.count, threads: threads) { k, workspace -> BlockContacts? in
                if let known = kept?[k] { return known[l] }
                let block = blocks.features[k]
                guard let inPlane = try? blockGeometry(block, in: layer.crs, workspace) else { return nil }
                return try? Self.contacts(of: inPlane, polygons: try? blockPolygons(block, in: layer.crs, workspace), with: layer, workspace)
            }
            found.append(byBlock)
            let perBlock = zip(blocks.features, byBlock).compactMap { block, contacts in contacts.map { (block: block.feature.index, contacts: $0) } }
            var candidates = [Bool](repeating: false, count: layer.features.count)
            var candidateList: [Int] = []
            for entry in perBlock {
                for c in entry.contacts.features where !candidates[c] {
                    candidates[c] = true
                    candidateList.append(c)
                }
            }
            // Few candidates (a few blocks): listed, not found by scanning the whole layer.
            let listed = candidateList.count * 64 < layer.features.count ? candidateList.sorted() : nil
            // The memo knows features by digest: only when every candidate has one (every block a neighbourhood).
            let digested = neighbourhoods.map { n in perBlock.allSatisfy { n.byBlock[$0.block] != nil } } ?? false
            let memo = cache.flatMap { cache in neighbourhoods.flatMap { digested ? (cache, candidateList.sorted(), $0.featureDigests[l]) : nil } }
            let known = memo.flatMap { CoverageMemo.known(in: $0.0, layer: layer, candidates: $0.1, digests: $0.2) }
            layer.checkCoverage(candidates: candidates, candidateList: listed, known: known, threads: threads, into: &state)
            if let (cache, sorted, digests) = memo {
                CoverageMemo.store(in: cache, layer: layer, candidates: sorted, digests: digests, state: state)
            }
            state.path = OverlapPath.chosen(for: layer.crs, isCoverage: state.isCoverage, output: output, measuresAsDrawn: measuresAsDrawn)
            // Covered features are measured per block, edge by edge, on `edgeSums`, and with blocks measured on
            // boundaries: then only a block handed back to the overlay needs a covered feature's area, measured
            // there. As drawn, the recorded (ellipsoidal) areas do not apply.
            layer.recordContacts(perBlock, measureCovered: state.path != .edgeSums && !measuredOnBoundaries && !measuresAsDrawn,
                                 threads: threads, into: &state)
            states.append(state)
        }
        layerStates = states
        if let neighbourhoods, let kept { keepContacts(found, besides: kept, neighbourhoods, threads: threads) }
    }

    /// True when `boundaryAnalysis` applies to a run over `layers`: ellipsoidal areas only, every layer in one
    /// plane whose edges may be measured by geodesic edge terms (`ResolvedCRS.sumsGeodesicEdgeTerms`).
    static func measuresOnBoundaries(_ layers: [ConstraintLayer], output: OverlapOutput, measuresAsDrawn: Bool) -> Bool {
        guard output == .areas, !measuresAsDrawn, let plane = layers.first?.crs, plane.sumsGeodesicEdgeTerms else { return false }
        return layers.allSatisfy { $0.crs.identifier.sharesPlane(with: plane.identifier) }
    }

    /// The features of `layer` that `block` (in the layer's CRS) meets, and which of them it covers whole.
    /// `polygons`: the block as values in the layer's plane, when at hand: then features in cells wholly inside or
    /// outside the block (`BlockRaster`) are settled without GEOS.
    static func contacts(of block: GEOSGeom, polygons: [Polygon]? = nil, with layer: ConstraintLayer,
                         _ workspace: ThreadWorkspace) throws -> BlockContacts {
        let candidates = try layer.tree.query(block, in: workspace.geos)
        // Worth its set-up only for many candidates (a parcel layer): about 16 cells per candidate.
        let raster = candidates.count >= 64 ? polygons.flatMap { BlockRaster($0, cells: min(65_536, 16 * candidates.count)) } : nil
        var prepared: PreparedGeometry?
        var contacts = BlockContacts()
        for c in candidates {
            if let raster {
                switch raster.locate(layer.boxes[c]) {
                case .inside:
                    contacts.features.append(c)
                    contacts.covered.append(true)
                    continue
                case .outside:
                    continue
                case .undecided:
                    break
                }
            }
            // Near the block's edge: settled exactly when the two boundaries are apart or cross properly.
            if let polygons, let settled = CoverageContact.blockContact(polygons, layer.features[c].shape) {
                if settled.intersects {
                    contacts.features.append(c)
                    contacts.covered.append(settled.covered)
                }
                continue
            }
            if prepared == nil { prepared = try PreparedGeometry(block, in: workspace.geos) }
            guard let prepared else { continue }
            let geometry = try layer.features[c].geometry
            if try prepared.covers(geometry) {
                contacts.features.append(c)
                contacts.covered.append(true)
            } else if try prepared.intersects(geometry) {
                contacts.features.append(c)
                contacts.covered.append(false)
            }
        }
        return contacts
    }

    /// The block's polygons in `plane` (moved vertex by vertex, like `blockGeometry`).
    func blockPolygons(_ block: CheckedFeature, in plane: ResolvedCRS, _ workspace: ThreadWorkspace) throws -> [Polygon] {
        let polygons = block.shape.polygons ?? []
        if blocks.crs.identifier.sharesPlane(with: plane.identifier) { return polygons }
        return try workspace.reproject(polygons, from: blocks.crs.identifier, to: plane.identifier)
    }

    func blockGeometry(_ block: CheckedFeature, in plane: ResolvedCRS, _ workspace: ThreadWorkspace) throws -> GEOSGeom {
        if blocks.crs.identifier.sharesPlane(with: plane.identifier) { return try block.geometry }
        let moved = try workspace.reproject(block.shape.polygons ?? [], from: blocks.crs.identifier, to: plane.identifier)
        return try workspace.geos.makeGeometry(moved)
    }

    /// The plane the layers share, if they do: where a block's overlaps and conflict are formed.
    var commonLayerPlane: ResolvedCRS? {
        guard let first = layers.first?.crs else { return nil }
        return layers.allSatisfy { $0.crs.identifier.sharesPlane(with: first.identifier) } ? first : nil
    }

    /// The block's area: ellipsoidal on its own vertices; as drawn (`tdt1055`) in the layers' common plane,
    /// where its pieces are cut, else in its own CRS (where the conflict of layers in several planes is formed).
    func blockArea(_ block: CheckedFeature, _ workspace: ThreadWorkspace) throws -> Double {
        guard measuresAsDrawn, let plane = commonLayerPlane else {
            return try workspace.overlayArea(block.shape.polygons ?? [], crs: blocks.crs.identifier)
        }
        return try workspace.overlayArea(try blockPolygons(block, in: plane, workspace), crs: plane.identifier)
    }

    func analyse(_ block: CheckedFeature, _ workspace: ThreadWorkspace) throws -> BlockOverlap {
        workspace.measuresAsDrawn = measuresAsDrawn
        let blockArea = try blockArea(block, workspace)
        if let measured = try boundaryAnalysis(block, blockArea: blockArea, workspace) { return measured }
        var works: [LayerWork] = []
        for layer in layers {
            works.append(try overlap(block, blockArea: blockArea, with: layer, workspace))
        }
        var hit = works.filter { $0.overlap.area > 0 }
        let conflict = try workspace.clock.measure(.union) {
            try Self.conflict(of: &hit, otherwiseIn: blocks.crs, blockArea: blockArea, keepGeometry: false,
                              blockIn: { try blockPolygons(block, in: $0, workspace) }, workspace).area
        }
        return BlockOverlap(index: block.feature.index, id: block.feature.id, area: blockArea,
                            overlaps: works.map(\.overlap), conflict: conflict, repairNote: block.repairNote)
    }

    /// One layer's overlap with one block: the features the block meets are cut on the layer's path
    /// (`LayerRunState.path`), then the pieces are combined (`combined`).
    func overlap(_ block: CheckedFeature, blockArea: Double, with layer: ConstraintLayer,
                 _ workspace: ThreadWorkspace) throws -> LayerWork {
        let state = state(of: layer)
        var pieces = LayerPieces(layer: layer, state: state, block: try blockGeometry(block, in: layer.crs, workspace),
                                 blockArea: blockArea)
        // The one decision that depends on the block: on `edgeSums` a block outside 0°–180° E is cut as on
        // `convexClip`, with its polygons in the plane made already.
        var path = state.path
        var blockPolygons: [Polygon]?
        if path == .edgeSums {
            let polygons = try self.blockPolygons(block, in: layer.crs, workspace)
            blockPolygons = polygons
            if try !OverlapPath.sumsEdgeTerms(for: polygons, in: layer.crs, workspace) { path = .convexClip }
        }
        let contacts = try state.contacts?[block.feature.index] ?? Self.contacts(of: pieces.block, with: layer, workspace)
        switch path {
        case .edgeSums: try cutByEdgeSums(contacts, blockPolygons: blockPolygons ?? [], into: &pieces, workspace)
        case .convexClip: try cutConvexFirst(contacts, block: block, blockPolygons: blockPolygons, into: &pieces, workspace)
        case .geos: try cutWithGEOS(contacts, into: &pieces, workspace)
        }
        return try combined(pieces, workspace)
    }

    /// A layer's pieces in one block combined into its overlap: summed, with only the pieces of features that
    /// overlap each other unioned; with the overlap's outline when the output keeps geometry.
    func combined(_ gathered: LayerPieces, _ workspace: ThreadWorkspace) throws -> LayerWork {
        let (layer, state, plane, blockInPlane, blockArea) = (gathered.layer, gathered.state, gathered.plane, gathered.block, gathered.blockArea)
        let geos = workspace.geos
        let hits = gathered.hits
        var (parts, partAreas, pendingCuts) = (gathered.parts, gathered.partAreas, gathered.pendingCuts)
        // Features that overlap no other feature of the layer add up; only those that do are unioned
        // (overlapping patches are never double counted, and a clean coverage never pays for a union).
        let overlapping = hits.indices.filter { state.overlappingFeatures.contains(hits[$0]) }
        let summedTogether = try gathered.edgeSum.map { sum in try workspace.clock.measure(.area) { try sum.area(in: plane.identifier, workspace) } } ?? 0
        var area = summedTogether + partAreas.reduce(0) { $0 + ($1.isNaN ? 0 : $1) }
        var union: GEOSGeom?
        var disjointParts = overlapping.count <= 1
        var wholeFeatures = hits.map { layer.features[$0] }
        if output == .areas, overlapping.count > 1 {
            // Only pieces of features that overlap each other (the layer's pairs) are unioned, group by group;
            // the parts become disjoint and their areas add.
            let groups = Self.overlapGroups(of: overlapping, hits: hits, state).filter { $0.count > 1 }
            if !groups.isEmpty {
                let grouped = Set(groups.joined())
                let kept = parts.indices.filter { !grouped.contains($0) }
                var newParts = kept.map { parts[$0] }
                var newAreas = kept.map { partAreas[$0] }
                let pending = Set(pendingCuts)
                pendingCuts = kept.indices.filter { pending.contains(kept[$0]) }
                for group in groups {
                    let pieces = try group.map { k in
                        pending.contains(k) ? try geos.intersection(blockInPlane, try parts[k].geometry()) : try parts[k].geometry()
                    }
                    let merged = try workspace.clock.measure(.union) { try geos.union(pieces) }
                    newParts.append(.made(merged))
                    newAreas.append(try workspace.overlayArea(merged, crs: plane.identifier))
                }
                parts = newParts
                partAreas = newAreas
                area = newAreas.reduce(0, +)
                wholeFeatures = []
            }
            disjointParts = true
            if parts.count == 1 { union = try parts[0].geometry() }
        } else if overlapping.count > 1 {
            let merged = try workspace.clock.measure(.union) {
                output.snapsUnions
                    ? try geos.union(try overlapping.map { try parts[$0].geometry() }, gridSize: plane.overlayGridSize)
                    : try geos.union(try overlapping.map { try parts[$0].geometry() })
            }
            if overlapping.count == parts.count { union = merged }
            let separate = hits.indices.filter { !state.overlappingFeatures.contains(hits[$0]) }
            area = separate.reduce(0) { $0 + partAreas[$1] } + (try workspace.overlayArea(merged, crs: plane.identifier))
        }
        let partsArea = area
        area = min(area, blockArea)
        var result = LayerOverlap(layer: layer.name, area: area, percent: blockArea > 0 ? area / blockArea * 100 : 0,
                                  featureIndices: hits, featureIDs: hits.map { layer.features[$0].feature.id })
        var work = LayerWork(overlap: result, parts: parts, union: union, plane: plane, partAreas: partAreas, partsArea: partsArea,
                             disjointParts: disjointParts, wholeFeatures: wholeFeatures,
                             pendingCuts: pendingCuts, block: pendingCuts.isEmpty ? nil : blockInPlane)
        if output.keepsGeometry, !parts.isEmpty {
            result.lonLatGeometry = try Self.lonLatOutline(of: &work, workspace)
            work.overlap = result
        }
        return work
    }

    /// The union of a layer's overlap parts (computed once, then kept).
    static func unionGeometry(_ work: inout LayerWork, snapRounded: Bool = true, _ workspace: ThreadWorkspace) throws -> GEOSGeom {
        if let union = work.union { return union }
        try materialiseCuts(&work, workspace)
        let merged = try workspace.clock.measure(.union) {
            let parts = try work.parts.map { try $0.geometry() }
            return snapRounded ? try workspace.geos.union(parts, gridSize: work.plane.overlayGridSize) : try workspace.geos.union(parts)
        }
        work.union = merged
        return merged
    }

    /// The positions in `overlapping` (indices into `hits`) grouped by the layer's overlapping pairs: pieces
    /// of features that share interior nowhere cannot overlap inside the block either.
    static func overlapGroups(of overlapping: [Int], hits: [Int], _ state: LayerRunState) -> [[Int]] {
        var slotOf = [Int: Int]()
        for (slot, k) in overlapping.enumerated() { slotOf[hits[k]] = slot }
        var parent = Array(overlapping.indices)
        func root(_ i: Int) -> Int {
            var r = i
            while parent[r] != r { r = parent[r] }
            return r
        }
        for (slot, k) in overlapping.enumerated() {
            for neighbour in state.overlapNeighbours[hits[k]] ?? [] {
                guard let other = slotOf[neighbour] else { continue }
                let (a, b) = (root(slot), root(other))
                if a != b { parent[max(a, b)] = min(a, b) }
            }
        }
        var groups = [Int: [Int]]()
        for slot in overlapping.indices { groups[root(slot), default: []].append(overlapping[slot]) }
        return groups.keys.sorted().map { groups[$0]! }
    }

    /// Makes the cuts that were only measured so far (`LayerWork.pendingCuts`).
    static func materialiseCuts(_ work: inout LayerWork, _ workspace: ThreadWorkspace) throws {
        guard let block = work.block else { return }
        for k in work.pendingCuts { work.parts[k] = .made(try workspace.geos.intersection(block, try work.parts[k].geometry())) }
        work.pendingCuts = []
        work.block = nil
    }

    static func lonLatOutline(of work: inout LayerWork, _ workspace: ThreadWorkspace) throws -> [Polygon] {
        try workspace.faithfulLonLat(try workspace.geos.polygons(of: try unionGeometry(&work, workspace)), from: work.plane)
    }

    /// The conflict of a block with `works` (layers that overlap it): their union's area, never below
    /// the largest layer (measured differently, with the vertices a cut adds to long edges, a union can
    /// come out a hair smaller) nor above the block. One layer is its own conflict. The union geometry
    /// is formed when there are several layers or `keepGeometry` asks for it.
    static func conflict(of works: inout [LayerWork], otherwiseIn fallback: ResolvedCRS, blockArea: Double,
                         keepGeometry: Bool, blockIn: ((ResolvedCRS) throws -> [Polygon])? = nil,
                         _ workspace: ThreadWorkspace) throws -> (area: Double, geometry: (GEOSGeom, ResolvedCRS)?) {
        guard !works.isEmpty else { return (0, nil) }
        let largest = works.map(\.overlap.area).max() ?? 0
        if works.count > 1, !keepGeometry, let area = try disjointConflictArea(&works, workspace) {
            return (min(max(area, largest), blockArea), nil)
        }
        var geometry: (GEOSGeom, ResolvedCRS)?
        if works.count > 1 || keepGeometry {
            geometry = try combinedUnion(&works, otherwiseIn: fallback, snapRounded: keepGeometry, blockIn: blockIn, workspace)
        }
        guard works.count > 1, let (union, plane) = geometry else { return (works[0].overlap.area, geometry) }
        let measured = try workspace.measuredArea(try workspace.geos.polygons(of: union), in: plane)
        return (min(max(measured, largest), blockArea), geometry)
    }

    /// The conflict's area without a snap-rounded union of a coverage layer's many pieces (hundreds of
    /// farmland parcels per block, once the costliest step of a city run). With the largest such layer's
    /// pieces P disjoint and U the (small) union of the other layers: area(P ∪ U) = Σ area(p) + area(U − P),
    /// and U − P = U − W where W is the union of the whole parcels the pieces were cut from (U lies in the
    /// block). W comes from GEOS's coverage union — linear, no overlay — and is checked against the sum of
    /// the parcels' plane areas; when the parcels are not an exact coverage, each piece is differenced
    /// with U instead. Nil when the layers lie in different planes or no layer has enough disjoint pieces.
    static func disjointConflictArea(_ works: inout [LayerWork], _ workspace: ThreadWorkspace) throws -> Double? {
        // The layer with the most disjoint pieces, preferring one whose whole features are at hand.
        guard let big = works.indices.filter({ works[$0].disjointParts && works[$0].partAreas.count == works[$0].parts.count })
                .max(by: { (works[$0].wholeFeatures.count == works[$0].parts.count ? 1 : 0, works[$0].parts.count)
                            < (works[$1].wholeFeatures.count == works[$1].parts.count ? 1 : 0, works[$1].parts.count) }),
              works[big].parts.count >= 8 else { return nil }
        let plane = works[big].plane
        guard works.allSatisfy({ $0.plane.identifier.sharesPlane(with: plane.identifier) }), !plane.isBlockCentred else { return nil }
        let geos = workspace.geos
        let piecesArea = works[big].partsArea
        let others = works.indices.filter { $0 != big }
        // U as disjoint parts when one other layer's parts already are (then U − W is measured part by part
        // and no union is formed), else as one floating union (areas only: OverlayNG snaps where it must).
        var restParts: [GEOSGeom]
        var restAreas: [Double]
        if others.count == 1, works[others[0]].disjointParts, works[others[0]].partAreas.count == works[others[0]].parts.count {
            try materialiseCuts(&works[others[0]], workspace)
            restParts = try works[others[0]].parts.map { try $0.geometry() }
            restAreas = works[others[0]].partAreas
            if restAreas.contains(where: \.isNaN) {
                restAreas = try zip(restParts, restAreas).map { $0.1.isNaN ? try workspace.measuredArea(try geos.polygons(of: $0.0), in: plane) : $0.1 }
            }
        } else {
            var unions: [GEOSGeom] = []
            for k in others { unions.append(try unionGeometry(&works[k], snapRounded: false, workspace)) }
            let rest = unions.count == 1 ? unions[0] : try geos.union(unions)
            restParts = [rest]
            restAreas = [try workspace.measuredArea(try geos.polygons(of: rest), in: plane)]
        }
        let pieces = works[big]
        let preparedRest = try restParts.map { try PreparedGeometry($0, in: geos) }
        // GEOS 3.11 may return an invalid union for parcels meeting at a T-junction even when the areas add up;
        // should the difference then fail, the per-piece path below decides.
        if pieces.wholeFeatures.count == pieces.parts.count {
            // Only parcels that meet U can change U − W: the union is formed of those alone.
            let near = try pieces.wholeFeatures.map { try $0.geometry }.filter { f in try preparedRest.contains { try $0.intersects(f) } }
            if near.isEmpty { return piecesArea + restAreas.reduce(0, +) }
            if let whole = try coverageUnion(near, geos) {
                var outsideArea = 0.0
                var failed = false
                for part in restParts {
                    guard let outside = try? geos.difference(part, whole),
                          let area = try? workspace.measuredArea(try geos.polygons(of: outside), in: plane) else {
                        failed = true
                        break
                    }
                    outsideArea += area
                }
                if !failed { return piecesArea + outsideArea }
            }
        }
        geos.discardMessage()
        try materialiseCuts(&works[big], workspace)
        let cutPieces = works[big]
        let rest = restParts.count == 1 ? restParts[0] : try geos.union(restParts)
        let prepared = restParts.count == 1 ? preparedRest[0] : try PreparedGeometry(rest, in: geos)
        var area = restAreas.count == 1 ? restAreas[0] : try workspace.measuredArea(try geos.polygons(of: rest), in: plane)
        for (part, pieceArea) in zip(cutPieces.parts, cutPieces.partAreas) {
            let piece = try part.geometry()
            guard try prepared.intersects(piece) else {
                area += pieceArea.isNaN ? try workspace.measuredArea(try geos.polygons(of: piece), in: plane) : pieceArea
                continue
            }
            if try prepared.covers(piece) { continue }
            // Only its area is used: the floating overlay is several times cheaper than snap-rounding.
            let outside = try geos.difference(piece, rest)
            area += try workspace.measuredArea(try geos.polygons(of: outside), in: plane)
        }
        return area
    }

    /// The union of features that should form a coverage, or nil when they do not quite (GEOS refuses, or
    /// the union's plane area is not the sum of theirs: then the coverage union would be wrong).
    static func coverageUnion(_ features: [GEOSGeom], _ geos: GEOSContext) throws -> GEOSGeom? {
        guard let union = try geos.coverageUnion(features) else { return nil }
        let sum = try features.reduce(0) { $0 + (try geos.planeArea($1)) }
        let merged = try geos.planeArea(union)
        guard sum > 0, abs(merged - sum) <= sum * 1e-9 else { return nil }
        return union
    }

    /// The union of several layers' overlaps: in their common plane when they share one, else all moved
    /// into `fallback` (densified first when that is a block-centred plane).
    /// `blockIn` gives the block in a plane: layers' unions moved into `fallback` are clipped to it there, since
    /// edges the block shares with them in their own CRS part from its edges in `fallback` (by up to 0.4 m on a
    /// 5 km edge between lon/lat and a Gauss-Krüger plane); unclipped, the conflict would reach outside the block.
    static func combinedUnion(_ works: inout [LayerWork], otherwiseIn fallback: ResolvedCRS, snapRounded: Bool = true,
                              blockIn: ((ResolvedCRS) throws -> [Polygon])? = nil,
                              _ workspace: ThreadWorkspace) throws -> (GEOSGeom, ResolvedCRS) {
        let first = works[0].plane
        let samePlane = works.allSatisfy { $0.plane.identifier.sharesPlane(with: first.identifier) }
        let plane = samePlane ? first : fallback
        var pieces: [GEOSGeom] = []
        for k in works.indices {
            let union = try unionGeometry(&works[k], workspace)
            if works[k].plane.identifier.sharesPlane(with: plane.identifier) {
                pieces.append(union)
            } else {
                let source = works[k].plane
                var polygons = try workspace.geos.polygons(of: union)
                if plane.isBlockCentred { polygons = densified(polygons, maxSegment: source.faithfulSegment) }
                let moved = try workspace.reproject(polygons, from: source.identifier, to: plane.identifier)
                pieces.append(try workspace.geos.makeGeometry(moved))
            }
        }
        // Geometry that is written out is snap-rounded; for an area alone the floating overlay serves.
        var union = snapRounded ? try workspace.geos.union(pieces, gridSize: plane.overlayGridSize) : try workspace.geos.union(pieces)
        if !samePlane, let blockIn {
            let block = try workspace.geos.makeGeometry(try blockIn(plane))
            union = snapRounded ? try workspace.geos.intersection(union, block, gridSize: plane.overlayGridSize)
                : try workspace.geos.intersection(union, block)
        }
        return (union, plane)
    }
}

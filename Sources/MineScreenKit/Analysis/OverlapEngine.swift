/// How one block meets one constraint layer.
public struct LayerOverlap: Sendable {
    public var layer: String
    /// Ellipsoidal area (m²) of the union of the block's intersections with the layer's features.
    public var area: Double
    public var percent: Double
    /// Indices (in the layer) of features whose intersection with the block has area.
    public var featureIndices: [Int]
    public var featureIDs: [String]
    public var count: Int { featureIDs.count }
    /// The overlap as CGCS2000 lon/lat polygons, when the caller asked for geometry.
    public var lonLatGeometry: [Polygon]?
}

public struct BlockOverlap: Sendable {
    public var index: Int
    public var id: String
    public var area: Double
    public var overlaps: [LayerOverlap]
    /// Union over all layers; never more than the block.
    public var conflict: Double
    public var clean: Double { area - conflict }
    public var isClean: Bool { conflict == 0 }
    public var repairNote: String?
}

public struct OverlapResult {
    public var blocks: LoadedLayer
    public var layers: [ConstraintLayer]
    public var results: [BlockOverlap]
    public var rejected: [Rejection]
}

/// The per-block work of one layer before areas are combined: the overlap pieces in the plane they
/// were computed in.
struct LayerWork {
    var overlap: LayerOverlap
    /// Overlap pieces (whole features and intersections) in `plane`; empty when nothing overlaps.
    var parts: [GEOSGeom]
    /// Set when the parts were unioned already (non-coverage layers).
    var union: GEOSGeom?
    var plane: ResolvedCRS
    /// Ellipsoidal area (m²) of each part, when measured; empty otherwise.
    var partAreas: [Double] = []
    /// True when no two parts share interior (the layer is a coverage where the block meets it).
    var disjointParts = false
    /// The whole features the parts were cut from, when the layer's own geometries are at hand.
    var wholeFeatures: [GEOSGeom] = []
}

/// Overlays blocks with constraint layers.
///
/// Plane: each layer is overlaid in its own CRS; a block in another CRS is moved into it vertex by
/// vertex. The layers' straight edges therefore stay straight, and edges shared in the data's own CRS
/// (a block drawn along farmland parcel boundaries) stay shared: reprojecting them would bend them
/// apart into slivers that are not overlaps. Overlays snap-round to `ResolvedCRS.overlayGridSize`.
/// Areas are then ellipsoidal: vertices to CGCS2000 lon/lat, geodesic polygon area.
public struct OverlapEngine {
    public var blocks: LoadedLayer
    public var layers: [ConstraintLayer]
    /// Keep each overlap's geometry in lon/lat for GeoJSON output.
    public var keepGeometry = false
    /// Snap-round a layer's union of overlapping patches even when only its area is wanted (screening
    /// cuts remainders from it). Otherwise the floating overlay serves: OverlayNG falls back to snapping
    /// by itself when it must, and costs a fraction of snap-rounding on 400-vertex red-line patches.
    public var snapRoundedUnions = false
    /// Intersections smaller than this (m²) are floating-point noise of the overlay, not overlaps.
    public static let numericalZeroArea = 1e-4
    /// Intersections thinner than this on average (2·area/perimeter, m) are noise too: the gap between
    /// an edge and its copy rounded in another CRS (0.1 mm when eastings are written to 4 decimals),
    /// far below survey precision (1 cm). A real digitising sliver, 5 cm wide, is kept.
    public static let numericalZeroWidth = 1e-3

    /// True when a piece (CGCS2000 lon/lat) is a real overlap, not overlay noise.
    static func isOverlap(_ lonLat: [Polygon], _ geodesic: GeodesicArea) -> (Bool, Double) {
        let (area, perimeter) = geodesic.measure(lonLat)
        guard area > numericalZeroArea, perimeter > 0 else { return (false, area) }
        return (2 * area / perimeter >= numericalZeroWidth, area)
    }

    public init(blocks: LoadedLayer, layers: [ConstraintLayer], keepGeometry: Bool = false) {
        self.blocks = blocks
        self.layers = layers
        self.keepGeometry = keepGeometry
    }

    public func run(threads: Int = defaultThreadCount, progress: ((Int) -> Void)? = nil) -> OverlapResult {
        PhaseTimings.wall(.index) { prepareLayers(threads: threads) }
        var (results, rejected) = PhaseTimings.parallel {
            blocks.analyseEach(threads: threads, progress: progress) { block, workspace in
                try workspace.clock.measure(.intersect) { try analyse(block, workspace) }
            }
        }
        for layer in layers { rejected += layer.loaded.rejected.map { var r = $0; r.layer = layer.name; return r } }
        return OverlapResult(blocks: blocks, layers: layers, results: results, rejected: rejected)
    }

    /// Decides per layer whether its features overlap each other (once, before the parallel part).
    func prepareLayers(threads: Int) {
        for layer in layers {
            // Only features that meet some block matter: a 100 000-parcel layer is mostly elsewhere.
            let perBlock = parallelMap(count: blocks.features.count, threads: threads) { k, workspace -> [Int] in
                guard let inPlane = try? blockGeometry(blocks.features[k], in: layer.crs, workspace),
                      let prepared = try? PreparedGeometry(inPlane, in: workspace.geos),
                      let hits = try? layer.tree.query(inPlane, in: workspace.geos) else { return [] }
                return hits.filter { (try? prepared.intersects(layer.features[$0].geometry)) ?? true }
            }
            layer.checkCoverage(candidates: Set(perBlock.joined()), threads: threads)
        }
    }

    func blockGeometry(_ block: CheckedFeature, in plane: ResolvedCRS, _ workspace: ThreadWorkspace) throws -> GEOSGeom {
        if blocks.crs.identifier.sharesPlane(with: plane.identifier) { return block.geometry }
        let moved = try workspace.reproject(block.shape.polygons ?? [], from: blocks.crs.identifier, to: plane.identifier)
        return try workspace.geos.makeGeometry(moved)
    }

    func analyse(_ block: CheckedFeature, _ workspace: ThreadWorkspace) throws -> BlockOverlap {
        let blockArea = try workspace.ellipsoidalArea(block.shape.polygons ?? [], crs: blocks.crs.identifier)
        var works: [LayerWork] = []
        for layer in layers {
            works.append(try overlap(block, blockArea: blockArea, with: layer, workspace))
        }
        var hit = works.filter { $0.overlap.area > 0 }
        let conflict = try workspace.clock.measure(.union) {
            try Self.conflict(of: &hit, otherwiseIn: blocks.crs, blockArea: blockArea, keepGeometry: false, workspace).area
        }
        return BlockOverlap(index: block.feature.index, id: block.feature.id, area: blockArea,
                            overlaps: works.map(\.overlap), conflict: conflict, repairNote: block.repairNote)
    }

    func overlap(_ block: CheckedFeature, blockArea: Double, with layer: ConstraintLayer,
                 _ workspace: ThreadWorkspace) throws -> LayerWork {
        let plane = layer.crs
        let geos = workspace.geos
        let blockInPlane = try blockGeometry(block, in: plane, workspace)
        let prepared = try PreparedGeometry(blockInPlane, in: geos)
        var hits: [Int] = []
        var parts: [GEOSGeom] = []
        var partAreas: [Double] = []
        for c in try layer.tree.query(blockInPlane, in: geos) {
            let feature = layer.features[c]
            if try prepared.covers(feature.geometry) {
                // Wholly inside the block: it enters the union whole, no intersection needed.
                hits.append(c)
                parts.append(feature.geometry)
                partAreas.append(try workspace.ellipsoidalArea(feature.shape.polygons ?? [], crs: plane.identifier))
            } else if try prepared.intersects(feature.geometry) {
                if try geos.covers(feature.geometry, blockInPlane) {
                    // The block lies inside this feature: the overlap is the block itself, exactly.
                    hits.append(c)
                    parts.append(blockInPlane)
                    partAreas.append(blockArea)
                    continue
                }
                // The hot path: floating overlay; slivers thinner than `numericalZeroWidth` are dropped below.
                let piece = try geos.intersection(blockInPlane, feature.geometry)
                let lonLatPiece = try workspace.lonLat(try geos.polygons(of: piece), from: plane.identifier)
                let (real, area) = workspace.clock.measure(.area) { Self.isOverlap(lonLatPiece, workspace.geodesic) }
                guard real else { continue }
                hits.append(c)
                parts.append(piece)
                partAreas.append(area)
            }
        }
        // Features that overlap no other feature of the layer add up; only those that do are unioned
        // (overlapping patches are never double counted, and a clean coverage never pays for a union).
        let overlapping = hits.indices.filter { layer.overlappingFeatures.contains(hits[$0]) }
        var area = partAreas.reduce(0, +)
        var union: GEOSGeom?
        if overlapping.count > 1 {
            let merged = try workspace.clock.measure(.union) {
                keepGeometry || snapRoundedUnions
                    ? try geos.union(overlapping.map { parts[$0] }, gridSize: plane.overlayGridSize)
                    : try geos.union(overlapping.map { parts[$0] })
            }
            if overlapping.count == parts.count { union = merged }
            let separate = hits.indices.filter { !layer.overlappingFeatures.contains(hits[$0]) }
            area = separate.reduce(0) { $0 + partAreas[$1] } + (try workspace.ellipsoidalArea(merged, crs: plane.identifier))
        }
        area = min(area, blockArea)
        var result = LayerOverlap(layer: layer.name, area: area, percent: blockArea > 0 ? area / blockArea * 100 : 0,
                                  featureIndices: hits, featureIDs: hits.map { layer.features[$0].feature.id })
        var work = LayerWork(overlap: result, parts: parts, union: union, plane: plane, partAreas: partAreas,
                             disjointParts: overlapping.count <= 1, wholeFeatures: hits.map { layer.features[$0].geometry })
        if keepGeometry, !parts.isEmpty {
            result.lonLatGeometry = try Self.lonLatOutline(of: &work, workspace)
            work.overlap = result
        }
        return work
    }

    /// The union of a layer's overlap parts (computed once, then kept).
    static func unionGeometry(_ work: inout LayerWork, snapRounded: Bool = true, _ workspace: ThreadWorkspace) throws -> GEOSGeom {
        if let union = work.union { return union }
        let merged = try workspace.clock.measure(.union) {
            snapRounded ? try workspace.geos.union(work.parts, gridSize: work.plane.overlayGridSize) : try workspace.geos.union(work.parts)
        }
        work.union = merged
        return merged
    }

    static func lonLatOutline(of work: inout LayerWork, _ workspace: ThreadWorkspace) throws -> [Polygon] {
        try workspace.faithfulLonLat(try workspace.geos.polygons(of: try unionGeometry(&work, workspace)), from: work.plane)
    }

    /// The conflict of a block with `works` (layers that overlap it): their union's area, never below
    /// the largest layer (measured differently, with the vertices a cut adds to long edges, a union can
    /// come out a hair smaller) nor above the block. One layer is its own conflict. The union geometry
    /// is formed when there are several layers or `keepGeometry` asks for it.
    static func conflict(of works: inout [LayerWork], otherwiseIn fallback: ResolvedCRS, blockArea: Double,
                         keepGeometry: Bool, _ workspace: ThreadWorkspace) throws -> (area: Double, geometry: (GEOSGeom, ResolvedCRS)?) {
        guard !works.isEmpty else { return (0, nil) }
        let largest = works.map(\.overlap.area).max() ?? 0
        if works.count > 1, !keepGeometry, let area = try disjointConflictArea(&works, workspace) {
            return (min(max(area, largest), blockArea), nil)
        }
        var geometry: (GEOSGeom, ResolvedCRS)?
        if works.count > 1 || keepGeometry {
            geometry = try combinedUnion(&works, otherwiseIn: fallback, snapRounded: keepGeometry, workspace)
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
        guard let big = works.indices.filter({ works[$0].disjointParts && works[$0].partAreas.count == works[$0].parts.count })
                .max(by: { works[$0].parts.count < works[$1].parts.count }),
              works[big].parts.count >= 8 else { return nil }
        let plane = works[big].plane
        guard works.allSatisfy({ $0.plane.identifier.sharesPlane(with: plane.identifier) }), !plane.isBlockCentred else { return nil }
        let geos = workspace.geos
        var others: [GEOSGeom] = []
        // Areas only: floating unions (OverlayNG snaps by itself where it must).
        for k in works.indices where k != big { others.append(try unionGeometry(&works[k], snapRounded: false, workspace)) }
        let rest = others.count == 1 ? others[0] : try geos.union(others)
        let pieces = works[big]
        let piecesArea = pieces.partAreas.reduce(0, +)
        // GEOS 3.11 may return an invalid union for parcels meeting at a T-junction even when the areas add up;
        // should the difference then fail, the per-piece path below decides.
        if pieces.wholeFeatures.count == pieces.parts.count, let whole = try coverageUnion(pieces.wholeFeatures, geos),
           let outside = try? geos.difference(rest, whole), let outsideArea = try? workspace.measuredArea(try geos.polygons(of: outside), in: plane) {
            return piecesArea + outsideArea
        }
        geos.discardMessage()
        var area = try workspace.measuredArea(try geos.polygons(of: rest), in: plane)
        let prepared = try PreparedGeometry(rest, in: geos)
        for (piece, pieceArea) in zip(pieces.parts, pieces.partAreas) {
            guard try prepared.intersects(piece) else {
                area += pieceArea
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
    static func combinedUnion(_ works: inout [LayerWork], otherwiseIn fallback: ResolvedCRS, snapRounded: Bool = true,
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
        let union = snapRounded ? try workspace.geos.union(pieces, gridSize: plane.overlayGridSize) : try workspace.geos.union(pieces)
        return (union, plane)
    }
}

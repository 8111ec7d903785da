import Foundation
import MineScreenSupport
import MineScreenGeometry
import MineScreenNative
import MineScreenIO

/// The corridors of one buffered layer, built once per run instead of once per block: each feature some block
/// can reach is buffered by `buffer` ground metres in a transverse Mercator centred on it, and kept in lon/lat.
///
/// - Lines are cut into pieces of at most `maxPieceLength` along the line, each buffered in a transverse Mercator
///   centred on the piece (so every point of its corridor is within ~5 km + `buffer` of the central meridian,
///   where the scale differs from 1 by less than 1e-6); the pieces' corridors overlap at the cuts and are unioned
///   per block.
/// - Points and polygons are buffered whole when their envelope spans at most `maxSpan`; larger ones keep the
///   per-block path (`ScreenEngine.corridor` buffers them in each block's plane).
/// - Each piece's corridor is densified to 10 m in its plane before it goes to lon/lat, so its straight lon/lat
///   edges part from the plane's edges by ~1e-6 m (the chord of a 10 m edge under the projection's curvature).
///
/// Per block, `ScreenEngine.corridor` clips the pieces near the block, moves them into the block-centred plane and
/// intersects them there, as the per-block path intersects its own buffers: the two agree to the buffers'
/// polygonal approximation (the 1024-gon ends, see `ScreenEngine.quadrantSegments`: ~5 mm at 1 km).
public final class CorridorZones {
    /// Longest line piece buffered in one plane (ground metres along the line).
    public static let maxPieceLength = 10_000.0
    /// Widest point or polygon feature buffered once (ground metres across its envelope).
    public static let maxSpan = 20_000.0
    /// Margin (ground metres) around a block's lon/lat envelope to which pieces are clipped before they move
    /// into its plane: the clip's own straight edges then lie well outside the block.
    static let clipMargin = 100.0

    public let buffer: Double
    /// Corridor pieces in CGCS2000 lon/lat, and the feature each belongs to.
    public let pieces: [GEOSGeom]
    public let pieceFeature: [Int]
    /// Per feature of the layer: true when its corridor is among `pieces` (else it is buffered per block).
    public let isZoned: [Bool]
    let tree: STRtree?

    init(buffer: Double, pieces: [GEOSGeom], pieceFeature: [Int], isZoned: [Bool], workspace: ThreadWorkspace) throws {
        self.buffer = buffer
        self.pieces = pieces
        self.pieceFeature = pieceFeature
        self.isZoned = isZoned
        // Shared by every worker: envelopes computed now, not lazily from several threads.
        for piece in pieces { workspace.geos.primeEnvelopes(piece) }
        tree = pieces.isEmpty ? nil : try STRtree(pieces, in: workspace.geos)
    }

    /// Zones for the features of `layer` that some block can reach (features no block comes within `buffer` of
    /// are never buffered: a run of one block pays for what is near it). With `forMaps`, also those within a map's
    /// surroundings of a block (`mapSurroundings`: the block's span around it), which its map draws.
    /// Candidate search and the index are booked to `index`; the buffering (parallel) to `intersect`, and its
    /// reprojections to `reproject`.
    public static func build(layer: ConstraintLayer, buffer: Double, blocks: LoadedLayer, threads: Int,
                             timings: PhaseTimings, forMaps: Bool = false) throws -> CorridorZones {
        let main = ThreadWorkspace()
        let candidates: [Int] = try timings.wall(.index) {
            var reached = [Bool](repeating: false, count: layer.features.count)
            for block in blocks.features {
                let inLayer = try main.reproject(block.shape.polygons ?? [], from: blocks.crs.identifier, to: layer.crs.identifier)
                let surroundings = forMaps ? mapSurroundings(ofBlock: try main.lonLat(block.shape.polygons ?? [], from: blocks.crs.identifier)) : 0
                let search = try main.geos.makeGeometry([ScreenEngine.expandedEnvelope(inLayer, by: buffer + surroundings, geographic: layer.crs.isGeographic)])
                for c in try layer.tree.query(search, in: main.geos) { reached[c] = true }
            }
            return reached.indices.filter { reached[$0] }
        }
        let built: [[Polygon]?] = timings.parallel {
            parallelMap(count: candidates.count, threads: threads, timings: timings) { k, workspace in
                // A feature whose corridor cannot be built here (a projection or GEOS failure) keeps the per-block
                // path, which reports the failure against the block as before.
                try? corridorPieces(of: layer.features[candidates[k]].shape, crs: layer.crs, buffer: buffer, workspace)
            }
        }
        return try timings.wall(.index) {
            var pieces: [GEOSGeom] = [], owners: [Int] = []
            var isZoned = [Bool](repeating: false, count: layer.features.count)
            for (c, polygons) in zip(candidates, built) {
                guard let polygons else { continue }
                isZoned[c] = true
                for polygon in polygons {
                    pieces.append(try main.geos.makeGeometry([polygon]))
                    owners.append(c)
                }
            }
            return try CorridorZones(buffer: buffer, pieces: pieces, pieceFeature: owners, isZoned: isZoned, workspace: main)
        }
    }

    /// The corridor of one feature as lon/lat polygons (pieces overlap where a line was cut), or nil when the
    /// feature is too wide to buffer in one plane and is not a line.
    static func corridorPieces(of shape: Geometry, crs: ResolvedCRS, buffer: Double,
                               _ workspace: ThreadWorkspace) throws -> [Polygon]? {
        // Densified in its own CRS first, as the per-block path does: straight edges stay where they were drawn.
        let lonLat = try ScreenEngine.reproject(shape.densified(maxSegment: crs.faithfulSegment), from: crs.identifier,
                                                to: .cgcs2000, workspace)
        let parts: [Geometry]
        switch lonLat {
        case .lineString(let line): parts = linePieces(line).map { .lineString($0) }
        case .multiLineString(let lines): parts = lines.flatMap(linePieces).map { .lineString($0) }
        case .point, .multiPoint, .polygon, .multiPolygon:
            guard groundSpan(lonLat.allPositions) <= maxSpan else { return nil }
            parts = [lonLat]
        case .unsupported: return nil
        }
        var zones: [Polygon] = []
        for part in parts {
            let (plane, forward) = try workspace.clock.measure(.reproject) { try pieceCentredPlane(part.allPositions, workspace) }
            let moved = try workspace.clock.measure(.reproject) {
                try part.mappingPositionRuns { run in
                    var positions = run
                    try forward.transform(&positions)
                    return positions
                }
            }
            let geos = workspace.geos
            let zone = try workspace.clock.measure(.intersect) {
                try geos.polygons(of: try geos.buffer(try geos.makeGeometry(moved), width: buffer,
                                                      quadrantSegments: ScreenEngine.quadrantSegments))
            }
            zones += try workspace.clock.measure(.reproject) {
                try densified(zone, maxSegment: plane.faithfulSegment).map { polygon in
                    Polygon(rings: try polygon.rings.map { ring in
                        var positions = ring
                        try forward.inverse(&positions)
                        return positions
                    })
                }
            }
        }
        return zones
    }

    /// A lon/lat line cut at vertices into runs of at most `maxPieceLength` ground metres (consecutive runs share
    /// their cut vertex). The line was densified, so no single edge comes near that length.
    static func linePieces(_ line: [Position]) -> [[Position]] {
        guard line.count > 2 else { return [line] }
        var pieces: [[Position]] = []
        var current = [line[0]]
        var length = 0.0
        for k in 1..<line.count {
            let step = groundDistance(line[k - 1], line[k])
            if length + step > maxPieceLength, current.count > 1 {
                pieces.append(current)
                current = [line[k - 1]]
                length = 0
            }
            current.append(line[k])
            length += step
        }
        pieces.append(current)
        return pieces
    }

    /// Ground distance between nearby lon/lat positions, on a sphere of the ellipsoid's mean radius (to ~0.5 %:
    /// it only sizes pieces).
    static func groundDistance(_ a: Position, _ b: Position) -> Double {
        let metresPerDegree = 111_195.0
        let dx = (b.x - a.x) * cos((a.y + b.y) / 2 * .pi / 180), dy = b.y - a.y
        return (dx * dx + dy * dy).squareRoot() * metresPerDegree
    }

    /// How far around a block (ground metres) its map shows corridors: the larger side of its lon/lat envelope.
    static func mapSurroundings(ofBlock lonLat: [Polygon]) -> Double { groundSpan(lonLat.flatMap(\.exterior)) }

    /// The larger side of the lon/lat positions' envelope in ground metres (approximate, as `groundDistance`).
    static func groundSpan(_ positions: [Position]) -> Double {
        var box = Box()
        box.add(positions)
        guard !box.isEmpty else { return 0 }
        let mid = (box.minY + box.maxY) / 2
        return max(groundDistance(Position(box.minX, mid), Position(box.maxX, mid)),
                   groundDistance(Position(box.minX, box.minY), Position(box.minX, box.maxY)))
    }

    /// `+proj=tmerc` centred on a corridor piece's lon/lat envelope (conformal, scale 1 on its central meridian), and
    /// the operation from CGCS2000 lon/lat into it (a pipeline: no PROJ database look-up per piece).
    static func pieceCentredPlane(_ positions: [Position], _ workspace: ThreadWorkspace) throws -> (ResolvedCRS, Transformer) {
        var box = Box()
        box.add(positions)
        let centred = CentredTransverseMercator(lon: (box.minX + box.maxX) / 2, lat: (box.minY + box.maxY) / 2)
        let plane = ResolvedCRS(identifier: centred.identifier,
                                name: "transverse Mercator centred on a corridor piece (\(centred.lon)E \(centred.lat)N)", isGeographic: false)
        return (plane, try centred.transformerFromLonLat(in: workspace.proj))
    }

    /// Per zoned feature whose corridor may reach the block: its corridor near the block, in `plane`
    /// (pieces clipped to the block's lon/lat envelope widened by `clipMargin`, moved vertex by vertex, unioned).
    func corridorsNear(blockLonLat: [Polygon], plane: ResolvedCRS, _ workspace: ThreadWorkspace) throws -> [Int: GEOSGeom] {
        guard let tree else { return [:] }
        let geos = workspace.geos
        let box = try geos.makeGeometry([ScreenEngine.expandedEnvelope(blockLonLat, by: Self.clipMargin, geographic: true)])
        var near: [Int: [GEOSGeom]] = [:]
        for k in try tree.query(box, in: geos) {
            let clipped = try geos.polygons(of: try geos.intersection(pieces[k], box, gridSize: ResolvedCRS.lonLatOverlayGridSize))
            guard !clipped.isEmpty else { continue }
            let moved = try workspace.reproject(clipped, from: .cgcs2000, to: plane.identifier)
            near[pieceFeature[k], default: []].append(try geos.makeGeometry(moved))
        }
        return try near.mapValues { try geos.union($0, gridSize: plane.overlayGridSize) }
    }

    /// For a block's map: the corridors of zoned features within `span` ground metres of the block's lon/lat
    /// envelope, clipped to that box and unioned, in lon/lat (the pieces densified to 10 m as they were built).
    func corridorsAround(blockLonLat: [Polygon], span: Double, _ workspace: ThreadWorkspace) throws -> [Polygon] {
        guard let tree else { return [] }
        let geos = workspace.geos
        let box = try geos.makeGeometry([ScreenEngine.expandedEnvelope(blockLonLat, by: span, geographic: true)])
        var near: [GEOSGeom] = []
        for k in try tree.query(box, in: geos) {
            let clipped = try geos.intersection(pieces[k], box, gridSize: ResolvedCRS.lonLatOverlayGridSize)
            if try !geos.polygons(of: clipped).isEmpty { near.append(clipped) }
        }
        guard !near.isEmpty else { return [] }
        return try geos.polygons(of: try geos.union(near, gridSize: ResolvedCRS.lonLatOverlayGridSize))
    }

    /// The parts of a feature's lines that may lie within `buffer` of a block (runs of edges whose envelope meets
    /// `box`, in the layer's CRS): its distance to the block, where that is at most `buffer`, is theirs. Other
    /// shapes are returned whole.
    static func nearbyParts(of shape: Geometry, box: Polygon) -> Geometry {
        var envelope = Box()
        envelope.add(box.exterior)
        func runs(_ line: [Position]) -> [[Position]] {
            var result: [[Position]] = []
            var current: [Position] = []
            for k in 1..<max(1, line.count) {
                let a = line[k - 1], b = line[k]
                if envelope.meets(a, b) {
                    if current.isEmpty { current = [a] }
                    current.append(b)
                } else if !current.isEmpty {
                    result.append(current)
                    current = []
                }
            }
            if !current.isEmpty { result.append(current) }
            return result
        }
        switch shape {
        case .lineString(let line): return .multiLineString(runs(line))
        case .multiLineString(let lines): return .multiLineString(lines.flatMap(runs))
        default: return shape
        }
    }
}

extension Geometry {
    /// Every vertex, of every part and ring.
    var allPositions: [Position] {
        switch self {
        case .point(let p): return [p]
        case .multiPoint(let ps): return ps
        case .lineString(let ps): return ps
        case .multiLineString(let lines): return lines.flatMap { $0 }
        case .polygon(let p): return p.rings.flatMap { $0 }
        case .multiPolygon(let ps): return ps.flatMap { $0.rings.flatMap { $0 } }
        case .unsupported: return []
        }
    }
}

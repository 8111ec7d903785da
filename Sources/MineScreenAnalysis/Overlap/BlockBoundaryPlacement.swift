import CPROJ
import MineScreenGeometry
import MineScreenNative

/// Where a block's pieces meet its boundary, for `ellipsoidal` screening: on the block's geodesic edges.
///
/// The default method measures the block as the geodesic polygon on its vertices, but overlays cut it along its
/// edges as drawn in the overlay's CRS (straight in lon/lat, in a Gauss-Krüger plane, or 10 m chords in the
/// block-centred plane). A vertex a cut puts on a long block edge lies on that line, up to 0.4 m off the geodesic
/// on a 5 km edge, and geodesics through it enclose a different area: conflict and remainder then do not add up
/// to the block. So when pieces of a block are taken to lon/lat (to be measured or written), a vertex on one of the
/// block's edges in the overlay's plane goes to the point at the same fraction of the block's geodesic edge. The
/// pieces then tile the geodesic block: overlaps, conflict and the written remainder add up to the block's area.
/// The map depends only on the vertex, so a vertex shared by two pieces goes to the same point in both.
package final class BlockBoundaryPlacement: LonLatPlacement {
    /// One edge of the block as the overlay in a plane saw it: a chain of points in the plane (one segment, or
    /// the 10 m pieces it was densified to), and the geodesic between the edge's ends in lon/lat.
    struct Edge {
        var chain: [Position]
        var start: Position
        var end: Position
    }

    /// The pieces of a plane's edges by grid cell, so that a vertex is compared with the few pieces near it
    /// (a digitised block has tens of thousands of edges, its pieces as many vertices).
    struct Grid {
        var box: Box
        var columns: Int
        var rows: Int
        var cellWidth: Double
        var cellHeight: Double
        /// (edge, piece of its chain) per cell, row by row.
        var cells: [[(edge: Int, piece: Int)]]

        init(_ edges: [Edge], tolerance: Double) {
            var box = Box()
            for edge in edges { box.add(edge.chain) }
            let pieces = edges.reduce(0) { $0 + $1.chain.count - 1 }
            let side = max(1, min(512, Int(Double(pieces).squareRoot())))
            // Cells at least 8 tolerances wide, so that a piece's neighbourhood stays within the 3 × 3 cells around it.
            let width = max(box.maxX - box.minX, 8 * tolerance), height = max(box.maxY - box.minY, 8 * tolerance)
            columns = max(1, min(side, Int(width / (8 * tolerance))))
            rows = max(1, min(side, Int(height / (8 * tolerance))))
            cellWidth = width / Double(columns)
            cellHeight = height / Double(rows)
            self.box = box
            cells = [[(edge: Int, piece: Int)]](repeating: [], count: columns * rows)
            for (e, edge) in edges.enumerated() {
                for k in 0..<(edge.chain.count - 1) {
                    let (a, b) = (edge.chain[k], edge.chain[k + 1])
                    // Sample the piece at half a cell and enter it in the 3 × 3 cells around every sample.
                    let steps = max(1, Int((max(abs(b.x - a.x) / cellWidth, abs(b.y - a.y) / cellHeight) * 2).rounded(.up)))
                    var last = -1
                    for s in 0...steps {
                        let t = Double(s) / Double(steps)
                        let (column, row) = cell(Position(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t))
                        let index = row * columns + column
                        if index == last { continue }
                        last = index
                        for r in max(0, row - 1)...min(rows - 1, row + 1) {
                            for c in max(0, column - 1)...min(columns - 1, column + 1) {
                                let slot = r * columns + c
                                if cells[slot].last.map({ $0 != (e, k) }) ?? true { cells[slot].append((e, k)) }
                            }
                        }
                    }
                }
            }
        }

        func cell(_ p: Position) -> (column: Int, row: Int) {
            (min(columns - 1, max(0, Int((p.x - box.minX) / cellWidth))), min(rows - 1, max(0, Int((p.y - box.minY) / cellHeight))))
        }
    }

    private var geodesic = geod_geodesic()
    private var edgesByPlane: [CRSIdentifier: (edges: [Edge], grid: Grid, tolerance: Double)] = [:]

    init() { geod_init(&geodesic, 6_378_137, 1 / 298.257222101) }

    /// Adds a plane: `inPlane` is the block as the overlay there holds it, `lonLat` its original vertices in lon/lat,
    /// `maxSegment` the densification applied before moving it (nil: moved vertex by vertex). A vertex within
    /// `tolerance` (plane units) of an edge counts as on it. Returns false (and adds nothing) when the rings do not
    /// correspond.
    @discardableResult
    func add(plane: CRSIdentifier, inPlane: [Polygon], lonLat: [Polygon], original: [Polygon], maxSegment: Double?,
             tolerance: Double) -> Bool {
        guard inPlane.count == lonLat.count, inPlane.count == original.count else { return false }
        var edges: [Edge] = []
        for (p, polygon) in inPlane.enumerated() {
            guard polygon.rings.count == lonLat[p].rings.count, polygon.rings.count == original[p].rings.count else { return false }
            for (r, ring) in polygon.rings.enumerated() {
                let corners = lonLat[p].rings[r], source = original[p].rings[r]
                guard corners.count == source.count, corners.count >= 2 else { return false }
                var offset = 0
                for k in 1..<source.count {
                    // The same steps as `densified`.
                    var steps = 1
                    if let maxSegment {
                        let (a, b) = (source[k - 1], source[k])
                        let length = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
                        steps = max(1, Int((length / maxSegment).rounded(.up)))
                    }
                    guard offset + steps < ring.count else { return false }
                    let chain = Array(ring[offset...(offset + steps)])
                    edges.append(Edge(chain: chain, start: corners[k - 1], end: corners[k]))
                    offset += steps
                }
                guard offset == ring.count - 1 else { return false }
            }
        }
        edgesByPlane[plane] = (edges, Grid(edges, tolerance: tolerance), tolerance)
        return true
    }

    package func covers(_ plane: CRSIdentifier) -> Bool { edgesByPlane[plane] != nil }

    /// Moves the lon/lat positions of vertices that lie on the block's edges (judged on `inPlane`, the same rings
    /// before conversion) onto the block's geodesic edges.
    package func place(_ lonLat: inout [Polygon], inPlane: [Polygon], plane: CRSIdentifier) {
        guard let (edges, grid, tolerance) = edgesByPlane[plane] else { return }
        for p in lonLat.indices {
            for r in lonLat[p].rings.indices {
                let source = inPlane[p].rings[r]
                for i in source.indices {
                    if let moved = geodesicPosition(of: source[i], edges, grid, tolerance) { lonLat[p].rings[r][i] = moved }
                }
            }
        }
    }

    /// The point on the block's geodesic edge for a plane vertex on the block's boundary; nil off the boundary and at
    /// the block's own corners (which stay as converted).
    private func geodesicPosition(of v: Position, _ edges: [Edge], _ grid: Grid, _ tolerance: Double) -> Position? {
        guard v.x >= grid.box.minX - tolerance, v.x <= grid.box.maxX + tolerance,
              v.y >= grid.box.minY - tolerance, v.y <= grid.box.maxY + tolerance else { return nil }
        let (column, row) = grid.cell(v)
        for (e, k) in grid.cells[row * grid.columns + column] {
            let chain = edges[e].chain
            guard let s = Self.fraction(of: v, on: chain[k], chain[k + 1], tolerance) else { continue }
            let along = (Double(k) + s) / Double(chain.count - 1)
            if along <= 0 || along >= 1 { return nil }
            return point(along, from: edges[e].start, to: edges[e].end)
        }
        return nil
    }

    /// The fraction along a→b of `v`'s projection when `v` lies within `tolerance` of the segment.
    static func fraction(of v: Position, on a: Position, _ b: Position, _ tolerance: Double) -> Double? {
        let (dx, dy) = (b.x - a.x, b.y - a.y)
        let length2 = dx * dx + dy * dy
        guard length2 > 0 else { return nil }
        let s = ((v.x - a.x) * dx + (v.y - a.y) * dy) / length2
        guard s >= -1e-12, s <= 1 + 1e-12 else { return nil }
        let (px, py) = (a.x + dx * s - v.x, a.y + dy * s - v.y)
        guard px * px + py * py <= tolerance * tolerance else { return nil }
        return min(1, max(0, s))
    }

    /// The point `fraction` of the way along the geodesic from `a` to `b` (lon/lat degrees).
    private func point(_ fraction: Double, from a: Position, to b: Position) -> Position {
        var g = geodesic
        var distance = 0.0, azimuth1 = 0.0, azimuth2 = 0.0
        geod_inverse(&g, a.y, a.x, b.y, b.x, &distance, &azimuth1, &azimuth2)
        var lat = 0.0, lon = 0.0
        geod_direct(&g, a.y, a.x, azimuth1, fraction * distance, &lat, &lon, nil)
        return Position(lon, lat)
    }
}

import Foundation
import MineScreenSupport
import MineScreenGeometry
import MineScreenNative
import MineScreenIO

/// A corner (or an edge starting there) that does not lie on the 1′ graticule.
public struct OffGridCorner: Sendable, Equatable {
    public var at: Position
    public var message: String
}

/// One block checked against the 1′×1′ basic unit blocks.
public struct GridBlock: Sendable {
    public var index: Int
    public var id: String
    /// Cells more than half inside the block, in sheet reading order (north to south, west to east).
    public var cells: [GraticuleCell]
    /// Cells the block covers only in part (more than a tolerance-thin sliver inside, and more than such a
    /// sliver missing), with the covered fraction; a partial cell above one half is also in `cells`.
    public var partialCells: [(cell: GraticuleCell, fraction: Double)]
    public var offGridCorners: [OffGridCorner]
    /// Sum of the closed-form areas of `cells`.
    public var cellsArea: Double
    /// The block itself, edges straight in lon/lat (so parallels and meridians are exact).
    public var blockArea: Double
    /// The counted cells dissolved into one outline (holes kept), lon/lat.
    public var outline: [Polygon]
    public var repairNote: String?
}

/// What `grid` found for one file: each block's cells and off-grid corners, and the rejected features.
public struct GridResult {
    public var crs: ResolvedCRS
    public var crsSource: String
    public var file: String
    public var tolerance: Double
    public var blocks: [GridBlock]
    public var rejected: [Rejection]
    public var isOnGrid: Bool { blocks.allSatisfy { $0.offGridCorners.isEmpty } }
}

/// Lays exploration blocks on the 1′×1′ graticule of basic unit blocks (基本单位区块).
public enum GridAnalysis {
    /// Default `--grid-tolerance`: 0.01″ (about 0.3 m of latitude), far below what a surveyed corner
    /// can be off, yet far above the round-off of a whole-minute corner written as decimal degrees or
    /// converted from a Gauss-Krüger plane.
    public static let defaultTolerance = 0.01

    /// Sloping edges (off-grid blocks, cut cells) are measured in pieces no taller than 0.1″ of latitude,
    /// straight in lon/lat: below 1e-5 m² off for any edge a block has (see `TrapezoidArea.ringArea`).
    static let latitudeStep = 0.1 / 3600

    /// Area (m²) with every edge a straight line in lon/lat.
    static func graticuleArea(_ polygons: [Polygon]) -> Double {
        TrapezoidArea.cgcs2000.area(polygons, maxLatitudeStep: latitudeStep)
    }

    public static func run(_ layer: LoadedLayer, tolerance: Double = defaultTolerance, threads: Int = defaultThreadCount,
                           progress: ((Int) -> Void)? = nil) -> GridResult {
        let (blocks, rejected) = layer.analyseEach(threads: threads, progress: progress) { checked, workspace in
            let lonLat = try workspace.lonLat(checked.shape.polygons ?? [], from: layer.crs.identifier)
            var block = try analyse(lonLat, index: checked.feature.index, id: checked.feature.id, tolerance: tolerance, workspace)
            block.repairNote = checked.repairNote
            return block
        }
        return GridResult(crs: layer.crs, crsSource: layer.crsSource, file: layer.path, tolerance: tolerance,
                          blocks: blocks, rejected: rejected)
    }

    /// The check of one block given in CGCS2000 lon/lat.
    public static func analyse(_ polygons: [Polygon], index: Int, id: String, tolerance: Double,
                               _ workspace: ThreadWorkspace) throws -> GridBlock {
        var minX = Double.infinity, maxX = -Double.infinity, minY = Double.infinity, maxY = -Double.infinity
        for p in polygons { for v in p.exterior { minX = min(minX, v.x); maxX = max(maxX, v.x); minY = min(minY, v.y); maxY = max(maxY, v.y) } }
        guard minX >= 0, maxX < 180, minY >= 0, maxY < Double(GraticuleCell.maxLatitude) else {
            throw GridError(message: "1′ cells are defined here for 0–180°E, 0–\(GraticuleCell.maxLatitude)°N only; this block reaches \(minX)…\(maxX)°E, \(minY)…\(maxY)°N")
        }
        let offGrid = offGridCorners(polygons, tolerance: tolerance)
        // A cell is whole when what is missing is thinner than the tolerance along all four sides, and
        // untouched when what is covered is that thin: corners within tolerance of the grid (0.1 mm in a
        // 坐标文件, 1e-10° in our own GeoJSON) leave slivers of 1e-8 of the next cells, not partial cells.
        let wholeSlack = 4 * tolerance / 60 + 1e-9
        let geos = workspace.geos
        let block = try geos.makeGeometry(polygons)
        let prepared = try PreparedGeometry(block, in: geos)
        var counted: [GraticuleCell] = []
        var partial: [(GraticuleCell, Double)] = []
        // Cells in the bounding box, snapped so a whole-minute edge does not pull in the next row or column.
        let slack = tolerance / 60
        let west = Int((minX * 60 + slack).rounded(.down)), east = Int((maxX * 60 - slack).rounded(.up))
        let south = Int((minY * 60 + slack).rounded(.down)), north = Int((maxY * 60 - slack).rounded(.up))
        for lat in south..<max(north, south + 1) {
            for lon in west..<max(east, west + 1) {
                let cell = GraticuleCell(lonMinute: lon, latMinute: lat)
                let square = try geos.makeGeometry([cell.polygon])
                // Most cells of a big block are wholly in or out: the prepared predicates settle those
                // without an overlay.
                guard try prepared.intersects(square) else { continue }
                let fraction: Double
                if try prepared.covers(square) {
                    fraction = 1
                } else {
                    fraction = graticuleArea(try geos.polygons(of: try geos.intersection(block, square))) / cell.area
                }
                guard fraction > wholeSlack else { continue }
                if fraction > 0.5 { counted.append(cell) }
                if fraction < 1 - wholeSlack { partial.append((cell, min(fraction, 1))) }
            }
        }
        counted.sort()
        partial.sort { $0.0 < $1.0 }
        return GridBlock(index: index, id: id, cells: counted, partialCells: partial, offGridCorners: offGrid,
                         cellsArea: counted.reduce(0) { $0 + $1.area }, blockArea: graticuleArea(polygons),
                         outline: try CellBlocks.dissolve(counted, workspace))
    }

    /// Every vertex off the whole minutes, and every edge between on-grid corners that is neither a
    /// parallel nor a meridian (a diagonal between two grid corners is not a cell boundary either).
    static func offGridCorners(_ polygons: [Polygon], tolerance: Double) -> [OffGridCorner] {
        var found: [OffGridCorner] = []
        for (p, polygon) in polygons.enumerated() {
            for (r, ring) in polygon.rings.enumerated() {
                let n = ring.count > 1 && ring[0] == ring[ring.count - 1] ? ring.count - 1 : ring.count
                let place = (polygons.count > 1 ? "part \(p + 1) " : "") + (r == 0 ? "exterior" : "hole \(r)")
                var onGrid = [Bool](repeating: true, count: n)
                for k in 0..<n {
                    let v = ring[k]
                    var problems: [String] = []
                    let lonOff = secondsOffMinute(v.x), latOff = secondsOffMinute(v.y)
                    if abs(lonOff) > tolerance { problems.append("longitude \(dms(v.x)) is \(String(format: "%+.3f", lonOff))″ off the whole minute") }
                    if abs(latOff) > tolerance { problems.append("latitude \(dms(v.y)) is \(String(format: "%+.3f", latOff))″ off the whole minute") }
                    if !problems.isEmpty {
                        onGrid[k] = false
                        found.append(OffGridCorner(at: v, message: "\(place) corner \(k + 1): " + problems.joined(separator: "; ")))
                    }
                }
                for k in 0..<n where onGrid[k] && onGrid[(k + 1) % n] {
                    let a = ring[k], b = ring[(k + 1) % n]
                    let alongParallel = abs(a.y - b.y) * 3600 <= tolerance, alongMeridian = abs(a.x - b.x) * 3600 <= tolerance
                    if !alongParallel && !alongMeridian {
                        found.append(OffGridCorner(at: a, message: "\(place) edge from corner \(k + 1) to corner \((k + 1) % n + 1) (\(dms(b.x)) \(dms(b.y))) is neither a parallel nor a meridian"))
                    }
                }
            }
        }
        return found
    }

    /// Signed arc seconds from the nearest whole minute.
    static func secondsOffMinute(_ degrees: Double) -> Double {
        degrees * 3600 - (degrees * 60).rounded() * 60
    }

    /// 112°30′01.000″, for messages a surveyor reads.
    static func dms(_ degrees: Double) -> String {
        let totalMilli = Int((abs(degrees) * 3_600_000).rounded())
        let d = totalMilli / 3_600_000, m = totalMilli / 60_000 % 60, milli = totalMilli % 60_000
        return (degrees < 0 ? "-" : "") + String(format: "%d°%02d′%02d.%03d″", d, m, milli / 1000, milli % 1000)
    }
}

/// A grid that cannot be computed (the message says why).
public struct GridError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

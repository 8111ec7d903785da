import Foundation
import MineScreenGeometry

/// Rejected features of one constraint layer that may touch a block: the reason a block is `unverified`.
/// A feature the run could not analyse may overlap the block, so the block cannot be certified clean.
public struct RejectedNearby: Sendable {
    public var layer: String
    /// The first `RejectedFeatureIndex.listedPerLayer` of them: a damaged layer of 300 000 null geometries must not
    /// copy itself into every block's reasons.
    public var rejected: [Rejection]
    /// How many rejected features of the layer may touch the block (listed or not).
    public var total: Int

    public var message: String {
        let unknown = rejected.filter { $0.extent == nil }.count
        let ids = rejected.map(\.id).joined(separator: ", ") + (total > rejected.count ? " … first \(rejected.count) of \(total)" : "")
        let noun = total == 1 ? "feature" : "features"
        var text = "\(total) rejected \(noun) of layer \(layer) (\(ids)) may touch this block"
        if unknown > 0 { text += unknown == rejected.count ? " (location unknown)" : " (\(unknown) of unknown location)" }
        return text + ": it cannot be certified clean until they are fixed"
    }
}

/// The rejected features of a screening's layers, each with the box a block must meet to be near it.
struct RejectedFeatureIndex {
    /// Around a rejected feature's vertex box: a geodesic edge leaves the straight lon/lat line between its ends
    /// by ~0.4 m on 5 km at 36°N (growing with the square of the length), and boxes are compared in lon/lat;
    /// 50 m covers edges up to ~50 km. Corridor layers add their buffer.
    static let paddingMetres = 50.0

    /// Rejected features named per layer and block; the rest are counted.
    static let listedPerLayer = 50
    /// Boxes are filed in cells of this many degrees; a box over more than `maxCellsPerBox` cells is checked
    /// against every block instead (few features are that large).
    static let cellDegrees = 0.1
    static let maxCellsPerBox = 64

    struct Layer {
        var name: String
        var rejections: [Rejection]
        var boxes: [LonLatBox?]
        /// Features of unknown location: near every block.
        var everywhere: [Int] = []
        /// Features with boxes too large to file: tested against every block.
        var large: [Int] = []
        /// Cell (column, row) → features whose box meets it.
        var cells: [Int64: [Int]] = [:]
    }
    var layers: [Layer]

    static func cell(_ lon: Double, _ lat: Double) -> (Int64, Int64) {
        (Int64(((lon + 180) / cellDegrees).rounded(.down)), Int64(((lat + 90) / cellDegrees).rounded(.down)))
    }
    static func key(_ column: Int64, _ row: Int64) -> Int64 { column * 4096 + row }

    init(_ layers: [ScreenLayer]) {
        self.layers = layers.compactMap { screenLayer in
            guard !screenLayer.layer.loaded.rejected.isEmpty else { return nil }
            let padding = Self.paddingMetres + max(screenLayer.bufferMetres ?? 0, 0)
            var layer = Layer(name: screenLayer.layer.name, rejections: [], boxes: [])
            for (k, r) in screenLayer.layer.loaded.rejected.enumerated() {
                var rejection = r
                rejection.layer = screenLayer.layer.name
                let box = r.extent?.padded(metres: padding)
                layer.rejections.append(rejection)
                layer.boxes.append(box)
                guard let box else { layer.everywhere.append(k); continue }
                guard !box.crossesAntimeridian else { layer.large.append(k); continue }
                let (c0, r0) = Self.cell(box.minLon, box.minLat), (c1, r1) = Self.cell(box.maxLon, box.maxLat)
                guard (c1 - c0 + 1) * (r1 - r0 + 1) <= Int64(Self.maxCellsPerBox) else { layer.large.append(k); continue }
                for c in c0...c1 { for row in r0...r1 { layer.cells[Self.key(c, row), default: []].append(k) } }
            }
            return layer
        }
    }

    var isEmpty: Bool { layers.isEmpty }

    /// Per layer, the rejected features whose padded box meets the block's lon/lat box (or whose location is unknown).
    func near(_ lonLat: [Polygon]) -> [RejectedNearby] {
        guard !layers.isEmpty else { return [] }
        var positions: [Position] = []
        for polygon in lonLat { positions += polygon.exterior }
        let block = LonLatBox(positions)
        return layers.compactMap { layer in
            var hits = Set(layer.everywhere)
            if let block {
                for k in layer.large where layer.boxes[k]!.meets(block) { hits.insert(k) }
                let (c0, r0) = Self.cell(block.minLon, block.minLat), (c1, r1) = Self.cell(block.maxLon, block.maxLat)
                if (c1 - c0 + 1) * (r1 - r0 + 1) <= Int64(Self.maxCellsPerBox) {
                    for c in c0...c1 { for row in r0...r1 {
                        for k in layer.cells[Self.key(c, row)] ?? [] where layer.boxes[k]!.meets(block) { hits.insert(k) }
                    } }
                } else {
                    for boxes in layer.cells.values { for k in boxes where layer.boxes[k]!.meets(block) { hits.insert(k) } }
                }
            } else {
                hits.formUnion(layer.rejections.indices)
            }
            guard !hits.isEmpty else { return nil }
            let sorted = hits.sorted()
            return RejectedNearby(layer: layer.name, rejected: sorted.prefix(Self.listedPerLayer).map { layer.rejections[$0] },
                                  total: sorted.count)
        }
    }
}

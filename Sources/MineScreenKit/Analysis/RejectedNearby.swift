import Foundation

/// Rejected features of one constraint layer that may touch a block: the reason a block is `unverified`.
/// A feature the run could not analyse may overlap the block, so the block cannot be certified clean.
public struct RejectedNearby: Sendable {
    public var layer: String
    public var rejected: [Rejection]

    public var message: String {
        let unknown = rejected.filter { $0.extent == nil }.count
        let ids = rejected.map(\.id).joined(separator: ", ")
        let noun = rejected.count == 1 ? "feature" : "features"
        var text = "\(rejected.count) rejected \(noun) of layer \(layer) (\(ids)) may touch this block"
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

    struct Entry {
        var rejection: Rejection
        /// nil: location unknown, near every block.
        var box: LonLatBox?
    }
    var layers: [(name: String, entries: [Entry])]

    init(_ layers: [ScreenLayer]) {
        self.layers = layers.compactMap { screenLayer in
            let entries = screenLayer.layer.loaded.rejected.map { r -> Entry in
                var rejection = r
                rejection.layer = screenLayer.layer.name
                let padding = Self.paddingMetres + max(screenLayer.bufferMetres ?? 0, 0)
                return Entry(rejection: rejection, box: r.extent?.padded(metres: padding))
            }
            return entries.isEmpty ? nil : (screenLayer.layer.name, entries)
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
            let hits = layer.entries.filter { entry in
                guard let box = entry.box, let block else { return true }
                return box.meets(block)
            }.map(\.rejection)
            return hits.isEmpty ? nil : RejectedNearby(layer: layer.name, rejected: hits)
        }
    }
}

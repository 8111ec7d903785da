/// A packed R-tree over boxes (sort-tile-recursive, as GEOS's STRtree packs its leaves): which boxes meet a query
/// box, touching counts, as indices in ascending order. Built once, read only afterwards: many threads may query it.
///
/// Written here rather than taken from GEOS because a layer's features are indexed by their boxes alone. GEOS's
/// STRtree wants a geometry per item (a rectangle made and freed for each parcel) and keeps about 80 bytes per item
/// in vectors grown by doubling; this keeps the caller's boxes and 4 bytes per item plus a node box per 16.
package struct BoxTree: Sendable {
    /// Items per leaf and children per node.
    static let fanout = 16
    private let boxes: [Box]
    /// Items (indices into `boxes`, empty boxes left out) in packed order: leaf k holds
    /// `order[k * fanout ..< (k + 1) * fanout]`.
    private let order: [Int32]
    /// Node boxes, leaves first: `levels[0][k]` bounds leaf k; `levels[l][k]` bounds nodes
    /// `k * fanout ..< (k + 1) * fanout` of level l - 1. The last level is the root's children (one or a few).
    private let levels: [[Box]]

    package var count: Int { order.count }

    /// A tree over `boxes[k]` for every k whose box is not empty.
    package init(_ boxes: [Box]) {
        precondition(boxes.count <= Int(Int32.max), "a box tree holds at most \(Int32.max) items")
        self.boxes = boxes
        let f = Self.fanout
        var items = boxes.indices.filter { !boxes[$0].isEmpty }.map { Int32($0) }
        // Vertical slices of about √(leaves) leaves each, by box centre x; within a slice, by centre y.
        let leaves = (items.count + f - 1) / f
        let slices = max(1, Int(Double(leaves).squareRoot().rounded(.up)))
        let perSlice = ((items.count + slices - 1) / slices + f - 1) / f * f
        func centreX(_ k: Int32) -> Double { let b = boxes[Int(k)]; return b.minX + b.maxX }
        func centreY(_ k: Int32) -> Double { let b = boxes[Int(k)]; return b.minY + b.maxY }
        items.sort { (centreX($0), $0) < (centreX($1), $1) }
        var start = 0
        while start < items.count {
            let end = min(items.count, start + max(perSlice, f))
            items[start..<end].sort { (centreY($0), $0) < (centreY($1), $1) }
            start = end
        }
        order = items
        // The boxes of `count` children in groups of `fanout`, one node box per group.
        func nodes(over count: Int, _ child: (Int) -> Box) -> [Box] {
            stride(from: 0, to: count, by: f).map { first in
                var box = Box()
                for k in first..<min(count, first + f) { box.include(child(k)) }
                return box
            }
        }
        var levels = [nodes(over: items.count) { boxes[Int(items[$0])] }]
        while let below = levels.last, below.count > f { levels.append(nodes(over: below.count) { below[$0] }) }
        self.levels = items.isEmpty ? [] : levels
    }

    /// Indices of the items whose boxes meet `box` (touching counts), ascending.
    package func query(_ box: Box) -> [Int] {
        guard !box.isEmpty, let top = levels.last else { return [] }
        let f = Self.fanout
        var found: [Int] = []
        // Nodes still to open, as (level, index); the root's children are pushed first.
        var pending: [(level: Int, node: Int)] = []
        for k in top.indices.reversed() where top[k].meets(box) { pending.append((levels.count - 1, k)) }
        while let (level, node) = pending.popLast() {
            let first = node * f
            if level == 0 {
                for k in order[first..<min(order.count, first + f)] where boxes[Int(k)].meets(box) { found.append(Int(k)) }
            } else {
                let children = levels[level - 1]
                for child in first..<min(children.count, first + f) where children[child].meets(box) {
                    pending.append((level - 1, child))
                }
            }
        }
        found.sort()
        return found
    }
}

extension Box {
    /// Grows this box to hold `other` too.
    package mutating func include(_ other: Box) {
        guard !other.isEmpty else { return }
        minX = min(minX, other.minX); minY = min(minY, other.minY)
        maxX = max(maxX, other.maxX); maxY = max(maxY, other.maxY)
    }
}

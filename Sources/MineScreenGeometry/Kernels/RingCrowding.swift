import Foundation

/// A bound on how many of a feature's rings overlap one another in extent, checked before GEOS.
///
/// GEOS's validity check compares rings whose extents overlap. Ordinary polygons have few such pairs, even
/// with 100 000 holes (each overlaps the shell only) or a MultiPolygon of thousands of parcels (each
/// overlaps its neighbours). Islands nested in lakes thousands deep overlap every ring around them: the
/// pairs grow with the square of the rings, and 20 000 concentric rings (one valid MultiPolygon) kept GEOS
/// busy for three minutes. Such a feature is rejected with the count instead.
package enum RingCrowding {
    /// About 3 s of GEOS work at the ~0.7 µs per pair measured on 2 000 nested rings; 2 000 parcels
    /// all overlapping each other would still pass.
    static let maximumOverlappingPairs = 2_000_000
    /// Extent comparisons spent finding the pairs: when rings overlap in x but not in y (long thin strips
    /// stacked one above another), counting stops here and GEOS, whose index handles that well, decides.
    static let comparisonBudget = 40_000_000

    package static func problem(_ polygons: [Polygon]) -> String? {
        let rings = polygons.reduce(0) { $0 + $1.rings.count }
        // Too few rings to make that many pairs: nothing to count.
        guard rings > 1, rings * (rings - 1) / 2 > maximumOverlappingPairs else { return nil }
        struct Extent { var minX: Double, maxX: Double, minY: Double, maxY: Double }
        var extents: [Extent] = []
        extents.reserveCapacity(rings)
        for polygon in polygons {
            for ring in polygon.rings {
                var e = Extent(minX: .infinity, maxX: -.infinity, minY: .infinity, maxY: -.infinity)
                for p in ring { e.minX = min(e.minX, p.x); e.maxX = max(e.maxX, p.x); e.minY = min(e.minY, p.y); e.maxY = max(e.maxY, p.y) }
                extents.append(e)
            }
        }
        extents.sort { $0.minX < $1.minX }
        // Sweep west to east: the rings whose x range reaches the current ring's west edge are the only ones
        // it can overlap.
        var active: [Extent] = []
        var pairs = 0, comparisons = 0
        for e in extents {
            comparisons += active.count
            active.removeAll { $0.maxX < e.minX }
            for a in active where a.minY <= e.maxY && e.minY <= a.maxY { pairs += 1 }
            comparisons += active.count
            if pairs > maximumOverlappingPairs {
                return "rings too entangled to check: over \(maximumOverlappingPairs) pairs of its \(rings) rings overlap in extent (islands nested in lakes thousands deep); no block or constraint patch is drawn like this"
            }
            if comparisons > comparisonBudget { return nil }
            active.append(e)
        }
        return nil
    }
}

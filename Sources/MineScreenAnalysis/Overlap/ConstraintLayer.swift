import MineScreenSupport
import MineScreenGeometry
import MineScreenNative
import MineScreenIO
/// A constraint layer ready for overlay: its checked features and a box tree over them. Immutable once made
/// (the tree is built in `init`), so runs on many threads may share it; what a run learns about the layer for
/// its blocks is the run's own `LayerRunState`.
public final class ConstraintLayer {
    public let name: String
    public let loaded: LoadedLayer
    /// Every feature by its box: which features may meet a block.
    package let tree: BoxTree
    /// Each feature's box (of its exteriors), made once: every block's contact search and the coverage check
    /// test these before any geometry.
    package let boxes: [Box]
    /// The boxes the tree holds: `boxes`, and for a feature that is not polygonal (a corridor's line or point) the
    /// box of its positions, its GEOS envelope.
    private let indexBoxes: [Box]
    public var crs: ResolvedCRS { loaded.crs }
    public var features: [CheckedFeature] { loaded.features }

    public init(name: String, loaded: LoadedLayer) {
        self.name = name
        self.loaded = loaded
        // Each box read in place: mapping the features would copy each one (retaining its references) to read it.
        let features = loaded.features
        let boxes = features.indices.map { features[$0].box }
        self.boxes = boxes
        // Indexed by box: a feature's GEOS geometry is made only when an analysis needs it.
        var indexBoxes = boxes
        for k in boxes.indices where boxes[k].isEmpty {
            loaded.features[k].shape.forEachPosition { indexBoxes[k].add($0) }
        }
        self.indexBoxes = indexBoxes
        self.tree = BoxTree(indexBoxes)
    }

    /// Finds the pairs of `candidates` (features some block can reach) that share interior area, into `state`.
    /// Only those matter: the rest of a 100 000-parcel layer never meets a block.
    /// `candidates[i]`: feature i meets some block (marked by index: no set to build or sort for a city's parcels).
    /// `candidateList`: the same features as ascending indices, when the caller has them (then the layer is not
    /// scanned for them: a run of one block costs what its block meets).
    /// `known`: what the last run with the cache found (`CoverageMemo`): pairs it settles are not tested.
    func checkCoverage(candidates: [Bool], candidateList: [Int]? = nil, known: CoverageMemo.Known? = nil, threads: Int,
                       into state: inout LayerRunState) {
        let previous = known?.flags
        let features = self.features
        let sorted = candidateList ?? candidates.indices.filter { candidates[$0] }
        let indexBoxes = self.indexBoxes
        // With a memo, only features some pair the memo does not settle is looked at from, or some pair it lists as
        // overlapping: those not known clean, and their neighbours (a pair is looked at from either side). Every
        // pair from the others is settled, as not overlapping.
        let lookedFrom = previous.map { previous in
            Self.unsettled(sorted, previous: previous, candidates: candidates, threads: threads) { tree.query(indexBoxes[$0]) }
        } ?? sorted
        // Plain convex rings (most parcels) are told apart from a neighbour by one separating edge. Kept for the
        // candidates only (slot per feature, -1 for none): a run of one block must not pay for the whole layer.
        // With a memo, found when needed: few pairs are tested.
        func plainConvexRing(_ i: Int) -> [Position]? {
            guard case .polygon(let p) = features[i].shape, p.rings.count == 1, ConvexClip.isConvex(p.rings[0]) else { return nil }
            return p.rings[0]
        }
        let precomputed = previous == nil ? sorted : []
        let rings = parallelMap(count: (precomputed.count + 1023) / 1024, threads: threads) { c, _ -> [(Int, [Position])] in
            precomputed[(c * 1024)..<min(precomputed.count, (c + 1) * 1024)].compactMap { i in plainConvexRing(i).map { (i, $0) } }
        }
        var convexRings: [[Position]] = []
        var convexSlot = [Int32](repeating: -1, count: features.count)
        for (i, ring) in rings.joined() {
            convexSlot[i] = Int32(convexRings.count)
            convexRings.append(ring)
        }
        let (slots, slotRings) = (convexSlot, convexRings)
        func convexRing(_ i: Int) -> [Position]? {
            guard previous == nil else { return plainConvexRing(i) }
            return slots[i] < 0 ? nil : slotRings[Int(slots[i])]
        }
        // Neighbours by box from a grid over the candidates (no GEOS geometry touched); a feature without a box
        // (not polygonal) asks the tree.
        let grid = BoxGrid(boxes, members: sorted)
        let found = parallelMap(count: lookedFrom.count, threads: threads) { k, workspace -> [(Int, Int)] in
            let i = lookedFrom[k]
            let fromGrid = boxes[i].isEmpty ? nil : grid?.neighbours(of: i)
            let neighbours = fromGrid ?? tree.query(indexBoxes[i])
            var pairs: [(Int, Int)] = []
            // A pair is looked at from its lower index, but a feature without a box is not in the grid: its pairs
            // are looked at from it.
            for j in neighbours where (j > i || (boxes[i].isEmpty && !boxes[j].isEmpty)) && candidates[j] {
                if let known, known.flags[i] != CoverageMemo.unknown, known.flags[j] != CoverageMemo.unknown {
                    if known.overlapped(i, j) { pairs.append((i, j)) }
                    continue
                }
                if let ring = convexRing(i), let other = CoverageContact.outerVertices(features[j].shape),
                   CoverageContact.convexRingSeparates(ring, from: other) { continue }
                if let ring = convexRing(j), let other = CoverageContact.outerVertices(features[i].shape),
                   CoverageContact.convexRingSeparates(ring, from: other) { continue }
                if CoverageContact.disjointInteriors(features[i].shape, features[j].shape) == true { continue }
                if let overlap = CoverageContact.interiorsOverlapExactly(features[i].shape, features[j].shape) {
                    if overlap { pairs.append((i, j)) }
                    continue
                }
                if CoverageContact.interiorsCertainlyMeet(features[i].shape, features[j].shape) {
                    pairs.append((i, j))
                    continue
                }
                if (try? workspace.geos.interiorsOverlap(try features[i].geometry, try features[j].geometry)) ?? true { pairs.append((i, j)) }
            }
            return pairs
        }.joined()
        state.overlappingFeatures = Set(found.flatMap { [$0.0, $0.1] })
        state.overlapNeighbours = [:]
        for (i, j) in found {
            state.overlapNeighbours[i, default: []].append(j)
            state.overlapNeighbours[j, default: []].append(i)
        }
        state.overlappingPairs = found.prefix(5).map { (features[$0.0].feature.id, features[$0.1].feature.id) }
    }

    /// The candidates (ascending) that some pair not settled by `previous` (`CoverageMemo`) is looked at from: those
    /// not known clean, and every candidate whose box meets one of theirs (`neighbours`: the features whose index
    /// boxes meet a feature's, the relation the pair loop's neighbours are drawn from, either way round).
    static func unsettled(_ sorted: [Int], previous: [UInt8], candidates: [Bool], threads: Int,
                          neighbours: (Int) -> [Int]) -> [Int] {
        let open = sorted.filter { previous[$0] != CoverageMemo.clean }
        var marked = [Bool](repeating: false, count: candidates.count)
        for i in open { marked[i] = true }
        let near = parallelMap(count: open.count, threads: threads) { k, _ in neighbours(open[k]).filter { candidates[$0] } }
        for list in near { for j in list { marked[j] = true } }
        return sorted.filter { marked[$0] }
    }

    /// Keeps what each block meets and measures every feature some block covers whole, in parallel, into `state`.
    func recordContacts(_ perBlock: [(block: Int, contacts: BlockContacts)], measureCovered: Bool = true,
                        threads: Int, into state: inout LayerRunState) {
        state.contacts = Dictionary(perBlock.map { ($0.block, $0.contacts) }, uniquingKeysWith: { first, _ in first })
        var covered = Set<Int>()
        if measureCovered { for entry in perBlock { covered.formUnion(entry.contacts.coveredFeatures) } }
        let measured = covered.sorted()
        let areas = parallelMap(count: (measured.count + 255) / 256, threads: threads) { c, workspace -> [Double] in
            measured[(c * 256)..<min(measured.count, (c + 1) * 256)].map {
                (try? workspace.ellipsoidalArea(features[$0].shape.polygons ?? [], crs: crs.identifier)) ?? .nan
            }
        }.joined()
        if measured.count * 64 < features.count {
            state.sparseCoveredAreas = Dictionary(uniqueKeysWithValues: zip(measured, areas))
        } else {
            var coveredAreas = [Double](repeating: .nan, count: features.count)
            for (feature, area) in zip(measured, areas) { coveredAreas[feature] = area }
            state.coveredAreas = coveredAreas
        }
    }
}

/// The features of a layer one block meets (ascending), and which of them it covers whole.
public struct BlockContacts: Sendable {
    public var features: [Int] = []
    public var covered: [Bool] = []
    var coveredFeatures: [Int] { zip(features, covered).filter(\.1).map(\.0) }
}

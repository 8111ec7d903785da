import Foundation
import MineScreenSupport
import MineScreenGeometry
import MineScreenNative
import MineScreenIO

/// One mine's place in the plan: its category, every reason that applies, and its consolidation group.
public struct RectifyMineResult: Sendable {
    public var mine: RectifyMine
    public var category: RectifyCategory
    public var reasons: [RectifyReason]
    public var group: String?
}

/// Mines linked by shared ore bodies or too-close operations (a connected component), to be consolidated.
public struct RectifyGroup: Sendable {
    public var id: String
    /// Feature indices of the member mines, ascending.
    public var members: [Int]
    /// The links: one per shared ore body, one per too-close pair.
    public var links: [RectifyReason]
}

/// What a ``RectifyEngine`` run found: each mine's list and reasons, the consolidation groups, the rejected features.
public struct RectifyResult {
    public var mines: LoadedLayer
    public var orebodies: LoadedLayer?
    public var footprints: LoadedLayer?
    public var rules: RectifyRules
    public var results: [RectifyMineResult]
    public var groups: [RectifyGroup]
    public var rejected: [Rejection]
    /// Footprints that touch no licence polygon (ids): mining with no licence at all, for the record.
    public var unlicensedFootprints: [String]
    /// CGCS2000 lon/lat outlines by feature index, for maps.
    public var mineOutlines: [Int: [Polygon]]
    public var orebodyOutlines: [(id: String, polygons: [Polygon])]
    public var footprintOutlines: [(id: String, polygons: [Polygon])]
}

/// Sorts licensed mines into the lists of a rectification plan (`minescreen rectify`): attribute rules per mine,
/// then the geometric ones: footprints beyond the licence, ore bodies held by several owners, licences of
/// different owners closer than the safety distance.
///
/// Every input is taken to CGCS2000 lon/lat (edges densified in their own CRS first, so straight edges stay
/// where they were drawn). Distances and areas outside a licence are computed in a transverse Mercator
/// centred on the licence concerned (scale 1 at its centre, as `screen` builds corridors), so they are
/// ground distances (GEOS distance in that plane) and ellipsoidal areas on CGCS2000.
public struct RectifyEngine {
    public var mines: LoadedLayer
    public var orebodies: LoadedLayer?
    public var footprints: LoadedLayer?
    public var rules: RectifyRules
    /// A mine's id is its licence number; without one, the id the file gives it (its `id` member, else its index).
    /// Off when the user names the id property (`--id-field`).
    public var idFromLicence = true
    /// Most pairs of licences of different owners within the safety distance of each other a run takes. Real
    /// counties have hundreds of mines; thousands of licences piled on one another would otherwise take hours and
    /// gigabytes of reasons, so such a file is refused (exit 2) instead.
    public var maxClosePairs = 1_000_000

    public init(mines: LoadedLayer, orebodies: LoadedLayer?, footprints: LoadedLayer?, rules: RectifyRules) {
        self.mines = mines; self.orebodies = orebodies; self.footprints = footprints; self.rules = rules
    }

    struct Placed {
        var index: Int
        var id: String
        var lonLat: [Polygon]
        var geometry: GEOSGeom
    }

    public func run(workspace: ThreadWorkspace = ThreadWorkspace()) throws -> RectifyResult {
        for key in RectifyFields.requiredKeys {
            let field = rules.fields[keyPath: RectifyFields.keys.first { $0.key == key }!.path]
            try NamedField.require(field, option: "fields.\(key) of \(rules.file)", file: mines.path, features: mines.features.map(\.feature))
        }
        var rejected = mines.rejected
        var accepted: [(mine: RectifyMine, feature: CheckedFeature)] = []
        for feature in mines.features {
            switch RectifyMine.read(feature.feature, fields: rules.fields) {
            case .success(var mine):
                if idFromLicence, let licence = mine.licence { mine.id = licence }
                accepted.append((mine, feature))
            case .failure(let error):
                rejected.append(Rejection(index: feature.feature.index, id: rejectedID(feature.feature), file: mines.path, reason: error.description))
            }
        }
        // A mine whose geometry cannot be placed is rejected; the rest go on.
        var placed: [Placed] = []
        var kept: [RectifyMine] = []
        for (mine, feature) in accepted {
            do {
                var position = try place(feature, crs: mines.crs, workspace)
                position.id = mine.id
                placed.append(position)
                kept.append(mine)
            } catch {
                rejected.append(Rejection(index: feature.feature.index, id: feature.feature.id, file: mines.path, reason: "analysis failed: \(error)"))
            }
        }
        let placedOrebodies = try placeAll(orebodies, layer: "orebodies", rejected: &rejected, workspace)
        let placedFootprints = try placeAll(footprints, layer: "footprints", rejected: &rejected, workspace)
        rejected.sort { ($0.layer ?? "", $0.index) < ($1.layer ?? "", $1.index) }

        var reasons = kept.map { RectifyClassification.attributeReasons($0, rules: rules, fields: rules.fields) }
        var links: [(a: Int, b: Int)] = []   // positions in `kept`
        var groupLinks: [(members: [Int], reason: RectifyReason)] = []
        let geos = workspace.geos
        let tree = placed.isEmpty ? nil : try STRtree(placed.map(\.geometry), in: geos)
        let planes = placed.map { ScreenEngine.blockCentredPlane($0.lonLat) }

        // Beyond the boundary: each footprint belongs to the licence it shares most area with.
        var assigned: [Int: [Int]] = [:]
        var unlicensed: [String] = []
        // A mine, ore body or footprint whose geometry GEOS cannot process is rejected; the rest go on.
        var failedMines: [Int: String] = [:]
        for (f, footprint) in placedFootprints.enumerated() {
            do {
                var best: (position: Int, area: Double)?
                for k in try tree?.query(footprint.geometry, in: geos) ?? [] where try geos.interiorsOverlap(footprint.geometry, placed[k].geometry) {
                    let shared = workspace.geodesic.area(try geos.polygons(of: try geos.intersection(footprint.geometry, placed[k].geometry)))
                    if shared > (best?.area ?? 0) { best = (k, shared) }
                }
                if let best { assigned[best.position, default: []].append(f) } else { unlicensed.append(footprint.id) }
            } catch {
                rejected.append(Rejection(index: footprint.index, id: footprint.id, file: footprints?.path ?? "", reason: "analysis failed: \(error)", layer: "footprints"))
            }
        }
        for (k, list) in assigned.sorted(by: { $0.key < $1.key }) {
            do {
                let plane = planes[k]
                let licence = try geos.makeGeometry(try workspace.reproject(placed[k].lonLat, from: .cgcs2000, to: plane.identifier))
                let activity = try geos.union(try list.map { try geos.makeGeometry(try workspace.reproject(placedFootprints[$0].lonLat, from: .cgcs2000, to: plane.identifier)) },
                                              gridSize: plane.overlayGridSize)
                let outside = try geos.difference(activity, licence, gridSize: plane.overlayGridSize)
                let area = try workspace.measuredArea(try geos.polygons(of: outside), in: plane)
                guard area > rules.beyondBoundaryToleranceM2 else { continue }
                let ids = list.map { placedFootprints[$0].id }
                reasons[k].append(RectifyReason("beyond-boundary",
                                                "mining \(formatFixed(area, decimals: 2)) m² outside the licence (footprints \(ids.joined(separator: ", "))), above the tolerance \(formatJSONNumber(rules.beyondBoundaryToleranceM2)) m²",
                                                [("area_m2", .number(area)), ("footprints", .array(ids.map { .string($0) }))]))
            } catch {
                failedMines[k] = "analysis failed (area beyond the boundary): \(error)"
            }
        }

        // One ore body overlapped by licences of two or more owners.
        for orebody in placedOrebodies {
            var holders: [Int] = []
            do {
                for k in try tree?.query(orebody.geometry, in: geos) ?? [] where try geos.interiorsOverlap(orebody.geometry, placed[k].geometry) {
                    let shared = workspace.geodesic.area(try geos.polygons(of: try geos.intersection(orebody.geometry, placed[k].geometry)))
                    if shared > OverlapEngine.numericalZeroArea { holders.append(k) }
                }
            } catch {
                rejected.append(Rejection(index: orebody.index, id: orebody.id, file: orebodies?.path ?? "", reason: "analysis failed: \(error)", layer: "orebodies"))
                continue
            }
            holders.sort()
            let owners = Set(holders.map { ownerKey(kept[$0]) })
            guard owners.count >= 2 else { continue }
            for k in holders {
                let others = holders.filter { $0 != k }.map { kept[$0].id }
                reasons[k].append(RectifyReason("shared-orebody", "ore body \(orebody.id) is also held by \(others.joined(separator: ", ")) (\(owners.count) owners)",
                                                [("orebody", .string(orebody.id)), ("mines", .array(others.map { .string($0) }))]))
            }
            for (a, b) in zip(holders, holders.dropFirst()) { links.append((a, b)) }
            groupLinks.append((holders, RectifyReason("shared-orebody", "ore body \(orebody.id) held by \(holders.map { kept[$0].id }.joined(separator: ", "))",
                                                      [("orebody", .string(orebody.id)), ("mines", .array(holders.map { .string(kept[$0].id) }))])))
        }

        // Licences of different owners closer than the safety distance, measured in the first one's plane.
        let safety = rules.safetyDistanceMetres
        var closePairs = 0
        for a in placed.indices {
            do {
                let search = try geos.makeGeometry([ScreenEngine.expandedEnvelope(placed[a].lonLat, by: safety, geographic: true)])
                let plane = planes[a]
                let first = try geos.makeGeometry(try workspace.reproject(placed[a].lonLat, from: .cgcs2000, to: plane.identifier))
                for b in try tree?.query(search, in: geos) ?? [] where b > a && ownerKey(kept[a]) != ownerKey(kept[b]) {
                    let second = try geos.makeGeometry(try workspace.reproject(placed[b].lonLat, from: .cgcs2000, to: plane.identifier))
                    let distance = try geos.distance(first, second)
                    guard distance < safety else { continue }
                    closePairs += 1
                    if closePairs > maxClosePairs {
                        throw InputError.invalidArgument(
                            "\(mines.path): more than \(maxClosePairs) pairs of licences of different owners lie within \(formatJSONNumber(safety)) m of each other; is this one county's licence file?")
                    }
                    for (k, other) in [(a, b), (b, a)] {
                        reasons[k].append(RectifyReason("too-close", "\(formatFixed(distance, decimals: 1)) m from \(kept[other].id) (\(kept[other].owner)), closer than \(formatJSONNumber(safety)) m",
                                                        [("mine", .string(kept[other].id)), ("distance_m", .number(distance)), ("safety_distance_m", .number(safety))]))
                    }
                    links.append((a, b))
                    groupLinks.append(([a, b], RectifyReason("too-close", "\(kept[a].id) and \(kept[b].id) \(formatFixed(distance, decimals: 1)) m apart",
                                                              [("mines", .array([.string(kept[a].id), .string(kept[b].id)])), ("distance_m", .number(distance))])))
                }
            } catch let error as InputError {
                throw error
            } catch {
                failedMines[a] = "analysis failed (distances to other licences): \(error)"
            }
        }
        for (k, reason) in failedMines {
            rejected.append(Rejection(index: kept[k].index, id: kept[k].id, file: mines.path, reason: reason))
        }
        rejected.sort { ($0.layer ?? "", $0.index) < ($1.layer ?? "", $1.index) }
        links.removeAll { failedMines[$0.a] != nil || failedMines[$0.b] != nil }
        groupLinks.removeAll { $0.members.contains { failedMines[$0] != nil } }

        // Upgrade plans answer scale and service-life exits only.
        for k in kept.indices {
            let exits = Set(reasons[k].map(\.code)).intersection(RectifyReason.exitCodes)
            if !exits.isEmpty, exits.isSubset(of: RectifyReason.upgradableCodes), let plan = RectifyClassification.upgradePlan(kept[k], rules: rules) {
                reasons[k].append(plan)
            }
        }

        let components = Self.components(count: kept.count, links: links)
        var groups: [RectifyGroup] = []
        var groupOf: [Int: String] = [:]
        for members in components where members.count >= 2 && failedMines[members[0]] == nil {
            let id = "G\(groups.count + 1)"
            for k in members { groupOf[k] = id }
            let memberSet = Set(members)
            groups.append(RectifyGroup(id: id, members: members.map { kept[$0].index },
                                       links: groupLinks.filter { memberSet.contains($0.members[0]) }.map(\.reason)))
        }
        let results = kept.indices.filter { failedMines[$0] == nil }.map { k in
            RectifyMineResult(mine: kept[k], category: RectifyClassification.category(reasons[k]), reasons: reasons[k], group: groupOf[k])
        }
        return RectifyResult(mines: mines, orebodies: orebodies, footprints: footprints, rules: rules, results: results, groups: groups,
                             rejected: rejected, unlicensedFootprints: unlicensed,
                             mineOutlines: Dictionary(uniqueKeysWithValues: placed.map { ($0.index, $0.lonLat) }),
                             orebodyOutlines: placedOrebodies.map { ($0.id, $0.lonLat) },
                             footprintOutlines: placedFootprints.map { ($0.id, $0.lonLat) })
    }

    /// A rejected mine is named as it would have been: by its licence number when it has one.
    func rejectedID(_ feature: Feature) -> String {
        guard idFromLicence, let licence = feature.property(rules.fields.licence)?.labelText?.trimmingCharacters(in: .whitespaces),
              !licence.isEmpty else { return feature.id }
        return licence
    }

    /// Mines without an owner never share one.
    func ownerKey(_ mine: RectifyMine) -> String { mine.owner.isEmpty ? "\u{0}#\(mine.index)" : mine.owner }

    func place(_ feature: CheckedFeature, crs: ResolvedCRS, _ workspace: ThreadWorkspace) throws -> Placed {
        let lonLat = try workspace.faithfulLonLat(feature.shape.polygons ?? [], from: crs)
        return Placed(index: feature.feature.index, id: feature.feature.id, lonLat: lonLat, geometry: try workspace.geos.makeGeometry(lonLat))
    }

    func placeAll(_ layer: LoadedLayer?, layer name: String, rejected: inout [Rejection], _ workspace: ThreadWorkspace) throws -> [Placed] {
        guard let layer else { return [] }
        rejected += layer.rejected.map { var r = $0; r.layer = name; return r }
        var placed: [Placed] = []
        for feature in layer.features {
            do { placed.append(try place(feature, crs: layer.crs, workspace)) } catch {
                rejected.append(Rejection(index: feature.feature.index, id: feature.feature.id, file: layer.path, reason: "analysis failed: \(error)", layer: name))
            }
        }
        return placed
    }

    /// Connected components of `links` over `count` nodes, each sorted, ordered by their first node.
    static func components(count: Int, links: [(a: Int, b: Int)]) -> [[Int]] {
        var parent = Array(0..<count)
        func root(_ k: Int) -> Int {
            var k = k
            while parent[k] != k { parent[k] = parent[parent[k]]; k = parent[k] }
            return k
        }
        for (a, b) in links {
            let ra = root(a), rb = root(b)
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        var byRoot: [Int: [Int]] = [:]
        for k in 0..<count { byRoot[root(k), default: []].append(k) }
        return byRoot.values.sorted { $0[0] < $1[0] }
    }
}

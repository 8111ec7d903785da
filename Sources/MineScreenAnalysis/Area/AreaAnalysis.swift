/// One feature's computed area, beside its declared one.
public struct FeatureArea: Sendable {
    public var index: Int
    public var id: String
    public var area: Double
    public var declared: Double?
    public var group: String?
    /// For planar and tdt1055 areas: the zone plane used.
    public var plane: CRSIdentifier?
    public var repairNote: String?
    public var difference: Double? { declared.map { area - $0 } }
}

/// The number of features and their summed area (m², unrounded) for one value of the grouping field.
public struct GroupArea: Sendable {
    public var key: String
    public var count: Int
    public var area: Double
}

/// What `area` computed for one file: each feature's area by the chosen method, group totals, rejections.
public struct AreaResult {
    public var crs: ResolvedCRS
    public var crsSource: String
    public var method: AreaMethod
    public var file: String
    public var features: [FeatureArea]
    public var groups: [GroupArea]
    public var rejected: [Rejection]
    /// Sum of unrounded areas; rounded only when printed.
    public var total: Double { features.reduce(0) { $0 + $1.area } }
    public var declaredTotal: Double? {
        let declared = features.compactMap(\.declared)
        return declared.isEmpty ? nil : declared.reduce(0, +)
    }
    /// Computed minus declared over the features that declare an area (the others do not enter).
    public var differenceTotal: Double? {
        let pairs = features.filter { $0.declared != nil }
        return pairs.isEmpty ? nil : pairs.reduce(0) { $0 + $1.area - $1.declared! }
    }
}

/// How ``AreaAnalysis`` measures: the area method, and the declared-area field, its unit and the grouping field.
public struct AreaOptions {
    public var method: AreaMethod = .ellipsoidal
    public var declaredField: String?
    public var declaredUnit: AreaUnit = .km2
    public var groupBy: String?
    public init() {}
}

/// Measures every polygon of a layer by the chosen ``AreaMethod`` (m², unrounded) in parallel.
public enum AreaAnalysis {
    public static func run(_ layer: LoadedLayer, options: AreaOptions, threads: Int = defaultThreadCount,
                           progress: ((Int) -> Void)? = nil) -> AreaResult {
        let (features, rejected) = layer.analyseEach(threads: threads, progress: progress) { feature, workspace in
            try measure(feature, crs: layer.crs.identifier, options: options, workspace)
        }
        return AreaResult(crs: layer.crs, crsSource: layer.crsSource, method: options.method, file: layer.path,
                          features: features, groups: groups(features), rejected: rejected)
    }

    static func measure(_ checked: CheckedFeature, crs: CRSIdentifier, options: AreaOptions,
                        _ workspace: ThreadWorkspace) throws -> FeatureArea {
        let polygons = checked.shape.polygons ?? []
        let feature = checked.feature
        var result = FeatureArea(index: feature.index, id: feature.id, area: 0, repairNote: checked.repairNote)
        switch options.method {
        case .ellipsoidal:
            result.area = try workspace.ellipsoidalArea(polygons, crs: crs)
        case .planar:
            // Data already in a CGCS2000 Gauss-Krüger plane is measured in that plane, on the coordinates as
            // given (exact, no trip through lon/lat; the file's zone, as `check`, `convert` and tdt1055 use).
            if let code = crs.epsgCode, (4491...4554).contains(code) {
                result.area = planarArea(polygons)
                result.plane = crs
                break
            }
            let lonLat = try workspace.lonLat(polygons, from: crs)
            let centre = centreLongitude(lonLat)
            guard let zone = gaussKrugerZoneCRS(forLongitude: centre) else {
                throw PROJError(operation: "planar area", message: "longitude \(centre) is outside the CGCS2000 Gauss-Krüger 3° zones 25–45")
            }
            let plane = try workspace.transformer(from: .cgcs2000, to: zone).transformed(lonLat)
            result.area = planarArea(plane)
            result.plane = zone
        case .tdt1055:
            (result.area, result.plane) = try TDT1055Area.area(polygons, crs: crs, workspace)
        }
        if let field = options.declaredField, let value = feature.property(field) {
            if let number = value.numberValue ?? value.stringValue.flatMap({ Double($0.replacingOccurrences(of: ",", with: "").trimmingCharacters(in: .whitespaces)) }),
               number.isFinite {
                result.declared = number * options.declaredUnit.squareMetres
            }
        }
        if let field = options.groupBy {
            result.group = feature.property(field)?.labelText ?? "(none)"
        }
        return result
    }

    package static func centreLongitude(_ polygons: [Polygon]) -> Double {
        var minX = Double.infinity, maxX = -Double.infinity
        for p in polygons { for v in p.exterior { minX = min(minX, v.x); maxX = max(maxX, v.x) } }
        return (minX + maxX) / 2
    }

    /// Totals of the `--group-by` field, in order of first appearance (as the planning tables list counties).
    static func groups(_ features: [FeatureArea]) -> [GroupArea] {
        var keys: [Int: String] = [:]
        for f in features { if let key = f.group { keys[f.index] = key } }
        return AreaGrouping(field: "", keys: keys).totals(features.filter { $0.group != nil })
            .map { GroupArea(key: $0.key, count: $0.count, area: $0.area) }
    }
}

import Foundation
import MineScreenSupport
import MineScreenGeometry
import MineScreenNative
import MineScreenIO

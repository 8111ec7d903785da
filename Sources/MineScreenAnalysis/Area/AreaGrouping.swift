import MineScreenIO
/// Totals by one property (county, mineral …): feature index → the feature's value of `field`.
public struct AreaGrouping {
    public var field: String
    public var keys: [Int: String]

    public init(field: String, keys: [Int: String]) {
        self.field = field
        self.keys = keys
    }

    public init(field: String, layer: LoadedLayer) {
        var keys: [Int: String] = [:]
        for f in layer.features { keys[f.feature.index] = f.feature.property(field)?.labelText ?? "(none)" }
        self.init(field: field, keys: keys)
    }

    /// One group's feature count, summed area and summed declared area.
    public struct Total {
        public var key: String
        public var count: Int
        public var area: Double
        public var declared: Double?
        /// Computed minus declared over the features of the group that declare an area.
        public var difference: Double?
    }

    /// Groups in order of first appearance, as planning tables list counties.
    public func totals(_ features: [FeatureArea]) -> [Total] {
        var order: [String] = []
        var members: [String: [FeatureArea]] = [:]
        for f in features {
            let key = keys[f.index] ?? "(none)"
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(f)
        }
        return order.map { key in
            let group = members[key]!
            let declaring = group.filter { $0.declared != nil }
            return Total(key: key, count: group.count, area: group.reduce(0) { $0 + $1.area },
                         declared: declaring.isEmpty ? nil : declaring.reduce(0) { $0 + $1.declared! },
                         difference: declaring.isEmpty ? nil : declaring.reduce(0) { $0 + $1.area - $1.declared! })
        }
    }
}

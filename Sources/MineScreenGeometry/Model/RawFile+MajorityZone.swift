extension RawFile {
    /// A survey file that declares no zone (坐标文件 without 带号): the zone most eastings' prefixes name,
    /// so a stray point from the neighbouring zone is a zone-mismatch rather than a far-off vertex that
    /// makes the outline cross itself. Ties go to the lower zone number, so the answer never depends on order.
    package var majorityZone: GaussKrugerZone? {
        guard northingFirst else { return nil }
        var counts: [GaussKrugerZone: Int] = [:]
        for block in blocks { for ring in block.rings { for p in ring.points {
            if let zone = GaussKrugerZone(prefixOf: p.second) { counts[zone, default: 0] += 1 }
        } } }
        return counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key.zone > $1.key.zone) }?.key
    }
}

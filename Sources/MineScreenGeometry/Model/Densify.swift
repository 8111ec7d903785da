/// Inserts vertices so no edge is longer than `maxSegment` (plane units).
public func densified(_ polygons: [Polygon], maxSegment: Double) -> [Polygon] {
    polygons.map { polygon in
        Polygon(rings: polygon.rings.map { ring in
            guard ring.count > 1 else { return ring }
            var out: [Position] = [ring[0]]
            out.reserveCapacity(ring.count)
            for k in 1..<ring.count {
                let a = ring[k - 1], b = ring[k]
                let length = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
                let steps = Int((length / maxSegment).rounded(.up))
                if steps > 1 {
                    for s in 1..<steps {
                        let t = Double(s) / Double(steps)
                        out.append(Position(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t))
                    }
                }
                out.append(b)
            }
            return out
        })
    }
}

extension Geometry {
    /// Lines and polygons with vertices inserted so no edge is longer than `maxSegment`; points unchanged.
    public func densified(maxSegment: Double) -> Geometry {
        func line(_ ps: [Position]) -> [Position] { MineScreenGeometry.densified([Polygon(rings: [ps])], maxSegment: maxSegment)[0].rings[0] }
        switch self {
        case .lineString(let ps): return .lineString(line(ps))
        case .multiLineString(let lines): return .multiLineString(lines.map(line))
        case .polygon(let p): return .polygon(MineScreenGeometry.densified([p], maxSegment: maxSegment)[0])
        case .multiPolygon(let ps): return .multiPolygon(MineScreenGeometry.densified(ps, maxSegment: maxSegment))
        case .point, .multiPoint, .unsupported: return self
        }
    }
}

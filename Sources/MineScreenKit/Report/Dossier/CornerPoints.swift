/// The corner-point table (拐点坐标) planning documents print for a block: points numbered J1, J2, …
/// through all rings, X = northing and Y = easting with the zone prefix, in the block's CGCS2000
/// Gauss-Krüger 3° zone; the closing point is not repeated.
func cornerPointTable(_ lonLat: [Polygon], workspace: ThreadWorkspace) throws -> ReportTable {
    let centre = SVGMapRenderer.centreLongitude(lonLat)
    let zone = Int((centre / 3).rounded())
    guard (25...45).contains(zone) else {
        throw PROJError(operation: "corner points", message: "longitude \(centre) is outside the CGCS2000 Gauss-Krüger 3° zones 25–45")
    }
    let prefixed = CRSIdentifier(authority: "EPSG", code: String(4513 + zone - 25))
    let plane = try workspace.transformer(from: .cgcs2000, to: prefixed).transformed(lonLat)
    var table = ReportTable(name: "corner points", columns: ["圈号 ring", "点号 point", "X northing (m)", "Y easting (m)"])
    var number = 0
    var ringNumber = 0
    for polygon in plane {
        for ring in polygon.rings {
            ringNumber += 1
            let open = ring.count > 1 && ring.first == ring.last ? Array(ring.dropLast()) : ring
            for p in open {
                number += 1
                table.rows.append([.integer(ringNumber), .text("J\(number)"), .number(p.y, decimals: 2), .number(p.x, decimals: 2)])
            }
        }
    }
    table.pageColumnGroups = table.rows.count > 60 ? 3 : table.rows.count > 20 ? 2 : 1
    return table
}

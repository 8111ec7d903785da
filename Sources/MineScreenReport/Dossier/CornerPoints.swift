import MineScreenGeometry
import MineScreenNative
import MineScreenAnalysis
/// The corner-point table (拐点坐标) planning documents print for a block: points numbered J1, J2, …
/// through all rings, X = northing and Y = easting with the zone prefix, in a CGCS2000 Gauss-Krüger
/// zone; the closing point is not repeated. A block given in a Gauss-Krüger zone keeps its own zone (a
/// submitted 坐标文件 reads the same in the dossier, also west of a seam); any other block goes to the
/// 3° zone of its centre.
func cornerPointTable(_ polygons: [Polygon], crs: CRSIdentifier, workspace: ThreadWorkspace) throws -> ReportTable {
    let prefixed: CRSIdentifier
    if let own = GaussKrugerZone(crs) {
        prefixed = own.withPrefix.crs
    } else {
        let centre = AreaAnalysis.centreLongitude(try workspace.lonLat(polygons, from: crs))
        guard let zone = GaussKrugerZone.threeDegree(longitude: centre, prefixed: true) else {
            throw PROJError(operation: "corner points", message: "longitude \(centre) is outside the CGCS2000 Gauss-Krüger 3° zones 25–45")
        }
        prefixed = zone.crs
    }
    let plane = try workspace.reproject(polygons, from: crs, to: prefixed)
    var table = ReportTable(name: "corner points (\(prefixed))", columns: ["圈号 ring", "点号 point", "X northing (m)", "Y easting (m)"])
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


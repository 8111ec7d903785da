import Foundation
import MineScreenGeometry
import MineScreenNative
import MineScreenSupport

extension ReportContext {
    /// What was computed, as label/value pairs: the dossier's header and the workbook's "about" sheet.
    func facts(file: String, extra: [(label: String, value: String)] = []) -> [(label: String, value: String)] {
        [("Command", "minescreen \(command)"), ("Input", file), ("CRS", crsNote),
         ("Area method", "\(method.rawValue): \(methodDetail)"),
         ("Units", "areas computed in m² and rounded only for display: km² and ha to 4 decimals, m² and 亩 to 2 (1 亩 = 10000/15 m²)")]
            + extra
            + [("Software", "minescreen \(minescreenVersion); GEOS \(GEOSContext.version); PROJ \(PROJContext.version)"),
               ("Generated", ISO8601DateFormatter().string(from: Date()))]
    }
}

func aboutTable(_ facts: [(label: String, value: String)]) -> ReportTable {
    var table = ReportTable(name: "about", columns: ["item", "value"])
    table.rows = facts.map { [.text($0.label), .text($0.value)] }
    return table
}

func rejectedTable(_ rejected: [Rejection]) -> ReportTable {
    var table = ReportTable(name: "rejected", columns: ["layer", "file", "index", "id", "reason"])
    table.rows = rejected.map { [.text($0.layer ?? ""), .text($0.file), .integer($0.index), .text($0.id), .text($0.reason)] }
    return table
}

/// Area columns in the units planning documents use, for a summary: km², ha, 亩.
func areaCells(_ squareMetres: Double) -> [ReportCell] {
    [.area(squareMetres, .km2), .area(squareMetres, .ha), .area(squareMetres, .mu)]
}

func areaHeaders(_ label: String) -> [String] {
    [header(label, .km2), header(label, .ha), header(label, .mu)]
}

/// Polygons in `crs` as CGCS2000 lon/lat with straight edges kept straight, for maps.
func mapLonLat(_ polygons: [Polygon], crs: ResolvedCRS, _ workspace: ThreadWorkspace) throws -> [Polygon] {
    try workspace.faithfulLonLat(polygons, from: crs)
}

/// Block minus what overlaps it, for drawing only (areas come from the analysis, never from this).
func displayRemainder(_ block: [Polygon], minus overlaps: [[Polygon]], _ workspace: ThreadWorkspace) throws -> [Polygon] {
    let geos = workspace.geos
    let cut = overlaps.filter { !$0.isEmpty }
    guard !cut.isEmpty else { return block }
    let union = try geos.union(try cut.map { try geos.makeGeometry($0) }, gridSize: 1e-10)
    return try geos.polygons(of: try geos.difference(try geos.makeGeometry(block), union, gridSize: 1e-10))
}

import Foundation
import MineScreenSupport
import MineScreenGeometry
import MineScreenNative
import MineScreenIO
import MineScreenAnalysis

/// Writes `minescreen grid` results: table, JSON, or GeoJSON of each block's counted cells dissolved.
public struct GridReport {
    public var result: GridResult
    public var unit: AreaUnit
    /// How the blocks came in, for the CRS line: the input file's CRS, or the cell list.
    public var source: String
    /// Feature index → display name (`--name-field`), shown beside ids in tables and JSON.
    public var names: [Int: String] = [:]

    /// Grid reports measure on the graticule itself, not by one of `AreaMethod`'s polygon methods.
    public static let areaMethod = "graticule"
    public static let areaMethodDetail = "ellipsoidal areas on CGCS2000 (a=6378137, f=1/298.257222101) with every edge a straight line in lon/lat, so parallels and meridians are exact: cells by the closed-form quadrangle (b²Δλ/2)[q(φ2)−q(φ1)], blocks by the TD/T 1055 trapezoid series"

    public init(result: GridResult, unit: AreaUnit, source: String? = nil) {
        self.result = result
        self.unit = unit
        self.source = source ?? "\(result.crs.identifier) \(result.crs.name) (\(result.crsSource))"
    }

    var ruleNote: String {
        "1′×1′ cells (基本单位区块) of the CGCS2000 graticule; a cell counts when more than half of it lies in the block; corners must be whole minutes within \(formatJSONNumber(result.tolerance))″"
    }

    func blockJSON(_ b: GridBlock) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("id", .string(b.id)),
        ]
        if let name = names[b.index] { members.append(("name", .string(name))) }
        members += [
            ("cells", .array(b.cells.map { .string($0.code) })),
            ("sheet_cells", .array(b.cells.map { .string($0.sheetCode) })),
            ("cell_count", .integer(Int64(b.cells.count))),
            ("partial_cells", .array(b.partialCells.map { .string($0.cell.code) })),
            ("partial_coverage", .object(b.partialCells.map { ($0.cell.code, .number($0.fraction)) })),
            ("off_grid_corners", .array(b.offGridCorners.map {
                .object([("at", .array([.number($0.at.x), .number($0.at.y)])), ("message", .string($0.message))])
            })),
            ("on_grid", .bool(b.offGridCorners.isEmpty)),
            ("cells_area_m2", .number(b.cellsArea)),
            ("block_area_m2", .number(b.blockArea)),
            ("index", .integer(Int64(b.index))),
        ]
        if let note = b.repairNote { members.append(("repaired", .bool(true))); members.append(("repairNote", .string(note))) }
        return .object(members)
    }

    var header: [(key: String, value: JSONValue)] {
        [("crs", .string(CRSIdentifier.cgcs2000.description)),
         ("area_method", .string(Self.areaMethod)),
         ("unit", .string("m2")),
         ("areaMethod", .string(Self.areaMethod)),
         ("areaMethodDetail", .string(Self.areaMethodDetail)),
         ("units", .string("m2")),
         ("input", .string(source)),
         ("grid", .string(ruleNote)),
         ("grid_tolerance_arcsec", .number(result.tolerance)),
         ("software", .string("minescreen \(minescreenVersion); GEOS \(GEOSContext.version); PROJ \(PROJContext.version)"))]
    }

    public var json: JSONValue {
        var members = header
        members.append(("file", .string(result.file)))
        members.append(("blocks", .array(result.blocks.map(blockJSON))))
        members.append(("on_grid", .bool(result.isOnGrid)))
        members.append(("cells_area_total_m2", .number(result.blocks.reduce(0) { $0 + $1.cellsArea })))
        members.append(("rejected", .array(result.rejected.map(\.json))))
        return .object(members)
    }

    /// Each block's counted cells, dissolved (EPSG:4490): what the block would be on the graticule.
    public var geojson: JSONValue {
        let features: [JSONValue] = result.blocks.compactMap { b in
            guard !b.outline.isEmpty else { return nil }
            return geoJSONFeature(b.outline, properties: [
                ("id", .string(b.id)), ("cell_count", .integer(Int64(b.cells.count))), ("area_m2", .number(b.cellsArea)),
                ("cells", .array(b.cells.map { .string($0.code) })), ("sheet_cells", .array(b.cells.map { .string($0.sheetCode) })),
            ], id: b.id)
        }
        return geoJSONCollection(features, extra: [("area_method", .string(Self.areaMethod)), ("unit", .string("m2")),
                                                   ("rejected", .array(result.rejected.map(\.json)))])
    }

    public var table: String {
        var table = TextTable(headers: ["id", "cells", "cells \(unit.symbol)", "block \(unit.symbol)", "partial", "off-grid", "grid"],
                              alignments: [.left, .right, .right, .right, .right, .right, .left])
        for b in result.blocks {
            table.rows.append([b.id + (b.repairNote != nil ? " (repaired)" : ""), String(b.cells.count),
                               unit.format(squareMetres: b.cellsArea), unit.format(squareMetres: b.blockArea),
                               String(b.partialCells.count), String(b.offGridCorners.count),
                               b.offGridCorners.isEmpty ? "on grid" : "OFF GRID"])
        }
        table.footers.append(["TOTAL", String(result.blocks.reduce(0) { $0 + $1.cells.count }),
                              unit.format(squareMetres: result.blocks.reduce(0) { $0 + $1.cellsArea }),
                              unit.format(squareMetres: result.blocks.reduce(0) { $0 + $1.blockArea }), "", "", ""])
        if !names.isEmpty { table.insertColumn(at: 1, header: "name", values: result.blocks.map { names[$0.index] ?? "" }) }
        var out = ["CRS: EPSG:4490 China Geodetic Coordinate System 2000 (blocks from \(source))",
                   "Area: \(Self.areaMethod): \(Self.areaMethodDetail)",
                   "Grid: \(ruleNote)",
                   "Unit: \(unit.symbol) (\(unit.decimals) decimals; computed in m², rounded only for display)",
                   "", table.render()].joined(separator: "\n")
        for b in result.blocks {
            out += "\n\(TerminalText.escaped(b.id)): \(b.cells.count) cells: " + (b.cells.isEmpty ? "none" : b.cells.map(\.code).joined(separator: " ")) + "\n"
            if !b.partialCells.isEmpty {
                out += "  partial: " + b.partialCells.map { "\($0.cell.code) (\(formatFixed($0.fraction * 100, decimals: 1))%)" }.joined(separator: " ") + "\n"
            }
            for c in b.offGridCorners { out += "  off grid at \(String(format: "%.8f %.8f", c.at.x, c.at.y)): \(c.message)\n" }
        }
        return out + rejectedLines(result.rejected)
    }
}

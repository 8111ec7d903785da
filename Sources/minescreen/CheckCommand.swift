import ArgumentParser
import Foundation
import MineScreenKit

/// `check` writes a table or JSON only.
enum CheckFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

extension CheckAreaMethod: ExpressibleByArgument {}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "The checks authorities run on submitted boundary coordinates: closure, repeated points, self-intersection, zone, declared area.",
        discussion: """
        Codes: unclosed-ring, too-few-points, duplicate-point, self-intersection, zone-mismatch, area-mismatch (also malformed, swapped-axes, non-finite, out-of-range, invalid-geometry). area-mismatch compares the declared area with the planar, TD/T 1055 and ellipsoidal areas (--area-method: which must agree; default any). "at" is the point in the file's own coordinates ([X, Y] = northing, easting for 坐标文件 and CSV), null when there is none.

        Exit codes: 0 every block passes; 1 some check failed; 2 could not run (unreadable file, bad arguments).
        """
    )

    @Argument(help: "坐标文件, corner-point CSV or GeoJSON.")
    var file: String

    @Option(name: .long, help: "auto (from the content), geojson, coordfile or csv.")
    var inputFormat: InputFormat = .auto

    @Option(name: .long, help: "CRS of the coordinates when the file does not say, e.g. EPSG:4547.")
    var crs: String?

    @Option(name: .long, help: "Property holding the block id (default: 地块编号 for survey files, the Feature id for GeoJSON).")
    var idField: String?

    @Option(name: .long, help: "Property with the declared area (default: the 坐标文件 header's 面积 in ha; none for GeoJSON/CSV).")
    var declaredField: String?

    @Option(name: .long, help: "Unit of --declared-field: km2, ha, m2 or mu (default km2; ha for the 坐标文件 header's 面积).")
    var declaredUnit: AreaUnit?

    @Option(name: .long, help: "Relative tolerance between declared and coordinate area.")
    var areaTolerance: Double = 1e-4

    @Option(name: .long, help: "Area the declared figure must agree with: planar (Gauss-Krüger plane), tdt1055 (TD/T 1055-2019), ellipsoidal, or any (default: one of the three).")
    var areaMethod: CheckAreaMethod = .any

    @Option(name: .long, help: "table or json.")
    var format: CheckFormat = .table

    @OptionGroup var output: OutputOptions

    func validate() throws {
        _ = try parseCRS(crs)
        guard areaTolerance.isFinite, areaTolerance >= 0 else { throw ValidationError("--area-tolerance must be a number ≥ 0") }
    }

    func run() throws {
        try refuseOutputsOverInputs(inputs: [("input", file)], outputs: [("-o", output.output)])
        output.startTimings()
        let result = try CoordinateCheck.run(
            path: file, format: inputFormat, idField: idField, crsOverride: try parseCRS(crs),
            options: CheckOptions(declaredField: declaredField, declaredUnit: declaredUnit, areaTolerance: areaTolerance,
                                  areaMethod: areaMethod))
        ProvenanceLog.shared.recordInput(path: PostGISConnection.shownName(file), role: "blocks", features: result.blocks.count, rejected: 0,
                                         crs: result.crs.description)
        let report = CheckReport(result: result)
        try runTimings.wall(.write) {
            switch format {
            case .table: try output.write(output.provenance ? withProvenance(table: report.table) : report.table)
            case .json: try output.write(JSONWriter.string(withProvenance(report.json)) + "\n")
            }
        }
        if result.hasProblems { throw ExitCode(1) }
    }
}

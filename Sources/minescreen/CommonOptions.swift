import ArgumentParser
import Foundation
import MineScreenKit

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json, geojson, html, xlsx, pdf
    /// The GeoJSON output's rows into a PostGIS table (`-o 'PG:…'`, `--table`); see `DatabaseOutputOptions`.
    case postgis
}

/// `area` has no geometry to write: its formats, so `--help` lists only these.
enum AreaFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json, html, xlsx, pdf, postgis

    var output: OutputFormat { OutputFormat(rawValue: rawValue)! }
}

extension AreaUnit: ExpressibleByArgument {}
extension InputFormat: ExpressibleByArgument {}
extension AreaMethod: ExpressibleByArgument {}

/// Options shared by every command that writes a report.
struct OutputOptions: ParsableArguments {
    @Option(name: [.short, .customLong("output")], help: "Write the report to this file instead of stdout.")
    var output: String?

    @Flag(name: .long, help: "No progress messages on stderr.")
    var quiet = false

    @Option(name: .long, help: "Worker threads (default: all cores).")
    var threads: Int?

    @Flag(name: .long, help: "Print where the time went on stderr: read, reproject, index, intersect, union, area, write, total (seconds).")
    var timings = false

    @Flag(name: .long, help: "Table and CSV: add the provenance (software, command, inputs with SHA-256) after the report. JSON, HTML and xlsx always carry it.")
    var provenance = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    /// A workbook is binary: it goes to a file, never to a terminal.
    func validate(_ format: OutputFormat) throws {
        if format == .xlsx, output == nil { throw ValidationError("--format xlsx writes a workbook: give -o FILE.xlsx") }
        try DatabaseOutputOptions.validate(format, output: output)
        if format == .pdf {
            if output == nil { throw ValidationError("--format pdf writes a printed dossier: give -o FILE.pdf") }
            // Before any analysis: a run that cannot print says so at once.
            do { _ = try PDFPrinter.find() } catch { throw ValidationError("\(error)") }
        }
    }

    var threadCount: Int { threads ?? defaultThreadCount }

    func startTimings() {
        if timings { runTimings.isEnabled = true }
    }

    /// `write(_:table:csv:json:geojson:html:sheets:)`, booked to the write phase of `--timings`.
    func timedWrite(_ format: OutputFormat, table: () -> String, csv: () -> String, json: () -> JSONValue,
                    geojson: () throws -> JSONValue, html: () throws -> String, sheets: () -> [ReportTable]) throws {
        try runTimings.wall(.write) {
            try write(format, table: table, csv: csv, json: json, geojson: geojson, html: html, sheets: sheets)
        }
    }

    /// Results go to stdout or the -o file; messages never do.
    func write(_ text: String) throws { try writeReport(text, to: output) }

    /// Writes one report in the chosen format; only that format is rendered.
    func write(_ format: OutputFormat, table: () -> String, csv: () -> String, json: () -> JSONValue,
               geojson: () throws -> JSONValue, html: () throws -> String, sheets: () -> [ReportTable]) throws {
        switch format {
        case .table: try write(provenance ? withProvenance(table: table()) : table())
        case .csv: try write(provenance ? withProvenance(csv: csv()) : csv())
        case .json:
            // Written as it is made: a city's report is tens of megabytes.
            let report = withProvenance(json())
            try writeReport(pieces: { emit in
                JSONWriter.write(report, threads: threadCount, to: emit)
                emit("\n")
            }, to: output)
        case .geojson: try writeGeoJSON(try geojson(), to: output)
        case .html: try write(withProvenance(html: try html()))
        case .xlsx: try writeReport(try XLSXWriter.data(sheets() + [provenanceSheet()]), to: output)
        case .pdf: try writeReport(try PDFPrinter.find().pdf(html: withProvenance(html: try html())), to: output)
        // Written by the command through `DatabaseOutputOptions`, which knows the table.
        case .postgis: throw ValidationError("--format postgis is not offered by this command")
        }
    }
}

/// GeoJSON output: to a `.gpkg` or `.shp` path through `GDALVectorWriter` (replacing an existing file), else
/// as GeoJSON text to the path or stdout. The GDAL route hands the document's features and CRS to the writer
/// as the text would read back (`FeatureFile(geoJSON:path:)`), so both carry the same features, properties and
/// CRS; features without a polygon (an empty remainder) cannot go into a polygon layer and are left out with a warning.
func writeGeoJSON(_ document: JSONValue, to path: String?) throws {
    guard let path, let format = GDALVectorFormat(path: path) else {
        return try writeReport(JSONWriter.string(document, pretty: false) + "\n", to: path)
    }
    let file = try FeatureFile(geoJSON: document, path: path)
    let polygons = file.features.filter { $0.geometry?.polygons.map { !$0.isEmpty } ?? false }
    if polygons.count < file.features.count {
        warn(["\(path): \(file.features.count - polygons.count) feature(s) without polygon geometry left out (\(format.rawValue) layers hold polygons)"])
    }
    let summary = try GDALVectorWriter.write(features: polygons, crs: file.crs, to: path, format: format, overwrite: true)
    warn(summary.warnings + summary.renamedFields.map { "\(path): property \($0.property) written as field \($0.field)" })
}

/// Writes a report to `path`, or to stdout when there is none: the text's own UTF-8, not a copy of it.
func writeReport(_ text: String, to path: String?) throws {
    try writeReport(pieces: { emit in emit(text) }, to: path)
}

/// A report that `make` hands over piece by piece, written as the pieces come: a file is replaced atomically
/// once all are written, stdout is written to as they come. The first failure is thrown (later pieces are dropped).
func writeReport(pieces make: (_ emit: @escaping (String) -> Void) -> Void, to path: String?) throws {
    final class Pieces {
        var failure: Error?
        let write: (UnsafeRawBufferPointer) throws -> Void
        init(_ write: @escaping (UnsafeRawBufferPointer) throws -> Void) { self.write = write }
        func emit(_ piece: String) {
            guard failure == nil else { return }
            var piece = piece
            do { try piece.withUTF8 { try write(UnsafeRawBufferPointer($0)) } } catch { failure = error }
        }
    }
    func run(_ pieces: Pieces) throws {
        make(pieces.emit)
        if let failure = pieces.failure { throw failure }
    }
    guard let path else { return try run(Pieces(StandardStreams.writeOutput)) }
    try AtomicFileWriter.write(to: path) { write in try withoutActuallyEscaping(write) { try run(Pieces($0)) } }
}

/// A file is replaced atomically (`AtomicFileWriter`); stdout is written with `write(2)`, its errors thrown.
func writeReport(_ data: Data, to path: String?) throws {
    guard let path else { return try StandardStreams.writeOutput(data) }
    try AtomicFileWriter.write(data, to: path)
}

/// How the main input file is read: ids, CRS, repair.
struct InputOptions: ParsableArguments {
    @Option(name: .long, help: "Property holding the feature id (default: the Feature's id, else its index).")
    var idField: String?

    @Option(name: .long, help: "Property holding a name shown beside each id (e.g. name, 名称).")
    var nameField: String?

    @Option(name: .long, help: "CRS of the coordinates, e.g. EPSG:4526; supplies or overrides the file's crs member.")
    var crs: String?

    @Flag(name: .long, help: "Make invalid polygons valid (GEOS MakeValid) and mark them repaired instead of rejecting them.")
    var repair = false

    @OptionGroup var datum: DatumOptions

    @Option(name: .long, help: "Unit for tables: km2, ha, mu or m2 (JSON is always m²).")
    var unit: AreaUnit = .km2

    @Option(name: .long, help: "auto (from the content), geojson, coordfile (坐标文件) or csv (corner points); applies to every input file.")
    var inputFormat: InputFormat = .auto

    func validate() throws {
        _ = try parseCRS(crs)
    }

    /// Feature index → name, when `--name-field` is given (a field no feature has is an error, as for
    /// `--id-field`: names would silently be blank).
    func names(_ layer: LoadedLayer) throws -> [Int: String] {
        try BlockNames.of(layer, nameField: nameField)
    }

    func loadOptions(threads: Int) throws -> LoadOptions {
        LoadOptions(idField: idField, crsOverride: try parseCRS(crs), repair: repair, threads: threads,
                    towgs84: try datum.parsedTowgs84(), format: inputFormat, pipeline: datum.pipeline)
    }
}

/// Old datums (Xi'an 1980, Beijing 1954): `--towgs84` or `--pipeline`, for every command that reads input.
struct DatumOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Your Bursa-Wolf parameters dx,dy,dz,rx,ry,rz,ds (m, arc seconds, ppm; PROJ +towgs84) for input on another datum (Xi'an 1980, Beijing 1954).",
        valueName: "parameters"))
    var towgs84: String?

    @Option(name: .long, help: ArgumentHelp(
        "Your own PROJ pipeline from the coordinates as read (x = easting or longitude) to CGCS2000 longitude, latitude in degrees; replaces the file's CRS (for Xi'an 1980, Beijing 1954).",
        valueName: "pipeline"))
    var pipeline: String?

    func validate() throws {
        _ = try parsedTowgs84()
        if pipeline != nil, towgs84 != nil { throw ValidationError("give --towgs84 or --pipeline, not both") }
    }

    func parsedTowgs84() throws -> [Double]? { try towgs84.map(parseTowgs84) }
}

/// Reads an input file, booked to the read phase of `--timings`.
func loadInput(path: String, options: LoadOptions) throws -> LoadedLayer {
    try runTimings.wall(.read) { try InputLoader.load(path: path, options: options) }
}

func parseCRS(_ text: String?) throws -> CRSIdentifier? {
    guard let text else { return nil }
    guard let crs = CRSIdentifier.parse(text) else {
        throw ValidationError("--crs \(text): expected a CRS such as EPSG:4490")
    }
    return crs
}

/// Exit 3 when anything was rejected: the run finished, but not every feature was analysed.
func finish(rejected: Int) throws {
    if rejected > 0 { throw ExitCode(3) }
}

/// Warnings go to stderr, apart from results; text from input files in them is escaped for the terminal.
func warn(_ messages: [String]) {
    // On a terminal a progress line may be showing: clear it first so the warning starts clean.
    let clear = isatty(STDERR_FILENO) == 1 ? "\r\u{1B}[K" : ""
    for message in messages { StandardStreams.writeError("\(clear)minescreen: warning: \(TerminalText.escaped(message))\n") }
    printedWarnings.append(messages)
}

/// Every warning this run printed, in order: a report kept for replay (`ReplayedRun`) prints them again.
let printedWarnings = PrintedWarnings()

final class PrintedWarnings: @unchecked Sendable {
    private let lock = NSLock()
    private var printed: [String] = []

    func append(_ messages: [String]) { lock.withLock { printed += messages } }
    var messages: [String] { lock.withLock { printed } }
}

/// `dx,dy,dz[,rx,ry,rz,ds]`: 3 or 7 finite numbers.
func parseTowgs84(_ text: String) throws -> [Double] {
    let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
    guard values.count == 3 || values.count == 7, values.allSatisfy({ $0?.isFinite ?? false }) else {
        throw ValidationError("towgs84 \(text): expected 3 or 7 comma-separated numbers dx,dy,dz[,rx,ry,rz,ds]")
    }
    return values.map { $0! }
}

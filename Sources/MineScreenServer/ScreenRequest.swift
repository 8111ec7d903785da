import Foundation
import MineScreenKit

/// `POST /v1/screen`: the body's blocks screened against a snapshot, answered in the format asked for.
struct ScreenRequest {
    /// What the reply carries: the JSON report (as `screen --format json`), or one of the downloads of the page.
    enum Format: String {
        case json
        /// The HTML dossier with per-block maps.
        case html
        /// The workbook.
        case xlsx
        /// The clean remainders alone, as a GeoJSON FeatureCollection.
        case remainder
    }

    var body: [UInt8]
    var contentType: String?
    var idField: String?
    var nameField: String?
    var withRemainder: Bool
    var format: Format
    /// `["serve", "POST", "/v1/screen?…"]`, for provenance.
    var command: [String]

    /// A reply: status, content type, bytes, and how many blocks were screened (for the log).
    struct Reply {
        var status: Int
        var contentType: String
        var body: [UInt8]
        var blocks: Int?

        static func json(_ status: Int, _ value: JSONValue, blocks: Int? = nil) -> Reply {
            Reply(status: status, contentType: "application/json; charset=utf-8",
                  body: Array((JSONWriter.string(value) + "\n").utf8), blocks: blocks)
        }

        static func error(_ status: Int, _ message: String) -> Reply {
            json(status, .object([("error", .string(message))]))
        }
    }

    /// Reads the blocks and screens them; blocks the calling thread (run it off the server's event loops).
    func run(on snapshot: RulesSnapshot, threads: Int, maxUnzippedBytes: Int) -> Reply {
        let started = Date()
        let blocks: LoadedLayer
        var names: [Int: String]
        do {
            blocks = try UploadedBlocks.load(body, kind: .init(contentType: contentType, body: body), idField: idField,
                                             threads: threads, maxUnzippedBytes: maxUnzippedBytes)
            names = try BlockNames.of(blocks, nameField: nameField, option: "name-field")
        } catch {
            return .error(400, "\(error)")
        }
        let keepGeometry = format == .html
        let options = ScreenRunOptions(keepRemainder: withRemainder || format == .remainder, keepGeometry: keepGeometry,
                                       threads: threads)
        let result = snapshot.loaded.screen(blocks, options: options)
        var report = ScreenReport(result: result, unit: .km2)
        report.names = names
        let count = result.results.count
        do {
            switch format {
            case .json:
                guard case .object(var members) = report.json else { return .error(500, "report is not an object") }
                if withRemainder { members.append(("remainder", report.remainderGeoJSON)) }
                members.append(("provenance", ServedProvenance.json(command: command, started: started, body: body,
                                                                    blocks: blocks, snapshot: snapshot)))
                return .json(200, .object(members), blocks: count)
            case .remainder:
                return Reply(status: 200, contentType: "application/geo+json",
                             body: Array((JSONWriter.string(report.remainderGeoJSON, pretty: false) + "\n").utf8), blocks: count)
            case .html:
                let workspace = ThreadWorkspace()
                let html = try HTMLDossierWriter(workspace: workspace).html(try report.dossier(workspace: workspace))
                return Reply(status: 200, contentType: "text/html; charset=utf-8", body: Array(html.utf8), blocks: count)
            case .xlsx:
                let data = try XLSXWriter.data(report.sheets)
                return Reply(status: 200, contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                             body: [UInt8](data), blocks: count)
            }
        } catch {
            return .error(500, "could not write the report: \(error)")
        }
    }
}

import Foundation
import ZIPFoundation

/// Writes report tables as an Excel workbook (Office Open XML SpreadsheetML, ISO/IEC 29500): one sheet
/// per table, numeric cells as numbers with a display format, the header row frozen and bold.
/// Text is written inline (no shared-string table), which every reader accepts.
public enum XLSXWriter {
    public static func data(_ tables: [ReportTable]) throws -> Data {
        let archive: Archive
        do { archive = try Archive(accessMode: .create) } catch {
            throw ReportError.cannotWrite("xlsx: cannot create the archive: \(error)")
        }
        let names = sheetNames(tables.map(\.name))
        let formats = numberFormats(tables)
        var parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes(sheets: tables.count)),
            ("_rels/.rels", rootRelationships),
            ("xl/workbook.xml", workbook(names, definedNames: SheetLayout.definedNames(tables, sheetNames: names))),
            ("xl/_rels/workbook.xml.rels", workbookRelationships(sheets: tables.count)),
            ("xl/styles.xml", styles(formats)),
        ]
        for (k, table) in tables.enumerated() {
            parts.append(("xl/worksheets/sheet\(k + 1).xml", worksheet(table, formats: formats)))
        }
        for (path, xml) in parts {
            let bytes = Data(xml.utf8)
            do {
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count),
                                     compressionMethod: .deflate) { position, size in
                    bytes.subdata(in: Int(position)..<Int(position) + size)
                }
            } catch {
                throw ReportError.cannotWrite("xlsx: cannot add \(path): \(error)")
            }
        }
        guard let data = archive.data else { throw ReportError.cannotWrite("xlsx: the archive has no data") }
        return data
    }

    /// Excel's rules: at most 31 characters, none of []:*?/\, unique ignoring case.
    static func sheetNames(_ wanted: [String]) -> [String] {
        var used = Set<String>()
        return wanted.map { name in
            var base = utf16Prefix(String(name.map { "[]:*?/\\".contains($0) ? "_" : $0 }), 31)
            if base.isEmpty { base = "Sheet" }
            var candidate = base
            var n = 2
            while used.contains(candidate.lowercased()) {
                let suffix = " \(n)"
                candidate = utf16Prefix(base, 31 - suffix.utf16.count) + suffix
                n += 1
            }
            used.insert(candidate.lowercased())
            return candidate
        }
    }

    /// At most `limit` UTF-16 units (Excel counts sheet-name length that way), whole characters only.
    static func utf16Prefix(_ text: String, _ limit: Int) -> String {
        var out = ""
        for c in text {
            if out.utf16.count + c.utf16.count > limit { break }
            out.append(c)
        }
        return out
    }

    /// Style indexes: 0 default, 1 the bold header (wrapped at spaces), 2 text (wrapped, top-aligned);
    /// number formats follow (`numberFormats`).
    static let headerStyle = 1
    static let textStyle = 2

    /// Decimal places used anywhere → style index (after the header and text styles).
    static func numberFormats(_ tables: [ReportTable]) -> [Int: Int] {
        var decimals = Set<Int>()
        for table in tables {
            for row in table.rows + table.footers {
                for cell in row { if case .number(_, let d) = cell { decimals.insert(d) } }
            }
        }
        var styles: [Int: Int] = [:]
        for (k, d) in decimals.sorted().enumerated() { styles[d] = 3 + k }
        return styles
    }

    static func contentTypes(sheets: Int) -> String {
        var xml = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
        <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
        """
        for k in 0..<sheets {
            xml += "<Override PartName=\"/xl/worksheets/sheet\(k + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        return xml + "</Types>"
    }

    static let rootRelationships = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
    </Relationships>
    """

    static func workbook(_ names: [String], definedNames: String = "") -> String {
        var xml = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
        xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>
        """
        for (k, name) in names.enumerated() {
            xml += "<sheet name=\"\(xmlEscaped(name))\" sheetId=\"\(k + 1)\" r:id=\"rId\(k + 1)\"/>"
        }
        return xml + "</sheets>" + definedNames + "</workbook>"
    }

    static func workbookRelationships(sheets: Int) -> String {
        var xml = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
        """
        for k in 0..<sheets {
            xml += "<Relationship Id=\"rId\(k + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\(k + 1).xml\"/>"
        }
        xml += "<Relationship Id=\"rId\(sheets + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        return xml + "</Relationships>"
    }

    static func styles(_ formats: [Int: Int]) -> String {
        let ordered = formats.sorted { $0.value < $1.value }
        var numFmts = ""
        var cellXfs = "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        cellXfs += "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyAlignment=\"1\"><alignment vertical=\"bottom\" wrapText=\"1\"/></xf>"
        cellXfs += "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>"
        for (decimals, _) in ordered {
            let id = 164 + decimals
            let code = decimals == 0 ? "0" : "0." + String(repeating: "0", count: decimals)
            numFmts += "<numFmt numFmtId=\"\(id)\" formatCode=\"\(code)\"/>"
            cellXfs += "<xf numFmtId=\"\(id)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyAlignment=\"1\"><alignment vertical=\"top\"/></xf>"
        }
        return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="\(ordered.count)">\(numFmts)</numFmts>\
        <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="\(3 + ordered.count)">\(cellXfs)</cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """
    }

    static func worksheet(_ table: ReportTable, formats: [Int: Int]) -> String {
        let layout = SheetLayout(table)
        var xml = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        \(SheetLayout.sheetProperties)<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
        <selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>
        """
        // <cols> must hold at least one <col>: a table without columns writes none.
        if !table.columns.isEmpty {
            xml += "<cols>"
            for (k, width) in layout.widths.enumerated() {
                xml += "<col min=\"\(k + 1)\" max=\"\(k + 1)\" width=\"\(width)\" customWidth=\"1\"/>"
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        let header = table.columns.map { ReportCell.text($0) }
        xml += row(1, header, formats: formats, style: headerStyle, height: layout.rowHeight(header))
        for (k, cells) in (table.rows + table.footers).enumerated() {
            xml += row(k + 2, cells, formats: formats, style: 0, height: layout.rowHeight(cells))
        }
        return xml + "</sheetData>" + layout.pageSetup + "</worksheet>"
    }

    static func row(_ number: Int, _ cells: [ReportCell], formats: [Int: Int], style: Int, height: Double? = nil) -> String {
        var xml = height.map { "<row r=\"\(number)\" ht=\"\($0)\" customHeight=\"1\">" } ?? "<row r=\"\(number)\">"
        for (k, cell) in cells.enumerated() {
            let reference = columnLetters(k) + String(number)
            let s = " s=\"\(style == 0 ? textStyle : style)\""
            switch cell {
            case .empty: continue
            case .text(let text):
                xml += "<c r=\"\(reference)\" t=\"inlineStr\"\(s)><is><t xml:space=\"preserve\">\(xmlEscaped(text))</t></is></c>"
            case .integer(let n):
                xml += "<c r=\"\(reference)\"\(style == 0 ? "" : s)><v>\(n)</v></c>"
            case .number(let value, let decimals):
                // Excel has no NaN or infinity: such a value is left blank rather than corrupt the file.
                guard value.isFinite else { continue }
                let styleIndex = style == 0 ? formats[decimals] ?? 0 : style
                xml += "<c r=\"\(reference)\" s=\"\(styleIndex)\"><v>\(shortestRoundTrip(value))</v></c>"
            }
        }
        return xml + "</row>"
    }

    /// A, B, …, Z, AA, AB, …
    static func columnLetters(_ index: Int) -> String {
        var n = index + 1
        var letters = ""
        while n > 0 {
            let r = (n - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + r))) + letters
            n = (n - 1) / 26
        }
        return letters
    }
}

/// The shortest decimal that reads back as the same double, so the workbook holds exactly the JSON's value.
func shortestRoundTrip(_ value: Double) -> String { "\(value)".replacingOccurrences(of: "e+", with: "E").replacingOccurrences(of: "e-", with: "E-") }

/// Text for XML content and attributes; characters XML 1.0 forbids are dropped.
package func xmlEscaped(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.count)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
        default:
            if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}

/// A report that could not be written (the message names the file and the cause).
public struct ReportError: Error, CustomStringConvertible {
    public var description: String
    public static func cannotWrite(_ message: String) -> ReportError { ReportError(description: message) }
}

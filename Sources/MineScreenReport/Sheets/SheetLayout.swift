/// How a worksheet is laid out on screen and on paper: column widths from the content (in Excel's
/// character units, CJK counted double as `displayWidth` counts them: they are drawn twice as wide), wrapping for long text, and
/// the page setup that prints it whole: A4, fit to the page width, landscape when wide, grid lines,
/// the header row repeated on every page, page numbers.
struct SheetLayout {
    /// Column widths in characters.
    var widths: [Int]

    /// No column narrower than this, none wider: longer text wraps onto more lines.
    static let minimumWidth = 6
    static let maximumWidth = 50
    /// A two-column sheet (the "about" sheet: item, value) gives its text this much.
    static let maximumWidthForTwoColumns = 90
    /// Headers wrap at their spaces: a header alone makes a column at most this wide.
    static let headerWidthLimit = 16
    /// Wider than this in total, a sheet prints landscape (A4 portrait at 11 pt holds about 95 characters).
    static let portraitWidth = 95

    init(_ table: ReportTable) {
        let limit = table.columns.count <= 2 ? Self.maximumWidthForTwoColumns : Self.maximumWidth
        widths = table.columns.enumerated().map { k, header in
            var content = min(Self.headerWidthLimit, header.split(separator: " ").map { displayWidth(String($0)) }.max() ?? 0)
            content = max(content, min(displayWidth(header), Self.headerWidthLimit))
            for row in table.rows + table.footers where k < row.count {
                content = max(content, displayWidth(row[k].displayText))
            }
            return max(Self.minimumWidth, min(limit, content + 2))
        }
    }

    /// Points per line of 11 pt text, as spreadsheets space it.
    static let lineHeight = 15.0

    /// The height a row needs for its wrapped text, or nil for one line. Written out because a reader
    /// need not re-measure rows when it opens a file (LibreOffice does not), and a row left one line high
    /// hides the rest of a wrapped cell.
    func rowHeight(_ cells: [ReportCell]) -> Double? {
        var lines = 1
        for (k, cell) in cells.enumerated() where k < widths.count {
            guard case .text(let text) = cell else { continue }
            lines = max(lines, Self.wrappedLines(text, width: widths[k] - 1))
        }
        return lines > 1 ? Double(lines) * Self.lineHeight : nil
    }

    /// Lines `text` takes wrapped at spaces into `width` columns (a word longer than that is broken).
    static func wrappedLines(_ text: String, width: Int) -> Int {
        let width = max(1, width)
        var total = 0
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var lines = 1, used = 0
            for word in paragraph.split(separator: " ") {
                let w = displayWidth(String(word))
                let needed = used == 0 ? w : used + 1 + w
                if needed <= width {
                    used = needed
                } else if used == 0 {
                    lines += (w - 1) / width
                    used = w - (w - 1) / width * width
                } else {
                    lines += 1 + (w - 1) / width
                    used = w - (w - 1) / width * width
                }
            }
            total += lines
        }
        return max(1, total)
    }

    var isLandscape: Bool { widths.reduce(0, +) > Self.portraitWidth }

    /// `<sheetPr>`: scale the printout to fit the page (how many pages is said by `pageSetup`).
    static let sheetProperties = "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"

    /// `<printOptions>` to `<headerFooter>`, in the order the schema wants them after `<sheetData>`.
    var pageSetup: String {
        "<printOptions gridLines=\"1\"/>"
            + "<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
            + "<pageSetup paperSize=\"9\" orientation=\"\(isLandscape ? "landscape" : "portrait")\" fitToWidth=\"1\" fitToHeight=\"0\"/>"
            + "<headerFooter><oddHeader>&amp;L&amp;A</oddHeader><oddFooter>&amp;Rpage &amp;P / &amp;N</oddFooter></headerFooter>"
    }

    /// The workbook's print titles (header row on every page) and print area (the table) of each sheet.
    static func definedNames(_ tables: [ReportTable], sheetNames: [String]) -> String {
        var names = ""
        for (k, table) in tables.enumerated() where !table.columns.isEmpty {
            let sheet = "'" + sheetNames[k].replacingOccurrences(of: "'", with: "''") + "'"
            let lastRow = 1 + table.rows.count + table.footers.count
            let lastColumn = XLSXWriter.columnLetters(table.columns.count - 1)
            names += "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"\(k)\">\(xmlEscaped(sheet))!$1:$1</definedName>"
            names += "<definedName name=\"_xlnm.Print_Area\" localSheetId=\"\(k)\">\(xmlEscaped(sheet))!$A$1:$\(lastColumn)$\(lastRow)</definedName>"
        }
        return names.isEmpty ? "" : "<definedNames>\(names)</definedNames>"
    }
}

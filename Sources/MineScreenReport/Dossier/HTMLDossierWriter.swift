import Foundation
import MineScreenNative
import MineScreenSupport

/// Renders a `Dossier` as one self-contained HTML file: UTF-8, inline CSS and SVG, no scripts and no
/// network fetches, so it can be attached to a file, mailed, or printed as it is.
public struct HTMLDossierWriter {
    public var workspace: ThreadWorkspace

    public init(workspace: ThreadWorkspace) { self.workspace = workspace }

    public func html(_ dossier: Dossier) throws -> String {
        let colours = layerColours(dossier)
        let renderer = SVGMapRenderer(workspace: workspace, colours: colours)
        var out = """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="minescreen \(minescreenVersion)">
        <title>\(esc(dossier.title))</title>
        <style>\(Self.css)\(PrintPages.css(title: dossier.title, blocks: dossier.sections.map { ($0.anchor, $0.title) }))</style>
        </head>
        <body>
        <header id="top"><h1>\(esc(dossier.title))</h1>
        <dl class="facts">
        """
        for fact in dossier.facts { out += "<dt>\(esc(fact.label))</dt><dd>\(esc(fact.value))</dd>" }
        out += "</dl></header>\n<section id=\"summary\"\(PrintPages.isWide(dossier.summary) ? " class=\"wide\"" : "")><h2>Summary 汇总</h2>\n"
        out += table(dossier.summary, anchors: dossier.sectionAnchors, caption: nil)
        out += "</section>\n"
        if let overview = dossier.overview {
            let map = try renderer.render(overview, id: "overview")
            out += "<section id=\"overview\"><h2>Overview map 总图</h2>" + figure(map) + "</section>\n"
        }
        for extra in dossier.extraTables where !extra.rows.isEmpty {
            out += "<section class=\"extra\(PrintPages.isWide(extra) ? " wide" : "")\"><h2>\(esc(extra.name))</h2>" + table(extra, anchors: [], caption: nil) + "</section>\n"
        }
        for section in dossier.sections {
            out += "<section class=\"block\" id=\"\(esc(section.anchor))\" style=\"page:\(PrintPages.pageName(section.anchor))\"><h2>\(esc(section.title))"
            if let badge = section.badge { out += " <span class=\"badge \(esc(badge.style))\">\(esc(badge.text))</span>" }
            out += "</h2>"
            for line in section.lines { out += "<p>\(esc(line))</p>" }
            if let map = section.map { out += figure(try renderer.render(map, id: section.anchor)) }
            for t in section.tables { out += table(t, anchors: [], caption: t.name) }
            out += "<p class=\"back\"><a href=\"#summary\">↑ summary</a></p></section>\n"
        }
        out += "<footer>minescreen \(minescreenVersion); GEOS \(esc(GEOSContext.version)); PROJ \(esc(PROJContext.version))</footer>\n</body>\n</html>\n"
        return out
    }

    func figure(_ map: SVGMapRenderer.Rendered) -> String {
        var out = "<figure>" + map.svg + "<figcaption><ul class=\"legend\">"
        for item in map.legend { out += "<li>\(item.swatch)\(esc(item.label))</li>" }
        out += "</ul><p class=\"plane\">\(esc(map.planeName))</p></figcaption></figure>"
        return out
    }

    func table(_ table: ReportTable, anchors: [String?], caption: String?) -> String {
        if table.pageColumnGroups > 1 { return columnGroups(table, caption: caption) }
        if table.columns.count > Self.maxColumnsPerTable {
            return columnParts(table).enumerated().map { k, part in
                self.table(part, anchors: anchors, caption: k == 0 ? caption : nil)
            }.joined()
        }
        var out = "<div class=\"table\"><table class=\"\(PrintPages.isWide(table) ? "wide" : "plain")\">"
        if let caption { out += "<caption>\(esc(caption))</caption>" }
        out += "<thead><tr>" + table.columns.map { "<th>\(esc($0))</th>" }.joined() + "</tr></thead><tbody>"
        for (k, row) in table.rows.enumerated() {
            out += "<tr>"
            for (c, cell) in row.enumerated() {
                var text = esc(cell.displayText)
                if c == 0, k < anchors.count, let anchor = anchors[k] { text = "<a href=\"#\(esc(anchor))\">\(text)</a>" }
                out += "<td\(cellClass(cell))>\(text)</td>"
            }
            out += "</tr>"
        }
        out += "</tbody>"
        if !table.footers.isEmpty {
            out += "<tfoot>"
            for row in table.footers {
                out += "<tr>" + row.map { "<td\(cellClass($0))>\(esc($0.displayText))</td>" }.joined() + "</tr>"
            }
            out += "</tfoot>"
        }
        return out + "</table></div>"
    }

    /// Numbers right-aligned on one line; short text (a name, a verdict) on one line; longer text (reasons,
    /// feature lists) wraps, so a wide table shrinks to the page instead of scrolling.
    func cellClass(_ cell: ReportCell) -> String {
        if cell.isNumeric { return " class=\"n\"" }
        return cell.displayText.count > Self.shortTextLength ? " class=\"long\"" : " class=\"s\""
    }

    static let shortTextLength = 24

    /// A long narrow table (corner points) as column groups, each its own table with its header, side by
    /// side as many as the page or window is wide and wrapping below: nothing is cut, on screen or paper.
    func columnGroups(_ table: ReportTable, caption: String?) -> String {
        var out = "<div class=\"groups\">"
        if let caption { out += "<p class=\"caption\">\(esc(caption))</p>" }
        let groupCount = max(table.pageColumnGroups, (table.rows.count + Self.rowsPerGroup - 1) / Self.rowsPerGroup)
        let height = (table.rows.count + groupCount - 1) / groupCount
        for g in 0..<groupCount {
            var group = ReportTable(name: table.name, columns: table.columns)
            group.rows = Array(table.rows[min(table.rows.count, g * height)..<min(table.rows.count, (g + 1) * height)])
            if group.rows.isEmpty { continue }
            out += self.table(group, anchors: [], caption: nil)
        }
        return out + "</div>"
    }

    /// More columns than this do not fit a landscape A4 page even in the small font: the table is split.
    static let maxColumnsPerTable = 18

    /// A table too wide for any page as several tables one below the other, each with the first (key)
    /// column and the next slice of the others, so every row can still be read by its block.
    func columnParts(_ table: ReportTable) -> [ReportTable] {
        let perPart = Self.maxColumnsPerTable - 1
        var parts: [ReportTable] = []
        var start = 1
        while start < table.columns.count {
            let end = min(table.columns.count, start + perPart)
            func slice(_ row: [ReportCell]) -> [ReportCell] {
                [row.first ?? .empty] + (start..<end).map { $0 < row.count ? row[$0] : .empty }
            }
            var part = ReportTable(name: table.name, columns: [table.columns[0]] + Array(table.columns[start..<end]))
            part.rows = table.rows.map(slice)
            part.footers = table.footers.map(slice)
            parts.append(part)
            start = end
        }
        return parts
    }

    /// At most this many rows per column group: a group fits one A4 page at the print font size.
    static let rowsPerGroup = 30

    /// The rows dealt into column groups left to right: the first third in the first group, and so on.
    func sideBySide(_ table: ReportTable) -> ReportTable {
        let groups = table.pageColumnGroups
        let height = (table.rows.count + groups - 1) / groups
        var out = ReportTable(name: table.name, columns: Array([[String]](repeating: table.columns, count: groups).joined()))
        for r in 0..<height {
            var row: [ReportCell] = []
            for g in 0..<groups {
                let k = g * height + r
                row += k < table.rows.count ? table.rows[k] : [ReportCell](repeating: .empty, count: table.columns.count)
            }
            out.rows.append(row)
        }
        return out
    }

    /// Layers in order of first appearance get the palette's colours.
    func layerColours(_ dossier: Dossier) -> [String: String] {
        var colours: [String: String] = [:]
        for name in dossier.layerOrder where colours[name] == nil {
            colours[name] = SVGMapRenderer.palette[colours.count % SVGMapRenderer.palette.count]
        }
        var maps = dossier.sections.compactMap(\.map)
        if let overview = dossier.overview { maps.append(overview) }
        for map in maps {
            for layer in map.layers where colours[layer.name] == nil {
                colours[layer.name] = SVGMapRenderer.palette[colours.count % SVGMapRenderer.palette.count]
            }
        }
        return colours
    }

    func esc(_ text: String) -> String { xmlEscaped(text) }

    /// A font stack with the CJK fonts found on Windows, macOS and Linux, so Chinese names render everywhere.
    static let css = """
    :root{--ink:#1b1f23;--muted:#57606a;--rule:#d0d7de}
    body{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Zen Hei","WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC","Hiragino Sans GB",SimHei,"Noto Sans",Arial,sans-serif;color:var(--ink);margin:24px auto;max-width:1280px;padding:0 16px;line-height:1.45;box-sizing:border-box}
    h1{font-size:1.6em;margin:0 0 .4em}h2{font-size:1.25em;border-bottom:1px solid var(--rule);padding-bottom:.2em;margin-top:1.6em}
    dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15em 1em;font-size:.9em;color:var(--muted)}dl.facts dt{font-weight:600}dl.facts dd{margin:0;overflow-wrap:anywhere}
    .table{max-width:100%}table{border-collapse:collapse;font-size:.88em;margin:.6em 0;max-width:100%}caption,p.caption{text-align:left;font-weight:600;padding:.3em 0;margin:0}
    th,td{border:1px solid var(--rule);padding:3px 6px;overflow-wrap:anywhere}th{background:#f3f5f7;font-weight:600;vertical-align:bottom}
    td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td.s{white-space:nowrap}td.long{min-width:14em}
    table.wide{font-size:.8em}table.wide th,table.wide td{padding:2px 4px}
    tfoot td{font-weight:600;background:#f8f9fa}
    div.groups{display:flex;flex-wrap:wrap;gap:0 1.2em;align-items:flex-start}div.groups p.caption{flex-basis:100%}div.groups table{margin:.2em 0}
    section.block{content-visibility:auto;contain-intrinsic-size:auto 1100px}
    figure{margin:.6em 0}svg.map{max-width:100%;height:auto;border:0}svg text{font-size:13px;font-family:inherit}svg .label{font-weight:600;fill:#111}
    ul.legend{list-style:none;padding:0;margin:.3em 0;display:flex;flex-wrap:wrap;gap:.3em 1.2em;font-size:.88em}
    .swatch{display:inline-block;width:14px;height:14px;margin-right:5px;vertical-align:-2px;border:1px solid #333;-webkit-print-color-adjust:exact;print-color-adjust:exact}
    .swatch.corridor{border-style:dashed;border-width:2px}.swatch.outline{border:2px solid #111;background:none}
    .swatch.hatch{background:repeating-linear-gradient(45deg,\(SVGMapRenderer.remainderColour) 0 2px,transparent 2px 6px);border-color:\(SVGMapRenderer.remainderColour)}
    p.plane{font-size:.8em;color:var(--muted);margin:0}
    .badge{font-size:.75em;padding:2px 8px;border-radius:10px;vertical-align:middle;color:#fff;background:#57606a;-webkit-print-color-adjust:exact;print-color-adjust:exact}
    .badge.clean{background:#1a7f37}.badge.needs-cut{background:#bf8700}.badge.blocked{background:#cf222e}.badge.unverified{background:#8250df}.badge.rejected{background:#6e7781}
    p.back{font-size:.85em}footer{margin-top:3em;font-size:.8em;color:var(--muted)}
    @media print{
    body{margin:0;max-width:none;padding:0;font-size:9.5pt}
    h1{font-size:15pt}h2{font-size:12pt;margin-top:0}
    section.block{content-visibility:visible;break-before:page}
    section.wide{page:wide;break-before:page}section.wide h2{margin-top:0}
    table{font-size:8.5pt;width:auto}table.wide{font-size:7.5pt}
    thead{display:table-header-group}tr,figure,svg.map,ul.legend{break-inside:avoid}h2,caption,p.caption{break-after:avoid}
    figure{break-inside:avoid}svg.map{width:100%;max-height:150mm}
    p.back,footer{display:none}div.groups>.table{break-inside:avoid}
    }
    """
}

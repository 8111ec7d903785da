import Foundation

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
        <style>\(Self.css)</style>
        </head>
        <body>
        <header id="top"><h1>\(esc(dossier.title))</h1>
        <dl class="facts">
        """
        for fact in dossier.facts { out += "<dt>\(esc(fact.label))</dt><dd>\(esc(fact.value))</dd>" }
        out += "</dl></header>\n<section id=\"summary\"><h2>Summary 汇总</h2>\n"
        out += table(dossier.summary, anchors: dossier.sectionAnchors, caption: nil)
        out += "</section>\n"
        if let overview = dossier.overview {
            let map = try renderer.render(overview, id: "overview")
            out += "<section id=\"overview\"><h2>Overview map 总图</h2>" + figure(map) + "</section>\n"
        }
        for extra in dossier.extraTables where !extra.rows.isEmpty {
            out += "<section class=\"extra\"><h2>\(esc(extra.name))</h2>" + table(extra, anchors: [], caption: nil) + "</section>\n"
        }
        for section in dossier.sections {
            out += "<section class=\"block\" id=\"\(esc(section.anchor))\"><h2>\(esc(section.title))"
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
        if table.pageColumnGroups > 1 { return self.table(sideBySide(table), anchors: [], caption: caption) }
        var out = "<div class=\"table\"><table>"
        if let caption { out += "<caption>\(esc(caption))</caption>" }
        out += "<thead><tr>" + table.columns.map { "<th>\(esc($0))</th>" }.joined() + "</tr></thead><tbody>"
        for (k, row) in table.rows.enumerated() {
            out += "<tr>"
            for (c, cell) in row.enumerated() {
                var text = esc(cell.displayText)
                if c == 0, k < anchors.count, let anchor = anchors[k] { text = "<a href=\"#\(esc(anchor))\">\(text)</a>" }
                out += cell.isNumeric ? "<td class=\"n\">\(text)</td>" : "<td>\(text)</td>"
            }
            out += "</tr>"
        }
        out += "</tbody>"
        if !table.footers.isEmpty {
            out += "<tfoot>"
            for row in table.footers {
                out += "<tr>" + row.map { $0.isNumeric ? "<td class=\"n\">\(esc($0.displayText))</td>" : "<td>\(esc($0.displayText))</td>" }.joined() + "</tr>"
            }
            out += "</tfoot>"
        }
        return out + "</table></div>"
    }

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
    body{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Zen Hei","WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC","Hiragino Sans GB",SimHei,"Noto Sans",Arial,sans-serif;color:var(--ink);margin:24px auto;max-width:1280px;padding:0 16px;line-height:1.45}
    h1{font-size:1.6em;margin:0 0 .4em}h2{font-size:1.25em;border-bottom:1px solid var(--rule);padding-bottom:.2em;margin-top:1.6em}
    dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15em 1em;font-size:.9em;color:var(--muted)}dl.facts dt{font-weight:600}dl.facts dd{margin:0}
    .table{overflow-x:auto}table{border-collapse:collapse;font-size:.88em;margin:.6em 0}caption{text-align:left;font-weight:600;padding:.3em 0}
    th,td{border:1px solid var(--rule);padding:3px 7px;white-space:nowrap}th{background:#f3f5f7}td.n{text-align:right;font-variant-numeric:tabular-nums}
    tfoot td{font-weight:600;background:#f8f9fa}
    section.block{content-visibility:auto;contain-intrinsic-size:auto 1100px}
    figure{margin:.6em 0}svg.map{max-width:100%;height:auto;border:0}svg text{font-size:13px;font-family:inherit}svg .label{font-weight:600;fill:#111}
    ul.legend{list-style:none;padding:0;margin:.3em 0;display:flex;flex-wrap:wrap;gap:.3em 1.2em;font-size:.88em}
    .swatch{display:inline-block;width:14px;height:14px;margin-right:5px;vertical-align:-2px;border:1px solid #333}
    .swatch.corridor{border-style:dashed;border-width:2px}.swatch.outline{border:2px solid #111;background:none}
    .swatch.hatch{background:repeating-linear-gradient(45deg,#1a7f37 0 2px,transparent 2px 6px);border-color:#1a7f37}
    p.plane{font-size:.8em;color:var(--muted);margin:0}
    .badge{font-size:.75em;padding:2px 8px;border-radius:10px;vertical-align:middle;color:#fff;background:#57606a}
    .badge.clean{background:#1a7f37}.badge.needs-cut{background:#bf8700}.badge.blocked{background:#cf222e}.badge.unverified{background:#8250df}.badge.rejected{background:#6e7781}
    p.back{font-size:.85em}footer{margin-top:3em;font-size:.8em;color:var(--muted)}
    @media print{section.block{break-inside:avoid;content-visibility:visible}}
    """
}

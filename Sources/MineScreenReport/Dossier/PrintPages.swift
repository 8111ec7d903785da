/// The dossier's printed pages (CSS Paged Media, as Chromium prints them): A4 portrait, a running header
/// with the report title and, on a block's pages, the block; page numbers at the foot; landscape pages
/// for the summary and other wide tables. Each block section is a named page, which both starts it on a
/// fresh sheet and lets its header name it.
enum PrintPages {
    /// A table with more columns than this prints on a landscape page, in a smaller font.
    static let wideColumnCount = 8

    static func isWide(_ table: ReportTable) -> Bool { table.columns.count > wideColumnCount }

    /// The CSS page name of a block section (its anchor is already a plain `block-N`; anything else is
    /// reduced to letters, digits and hyphens so it stays one CSS identifier).
    static func pageName(_ anchor: String) -> String {
        "p-" + String(anchor.unicodeScalars.map { scalar -> Character in
            let v = scalar.value
            let plain = (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || v == 0x2D
            return plain ? Character(scalar) : "-"
        })
    }

    /// `@page` rules: the shared layout, the landscape `wide` page, and one named page per block.
    static func css(title: String, blocks: [(anchor: String, label: String)]) -> String {
        let margins = "margin:16mm 12mm 14mm 12mm"
        let font = "font-family:\"Noto Sans CJK SC\",\"WenQuanYi Zen Hei\",\"Microsoft YaHei\",SimHei,sans-serif"
        let foot = "@bottom-right{content:\"page \" counter(page) \" / \" counter(pages);font-size:8pt;color:#57606a;\(font)}"
        let head = "@top-left{content:\(cssString(title));font-size:8pt;color:#57606a;\(font)}"
        var css = "\n@page{size:A4 portrait;\(margins);\(head)\(foot)}\n@page wide{size:A4 landscape}\n"
        for block in blocks {
            css += "@page \(pageName(block.anchor)){@top-right{content:\(cssString(block.label));font-size:9pt;font-weight:bold;\(font)}}\n"
        }
        return css
    }

    /// A CSS string literal: every character outside printable ASCII letters, digits and spaces as a
    /// hexadecimal escape, so no quote, backslash or `</style>` in a title can end it.
    static func cssString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            let v = scalar.value
            let plain = (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || v == 0x20
            out += plain ? String(scalar) : "\\" + String(v, radix: 16) + " "
        }
        return out + "\""
    }
}

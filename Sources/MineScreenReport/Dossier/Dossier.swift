import MineScreenGeometry
/// An HTML dossier as data: facts, a summary table whose rows link to one section per block, and
/// per block a map and detail tables. Built by each report, rendered by `HTMLDossierWriter`.
public struct Dossier {
    public var title: String
    /// What was computed and from what: CRS, area method, units, inputs, rules.
    public var facts: [(label: String, value: String)]
    /// One row per block; `sectionAnchors[k]` is the section row k links to (nil: no section).
    public var summary: ReportTable
    public var sectionAnchors: [String?]
    /// Further tables shown after the summary (group totals, rejected features).
    public var extraTables: [ReportTable] = []
    public var sections: [DossierSection] = []
    /// An overview map of every block, when the report has no per-block maps.
    public var overview: BlockMap?
    /// Layers in the order they get colours (the order the user listed them), so a layer has the same
    /// colour in every map of every report made with the same layers.
    public var layerOrder: [String] = []

    public init(title: String, facts: [(label: String, value: String)], summary: ReportTable, sectionAnchors: [String?]) {
        self.title = title
        self.facts = facts
        self.summary = summary
        self.sectionAnchors = sectionAnchors
    }
}

/// One part of an HTML dossier: a titled section with an optional status badge, map, text lines and tables.
public struct DossierSection {
    public var anchor: String
    public var title: String
    /// A short status shown beside the title (a verdict), with its CSS class.
    public var badge: (text: String, style: String)?
    public var map: BlockMap?
    public var lines: [String] = []
    public var tables: [ReportTable] = []
}

/// What one block's map shows, in CGCS2000 lon/lat; drawn in the block's Gauss-Krüger zone plane.
public struct BlockMap {
    /// Polygons of one constraint layer drawn on a block's map, and how they are drawn.
    public struct Layer {
        public var name: String
        public var polygons: [Polygon]
        public var kind: Kind
        /// Whether a layer's polygons are overlaps with the block or corridors around features.
        public enum Kind { case overlap, corridor }
    }
    public var blocks: [(label: String, polygons: [Polygon])]
    public var layers: [Layer] = []
    /// Hatched: what is left of the block once conflicts are cut out.
    public var remainder: [Polygon]?

    public init(blocks: [(label: String, polygons: [Polygon])]) { self.blocks = blocks }
}

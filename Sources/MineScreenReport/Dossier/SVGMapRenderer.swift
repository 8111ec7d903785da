import Foundation
import MineScreenSupport
import MineScreenGeometry
import MineScreenNative
import MineScreenAnalysis

/// Draws a `BlockMap` as inline SVG in the Gauss-Krüger 3° zone plane of its blocks (metres, grid
/// north up): overlaps coloured by layer, corridors, the hatched clean remainder, the block outline,
/// a scale bar and a north arrow. No external resources, so the dossier stays one file.
struct SVGMapRenderer {
    static let width = 720.0
    static let height = 480.0
    static let margin = 24.0
    /// The frame colour is used by nothing else on the page (tests find maps by it).
    static let frameColour = "#1f4e79"
    /// Layer colours, told apart also with red-green colour blindness: Okabe & Ito's set (without its
    /// bluish green, kept for the remainder, and black, kept for outlines), then Tol's wine, indigo and olive.
    static let palette = ["#D55E00", "#0072B2", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442", "#882255", "#332288", "#999933"]
    /// The clean remainder's hatch: a colour no layer gets.
    static let remainderColour = "#009E73"

    var workspace: ThreadWorkspace
    /// Layer name → colour, the same on every map and in every legend.
    var colours: [String: String]

    struct Rendered {
        var svg: String
        var planeName: String
        var legend: [(swatch: String, label: String)]
    }

    func render(_ map: BlockMap, id: String) throws -> Rendered {
        let allBlocks = map.blocks.flatMap(\.polygons)
        let centre = AreaAnalysis.centreLongitude(allBlocks)
        guard let zone = GaussKrugerZone.threeDegree(longitude: centre, prefixed: false) else {
            throw PROJError(operation: "map", message: "longitude \(centre) is outside the CGCS2000 Gauss-Krüger 3° zones 25–45")
        }
        let plane = zone.crs
        let toPlane = try workspace.transformer(from: .cgcs2000, to: plane)
        func project(_ polygons: [Polygon]) throws -> [Polygon] { try toPlane.transformed(polygons) }

        let blocks = try map.blocks.map { ($0.label, try project($0.polygons)) }
        let remainder = try map.remainder.map(project)
        let layers = try map.layers.map { ($0, try project($0.polygons)) }

        var box = Box()
        for (_, polygons) in blocks { box.add(polygons) }
        if box.isEmpty { for (_, polygons) in layers { box.add(polygons) } }
        box.expand(by: 0.08)
        let scale = min((Self.width - 2 * Self.margin) / box.width, (Self.height - 2 * Self.margin) / box.height)
        let offsetX = (Self.width - box.width * scale) / 2, offsetY = (Self.height - box.height * scale) / 2
        // What the frame shows, in plane metres: a layer wholly outside it gets no legend entry.
        var view = Box()
        view.minX = box.minX - offsetX / scale; view.maxX = view.minX + Self.width / scale
        view.minY = box.minY - offsetY / scale; view.maxY = view.minY + Self.height / scale
        func point(_ p: Position) -> String {
            String(format: "%.1f,%.1f", offsetX + (p.x - box.minX) * scale, Self.height - offsetY - (p.y - box.minY) * scale)
        }
        func path(_ polygons: [Polygon]) -> String {
            var d = ""
            for polygon in polygons {
                for ring in polygon.rings where ring.count > 2 {
                    d += "M" + ring.map(point).joined(separator: "L") + "Z"
                }
            }
            return d
        }

        let hatch = "hatch-\(id)"
        var svg = """
        <svg xmlns="http://www.w3.org/2000/svg" class="map" viewBox="0 0 \(Int(Self.width)) \(Int(Self.height))" \
        width="\(Int(Self.width))" height="\(Int(Self.height))" role="img" aria-label="map of \(xmlEscaped(id))">\
        <defs><pattern id="\(hatch)" patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)">\
        <line x1="0" y1="0" x2="0" y2="8" stroke="\(Self.remainderColour)" stroke-width="2.5"/></pattern></defs>\
        <rect x="0" y="0" width="\(Int(Self.width))" height="\(Int(Self.height))" fill="#fbfbf8"/>
        """
        var legend: [(String, String)] = []
        for (layer, polygons) in layers where layer.kind == .corridor && view.meets(polygons) {
            let colour = colours[layer.name] ?? "#777"
            svg += "<path d=\"\(path(polygons))\" fill=\"\(colour)\" fill-opacity=\"0.15\" stroke=\"\(colour)\" stroke-dasharray=\"6 4\" stroke-width=\"1.2\" fill-rule=\"evenodd\"/>"
            legend.append(("<span class=\"swatch corridor\" style=\"border-color:\(colour);background:\(colour)26\"></span>", "\(layer.name) corridor"))
        }
        if let remainder, !remainder.isEmpty {
            svg += "<path d=\"\(path(remainder))\" fill=\"url(#\(hatch))\" stroke=\"\(Self.remainderColour)\" stroke-width=\"1\" fill-rule=\"evenodd\"/>"
            legend.append(("<span class=\"swatch hatch\"></span>", "clean remainder"))
        }
        for (layer, polygons) in layers where layer.kind == .overlap {
            let colour = colours[layer.name] ?? "#777"
            svg += "<path d=\"\(path(polygons))\" fill=\"\(colour)\" fill-opacity=\"0.55\" stroke=\"\(colour)\" stroke-width=\"1\" fill-rule=\"evenodd\"/>"
            legend.append(("<span class=\"swatch\" style=\"background:\(colour)\"></span>", "overlap with \(layer.name)"))
        }
        for (label, polygons) in blocks {
            // On an overview the blocks are small: a light fill keeps them visible.
            let fill = blocks.count > 1 ? "fill=\"#1f77b4\" fill-opacity=\"0.35\"" : "fill=\"none\""
            svg += "<path d=\"\(path(polygons))\" \(fill) stroke=\"#111\" stroke-width=\"2\" fill-rule=\"evenodd\"/>"
            if blocks.count > 1, let first = polygons.first {
                var labelBox = Box()
                labelBox.add([first])
                let at = Position((labelBox.minX + labelBox.maxX) / 2, (labelBox.minY + labelBox.maxY) / 2)
                let xy = point(at).split(separator: ",")
                svg += "<text x=\"\(xy[0])\" y=\"\(xy[1])\" class=\"label\" text-anchor=\"middle\">\(xmlEscaped(label))</text>"
            }
        }
        legend.append(("<span class=\"swatch outline\"></span>", blocks.count > 1 ? "blocks" : "block outline"))
        svg += scaleBar(metresPerPixel: 1 / scale)
        svg += northArrow
        svg += "<rect x=\"1\" y=\"1\" width=\"\(Int(Self.width) - 2)\" height=\"\(Int(Self.height) - 2)\" fill=\"none\" stroke=\"\(Self.frameColour)\" stroke-width=\"2\"/>"
        svg += "</svg>"
        return Rendered(svg: svg, planeName: "map in CGCS2000 Gauss-Krüger 3° zone \(zone.zone) (\(plane)), metres, grid north up",
                        legend: legend)
    }

    /// A bar of a round length (1, 2 or 5 × 10ⁿ m) about a quarter of the map wide, bottom left.
    func scaleBar(metresPerPixel: Double) -> String {
        let target = Self.width / 4 * metresPerPixel
        let magnitude = pow(10, floor(log10(target)))
        let length = [5.0, 2, 1].map { $0 * magnitude }.first { $0 <= target } ?? magnitude
        let pixels = length / metresPerPixel
        let label = length >= 1000 ? "\(formatJSONNumber(length / 1000)) km" : "\(formatJSONNumber(length)) m"
        let x = 16.0, y = Self.height - 18
        return String(format: "<g class=\"scalebar\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"6\" fill=\"#fff\" stroke=\"#111\"/>", x, y, pixels)
            + String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"6\" fill=\"#111\"/>", x, y, pixels / 2)
            + String(format: "<text x=\"%.1f\" y=\"%.1f\">0</text><text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%@</text></g>",
                     x - 3, y - 4, x + pixels, y - 4, label)
    }

    var northArrow: String {
        let x = Self.width - 34, y = 20.0
        return String(format: "<g class=\"north\"><path d=\"M%.1f,%.1f L%.1f,%.1f L%.1f,%.1f L%.1f,%.1f Z\" fill=\"#111\"/>", x, y + 6, x + 9, y + 36, x, y + 29, x - 9, y + 36)
            + String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-weight=\"bold\">N</text></g>", x, y + 2)
    }
}

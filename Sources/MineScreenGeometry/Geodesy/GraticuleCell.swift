import Foundation

/// One 1′×1′ basic unit block (基本单位区块) of the CGCS2000 graticule, named by its south-west corner in
/// whole minutes east of Greenwich and north of the equator. Exploration blocks are made of these.
public struct GraticuleCell: Hashable, Comparable, Sendable {
    /// Longitude of the west edge, in minutes (112°30′ → 6750).
    public var lonMinute: Int
    /// Latitude of the south edge, in minutes.
    public var latMinute: Int

    public init(lonMinute: Int, latMinute: Int) { self.lonMinute = lonMinute; self.latMinute = latMinute }

    /// Cells lie east of Greenwich and south of 60°N: GB/T 13989 joins 1:1 000 000 sheets in pairs and
    /// fours north of 60°, where the simple sheet arithmetic below would be wrong (China reaches 53.6°N).
    public static let maxLatitude = 60

    /// Rows north to south, then west to east: the order a 1:50 000 sheet is read in.
    public static func < (a: GraticuleCell, b: GraticuleCell) -> Bool {
        a.latMinute != b.latMinute ? a.latMinute > b.latMinute : a.lonMinute < b.lonMinute
    }

    public var west: Double { Double(lonMinute) / 60 }
    public var east: Double { Double(lonMinute + 1) / 60 }
    public var south: Double { Double(latMinute) / 60 }
    public var north: Double { Double(latMinute + 1) / 60 }

    /// The cell as a closed counter-clockwise ring; the same expressions for every cell, so neighbours
    /// share corners bit for bit.
    public var polygon: Polygon {
        Polygon(exterior: [Position(west, south), Position(east, south), Position(east, north), Position(west, north), Position(west, south)])
    }

    /// Closed-form ellipsoidal area (m²) on CGCS2000; see `ellipsoidalQuadrangleArea`.
    public var area: Double { ellipsoidalQuadrangleArea(west: west, east: east, south: south, north: north) }

    // MARK: codes

    /// `DDDMM-DDMM`: the south-west corner as longitude degrees and minutes, then latitude degrees and
    /// minutes (112°00′E 36°30′N → `11200-3630`). Plain, sortable, and needs no sheet arithmetic.
    public var code: String {
        String(format: "%03d%02d-%02d%02d", lonMinute / 60, lonMinute % 60, latMinute / 60, latMinute % 60)
    }

    /// The 1:50 000 sheet (GB/T 13989: 1:1 000 000 row letter and column, `E`, sheet row counted from the
    /// north edge of the 1:1 000 000 sheet and column from its west edge, three digits each), then `-`, the
    /// cell's row in the sheet counted from its north edge (01–10) and its column from the west edge
    /// (01–15): 112°00′E 36°30′N → `J49E021017-1001`.
    public var sheetCode: String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUV")
        let millionRow = latMinute / 240, millionColumn = lonMinute / 360 + 31
        let latIn = latMinute % 240, lonIn = lonMinute % 360
        return String(letters[millionRow]) + String(format: "%02dE%03d%03d-%02d%02d", millionColumn,
                                                    24 - latIn / 10, lonIn / 15 + 1, 10 - latIn % 10, lonIn % 15 + 1)
    }

    /// Either code form; surrounding spaces are ignored, letters may be lower case.
    public init(code text: String) throws {
        let code = text.trimmingCharacters(in: .whitespaces).uppercased()
        // ASCII digits only: `wholeNumberValue` would also read full-width and Chinese numerals.
        let digits = code.map { $0.isASCII ? $0.wholeNumberValue : nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for k in range { guard let d = digits[k] else { return nil }; value = value * 10 + d }
            return value
        }
        let chars = Array(code)
        if chars.count == 10, chars[5] == "-", let lonDeg = number(0..<3), let lonMin = number(3..<5),
           let latDeg = number(6..<8), let latMin = number(8..<10) {
            guard lonMin < 60, latMin < 60 else { throw CellCodeError(code: text, why: "minutes must be 00–59") }
            guard lonDeg < 180, latDeg < GraticuleCell.maxLatitude else {
                throw CellCodeError(code: text, why: "longitude must be 000–179°E and latitude 00–\(GraticuleCell.maxLatitude - 1)°N")
            }
            self.init(lonMinute: lonDeg * 60 + lonMin, latMinute: latDeg * 60 + latMin)
            return
        }
        if chars.count == 15, chars[3] == "E", chars[10] == "-", let letter = chars[0].asciiValue,
           (UInt8(ascii: "A")...UInt8(ascii: "V")).contains(letter), let column = number(1..<3),
           let sheetRow = number(4..<7), let sheetColumn = number(7..<10), let row = number(11..<13), let cellColumn = number(13..<15) {
            guard (31...60).contains(column) else { throw CellCodeError(code: text, why: "1:1 000 000 column must be 31–60 (east of Greenwich)") }
            guard Int(letter - UInt8(ascii: "A")) * 4 < GraticuleCell.maxLatitude else {
                throw CellCodeError(code: text, why: "1:1 000 000 rows A–O only (south of 60°N)")
            }
            guard (1...24).contains(sheetRow), (1...24).contains(sheetColumn) else {
                throw CellCodeError(code: text, why: "1:50 000 sheet row and column must be 001–024")
            }
            guard (1...10).contains(row), (1...15).contains(cellColumn) else {
                throw CellCodeError(code: text, why: "a 1:50 000 sheet has cell rows 01–10 and columns 01–15")
            }
            let millionRow = Int(letter - UInt8(ascii: "A"))
            self.init(lonMinute: (column - 31) * 360 + (sheetColumn - 1) * 15 + (cellColumn - 1),
                      latMinute: millionRow * 240 + (24 - sheetRow) * 10 + (10 - row))
            return
        }
        throw CellCodeError(code: text, why: "expected DDDMM-DDMM (south-west corner, e.g. 11200-3630) or a 1:50 000 sheet code with cell row and column (e.g. J49E021017-1001)")
    }
}

/// A cell code that names no 1′×1′ cell, with the reason.
public struct CellCodeError: Error, CustomStringConvertible, Equatable {
    public var code: String
    public var why: String
    public var description: String { "cell code '\(code)': \(why)" }
}

/// Area (m²) of the ellipsoidal quadrangle between two meridians and two parallels on CGCS2000:
/// A = (b²Δλ/2)·[Q(φ2) − Q(φ1)] with Q(φ) = sinφ/(1 − e² sin²φ) + atanh(e sinφ)/e, the integral of the
/// area element b² cosφ/(1 − e² sin²φ)² dφ dλ (Snyder's authalic q, USGS PP 1395 eq. 3-12, over 1 − e²).
/// A closed form, kept apart from the trapezoid series (`TrapezoidArea`) so each checks the other.
public func ellipsoidalQuadrangleArea(west: Double, east: Double, south: Double, north: Double,
                                      semiMajorAxis a: Double = 6_378_137, flattening f: Double = 1 / 298.257222101) -> Double {
    let e2 = f * (2 - f), e = e2.squareRoot()
    let b2 = a * a * (1 - e2)
    func q(_ latitude: Double) -> Double {
        let s = sin(latitude * .pi / 180)
        return s / (1 - e2 * s * s) + atanh(e * s) / e
    }
    return (east - west) * .pi / 180 * b2 / 2 * (q(north) - q(south))
}

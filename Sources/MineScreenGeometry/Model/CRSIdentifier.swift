/// A coordinate reference system named by authority and code, e.g. `EPSG:4490` or `OGC:CRS84`.
/// Immutable; whether PROJ knows it is checked where it is first used.
public struct CRSIdentifier: Hashable, Sendable, CustomStringConvertible {
    public let authority: String
    public let code: String

    public init(authority: String, code: String) {
        self.authority = authority.uppercased()
        self.code = code
    }

    public static let cgcs2000 = CRSIdentifier(authority: "EPSG", code: "4490")
    public static let crs84 = CRSIdentifier(authority: "OGC", code: "CRS84")

    public var description: String { authority == "PROJ" ? code : "\(authority):\(code)" }

    /// A CRS given as a PROJ string, such as the transverse Mercator centred on a block that corridors
    /// are built in. Not for user input: codes are.
    public init(projString: String) {
        self.authority = "PROJ"
        self.code = projString
    }

    /// What PROJ is given to build this CRS.
    public var projDefinition: String { description }

    public var epsgCode: Int? { authority == "EPSG" ? Int(code) : nil }

    /// A CRS bound to WGS 84 by the user's `+towgs84` parameters (Xi'an 1980, Beijing 1954 data).
    public var isBoundByTowgs84: Bool { authority == "PROJ" && code.contains("+towgs84=") }

    /// CGCS2000, WGS 84 and CRS84 lon/lat differ by centimetres; this tool treats them as one plane.
    public var isCGCS2000EquivalentLonLat: Bool {
        if self == .crs84 { return true }
        return authority == "EPSG" && (code == "4490" || code == "4326")
    }

    /// Two CRSs whose coordinates can be overlaid without transforming.
    public func sharesPlane(with other: CRSIdentifier) -> Bool {
        self == other || (isCGCS2000EquivalentLonLat && other.isCGCS2000EquivalentLonLat)
    }

    /// Parses the forms seen in GeoJSON `crs` members and on command lines:
    /// `EPSG:4490`, `epsg:4490`, `urn:ogc:def:crs:EPSG::4490`, `urn:ogc:def:crs:EPSG:6.6:4490`,
    /// `urn:ogc:def:crs:OGC:1.3:CRS84`, `OGC:CRS84`, `CRS84`, and `http://www.opengis.net/def/crs/EPSG/0/4490`.
    public static func parse(_ text: String) -> CRSIdentifier? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let lower = trimmed.lowercased()
        if lower == "crs84" || lower == "ogc:crs84" || lower.hasSuffix(":crs84") || lower.hasSuffix("/crs84") {
            return .crs84
        }
        if lower.hasPrefix("urn:ogc:def:crs:") {
            // urn:ogc:def:crs:AUTH:[VERSION]:CODE
            let parts = trimmed.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count >= 7 else { return nil }
            return make(authority: String(parts[4]), code: String(parts[parts.count - 1]))
        }
        if lower.hasPrefix("http://www.opengis.net/def/crs/") || lower.hasPrefix("https://www.opengis.net/def/crs/") {
            let parts = trimmed.split(separator: "/")
            guard parts.count >= 3 else { return nil }
            return make(authority: String(parts[parts.count - 3]), code: String(parts[parts.count - 1]))
        }
        let parts = trimmed.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 2 { return make(authority: String(parts[0]), code: String(parts[1])) }
        return nil
    }

    private static func make(authority: String, code: String) -> CRSIdentifier? {
        guard !authority.isEmpty, !code.isEmpty, code.allSatisfy({ $0.isLetter || $0.isNumber }) else { return nil }
        return CRSIdentifier(authority: authority, code: code)
    }
}

import Foundation

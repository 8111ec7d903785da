import CGDAL
import MineScreenGeometry

/// The single owner of one OGR spatial reference. Spatial references are reference-counted in GDAL
/// (a layer may keep one it was given), so ours is let go with OSRRelease, which frees it only when
/// nobody else holds it; OSRDestroySpatialReference would free it under a layer still using it.
package final class SpatialReference {
    package let raw: OGRSpatialReferenceH
    private let session: GDALSession

    /// A copy of a spatial reference GDAL owns (a layer's), so identifying it cannot change the layer.
    init(copying borrowed: OGRSpatialReferenceH, session: GDALSession) throws {
        guard let copy = OSRClone(borrowed) else { throw session.failure("copy a spatial reference") }
        raw = copy
        self.session = session
        Self.useTraditionalAxisOrder(raw)
    }

    /// The spatial reference of a CRS this tool names: an EPSG code, or anything GDAL's
    /// OSRSetFromUserInput reads (OGC:CRS84, a PROJ string).
    package init(_ crs: CRSIdentifier, session: GDALSession) throws {
        guard let made = OSRNewSpatialReference(nil) else { throw session.failure("make a spatial reference") }
        raw = made
        self.session = session
        if let code = crs.epsgCode {
            try session.check(OSRImportFromEPSG(raw, Int32(code)), "spatial reference of \(crs)")
        } else {
            try session.check(OSRSetFromUserInput(raw, crs.projDefinition), "spatial reference of \(crs)")
        }
        Self.useTraditionalAxisOrder(raw)
    }

    deinit {
        OSRRelease(raw)
    }

    /// Coordinates as x = east (longitude or easting), y = north, as Shapefile, GeoPackage and this tool
    /// store them, whatever axis order the EPSG definition declares (EPSG:4490 says latitude first).
    private static func useTraditionalAxisOrder(_ raw: OGRSpatialReferenceH) {
        OSRSetAxisMappingStrategy(raw, OAMS_TRADITIONAL_GIS_ORDER)
    }

    var name: String? { OSRGetName(raw).map { String(cString: $0) } }

    /// The CRS as this tool names it, and how it was found:
    /// the authority code the source carries; else the EPSG code GDAL identifies it as (OSRAutoIdentifyEPSG,
    /// then the best OSRFindMatches match GDAL is at least 90% sure of); else a PROJ string (PROJ builds the
    /// CRS from it, so a custom Gauss-Krüger plane still works); else its WKT.
    package func identify() throws -> (crs: CRSIdentifier, how: String) {
        if let found = authority(of: raw) { return (found, "layer SRS") }
        if let copy = OSRClone(raw) {
            defer { OSRRelease(copy) }
            if OSRAutoIdentifyEPSG(copy) == OGRERR_NONE, let found = authority(of: copy) {
                return (found, "layer SRS, identified by GDAL")
            }
        }
        if let match = bestMatch() { return (match, "layer SRS, matched by GDAL") }
        if let proj = export(OSRExportToProj4), !proj.isEmpty {
            let definition = proj.contains("+type=crs") ? proj : proj + " +type=crs"
            return (CRSIdentifier(projString: definition), "layer SRS without authority code, as a PROJ string")
        }
        if let wkt = export(OSRExportToWkt), !wkt.isEmpty {
            return (CRSIdentifier(projString: wkt), "layer SRS without authority code, as WKT")
        }
        throw session.failure("describe the layer's spatial reference")
    }

    private func authority(of srs: OGRSpatialReferenceH) -> CRSIdentifier? {
        guard let name = OSRGetAuthorityName(srs, nil), let code = OSRGetAuthorityCode(srs, nil) else { return nil }
        let authority = String(cString: name), value = String(cString: code)
        guard !authority.isEmpty, !value.isEmpty else { return nil }
        return CRSIdentifier(authority: authority, code: value)
    }

    private func bestMatch() -> CRSIdentifier? {
        var count: Int32 = 0
        var confidences: UnsafeMutablePointer<Int32>?
        guard let matches = OSRFindMatches(raw, nil, &count, &confidences) else { return nil }
        defer {
            OSRFreeSRSArray(matches)
            VSIFree(confidences)  // CPLFree is a macro for VSIFree
        }
        var best: (crs: CRSIdentifier, confidence: Int32)?
        for i in 0..<Int(count) {
            guard let candidate = matches[i], let confidence = confidences?[i], confidence >= 90,
                  let found = authority(of: candidate) else { continue }
            if best == nil || confidence > best!.confidence { best = (found, confidence) }
        }
        return best?.crs
    }

    /// Runs one of GDAL's exporters, which allocate the text with CPLMalloc: freed here with VSIFree (CPLFree, a macro).
    private func export(_ exporter: (OGRSpatialReferenceH?, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> OGRErr) -> String? {
        var text: UnsafeMutablePointer<CChar>?
        let code = exporter(raw, &text)
        defer { VSIFree(text) }
        guard code == OGRERR_NONE, let text else { return nil }
        return String(cString: text)
    }
}

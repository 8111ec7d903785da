import CGDAL
import Foundation

/// The single owner of one open GDAL dataset; closed (and, when writing, flushed) exactly once.
/// GDAL datasets are not thread-safe: one dataset is used by the thread that opened it only.
package final class GDALDataset {
    package private(set) var raw: GDALDatasetH?
    package let session: GDALSession

    package init(owning raw: GDALDatasetH, session: GDALSession) {
        self.raw = raw
        self.session = session
    }

    deinit {
        if let raw { GDALClose(raw) }
    }

    /// Opens a vector dataset read-only, with the driver's open options ("ENCODING=" …) if any.
    package static func openForReading(_ path: String, session: GDALSession, options: [String] = []) throws -> GDALDataset {
        let flags = UInt32(GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR)
        let opened = withCStringList(options) { list in
            GDALOpenEx(path, flags, nil, UnsafeRawPointer(list)?.assumingMemoryBound(to: UnsafePointer<CChar>?.self), nil)
        }
        guard let raw = opened else {
            throw session.failure("open \(path)")
        }
        return GDALDataset(owning: raw, session: session)
    }

    /// Creates a new vector dataset with the named driver ("GPKG", "ESRI Shapefile").
    package static func create(_ path: String, driverName: String, session: GDALSession) throws -> GDALDataset {
        guard let driver = GDALGetDriverByName(driverName) else {
            throw GDALError(operation: "find driver \(driverName)", message: "this GDAL has no \(driverName) driver")
        }
        guard let raw = GDALCreate(driver, path, 0, 0, 0, GDT_Unknown, nil) else {
            throw session.failure("create \(path)")
        }
        return GDALDataset(owning: raw, session: session)
    }

    /// Closes now, so that a writer learns of a failed flush; GDAL reports it through the error handler.
    package func close(_ path: String) throws {
        guard let raw else { return }
        self.raw = nil
        session.log.lastFailure = nil
        GDALClose(raw)
        if session.log.lastFailure != nil { throw session.failure("close \(path)") }
    }

    private var handle: GDALDatasetH {
        guard let raw else { preconditionFailure("GDAL dataset used after close") }
        return raw
    }

    package var driverName: String {
        GDALGetDatasetDriver(handle).flatMap { GDALGetDriverShortName($0) }.map { String(cString: $0) } ?? "?"
    }

    package var layers: [OGRLayer] {
        (0..<Int(GDALDatasetGetLayerCount(handle))).compactMap { i in
            GDALDatasetGetLayer(handle, Int32(i)).map { OGRLayer(borrowing: $0, of: self) }
        }
    }

    package func layer(named name: String) -> OGRLayer? {
        GDALDatasetGetLayerByName(handle, name).map { OGRLayer(borrowing: $0, of: self) }
    }

    package func createLayer(_ name: String, srs: SpatialReference, geometryType: OGRwkbGeometryType, options: [String]) throws -> OGRLayer {
        let made = withCStringList(options) { GDALDatasetCreateLayer(handle, name, srs.raw, geometryType, $0) }
        guard let made else { throw session.failure("create layer \(name)") }
        return OGRLayer(borrowing: made, of: self)
    }

    /// Begins a transaction where the format has them (GeoPackage: one commit instead of one per feature).
    package func beginTransactionIfSupported() -> Bool {
        GDALDatasetStartTransaction(handle, 0) == OGRERR_NONE
    }

    package func commit() throws {
        try session.check(GDALDatasetCommitTransaction(handle), "commit")
    }
}

/// A layer of an open dataset. GDAL owns the layer handle and frees it with the dataset, so this
/// keeps the dataset alive and frees nothing itself. A layer has one read cursor: one thread at a time.
package final class OGRLayer {
    package let raw: OGRLayerH
    let dataset: GDALDataset

    init(borrowing raw: OGRLayerH, of dataset: GDALDataset) {
        self.raw = raw
        self.dataset = dataset
    }

    package var name: String { OGR_L_GetName(raw).map { String(cString: $0) } ?? "?" }

    /// False for an attribute-only table.
    package var hasGeometry: Bool { OGR_L_GetGeomType(raw) != wkbNone }

    /// A copy of the layer's spatial reference, or nil when the source has none (a Shapefile without .prj).
    package func spatialReference() throws -> SpatialReference? {
        guard let borrowed = OGR_L_GetSpatialRef(raw) else { return nil }
        return try SpatialReference(copying: borrowed, session: dataset.session)
    }

    /// The features in file order, each owned by the caller from here on, with the failure GDAL reported
    /// while reading it (a corrupt shape: the feature comes back without its geometry), so that one bad
    /// record rejects its feature only.
    package func forEachFeature(_ body: (OGRFeature, _ gdalFailure: String?) throws -> Void) throws {
        let log = dataset.session.log
        OGR_L_ResetReading(raw)
        log.lastFailure = nil
        while let next = OGR_L_GetNextFeature(raw) {
            let failure = log.lastFailure
            log.lastFailure = nil
            try body(OGRFeature(owning: next), failure)
        }
        // NULL means either the end or a read error: only GDAL's message tells them apart.
        if log.lastFailure != nil { throw dataset.session.failure("read a feature of layer \(name)") }
    }

    /// Asks the layer to read only `fields` of its fields, and its geometry only when `geometry`; every other
    /// field is skipped (unset in features, absent from Arrow batches). False, with every field and the geometry
    /// read again, when the driver refuses or skips other fields than asked: GDAL finds a name without regard to
    /// case, so of two fields named alike (`NAME`, `name`) it could skip the one to keep.
    package func readsOnly(_ fields: [OGRFieldInfo], geometry: Bool) -> Bool {
        let kept = Set(fields.map(\.index))
        let all = self.fields
        // Field names as the layer's own bytes (a Shapefile opened without recoding has GBK names).
        var ignored = all.filter { !kept.contains($0.index) }.map(\.rawName)
        if !geometry { ignored.append(Array("OGR_GEOMETRY".utf8)) }
        let code = withCStringList(bytes: ignored) { list in
            OGR_L_SetIgnoredFields(raw, UnsafeMutableRawPointer(list)?.assumingMemoryBound(to: UnsafePointer<CChar>?.self))
        }
        guard code == OGRERR_NONE, let definition = OGR_L_GetLayerDefn(raw),
              (OGR_FD_IsGeometryIgnored(definition) != 0) == !geometry,
              all.allSatisfy({ field in
                  OGR_FD_GetFieldDefn(definition, field.index).map { (OGR_Fld_IsIgnored($0) != 0) == !kept.contains(field.index) } ?? false
              }) else {
            _ = OGR_L_SetIgnoredFields(raw, nil)
            return false
        }
        return true
    }

    /// The feature with this FID, owned by the caller, and the failure GDAL reported while reading it (a corrupt
    /// shape: the feature comes back without its geometry, or not at all).
    package func feature(fid: Int64) -> (OGRFeature?, gdalFailure: String?) {
        let log = dataset.session.log
        log.lastFailure = nil
        let found = OGR_L_GetFeature(raw, fid).map(OGRFeature.init(owning:))
        defer { log.lastFailure = nil }
        return (found, log.lastFailure)
    }

    /// Number of features when the format knows it cheaply (from its header or index), nil otherwise: for
    /// reserving space and for noticing a layer that ends before the features it declares.
    package var cheapFeatureCount: Int? {
        let count = OGR_L_GetFeatureCount(raw, 0)
        return count >= 0 ? Int(count) : nil
    }

    package var fields: [OGRFieldInfo] {
        guard let definition = OGR_L_GetLayerDefn(raw) else { return [] }
        return (0..<OGR_FD_GetFieldCount(definition)).compactMap { i in
            guard let field = OGR_FD_GetFieldDefn(definition, i) else { return nil }
            return OGRFieldInfo(index: i, rawName: OGR_Fld_GetNameRef(field).map(cStringBytes) ?? [], type: OGR_Fld_GetType(field), subType: OGR_Fld_GetSubType(field))
        }
    }

    package func createField(_ name: String, type: OGRFieldType, subType: OGRFieldSubType = OFSTNone, width: Int32 = 0) throws {
        guard let field = OGR_Fld_Create(name, type) else { throw dataset.session.failure("make field \(name)") }
        // OGR_L_CreateField copies the definition: this one is ours to free.
        defer { OGR_Fld_Destroy(field) }
        if subType != OFSTNone { OGR_Fld_SetSubType(field, subType) }
        if width > 0 { OGR_Fld_SetWidth(field, width) }
        try dataset.session.check(OGR_L_CreateField(raw, field, 1), "create field \(name)")
    }

    package func newFeature() throws -> OGRFeature {
        guard let definition = OGR_L_GetLayerDefn(raw), let made = OGR_F_Create(definition) else {
            throw dataset.session.failure("make a feature for layer \(name)")
        }
        return OGRFeature(owning: made)
    }

    package func add(_ feature: OGRFeature) throws {
        try dataset.session.check(OGR_L_CreateFeature(raw, feature.raw), "write a feature to layer \(name)")
    }
}

/// The bytes of a C string as GDAL gave them, before any decision about their encoding.
package func cStringBytes(_ pointer: UnsafePointer<CChar>) -> [UInt8] {
    Array(UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: strlen(pointer)))
}

/// A field as the layer defines it; the name as GDAL's bytes (decoded with the layer's text).
package struct OGRFieldInfo {
    /// Its index in the layer's definition (as `OGR_F_GetField…` take it, whatever other fields are skipped).
    package var index: Int32
    package var rawName: [UInt8]
    package var type: OGRFieldType
    package var subType: OGRFieldSubType
}

/// The single owner of one OGR feature; destroyed when this object goes away.
package final class OGRFeature {
    package let raw: OGRFeatureH

    init(owning raw: OGRFeatureH) {
        self.raw = raw
    }

    deinit {
        OGR_F_Destroy(raw)
    }
}

/// The single owner of one OGR geometry made by us (not one borrowed from a feature).
package final class OGRGeometry {
    package let raw: OGRGeometryH

    package init(owning raw: OGRGeometryH) {
        self.raw = raw
    }

    deinit {
        OGR_G_DestroyGeometry(raw)
    }
}

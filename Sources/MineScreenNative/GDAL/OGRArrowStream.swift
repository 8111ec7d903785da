import CGDAL

/// A column of an Arrow schema as plain values: its name, its Arrow format string ("l", "u", "z", "+l" …)
/// and its children (a list's item type). Copied out of GDAL's `ArrowSchema`, which is released at once.
package struct ArrowColumnSchema {
    package var name: String
    package var format: String
    package var children: [ArrowColumnSchema]

    init(_ schema: UnsafePointer<ArrowSchema>) {
        name = schema.pointee.name.map { String(cString: $0) } ?? ""
        format = schema.pointee.format.map { String(cString: $0) } ?? ""
        var children: [ArrowColumnSchema] = []
        if let list = schema.pointee.children {
            for i in 0..<Int(schema.pointee.n_children) {
                if let child = list[i] { children.append(ArrowColumnSchema(child)) }
            }
        }
        self.children = children
    }
}

/// The single owner of one layer's Arrow C stream (`OGR_L_GetArrowStream`, GDAL ≥ 3.6): batches of
/// features as columns. It keeps the layer, and so its dataset, open while it lives and releases the stream
/// in deinit, which GDAL requires to happen before the dataset closes. One thread at a time, like the layer.
package final class OGRArrowStream {
    private let stream: UnsafeMutablePointer<ArrowArrayStream>
    private let layer: OGRLayer
    /// The top-level schema: a struct whose children are the columns (FID, fields, geometry).
    package let schema: ArrowColumnSchema

    init(layer: OGRLayer, options: [String]) throws {
        self.layer = layer
        let stream = UnsafeMutablePointer<ArrowArrayStream>.allocate(capacity: 1)
        stream.initialize(to: ArrowArrayStream())
        let made = withCStringList(options) { OGR_L_GetArrowStream(layer.raw, stream, $0) }
        guard made, stream.pointee.release != nil else {
            stream.deallocate()
            throw layer.dataset.session.failure("open an Arrow stream on layer \(layer.name)")
        }
        self.stream = stream
        var raw = ArrowSchema()
        guard let getSchema = stream.pointee.get_schema, getSchema(stream, &raw) == 0 else {
            let message = Self.lastError(stream)
            stream.pointee.release?(stream)
            stream.deallocate()
            throw GDALError(operation: "read the Arrow schema of layer \(layer.name)", message: message)
        }
        schema = ArrowColumnSchema(&raw)
        raw.release?(&raw)
    }

    deinit {
        stream.pointee.release?(stream)
        stream.deallocate()
    }

    /// The next batch of features, nil at the end of the layer.
    package func nextBatch() throws -> OGRArrowBatch? {
        let array = UnsafeMutablePointer<ArrowArray>.allocate(capacity: 1)
        array.initialize(to: ArrowArray())
        guard let getNext = stream.pointee.get_next, getNext(stream, array) == 0 else {
            array.deallocate()
            throw GDALError(operation: "read a batch of layer \(layer.name)", message: Self.lastError(stream))
        }
        // A released (release == NULL) array marks the end of the stream.
        guard array.pointee.release != nil else {
            array.deallocate()
            return nil
        }
        return OGRArrowBatch(owning: array)
    }

    private static func lastError(_ stream: UnsafeMutablePointer<ArrowArrayStream>) -> String {
        stream.pointee.get_last_error?(stream).map { String(cString: $0) } ?? "no message from GDAL"
    }
}

/// The single owner of one Arrow batch (a struct array whose children are the columns); released in deinit.
/// Its buffers are valid only while this object lives.
package final class OGRArrowBatch {
    package let array: UnsafeMutablePointer<ArrowArray>

    init(owning array: UnsafeMutablePointer<ArrowArray>) {
        self.array = array
    }

    deinit {
        array.pointee.release?(array)
        array.deallocate()
    }
}

extension OGRLayer {
    /// The layer's features as an Arrow stream (GDAL's options, e.g. "MAX_FEATURES_IN_BATCH=…");
    /// reading starts from the first feature.
    package func arrowStream(options: [String] = []) throws -> OGRArrowStream {
        try arrowStream(from: 0, options: options)
    }

    /// The same, reading from the `start`-th feature (`OGR_L_SetNextByIndex`: a seek through the index where the
    /// format has one, a Shapefile's .shx). The seek comes after the stream is made, which resets the layer;
    /// GDAL's generic stream then reads on from there. Whether it did is for the caller to check (the FIDs).
    package func arrowStream(from start: Int, options: [String] = []) throws -> OGRArrowStream {
        OGR_L_ResetReading(raw)
        dataset.session.log.lastFailure = nil
        let stream = try OGRArrowStream(layer: self, options: options)
        if start > 0, OGR_L_SetNextByIndex(raw, GIntBig(start)) != OGRERR_NONE {
            throw dataset.session.failure("seek to feature \(start) of layer \(name)")
        }
        return stream
    }

    /// The FID column's name as the layer names it ("fid" in GeoPackage), or "" (Arrow then calls it OGC_FID).
    package var fidColumnName: String {
        OGR_L_GetFIDColumn(raw).map { String(cString: $0) } ?? ""
    }

    /// A metadata item of the layer ("SOURCE_ENCODING" in domain "SHAPEFILE": the code page GDAL recodes text from).
    package func metadataItem(_ name: String, domain: String) -> String? {
        GDALGetMetadataItem(raw, name, domain).map { String(cString: $0) }
    }

    /// Number of geometry fields (the per-feature reader uses the first).
    package var geometryFieldCount: Int {
        guard let definition = OGR_L_GetLayerDefn(raw) else { return 0 }
        return Int(OGR_FD_GetGeomFieldCount(definition))
    }
}

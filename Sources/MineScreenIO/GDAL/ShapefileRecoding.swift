import CGDAL
import Foundation
import MineScreenNative

/// Text of a Shapefile in a code page other than UTF-8 (GBK, CP936 … from its `.cpg` or the DBF's code page
/// byte), recoded to UTF-8 the way GDAL recodes it, but once per distinct string.
///
/// GDAL recodes every string field of every record with `CPLRecode`, which opens a new iconv converter each
/// time; on a parcel layer that is a large share of the read. Opened with `ENCODING=` (no recoding), the
/// Shapefile driver hands the bytes over unchanged, and this recodes each distinct value (and each field
/// name) with the same `CPLRecode` and the same source encoding GDAL reported (`SOURCE_ENCODING`), so the
/// text, and any warning about characters that do not convert, are exactly GDAL's. Pure ASCII is left as it
/// is (every code page GDAL names for a DBF keeps ASCII).
struct ShapefileRecoding {
    let sourceEncoding: String
    private var recoded: [[UInt8]: [UInt8]] = [:]

    /// The code page GDAL recodes this layer from, when it recodes at all (not for UTF-8 or unknown text).
    static func sourceEncoding(of layer: OGRLayer) -> String? {
        guard let encoding = layer.metadataItem("SOURCE_ENCODING", domain: "SHAPEFILE"), !encoding.isEmpty else { return nil }
        let plain = encoding.uppercased().replacingOccurrences(of: "-", with: "")
        return plain == "UTF8" ? nil : encoding
    }

    /// The same layer opened again without GDAL's recoding, and the recoding to apply instead; nil when GDAL
    /// does not recode this layer or the second opening fails (the layer is then read as opened).
    static func unrecodedLayer(_ layer: OGRLayer, path: String, session: GDALSession) -> (OGRLayer, ShapefileRecoding)? {
        guard !GDALColumnarReading.isDisabled, let encoding = sourceEncoding(of: layer),
              let dataset = try? GDALDataset.openForReading(path, session: session, options: ["ENCODING="]),
              let same = dataset.layer(named: layer.name) else { return nil }
        return (same, ShapefileRecoding(sourceEncoding: encoding))
    }

    init(sourceEncoding: String) {
        self.sourceEncoding = sourceEncoding
    }

    mutating func recode(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(where: { $0 >= 0x80 }) else { return bytes }
        if let known = recoded[bytes] { return known }
        var terminated = bytes
        terminated.append(0)
        let result: [UInt8] = terminated.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { text in
                // CPLRecode never returns NULL (it substitutes what it cannot convert, with a warning).
                let made = CPLRecode(text, sourceEncoding, "UTF-8")
                defer { VSIFree(made) }
                return cStringBytes(made)
            }
        }
        recoded[bytes] = result
        return result
    }

    mutating func recode(_ value: RawFeature.Value) -> RawFeature.Value {
        switch value {
        case .value: return value
        case .text(let bytes): return .text(recode(bytes))
        case .texts(let items): return .texts(items.map { recode($0) })
        }
    }

    mutating func recode(_ raws: inout [RawFeature]) {
        for k in raws.indices {
            for v in raws[k].values.indices { raws[k].values[v] = recode(raws[k].values[v]) }
        }
    }
}

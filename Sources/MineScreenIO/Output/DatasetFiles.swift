import Foundation

/// The files a path stands for: a Shapefile is its `.shp` and the sidecar files written and read with it.
public enum DatasetFiles {
    public static let shapefileSidecars = ["shx", "dbf", "prj", "cpg", "qix", "sbn", "sbx", "qpj"]

    public static func paths(_ path: String) -> [String] {
        let ext = (path as NSString).pathExtension
        guard ext.lowercased() == "shp" else { return [path] }
        let stem = (path as NSString).deletingPathExtension
        let upper = ext == "SHP"
        return [path] + shapefileSidecars.map { stem + "." + (upper ? $0.uppercased() : $0) }
    }
}

import Foundation

/// A problem that stops a run before any analysis: the file as a whole cannot be used.
public enum InputError: Error, CustomStringConvertible, Equatable {
    case cannotRead(file: String, why: String)
    case cannotWrite(file: String, why: String)
    case syntax(file: String, line: Int, column: Int, why: String)
    case unknownCRS(file: String, crs: String, why: String)
    case unsupportedDatum(file: String, crs: String, datum: String)
    case invalidArgument(String)
    /// A line of a text format (坐标文件, corner-point CSV) that cannot be read.
    case malformedLine(file: String, line: Int, why: String)

    public var description: String {
        switch self {
        case let .cannotRead(file, why): return "\(file): cannot read: \(why)"
        case let .cannotWrite(file, why): return "\(file): cannot write: \(why)"
        case let .syntax(file, line, column, why): return "\(file):\(line):\(column): invalid JSON: \(why)"
        case let .unknownCRS(file, crs, why): return "\(file): unknown CRS \(crs): \(why)"
        case let .unsupportedDatum(file, crs, datum):
            return "\(file): \(crs) is on the \(datum) datum; there is no exact public transformation to CGCS2000, so this tool will not guess one: give your 7 parameters with --towgs84 dx,dy,dz,rx,ry,rz,ds, or your own PROJ pipeline to CGCS2000 lon/lat with --pipeline '+proj=pipeline +step …' (or convert the data first)"
        case let .invalidArgument(why): return why
        case let .malformedLine(file, line, why): return "\(file):\(line): \(why)"
        }
    }
}

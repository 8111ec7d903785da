import CPROJ
import MineScreenGeometry

/// A PROJ failure with PROJ's own message.
public struct PROJError: Error, CustomStringConvertible {
    public var operation: String
    public var message: String
    public var description: String { "PROJ \(operation) failed: \(message)" }

    public init(operation: String, message: String) { self.operation = operation; self.message = message }
}

/// One PROJ context. Like GEOS's, it belongs to one thread; objects made in it stay with it.
public final class PROJContext {
    let raw: OpaquePointer

    public init() {
        guard let raw = proj_context_create() else { fatalError("proj_context_create returned NULL: out of memory") }
        self.raw = raw
        // Messages come back through errno/errno_string; PROJ's own stderr logging would mix into ours.
        proj_log_level(raw, PJ_LOG_NONE)
    }

    deinit {
        proj_context_destroy(raw)
    }

    func failure(_ operation: String) -> PROJError {
        let code = proj_context_errno(raw)
        let message = proj_context_errno_string(raw, code).map { String(cString: $0) } ?? "error \(code)"
        return PROJError(operation: operation, message: message)
    }

    public static var version: String {
        "\(PROJ_VERSION_MAJOR).\(PROJ_VERSION_MINOR).\(PROJ_VERSION_PATCH)"
    }
}

/// A CRS definition as PROJ knows it; made to check a CRS exists and to learn its kind.
public final class PROJCRS {
    let raw: OpaquePointer
    let context: PROJContext
    public let identifier: CRSIdentifier

    public init(_ identifier: CRSIdentifier, in context: PROJContext) throws {
        guard let raw = proj_create(context.raw, identifier.projDefinition) else {
            throw context.failure("create CRS \(identifier)")
        }
        self.raw = raw
        self.context = context
        self.identifier = identifier
        let type = proj_get_type(raw)
        let crsTypes: [PJ_TYPE] = [PJ_TYPE_GEOGRAPHIC_2D_CRS, PJ_TYPE_GEOGRAPHIC_3D_CRS, PJ_TYPE_PROJECTED_CRS,
                                   PJ_TYPE_GEOCENTRIC_CRS, PJ_TYPE_COMPOUND_CRS, PJ_TYPE_GEOGRAPHIC_CRS, PJ_TYPE_BOUND_CRS]
        guard crsTypes.contains(type) else {
            throw PROJError(operation: "create CRS \(identifier)", message: "not a coordinate reference system")
        }
    }

    deinit {
        proj_destroy(raw)
    }

    public var name: String { proj_get_name(raw).map { String(cString: $0) } ?? identifier.description }

    /// Semi-major axis and inverse flattening of the CRS's ellipsoid, and its datum's name.
    public func ellipsoid() throws -> (semiMajorAxis: Double, inverseFlattening: Double, datum: String) {
        guard let geodetic = proj_crs_get_geodetic_crs(context.raw, raw) else { throw context.failure("geodetic CRS of \(identifier)") }
        defer { proj_destroy(geodetic) }
        guard let ellipsoid = proj_get_ellipsoid(context.raw, geodetic) else { throw context.failure("ellipsoid of \(identifier)") }
        defer { proj_destroy(ellipsoid) }
        var a = 0.0, b = 0.0, inverseFlattening = 0.0
        var computed: Int32 = 0
        guard proj_ellipsoid_get_parameters(context.raw, ellipsoid, &a, &b, &computed, &inverseFlattening) == 1 else {
            throw context.failure("ellipsoid parameters of \(identifier)")
        }
        var datum = proj_get_name(geodetic).map { String(cString: $0) } ?? "?"
        if let d = proj_crs_get_datum(context.raw, geodetic) {
            datum = proj_get_name(d).map { String(cString: $0) } ?? datum
            proj_destroy(d)
        }
        return (a, inverseFlattening, datum)
    }

    /// The CRS as a PROJ string, when PROJ can express it as one.
    public var projString: String? {
        proj_as_proj_string(context.raw, raw, PJ_PROJ_4, nil).map { String(cString: $0) }
    }

    public var isGeographic: Bool {
        var type = proj_get_type(raw)
        // A bound CRS (a CRS with +towgs84 attached) is geographic when the CRS it binds is.
        if type == PJ_TYPE_BOUND_CRS, let source = proj_get_source_crs(context.raw, raw) {
            type = proj_get_type(source)
            proj_destroy(source)
        }
        return type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS
    }
}

import MineScreenSupport
import MineScreenNative
import MineScreenGeometry
/// The area a block declares (its planned or surveyed figure), read from the properties survey files and
/// GIS exports carry it in, and where a written 坐标文件's 面积 comes from when there is none.
public enum DeclaredArea {
    /// Property names holding a declared area, with their units, in the order they are looked for.
    public static let fields: [(name: String, unit: AreaUnit)] = [
        ("地块面积", .ha), ("area_ha", .ha), ("declared_ha", .ha), ("declared_km2", .km2), ("declared_m2", .m2),
    ]

    /// Square metres and the property it came from; a number or a number written as text ("12.5", as GIS
    /// exports often store it). A blank, non-numeric or non-finite value is no declared area.
    public static func squareMetres(_ properties: [(key: String, value: JSONValue)]) -> (value: Double, field: String, unit: AreaUnit)? {
        for (name, unit) in fields {
            guard let value = properties.first(where: { $0.key == name })?.value else { continue }
            let number = value.numberValue ?? value.stringValue.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            if let number, number.isFinite { return (number * unit.squareMetres, name, unit) }
        }
        return nil
    }
}

extension ExportBlock {
    /// 面积 as a 坐标文件 writes it, in hectares, and what it is: the declared figure when the block has one,
    /// else the ellipsoidal area on the CGCS2000 ellipsoid (`ellipsoidalArea`), else the zone-plane area.
    public var surveyArea: (hectares: Double, source: String) {
        if let declared = DeclaredArea.squareMetres(properties) {
            return (declared.value / 1e4, "declared (\(declared.field), \(declared.unit.symbol))")
        }
        if let ellipsoidalArea { return (ellipsoidalArea / 1e4, "computed: ellipsoidal area on the CGCS2000 ellipsoid") }
        return (planarArea(polygons) / 1e4, "computed: Gauss-Krüger plane area")
    }
}

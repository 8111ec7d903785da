import MineScreenIO
/// Display names shown beside block ids in reports (`--name-field`, or the service's `name-field=`).
public enum BlockNames {
    /// Feature index → name. A field no feature has is an error naming `option`, as for an id field: names would
    /// silently be blank. Without a field, 坐标文件 blocks show their 地块名称; other files have no names.
    public static func of(_ layer: LoadedLayer, nameField: String?, option: String = "--name-field") throws -> [Int: String] {
        if let nameField {
            try NamedField.require(nameField, option: option, file: layer.path, features: layer.features.map(\.feature))
        }
        let surveyName = SurveyProperty.name
        guard let nameField = nameField ?? (layer.features.contains { $0.feature.property(surveyName) != nil } ? surveyName : nil) else {
            return [:]
        }
        var names: [Int: String] = [:]
        for f in layer.features { names[f.feature.index] = f.feature.property(nameField)?.labelText ?? "" }
        return names
    }
}

import MineScreenGeometry
import MineScreenSupport
/// Options that name a property (`--id-field`, `--layer-id-field`, a rules file's `id_field`,
/// `--declared-field`, `--group-by`) silently change the results when no feature has that property:
/// ids fall back to the index, declared figures vanish, every feature lands in one group. A name that no
/// feature of a file has is therefore an error (exit 2) naming the option, the field and the file, with
/// a few of the fields the file does have so that a typo is easy to see.
public enum NamedField {
    /// How many of the file's field names the message lists before "…".
    static let listedFields = 8

    /// Throws unless some feature has `field` (with any value, null included: the field then exists). `field` must
    /// be the id field the features were read with: `Feature.hasIdField` stands for it once its property is dropped.
    /// A file without features passes: there is nothing to name ids of (it is warned about as empty).
    public static func require(_ field: String, option: String, file: String, features: [Feature]) throws {
        guard !features.isEmpty, !features.contains(where: { $0.hasIdField || $0.property(field) != nil }) else { return }
        var names: [String] = []
        var seen = Set<String>()
        for feature in features {
            for (key, _) in feature.properties where seen.insert(key).inserted { names.append(key) }
            if names.count > listedFields { break }
        }
        let listed = names.prefix(listedFields).joined(separator: ", ") + (names.count > listedFields ? ", …" : "")
        let fields = names.isEmpty ? "it has no fields" : "its fields: \(listed)"
        throw InputError.invalidArgument("\(file): \(option) names the field \(field), which no feature has (\(fields))")
    }
}

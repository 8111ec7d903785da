import Foundation

/// A recorded argument or input path with the `password=***` a report shows in place of a password removed (and
/// `user:***@` of a URI made `user@`): verify connects with it, so libpq takes the password from `PGPASSWORD` or
/// `~/.pgpass` instead of trying `***`. Anything without `PG:` is returned unchanged.
func withoutHiddenPassword(_ argument: String) -> String {
    guard argument.contains("PG:") else { return argument }
    return argument
        .replacingOccurrences(of: #"\s*\bpassword\s*=\s*\*\*\*(?=\s|$)"#, with: "", options: .regularExpression)
        .replacingOccurrences(of: #":\*\*\*@"#, with: "@", options: .regularExpression)
}

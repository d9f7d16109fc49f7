/// A malformed or unsupported LDAP filter: where and why.
///
/// `column` is 1-based and counts UTF-8 bytes of the filter text, like
/// `SourceLocation.column`; callers that read the filter from a file add the
/// file and line.
public struct LDAPFilterError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 1-based column (in UTF-8 bytes) within the filter text.
    public var column: Int
    /// What is wrong, for a person.
    public var message: String

    public init(column: Int, message: String) {
        self.column = column
        self.message = message
    }

    public var description: String { "column \(column): \(message)" }
}

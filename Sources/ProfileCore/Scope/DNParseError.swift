/// Why a distinguished name could not be parsed, and where.
///
/// `column` is 1-based and counts UTF-8 bytes of the DN text, like
/// `SourceLocation.column`; callers that know the file and line add them.
public struct DNParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 1-based column (in UTF-8 bytes) within the DN text.
    public var column: Int
    /// What is wrong, for a person.
    public var message: String

    public init(column: Int, message: String) {
        self.column = column
        self.message = message
    }

    public var description: String { "column \(column): \(message)" }
}

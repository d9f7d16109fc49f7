/// Why an expression could not be parsed: where (the 1-based column in the
/// expression text, counted in characters) and what, in plain words. Callers
/// that know the configuration file prefix their own `file:line`.
public struct ExpressionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 1-based character column in the expression text.
    public var column: Int
    /// A plain-language message, e.g. "unknown function 'Foo'".
    public var message: String

    public init(column: Int, message: String) {
        self.column = column
        self.message = message
    }

    public var description: String { "column \(column): \(message)" }
}

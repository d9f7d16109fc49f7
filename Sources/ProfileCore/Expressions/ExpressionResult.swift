/// What one evaluation produced: the value, and any runtime problems (which
/// turned the affected value into null rather than stopping the run).
public struct ExpressionResult: Sendable, Hashable {
    public var value: ExpressionValue
    /// One line per runtime problem, e.g. "CNum at column 1: 'abc' is not a number".
    public var warnings: [String]

    public init(value: ExpressionValue, warnings: [String] = []) {
        self.value = value
        self.warnings = warnings
    }

    /// The textual values for a profile property: null gives none, a list
    /// gives each non-null element's string form, anything else one string.
    public var strings: [String] {
        value.flattened.compactMap(\.stringForm)
    }
}

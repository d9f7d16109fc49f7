/// An exclusion rule that cannot be evaluated: which one, and why.
public struct ExclusionRuleError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The rule's 0-based position in its set.
    public var index: Int
    /// The rule's attribute as written.
    public var attribute: String
    public var message: String

    public init(index: Int, attribute: String, message: String) {
        self.index = index
        self.attribute = attribute
        self.message = message
    }

    public var description: String { "rule \(index + 1) (\(attribute)): \(message)" }
}

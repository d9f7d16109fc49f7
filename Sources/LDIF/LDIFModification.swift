/// The operation of one `mod-spec` in a `changetype: modify` record.
public enum LDIFModificationOperation: String, Sendable {
    case add, delete, replace, increment
}

/// One `mod-spec` of a `changetype: modify` record: operation, attribute and values.
public struct LDIFModification: Hashable, Sendable {
    /// What to do with the attribute.
    public var operation: LDIFModificationOperation
    /// The attribute description as written after the operation keyword.
    public var attribute: String
    /// The values listed before the `-` separator (may be empty: delete all, replace with nothing).
    public var values: [LDIFValue]

    /// Creates a modification.
    public init(operation: LDIFModificationOperation, attribute: String, values: [LDIFValue] = []) {
        self.operation = operation
        self.attribute = attribute
        self.values = values
    }
}

/// A CSV row typed by a BDC entity.
public struct TypedRow: Sendable {
    /// The line the row starts on.
    public var line: Int
    /// One value per entity field, in entity field order.
    public var values: [TypedValue]
    /// The identifier values, in identifier order (a composite key has several).
    public var identity: [TypedValue]

    public init(line: Int, values: [TypedValue], identity: [TypedValue]) {
        self.line = line
        self.values = values
        self.identity = identity
    }
}

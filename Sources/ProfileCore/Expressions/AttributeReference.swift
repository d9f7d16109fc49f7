/// An attribute an expression reads: `[contoso.mail]` names the connection,
/// `[mail]` leaves it to the engine (the entry being mapped).
public struct AttributeReference: Sendable, Hashable, CustomStringConvertible {
    /// The connection name before the first `.`, or nil for `[attr]`.
    public var connection: String?
    /// The attribute name; may contain `-`, `;`, digits and further dots.
    public var attribute: String

    public init(connection: String? = nil, attribute: String) {
        self.connection = connection
        self.attribute = attribute
    }

    public var description: String {
        if let connection { return "[\(connection).\(attribute)]" }
        return "[\(attribute)]"
    }
}

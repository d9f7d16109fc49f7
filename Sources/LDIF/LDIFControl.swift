/// A `control:` line of a change record (RFC 2849 `control-spec`).
public struct LDIFControl: Hashable, Sendable {
    /// The control type, a numeric OID.
    public var oid: String
    /// Whether the server must refuse the operation if it does not support the control.
    public var criticality: Bool
    /// The control value, when one was given.
    public var value: LDIFValue?

    /// Creates a control.
    public init(oid: String, criticality: Bool = false, value: LDIFValue? = nil) {
        self.oid = oid
        self.criticality = criticality
        self.value = value
    }
}

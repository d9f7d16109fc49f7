/// How a business-data connection's entity instances attach to profiles
/// (SharePoint's BDC property mapping).
public struct JoinRule: Sendable, Hashable {
    /// How many entity instances one profile joins.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// 1:1 — the profile property equals the entity identifier.
        case one
        /// 1:many — every instance whose filter field equals the profile property;
        /// the mapped properties become multi-valued.
        case many
    }

    /// The profile property whose value is matched (`EmployeeId`, `AccountName`).
    public var property: String
    /// For 1:1, the entity identifier it is matched to.
    public var identifier: String?
    /// For 1:many, the entity field (a `Comparison` filter) it is matched to.
    public var filter: String?
    public var mode: Mode

    public init(property: String, identifier: String? = nil, filter: String? = nil, mode: Mode = .one) {
        self.property = property
        self.identifier = identifier
        self.filter = filter
        self.mode = mode
    }
}

/// One property's change inside an `update` or `add`.
public struct PropertyChange: Sendable, Hashable, Codable {
    public var name: String
    /// Old values (empty when the property had none).
    public var old: [String]
    /// New values (empty when the property lost its value).
    public var new: [String]
    public var source: String

    public init(name: String, old: [String], new: [String], source: String) {
        self.name = name
        self.old = old
        self.new = new
        self.source = source
    }
}

/// What a run changed, one entry per affected object (DESIGN §5.2 `changes`).
///
/// The cases are exactly the report's `kind` values.
public enum ProfileChange: Sendable, Hashable {
    case add(ProfileRef, properties: [PropertyChange])
    case update(ProfileRef, properties: [PropertyChange])
    case markForDeletion(ProfileRef)
    case exclude(ProfileRef, reason: ExclusionReason)
    case move(ProfileRef, oldDn: String, newDn: String)
    case restore(ProfileRef)
    case membership(group: String, added: [String], removed: [String])

    /// The report's `kind` string.
    public var kind: String {
        switch self {
        case .add: "add"
        case .update: "update"
        case .markForDeletion: "markForDeletion"
        case .exclude: "exclude"
        case .move: "move"
        case .restore: "restore"
        case .membership: "membership"
        }
    }

    /// The profile the change is about (nil for group memberships).
    public var profile: ProfileRef? {
        switch self {
        case .add(let ref, _), .update(let ref, _), .markForDeletion(let ref), .exclude(let ref, _),
            .move(let ref, _, _), .restore(let ref):
            ref
        case .membership: nil
        }
    }
}

/// How a change names its profile.
public struct ProfileRef: Sendable, Hashable, Codable {
    public var connection: String
    public var anchor: String
    public var account: String
    public var dn: String

    public init(connection: String, anchor: String, account: String, dn: String) {
        self.connection = connection
        self.anchor = anchor
        self.account = account
        self.dn = dn
    }
}

/// Where a profile stands in the store (DESIGN §4.1).
public enum ProfileState: String, Sendable, Hashable, Codable {
    case active
    /// Absent from a full export, deleted or tombstoned in a delta
    /// (SharePoint's "Profiles Missing from Import").
    case markedForDeletion
    /// Present but filtered out; `Profile.reason` says why.
    case excluded
}

/// Why a directory user is not imported (DESIGN §3).
public enum ExclusionReason: String, Sendable, Hashable, Codable {
    /// `excludeDisabled` and userAccountControl has ACCOUNTDISABLE (0x2).
    case disabled
    /// Matched the connection's exclusion rules.
    case filtered
    /// Failed the connection's LDAP `filter`, or moved outside its `containers`.
    case scope
}

/// One profile property value set and where it came from.
public struct ProfileProperty: Sendable, Hashable, Codable {
    public var name: String
    public var values: [String]
    /// `connection.attribute`, `expression`, or `connection.attribute` of the
    /// ranked source that supplied the value.
    public var source: String
    /// The run that last set these values (provenance for `show`); not part of the digest.
    public var run: Int

    public init(name: String, values: [String], source: String, run: Int = 0) {
        self.name = name
        self.values = values
        self.source = source
        self.run = run
    }
}

/// Identifies a profile: the connection that owns it and its anchor.
public struct ProfileKey: Sendable, Hashable, Codable, Comparable {
    public var connection: String
    public var anchor: String

    public init(connection: String, anchor: String) {
        self.connection = connection
        self.anchor = anchor
    }

    public static func < (lhs: ProfileKey, rhs: ProfileKey) -> Bool {
        (lhs.connection, lhs.anchor) < (rhs.connection, rhs.anchor)
    }
}

/// A user profile as a run computes it and the store keeps it.
public struct Profile: Sendable, Hashable {
    public var key: ProfileKey
    /// `DOMAIN\sAMAccountName` (or the sAMAccountName alone without a domain).
    public var account: String
    public var dn: String
    public var state: ProfileState
    public var reason: ExclusionReason?
    /// Property values in configuration order; properties without a value are absent.
    public var properties: PropertyList

    public init(
        key: ProfileKey, account: String, dn: String, state: ProfileState = .active,
        reason: ExclusionReason? = nil, properties: [ProfileProperty]
    ) {
        self.init(key: key, account: account, dn: dn, state: state, reason: reason, properties: PropertyList(properties))
    }

    public init(
        key: ProfileKey, account: String, dn: String, state: ProfileState = .active,
        reason: ExclusionReason? = nil, properties: PropertyList
    ) {
        self.key = key
        self.account = account
        self.dn = dn
        self.state = state
        self.reason = reason
        self.properties = properties
    }

    public func property(_ name: String) -> ProfileProperty? {
        let wanted = name.lowercased()
        return properties.first { $0.name.lowercased() == wanted }
    }
}

/// What the store knew about a profile before this run.
public struct PriorProfile: Sendable {
    public var key: ProfileKey
    public var account: String
    public var dn: String
    public var state: ProfileState
    public var reason: ExclusionReason?
    public var digest: UInt64

    public init(
        key: ProfileKey, account: String, dn: String, state: ProfileState, reason: ExclusionReason?,
        digest: UInt64
    ) {
        self.key = key
        self.account = account
        self.dn = dn
        self.state = state
        self.reason = reason
        self.digest = digest
    }
}

/// What the store knew about a group before this run.
public struct PriorGroup: Sendable {
    public var key: ProfileKey
    public var dn: String
    /// Member keys (`connection/anchor` for resolved members, `dn:<dn>` otherwise).
    public var members: [String]
    public var digest: UInt64

    public init(key: ProfileKey, dn: String, members: [String], digest: UInt64) {
        self.key = key
        self.dn = dn
        self.members = members
        self.digest = digest
    }
}

/// The store's state as a run starts: enough to diff cheaply, with the
/// expensive parts (old property values, source snapshots) loaded on demand.
public struct PriorState: Sendable {
    public var lastRunID: Int?
    /// `Configuration.scopeFingerprint` of the last committed run.
    public var fingerprint: String?
    /// Highest `uSNChanged` seen per directory connection.
    public var watermarks: [String: Int64]
    public var profiles: [ProfileKey: PriorProfile]
    public var groups: [ProfileKey: PriorGroup]
    /// Old property values of one profile (called only for profiles that changed).
    public var loadProperties: @Sendable (ProfileKey) throws -> [ProfileProperty]
    /// Every stored source snapshot of a connection (incremental runs patch them).
    public var loadSnapshots: @Sendable (_ connection: String) throws -> [(ProfileKey, [UInt8])]

    public init(
        lastRunID: Int?, fingerprint: String?, watermarks: [String: Int64],
        profiles: [ProfileKey: PriorProfile], groups: [ProfileKey: PriorGroup],
        loadProperties: @escaping @Sendable (ProfileKey) throws -> [ProfileProperty],
        loadSnapshots: @escaping @Sendable (String) throws -> [(ProfileKey, [UInt8])]
    ) {
        self.lastRunID = lastRunID
        self.fingerprint = fingerprint
        self.watermarks = watermarks
        self.profiles = profiles
        self.groups = groups
        self.loadProperties = loadProperties
        self.loadSnapshots = loadSnapshots
    }

    /// An empty store: the first run.
    public static let empty = PriorState(
        lastRunID: nil, fingerprint: nil, watermarks: [:], profiles: [:], groups: [:],
        loadProperties: { _ in [] }, loadSnapshots: { _ in [] })
}

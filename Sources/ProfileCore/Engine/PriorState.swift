/// What the store knew about a profile before this run.
public struct PriorProfile: Sendable {
    public var key: ProfileKey
    public var account: String
    public var dn: String
    public var state: ProfileState
    public var reason: ExclusionReason?
    public var digest: UInt64
    /// The digest of what its last build read (`ProfileBuilder.inputDigest`):
    /// a run that reads the same skips building it. Nil when none was
    /// recorded (a store from before, or a build that reported problems).
    public var inputs: UInt64?
    /// Its place among the prior state's profiles (`0..<profiles.count`),
    /// given by `PriorState`: a run ticks off the profiles it saw in a flat
    /// array by it, instead of hashing every key again into a set.
    public internal(set) var ordinal: Int = 0

    public init(
        key: ProfileKey, account: String, dn: String, state: ProfileState, reason: ExclusionReason?,
        digest: UInt64, inputs: UInt64? = nil
    ) {
        self.key = key
        self.account = account
        self.dn = dn
        self.state = state
        self.reason = reason
        self.digest = digest
        self.inputs = inputs
    }
}

/// Stored profiles in the order they were added, each numbered by its place
/// (`PriorProfile.ordinal`), with a map from key to that number.
///
/// A run looks up every candidate's stored profile and, for most of a
/// drifted export, needs only its digests and state. As a
/// `[ProfileKey: PriorProfile]` each look-up copied the profile out of the
/// map, and the run copied it again to take the built profile: its key,
/// account and DN retained and released each time, objects long out of
/// the cache (perf, one 1M next snapshot: about 360 of the build stage's
/// 4,209 samples). Here the map holds numbers and the profiles lie in one
/// array, read in place (`withUnsafeBufferPointer`); the map's slots are 36
/// bytes instead of 136 (1M next snapshot: 914 MB resident after loading
/// the prior state, against 1,023 MB).
public struct PriorProfiles: Sendable {
    /// Each stored key's place in `all`.
    private var ordinals: [ProfileKey: Int32]
    /// The profiles, `all[n].ordinal == n`.
    public private(set) var all: [PriorProfile]
    /// How many are active.
    public private(set) var activeCount = 0

    /// Sized once: growing a map of 100,000s of profiles rehashed it again
    /// and again (a third of loading the prior state).
    public init(minimumCapacity: Int = 0) {
        ordinals = Dictionary(minimumCapacity: minimumCapacity)
        all = []
        all.reserveCapacity(minimumCapacity)
    }

    /// Adds `profile` with the next ordinal. A key added again (never from
    /// the store, where it is the primary key) replaces its profile and
    /// keeps its ordinal, so the numbering stays dense.
    public mutating func add(_ profile: PriorProfile) {
        var profile = profile
        let next = Int32(all.count)
        if let existing = ordinals.updateValue(next, forKey: profile.key) {
            ordinals[profile.key] = existing
            profile.ordinal = Int(existing)
            if all[Int(existing)].state == .active { activeCount -= 1 }
            if profile.state == .active { activeCount += 1 }
            all[Int(existing)] = profile
        } else {
            profile.ordinal = Int(next)
            if profile.state == .active { activeCount += 1 }
            all.append(profile)
        }
    }

    /// How many profiles the store holds.
    public var count: Int { all.count }

    /// Every stored key (in no particular order).
    public var keys: Dictionary<ProfileKey, Int32>.Keys { ordinals.keys }

    /// The stored profile with `key` (a copy).
    public subscript(key: ProfileKey) -> PriorProfile? {
        ordinals[key].map { all[Int($0)] }
    }

    /// The ordinal of the stored profile with `key`, without copying it.
    public func ordinal(of key: ProfileKey) -> Int? {
        ordinals[key].map(Int.init)
    }

    /// Calls `body` with the profiles in ordinal order, to be read in place.
    public func withUnsafeBufferPointer<Result, Failure: Error>(
        _ body: (UnsafeBufferPointer<PriorProfile>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try all.withUnsafeBufferPointer(body)
    }
}

/// What the store knew about a group before this run.
public struct PriorGroup: Sendable {
    public var key: ProfileKey
    public var dn: String
    /// Member keys (`connection/anchor` for resolved members, `dn:<dn>` otherwise).
    public var members: MemberKeyList
    public var digest: UInt64

    public init(key: ProfileKey, dn: String, members: MemberKeyList, digest: UInt64) {
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
    /// Stored profiles by key; `ordinal`s number them `0..<profiles.count`.
    public private(set) var profiles: PriorProfiles
    /// How many stored profiles are active (the deletion threshold's base).
    public private(set) var activeProfiles: Int
    public var groups: [ProfileKey: PriorGroup]
    /// Old property values of one profile (called only for profiles that
    /// changed); empty when the store has no such profile.
    public var loadProperties: @Sendable (ProfileKey) throws -> PropertyList
    /// The stored source snapshots of a connection's directory as the last
    /// run left it (incremental runs patch them): its groups, and its
    /// profiles except those marked for deletion, which left the directory.
    /// Profiles then groups, each in anchor order.
    public var loadSnapshots: @Sendable (_ connection: String) throws -> [(ProfileKey, [UInt8])]

    public init(
        lastRunID: Int?, fingerprint: String?, watermarks: [String: Int64],
        profiles: PriorProfiles, groups: [ProfileKey: PriorGroup],
        loadProperties: @escaping @Sendable (ProfileKey) throws -> PropertyList,
        loadSnapshots: @escaping @Sendable (String) throws -> [(ProfileKey, [UInt8])]
    ) {
        self.lastRunID = lastRunID
        self.fingerprint = fingerprint
        self.watermarks = watermarks
        self.profiles = profiles
        self.activeProfiles = profiles.activeCount
        self.groups = groups
        self.loadProperties = loadProperties
        self.loadSnapshots = loadSnapshots
    }

    /// An empty store: the first run.
    public static let empty = PriorState(
        lastRunID: nil, fingerprint: nil, watermarks: [:], profiles: PriorProfiles(), groups: [:],
        loadProperties: { _ in PropertyList() }, loadSnapshots: { _ in [] })
}

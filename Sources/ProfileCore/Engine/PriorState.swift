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
/// 4,209 samples). Here the profiles lie in one array, read in place
/// (`withUnsafeBufferPointer`), and the map is a table of numbers
/// (`slots`), as `DNTable`'s: a `[ProfileKey: Int32]` hashed each key's
/// 40-odd bytes with SipHash and kept its keys apart from the profiles, so
/// that a look-up read the map's bitmap, its key and the key's anchor at
/// three random places before the profile itself (perf, a 1M next
/// snapshot: 380 of the build's 1,570 samples on both cores).
public struct PriorProfiles: Sendable {
    /// Open addressing with linear probing, a power of two at least twice
    /// `all.count`: 0 for an empty slot, else the profile's ordinal + 1 in
    /// the low 32 bits and its key's hash's high 32 bits above them. Only
    /// a profile whose bits match is compared by its key.
    private var slots: [UInt64]
    /// The profiles, `all[n].ordinal == n`.
    public private(set) var all: [PriorProfile]
    /// How many are active.
    public private(set) var activeCount = 0

    /// Sized once: growing the map of 100,000s of profiles placed them all
    /// again at each doubling (a third of loading the prior state).
    public init(minimumCapacity: Int = 0) {
        slots = Array(repeating: 0, count: Self.slotCount(for: minimumCapacity))
        all = []
        all.reserveCapacity(minimumCapacity)
    }

    /// Adds `profile` with the next ordinal. A key added again (never from
    /// the store, where it is the primary key) replaces its profile and
    /// keeps its ordinal, so the numbering stays dense.
    public mutating func add(_ profile: PriorProfile) {
        var profile = profile
        let found = find(profile.key)
        if let existing = found.ordinal {
            profile.ordinal = existing
            if all[existing].state == .active { activeCount -= 1 }
            if profile.state == .active { activeCount += 1 }
            all[existing] = profile
            return
        }
        profile.ordinal = all.count
        if profile.state == .active { activeCount += 1 }
        all.append(profile)
        if all.count * 2 > slots.count {
            place(inSlots: Self.slotCount(for: all.count))
        } else {
            slots[found.slot] = Self.slot(ordinal: profile.ordinal, hash: found.hash)
        }
    }

    /// How many profiles the store holds.
    public var count: Int { all.count }

    /// Every stored key, in ordinal order.
    public var keys: [ProfileKey] { all.map(\.key) }

    /// The stored profile with `key` (a copy).
    public subscript(key: ProfileKey) -> PriorProfile? {
        find(key).ordinal.map { all[$0] }
    }

    /// The ordinal of the stored profile with `key`, without copying it.
    public func ordinal(of key: ProfileKey) -> Int? {
        find(key).ordinal
    }

    /// The ordinal of `key`'s profile, or the empty slot it would take, with its hash.
    private func find(_ key: ProfileKey) -> (ordinal: Int?, slot: Int, hash: UInt64) {
        let hash = Self.hash(key)
        let mask = slots.count - 1
        let tag = hash >> 32
        var slot = Int(truncatingIfNeeded: hash) & mask
        return all.withUnsafeBufferPointer { all in
            while true {
                let entry = slots[slot]
                if entry == 0 { return (nil, slot, hash) }
                let ordinal = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                // Compared in place: a copy of the stored key retained both its strings.
                if entry >> 32 == tag, all[ordinal].key.anchor == key.anchor,
                    all[ordinal].key.connection == key.connection
                {
                    return (ordinal, slot, hash)
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// The key's connection and anchor hashed a word at a time (`ContentDigest`).
    @inline(__always)
    private static func hash(_ key: ProfileKey) -> UInt64 {
        var digest = ContentDigest()
        digest.add(key.connection)
        digest.add(key.anchor)
        return digest.value
    }

    @inline(__always)
    private static func slot(ordinal: Int, hash: UInt64) -> UInt64 {
        (hash >> 32) << 32 | UInt64(ordinal + 1)
    }

    /// The smallest power of two, at least 16, that holds `count` profiles at most half full.
    private static func slotCount(for count: Int) -> Int {
        var capacity = 16
        while capacity < count * 2 { capacity <<= 1 }
        return capacity
    }

    /// Places every profile in `capacity` new slots (a power of two).
    private mutating func place(inSlots capacity: Int) {
        slots = Array(repeating: 0, count: capacity)
        let mask = capacity - 1
        for ordinal in all.indices {
            let hash = Self.hash(all[ordinal].key)
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Self.slot(ordinal: ordinal, hash: hash)
        }
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
    public var loadSnapshots: @Sendable (_ connection: String) throws -> StoredSnapshots

    public init(
        lastRunID: Int?, fingerprint: String?, watermarks: [String: Int64],
        profiles: PriorProfiles, groups: [ProfileKey: PriorGroup],
        loadProperties: @escaping @Sendable (ProfileKey) throws -> PropertyList,
        loadSnapshots: @escaping @Sendable (String) throws -> StoredSnapshots
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
        loadProperties: { _ in PropertyList() }, loadSnapshots: { _ in StoredSnapshots([]) })
}

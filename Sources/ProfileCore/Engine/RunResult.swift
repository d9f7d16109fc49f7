import Diagnostics

/// A profile to insert or replace in the store.
public struct ProfileWrite: Sendable {
    public var profile: Profile
    public var digest: UInt64
    /// The source entry's attributes as `SourceSnapshot` encodes them.
    public var snapshot: EntrySnapshot
    /// The store holds this profile with the same account, DN, state and
    /// reason: only its content (properties, snapshot, digest) changes. The
    /// store then rewrites just the row, not the entries of the account, DN
    /// and state indexes, which a drifted run otherwise deletes and inserts
    /// again at random places for every changed profile.
    public var contentOnly: Bool
    /// The digest of what built it (`PriorProfile.inputs`); nil when its
    /// build reported problems, which every run then reports again.
    public var inputs: UInt64?
    /// Where the run's `changes` report this new profile's `add`, when that
    /// add is `PropertyChanges(adding:)` of this profile's own properties,
    /// account and DN. The store then keeps the add as the profile's row
    /// rather than a change row of its own, until the row is rewritten or
    /// deleted (`StoreSchema.keptAdds`). Nil for any other write.
    public var addedAt: Int? {
        get { addedAtPlace < 0 ? nil : Int(addedAtPlace) }
        set { addedAtPlace = newValue.flatMap { Int32(exactly: $0) } ?? -1 }
    }
    /// `addedAt` in four bytes the write's layout leaves free (an `Int?`
    /// made every write 16 bytes larger); -1 for none, and for a place past
    /// `Int32.max`, whose add the store then logs as any other.
    private var addedAtPlace: Int32 = -1

    public init(
        profile: Profile, digest: UInt64, snapshot: EntrySnapshot, contentOnly: Bool = false, inputs: UInt64? = nil,
        addedAt: Int? = nil
    ) {
        self.profile = profile
        self.digest = digest
        self.snapshot = snapshot
        self.contentOnly = contentOnly
        self.inputs = inputs
        self.addedAt = addedAt
    }

    public init(profile: Profile, digest: UInt64, snapshot: [UInt8]) {
        self.init(profile: profile, digest: digest, snapshot: EntrySnapshot(bytes: snapshot))
    }
}

/// A group to insert or replace in the store.
public struct GroupWrite: Sendable {
    public var key: ProfileKey
    public var dn: String
    public var name: String
    public var members: [String]
    public var digest: UInt64
    public var snapshot: EntrySnapshot

    public init(key: ProfileKey, dn: String, name: String, members: [String], digest: UInt64, snapshot: EntrySnapshot) {
        self.key = key
        self.dn = dn
        self.name = name
        self.members = members
        self.digest = digest
        self.snapshot = snapshot
    }
}

/// A profile built exactly as stored from inputs that changed: only its
/// input digest is rewritten, not the run that last updated it.
public struct InputsUpdate: Sendable {
    public var key: ProfileKey
    public var inputs: UInt64?

    public init(key: ProfileKey, inputs: UInt64?) {
        self.key = key
        self.inputs = inputs
    }
}

/// A profile that only changes state.
public struct StateUpdate: Sendable {
    public var key: ProfileKey
    public var state: ProfileState
    public var reason: ExclusionReason?

    public init(key: ProfileKey, state: ProfileState, reason: ExclusionReason?) {
        self.key = key
        self.state = state
        self.reason = reason
    }
}

/// Everything a run computed; the store commits it in one transaction.
public struct RunResult: Sendable {
    public var record: RunRecord
    public var fingerprint: String
    public var watermarks: [String: Int64]
    public var changes: [ProfileChange]
    public var diagnostics: [Diagnostic]
    /// Profiles whose content, state or snapshot changed (unchanged ones are not rewritten).
    public var profileWrites: [ProfileWrite]
    public var groupWrites: [GroupWrite]
    /// Groups that vanished from a full export (their rows are removed).
    public var groupDeletes: [ProfileKey]
    /// Profiles whose state alone changes (marked for deletion): their values stay as stored.
    public var stateUpdates: [StateUpdate] = []
    /// Profiles whose input digest alone changes.
    public var inputsUpdates: [InputsUpdate] = []

    public init(
        record: RunRecord, fingerprint: String, watermarks: [String: Int64], changes: [ProfileChange],
        diagnostics: [Diagnostic], profileWrites: [ProfileWrite], groupWrites: [GroupWrite],
        groupDeletes: [ProfileKey]
    ) {
        self.record = record
        self.fingerprint = fingerprint
        self.watermarks = watermarks
        self.changes = changes
        self.diagnostics = diagnostics
        self.profileWrites = profileWrites
        self.groupWrites = groupWrites
        self.groupDeletes = groupDeletes
    }

    public var report: ChangeReport {
        ChangeReport(run: record, changes: changes, diagnostics: diagnostics)
    }
}

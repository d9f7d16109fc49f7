import ProfileCore

/// The formats `profilesync export` writes the store's profiles in.
public enum ProfileExportFormat: String, Sendable, CaseIterable {
    /// One JSON object per profile per line.
    case jsonl
    /// A header row, then one row per profile with a column per property.
    case csv
    /// One LDIF content record per profile.
    case ldif
}

/// Profiles as they stand in the store, ready to be written in an export format.
public struct ProfileExport: Sendable {
    /// The profiles, in the order they are written.
    public var profiles: [Profile]

    /// Creates an export of `profiles` in the order given.
    public init(profiles: [Profile]) {
        self.profiles = profiles
    }
}

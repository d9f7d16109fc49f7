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

/// Profiles in memory, written in an export format in one go (the store's
/// `export` streams through `ProfileExportWriter` instead).
public struct ProfileExport: Sendable {
    /// The profiles, in the order they are written.
    public var profiles: [Profile]

    /// Creates an export of `profiles` in the order given.
    public init(profiles: [Profile]) {
        self.profiles = profiles
    }

    /// The export in `format`, as the bytes to write to a file or stdout.
    public func render(_ format: ProfileExportFormat) -> [UInt8] {
        var names = ProfileExportWriter.PropertyNames()
        if format == .csv {
            for profile in profiles { names.collect(from: profile) }
        }
        var writer = ProfileExportWriter(format: format, propertyNames: names.names)
        for profile in profiles { writer.append(profile) }
        return writer.takeBytes()
    }
}

/// The text encoding a business-data connection declares for its CSV file
/// (`encoding:`); the raw values are the spellings the configuration accepts.
public enum ConfiguredEncoding: String, Sendable, Hashable, CaseIterable {
    /// A byte-order mark decides; without one, UTF-8.
    case auto
    case utf8 = "utf-8"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    /// Never detected: only used when the configuration says so.
    case windows1252 = "windows-1252"
}

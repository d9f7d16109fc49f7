import Diagnostics

/// How an `LDIFReader` treats errors, URL values and secrets.
public struct LDIFReaderOptions: Sendable {
    /// Lenient (skip bad records, collect diagnostics) or strict (throw the first error).
    public var policy: ErrorPolicy = .lenient
    /// Whether `attr:< file:` values may be read at all. An export must not make
    /// the tool read arbitrary local files, so this is off by default.
    public var allowFileURLs = false
    /// The folder that `:< file:` URLs must stay inside (after resolving `..` and
    /// symbolic links). Nil means the LDIF file's own folder for `init(path:)`
    /// and "no URL is allowed" for in-memory input.
    public var fileURLRoot: String?
    /// Keep password and credential attributes instead of dropping them. For
    /// conformance tests only: a profile store has no business holding secrets.
    public var keepSecrets = false
    /// The attributes to keep in content and `add` records, by base name
    /// (lowercased, options stripped: `member` keeps `member;range=0-1499`);
    /// nil keeps all. Others are checked exactly as if they were read — a
    /// bad value is still the same error on the same line — and then left
    /// out, decided once per spelling. For a caller that reads a few
    /// attributes of a large export: a sync maps about two dozen of an AD
    /// user's forty-odd, and need not decode its photo. `modify` records
    /// keep every attribute.
    public var attributeFilter: Set<String>?

    /// Creates options; every argument has the safe default.
    public init(
        policy: ErrorPolicy = .lenient, allowFileURLs: Bool = false, fileURLRoot: String? = nil,
        keepSecrets: Bool = false
    ) {
        self.policy = policy
        self.allowFileURLs = allowFileURLs
        self.fileURLRoot = fileURLRoot
        self.keepSecrets = keepSecrets
    }
}

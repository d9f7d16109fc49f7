/// What an `LDIFReader` has consumed so far.
public struct LDIFReadStatistics: Sendable, Hashable {
    /// Bytes read from the input.
    public var bytesRead = 0
    /// Physical lines seen.
    public var lines = 0
    /// Records returned by `next()`.
    public var records = 0
    /// Records skipped because of an error (lenient mode).
    public var skippedRecords = 0
    /// Secret attribute values dropped at the reader boundary.
    public var secretValuesDropped = 0
    /// The `version:` the file declared, nil when it had none.
    public var version: Int?

    /// Creates empty statistics.
    public init() {}
}

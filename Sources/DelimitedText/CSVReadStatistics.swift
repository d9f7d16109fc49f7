/// What a `CSVReader` has read so far.
public struct CSVReadStatistics: Sendable, Hashable {
    /// Bytes read from the file (before decoding), byte-order mark included.
    public var bytes: Int = 0
    /// Data rows returned (the header not included).
    public var rows: Int = 0
    /// Rows dropped because of an error (lenient mode).
    public var skipped: Int = 0
    /// Empty lines between records, which are not rows.
    public var blankLines: Int = 0

    /// Creates empty statistics.
    public init() {}
}

import Diagnostics

/// How a `CSVReader` reads a file.
public struct CSVReaderOptions: Sendable {
    /// The field delimiter, or `.auto` to detect it from the header line.
    public var delimiter: DelimiterChoice = .auto
    /// The encoding, or `.auto` for byte-order-mark sniffing, else UTF-8.
    public var encoding: TextEncoding = .auto
    /// Lenient: report bad rows and skip them. Strict: throw the first error.
    public var policy: ErrorPolicy = .lenient
    /// Whether the first record names the columns. Without a header no
    /// field-count check is made, since nothing says how many fields a row has.
    public var hasHeader = true
    /// How many bytes to read from the file at a time; memory stays bounded by
    /// this (plus the longest record), whatever the file size.
    public var chunkSize = 1 << 20

    /// Creates options; every argument has the documented default.
    public init(
        delimiter: DelimiterChoice = .auto, encoding: TextEncoding = .auto,
        policy: ErrorPolicy = .lenient, hasHeader: Bool = true, chunkSize: Int = 1 << 20
    ) {
        self.delimiter = delimiter
        self.encoding = encoding
        self.policy = policy
        self.hasHeader = hasHeader
        self.chunkSize = max(16, chunkSize)
    }
}

/// One data record of a delimited-text file.
public struct CSVRow: Sendable, Hashable {
    /// The 1-based physical line the record starts on (a quoted field with
    /// line breaks makes the next row start further down).
    public var line: Int
    /// The field values, quotes removed and doubled quotes undone.
    public var fields: [String]

    /// Creates a row starting on `line`.
    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

/// Where the attribute lines of a content or add record go once the reader
/// has checked the line, interned its name, dropped secrets and grouped
/// spellings that differ only in case.
///
/// `LDIFReader.next()` builds `LDIFAttribute`s; the summary counts without
/// building anything. Both see the same lines and throw the same errors
/// because the same loop drives them.
protocol AttributeSink {
    /// A value for the record's attribute number `slot` (0-based, in order of
    /// first appearance). `spelling` is the name-table entry of the line's name
    /// when the line starts that attribute, nil when it adds to one.
    mutating func add(
        _ line: SplitLine, slot: Int, spelling: Int?, names: AttributeNameTable, parser: LineParser
    ) throws(RecordFailure)
}

/// Builds the attributes of an `LDIFRecord`, values stored in the record's buffer.
struct RecordAttributes: AttributeSink {
    var attributes: [LDIFAttribute] = []
    let buffer: LDIFValueBuffer
    let allowURL: Bool
    let urlRoot: String?

    init(buffer: LDIFValueBuffer, allowURL: Bool, urlRoot: String?, capacity: Int) {
        self.buffer = buffer
        self.allowURL = allowURL
        self.urlRoot = urlRoot
        attributes.reserveCapacity(capacity)
    }

    mutating func add(
        _ line: SplitLine, slot: Int, spelling: Int?, names: AttributeNameTable, parser: LineParser
    ) throws(RecordFailure) {
        let value = try parser.value(line, allowURL: allowURL, root: urlRoot, into: buffer)
        if let spelling {
            attributes.append(
                LDIFAttribute(name: names.entries[spelling].name, baseName: names.entries[spelling].baseName, values: [value]))
        } else {
            attributes[slot].values.append(value)
        }
    }
}

/// Where the lines of a record go once the reader has checked them: the DN,
/// and for a content or add record each attribute value, after the name is
/// interned, secrets are dropped and spellings that differ only in case are
/// grouped.
///
/// `LDIFReader.next()` builds the record, `LDIFEntryStream` gathers the
/// values into runs, and the summary counts without keeping anything. All
/// three see the same lines and throw the same errors because the same loop
/// drives them.
///
/// The requirements return the failure instead of throwing it: a throwing
/// requirement is called through its witness even in specialized code,
/// never inlined, and these run once per line.
protocol RecordSink {
    /// The record's `dn:` line (not a URL: `value` refuses those for DNs).
    mutating func dn(_ line: SplitLine, parser: LineParser, buffer: LDIFValueBuffer) -> RecordFailure?

    /// A value for the record's attribute number `slot` (0-based, in order of
    /// first appearance). `spelling` is the name-table entry of the line's name
    /// when the line starts that attribute, nil when it adds to one.
    mutating func add(
        _ line: SplitLine, slot: Int, spelling: Int?, names: UnsafeBufferPointer<AttributeNameTable.Entry>, parser: LineParser
    ) -> RecordFailure?
}

/// A sink that keeps the record's DN, parsed into the record's value buffer.
protocol DNKeepingSink: RecordSink {
    var dn: LDIFValue { get set }
}

extension DNKeepingSink {
    mutating func dn(_ line: SplitLine, parser: LineParser, buffer: LDIFValueBuffer) -> RecordFailure? {
        caught { () throws(RecordFailure) in dn = try parser.value(line, allowURL: false, root: nil, into: buffer) }
    }
}

/// A sink that keeps the record's DN and values: both are parsed into the
/// record's value buffer the same way, whatever the sink makes of them.
protocol ValueKeepingSink: DNKeepingSink {
    var buffer: LDIFValueBuffer { get }
    var allowURL: Bool { get }
    var urlRoot: String? { get }

    /// Takes an attribute line's parsed value; `slot` and `spelling` as for `add`.
    mutating func keep(_ value: LDIFValue, slot: Int, spelling: Int?, names: UnsafeBufferPointer<AttributeNameTable.Entry>)
}

extension ValueKeepingSink {
    mutating func add(
        _ line: SplitLine, slot: Int, spelling: Int?, names: UnsafeBufferPointer<AttributeNameTable.Entry>, parser: LineParser
    ) -> RecordFailure? {
        do {
            keep(try parser.value(line, allowURL: allowURL, root: urlRoot, into: buffer), slot: slot, spelling: spelling, names: names)
            return nil
        } catch {
            return error
        }
    }
}

/// Builds the DN and attributes of an `LDIFRecord`, values stored in the record's buffer.
struct RecordBuilder: ValueKeepingSink {
    var dn = LDIFValue(bytes: [])
    private(set) var attributes: [LDIFAttribute] = []
    let buffer: LDIFValueBuffer
    let allowURL: Bool
    let urlRoot: String?

    init(buffer: LDIFValueBuffer, allowURL: Bool, urlRoot: String?, capacity: Int) {
        self.buffer = buffer
        self.allowURL = allowURL
        self.urlRoot = urlRoot
        attributes.reserveCapacity(capacity)
    }

    mutating func keep(_ value: LDIFValue, slot: Int, spelling: Int?, names: UnsafeBufferPointer<AttributeNameTable.Entry>) {
        if let spelling {
            attributes.append(
                LDIFAttribute(name: names[spelling].name, baseName: names[spelling].baseName, values: [value]))
        } else {
            attributes[slot].values.append(value)
        }
    }
}

/// The failure `body` throws, nil when it returns: how a sink reports
/// through a non-throwing requirement.
@inline(__always)
func caught(_ body: () throws(RecordFailure) -> Void) -> RecordFailure? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}

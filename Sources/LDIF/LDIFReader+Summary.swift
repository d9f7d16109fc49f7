/// Counting records without building them, for `inspect --summary`.
///
/// Content and add records (all of an export but its split groups) are
/// counted line by line: every line is checked as `next()` checks it (the
/// same loop, through a `RecordSink`), but a value is only decoded when it
/// is an objectClass, whose text the summary reports; the DN is only checked. Base64 is validated
/// without being decoded, plain text is not copied, nothing is allocated per
/// value. Other change records are built by the record path and counted
/// from the record: an export has few of them, and their checks are many.
extension LDIFReader {
    /// Reads the next record only to count it in `summary`; false at the end.
    ///
    /// Same outcome as `next()` followed by `summary.add(record)`: the same
    /// diagnostics at the same lines, statistics, secrets dropped, and the same
    /// error thrown in strict mode.
    public func summarizeNext(into summary: inout LDIFSummary) throws -> Bool {
        let counted = try nextParsed { () throws(RecordFailure) -> Bool? in
            // The tally's arrays move into the sink and back, so they are
            // allocated once per summary and never copied.
            var tally = AttributeTally()
            swap(&tally, &summary.tally)
            var sink = TallySink(tally: consume tally, buffer: values, allowURL: options.allowFileURLs, urlRoot: urlRoot)
            defer {
                // Drops the objectClass values too, so the reader can reuse its value buffer.
                sink.tally.removeAll()
                summary.tally = sink.tally
            }
            guard let parsed = try parseBlock(into: &sink) else { return nil }
            if let change = parsed.change {
                summary.countChange(change)
            } else {
                summary.add(sink.tally, isAdd: parsed.isAdd, names: &names)
            }
            return true
        }
        return counted != nil
    }
}

/// What one content or add record holds, per attribute in order of first
/// appearance: its first spelling and its number of values; and the
/// objectClass values.
struct AttributeTally: Sendable {
    struct Attribute {
        var spelling: Int
        var values: Int
        var isClass: Bool
    }

    var attributes: [Attribute] = []
    var classValues: [LDIFValue] = []

    mutating func removeAll() {
        attributes.removeAll(keepingCapacity: true)
        classValues.removeAll(keepingCapacity: true)
    }
}

/// Fills an `AttributeTally`: checks every value as `RecordBuilder` would
/// decode it, and decodes only objectClass values.
struct TallySink: RecordSink {
    var tally: AttributeTally
    let buffer: LDIFValueBuffer
    let allowURL: Bool
    let urlRoot: String?

    func dn(_ line: SplitLine, parser: LineParser, buffer: LDIFValueBuffer) -> RecordFailure? {
        caught { () throws(RecordFailure) in try parser.checkValue(line, allowURL: false, root: nil) }
    }

    mutating func add(
        _ line: SplitLine, slot: Int, spelling: Int?, names: UnsafeBufferPointer<AttributeNameTable.Entry>, parser: LineParser
    ) -> RecordFailure? {
        let isClass: Bool
        if let spelling {
            isClass = names[spelling].isObjectClass
            tally.attributes.append(AttributeTally.Attribute(spelling: spelling, values: 1, isClass: isClass))
        } else {
            isClass = tally.attributes[slot].isClass
            tally.attributes[slot].values += 1
        }
        if isClass {
            return caught { () throws(RecordFailure) in
                tally.classValues.append(try parser.value(line, allowURL: allowURL, root: urlRoot, into: buffer))
            }
        }
        return caught { () throws(RecordFailure) in try parser.checkValue(line, allowURL: allowURL, root: urlRoot) }
    }
}

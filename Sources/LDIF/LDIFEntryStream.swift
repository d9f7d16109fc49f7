/// `LDIFEntryMerger`'s records without building them: a content or add
/// record's values are handed over as `LDIFAttributeRuns`, other records
/// whole.
///
/// The sync engine reads 100,000s of entries and keeps none of the reader's
/// values: it copies each into its own entry. Building an `LDIFAttribute`
/// with an array of `LDIFValue`s for every attribute, only to take it apart
/// at once, was most of its reading time. The merging rules are the
/// merger's: a content or add record absorbs the following `changetype:
/// modify` records for the same DN whose mod-specs are all `add:` (ldifde's
/// split groups), and `range=` pieces merge into their attribute.
public final class LDIFEntryStream {
    /// What `next()` read.
    public enum Item {
        /// A content or `changetype: add` record (with any continuation
        /// records merged); its values are in `attributes` until the next call.
        case entry(line: Int, dn: LDIFValue, isAdd: Bool)
        /// Any other record, as `LDIFReader.next()` gives it.
        case change(LDIFRecord)
    }

    private let reader: LDIFReader
    private var pending: (line: Int, dn: LDIFValue, isAdd: Bool)?
    private var queued: LDIFRecord?
    // Three buffers, swapped rather than copied: the entry handed out, the
    // entry that may still absorb continuation records, and the record being read.
    public private(set) var attributes = LDIFAttributeRuns()
    private var pendingRuns = LDIFAttributeRuns()
    private var incoming = LDIFAttributeRuns()
    /// How many modify records were folded into the entry before them.
    public private(set) var mergedRecords = 0

    /// Wraps `reader`; read through the stream only from now on.
    public init(reader: LDIFReader) {
        self.reader = reader
    }

    /// The next entry or change record; nil at the end. Throws as `LDIFReader.next()` does.
    public func next() throws -> Item? {
        if let queued {
            self.queued = nil
            return .change(queued)
        }
        while let item = try reader.nextStreamed(into: &incoming) {
            switch item {
            case .change(let record):
                if let entry = pending, case .modify(let modifications) = record.body, record.controls.isEmpty,
                    LDIFEntryMerger.sameDN(entry.dn, record.dn), modifications.allSatisfy({ $0.operation == .add })
                {
                    for modification in modifications { merge(modification) }
                    mergedRecords += 1
                    continue
                }
                if let finished = takePending() {
                    queued = record
                    return finished
                }
                return item
            case .entry(let line, let dn, let isAdd):
                let finished = takePending()
                pending = (line, dn, isAdd)
                swap(&pendingRuns, &incoming)
                if let finished { return finished }
            }
        }
        return takePending()
    }

    /// Takes the values of the entry `next()` returned last, leaving `spare`
    /// in their place (its contents are discarded): another thread can build
    /// the entry while this one reads on.
    public func takeAttributes(leaving spare: LDIFAttributeRuns) -> LDIFAttributeRuns {
        var taken = spare
        swap(&taken, &attributes)
        return taken
    }

    private func takePending() -> Item? {
        guard let entry = pending else { return nil }
        pending = nil
        swap(&attributes, &pendingRuns)
        return .entry(line: entry.line, dn: entry.dn, isAdd: entry.isAdd)
    }

    /// As the merger does: the values join the attribute spelled the same up
    /// to case, or a new attribute at the end.
    private func merge(_ modification: LDIFModification) {
        let name = reader.nameEntry(of: modification.attribute)
        if let slot = pendingRuns.slot(ofGroup: name.group) {
            pendingRuns.beginRun(slot: slot)
        } else {
            pendingRuns.beginSlot(group: name.group, rangelessGroup: name.rangelessGroup, baseName: name.baseNameUTF8)
        }
        for value in modification.values {
            value.withUnsafeBufferPointer { pendingRuns.appendValue($0) }
        }
    }
}

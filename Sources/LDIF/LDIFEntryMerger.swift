/// Undoes ldifde's and ldapsearch's splitting of large entries, for the sync
/// engine: it wraps an `LDIFReader` and yields whole entries.
///
/// - ldifde writes a group with more than 1,500 members as an `add` (or
///   content) record followed by `changetype: modify` records for the same DN
///   whose mod-specs are all `add:`; their values are merged into the entry.
/// - Range retrieval writes `member;range=0-1499`, `member;range=1500-*`; the
///   values are merged into `member`.
///
/// Other records pass through unchanged, in order.
public final class LDIFEntryMerger {
    private let reader: LDIFReader
    private var pending: LDIFRecord?
    private var queued: LDIFRecord?
    /// How many modify records were folded into the entry before them.
    public private(set) var mergedRecords = 0

    /// Wraps `reader`; read through the merger only from now on.
    public init(reader: LDIFReader) {
        self.reader = reader
    }

    /// The underlying reader (diagnostics, statistics).
    public var underlyingReader: LDIFReader { reader }

    /// The next record with split groups and ranged attributes merged; nil at the end.
    public func next() throws -> LDIFRecord? {
        if let queued {
            self.queued = nil
            return queued
        }
        while let record = try reader.next() {
            if var entry = pending, case .modify(let modifications) = record.body, record.controls.isEmpty,
                Self.sameDN(entry.dn, record.dn), modifications.allSatisfy({ $0.operation == .add })
            {
                var attributes = entry.attributes ?? []
                for modification in modifications {
                    Self.append(modification.values, named: modification.attribute, to: &attributes)
                }
                entry.body = Self.replacing(attributes, in: entry.body)
                pending = entry
                mergedRecords += 1
                continue
            }
            let finished = pending.map(Self.mergingRanges)
            pending = nil
            if record.attributes != nil {
                pending = record
                if let finished { return finished }
            } else {
                if let finished {
                    queued = record
                    return finished
                }
                return record
            }
        }
        let finished = pending.map(Self.mergingRanges)
        pending = nil
        return finished
    }

    /// DNs compared ASCII case-insensitively: ldifde repeats the DN verbatim,
    /// but attribute types and hex in DNs are case-insensitive anyway.
    static func sameDN(_ lhs: LDIFValue, _ rhs: LDIFValue) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return lhs.withUnsafeBufferPointer { left in
            rhs.withUnsafeBufferPointer { right in
                for (a, b) in zip(left, right) where a != b {
                    let lowerA = a >= 0x41 && a <= 0x5A ? a | 0x20 : a
                    let lowerB = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
                    if lowerA != lowerB { return false }
                }
                return true
            }
        }
    }

    private static func replacing(_ attributes: [LDIFAttribute], in body: LDIFRecordBody) -> LDIFRecordBody {
        if case .add = body { return .add(attributes) }
        return .content(attributes)
    }

    /// Appends values to the attribute of that name (case-insensitive), or adds it.
    private static func append(_ values: [LDIFValue], named name: String, to attributes: inout [LDIFAttribute]) {
        let key = name.lowercased()
        if let index = attributes.firstIndex(where: { $0.name.lowercased() == key }) {
            attributes[index].values += values
        } else {
            attributes.append(LDIFAttribute(name: name, values: values))
        }
    }

    /// `type;range=low-high` → `type` (other options kept), values appended in order.
    private static func mergingRanges(_ record: LDIFRecord) -> LDIFRecord {
        guard let attributes = record.attributes,
            attributes.contains(where: { AttributeDescription.hasRangeOption($0.name) })
        else { return record }
        var merged: [LDIFAttribute] = []
        for attribute in attributes {
            append(attribute.values, named: AttributeDescription.removingRangeOptions(attribute.name), to: &merged)
        }
        var result = record
        result.body = replacing(merged, in: record.body)
        return result
    }
}

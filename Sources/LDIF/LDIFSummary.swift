#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `profilesync inspect --summary` counts in an LDIF file: records by
/// kind, objectClass values, and per attribute the records that have it and
/// its values, names in order of first appearance.
///
/// Fill it with `add(_:)` from records, or with `LDIFReader.summarizeNext(into:)`,
/// which counts the same things without building records. An attribute is
/// named by its first spelling in each record, as `LDIFRecord` names it;
/// secrets the reader dropped are not counted.
public struct LDIFSummary: Equatable, Sendable {
    /// A name and how often it was seen.
    public struct NameCount: Hashable, Sendable {
        /// The name as first seen.
        public var name: String
        /// How many times it was seen.
        public var count: Int
    }

    /// An attribute: how many records have it and how many values it has in all.
    public struct AttributeCount: Hashable, Sendable {
        /// The attribute description as first written (`cn;lang-ja` stays apart from `cn`).
        public var name: String
        /// Records that have the attribute.
        public var records: Int
        /// Its values over all those records.
        public var values: Int
    }

    /// Content records, including `changetype: add` records (an export's entries).
    public private(set) var content = 0
    /// Of `content`, the records written with `changetype: add`.
    public private(set) var changetypeAdd = 0
    /// Change records by changetype keyword (`delete`, `modify`, `modrdn`, `moddn`).
    public private(set) var changes: [String: Int] = [:]

    private var classNames: [String] = []
    private var classCounts: [Int] = []
    private var classIndex: [String: Int] = [:]
    private var attributeNames: [String] = []
    private var attributeCounts: [(records: Int, values: Int)] = []
    private var attributeIsClass: [Bool] = []
    private var attributeIndex: [String: Int] = [:]

    // Exports repeat one attribute layout and one objectClass list, so a guess
    // from the same position in the previous record usually saves the
    // dictionary lookup. The guesses are checked before use, so they never
    // change a count.
    private var slotByPosition: [(name: String, slot: Int)] = []
    private var classByPosition: [(bytes: [UInt8], slot: Int)] = []
    // Name-table entry → attribute slot + 1 (0 = not yet seen), for the
    // table held here: entry numbers mean nothing in another reader's table.
    private var slotByEntry: [Int] = []
    private var slotTable: AttributeNameTable.Identity?

    /// Scratch for `LDIFReader.summarizeNext(into:)`, kept here so its arrays
    /// are allocated once per summary, not once per record.
    var tally = AttributeTally()

    /// Creates an empty summary.
    public init() {}

    /// objectClass values (text, or base64 when not UTF-8) and how often each
    /// was seen, in order of first appearance.
    public var objectClasses: [NameCount] {
        zip(classNames, classCounts).map { NameCount(name: $0, count: $1) }
    }

    /// Attributes in order of first appearance.
    public var attributes: [AttributeCount] {
        zip(attributeNames, attributeCounts).map {
            AttributeCount(name: $0, records: $1.records, values: $1.values)
        }
    }

    /// Counts one record.
    public mutating func add(_ record: LDIFRecord) {
        guard let attributes = record.attributes else {
            countChange(record.body)
            return
        }
        content += 1
        if case .add = record.body { changetypeAdd += 1 }
        var classPosition = 0
        for (position, attribute) in attributes.enumerated() {
            let slot = slot(forName: attribute.name, at: position)
            attributeCounts[slot].records += 1
            attributeCounts[slot].values += attribute.values.count
            guard attributeIsClass[slot] else { continue }
            for value in attribute.values {
                countClass(value, at: classPosition)
                classPosition += 1
            }
        }
    }

    /// Adds `later`'s counts, as if its records followed this summary's:
    /// names it saw first keep their order after this one's.
    public mutating func append(_ later: LDIFSummary) {
        content += later.content
        changetypeAdd += later.changetypeAdd
        for (kind, count) in later.changes { changes[kind, default: 0] += count }
        for position in later.attributeNames.indices {
            let slot = slot(forName: later.attributeNames[position])
            attributeCounts[slot].records += later.attributeCounts[position].records
            attributeCounts[slot].values += later.attributeCounts[position].values
        }
        for position in later.classNames.indices {
            classCounts[classSlot(forName: later.classNames[position])] += later.classCounts[position]
        }
    }

    /// Counts a change record other than `add`.
    mutating func countChange(_ body: LDIFRecordBody) {
        changes[LDIFRecord.changeType(of: body) ?? "", default: 0] += 1
    }

    /// Counts a content or add record that `tally` counted line by line.
    /// (`names` is inout only so the table is not copied for the call.)
    mutating func add(_ tally: AttributeTally, isAdd: Bool, names: inout AttributeNameTable) {
        content += 1
        if isAdd { changetypeAdd += 1 }
        if slotTable !== names.identity {
            slotTable = names.identity
            slotByEntry.removeAll()
        }
        for attribute in tally.attributes where !knowsSlot(forEntry: attribute.spelling) {
            learnSlot(forEntry: attribute.spelling, names: names)
        }
        // One uniqueness check for the record, not two per attribute.
        let slotByEntry = self.slotByEntry
        attributeCounts.withUnsafeMutableBufferPointer { counts in
            for attribute in tally.attributes {
                let slot = slotByEntry[attribute.spelling] - 1
                counts[slot].records += 1
                counts[slot].values += attribute.values
            }
        }
        for (position, value) in tally.classValues.enumerated() { countClass(value, at: position) }
    }

    private func knowsSlot(forEntry entry: Int) -> Bool {
        entry < slotByEntry.count && slotByEntry[entry] > 0
    }

    private mutating func learnSlot(forEntry entry: Int, names: AttributeNameTable) {
        let slot = slot(forName: names.entries[entry].name)
        if entry >= slotByEntry.count { slotByEntry.append(contentsOf: repeatElement(0, count: entry + 64 - slotByEntry.count)) }
        slotByEntry[entry] = slot + 1
    }

    private mutating func slot(forName name: String, at position: Int) -> Int {
        if position < slotByPosition.count && slotByPosition[position].name == name { return slotByPosition[position].slot }
        let slot = slot(forName: name)
        if position < slotByPosition.count {
            slotByPosition[position] = (name, slot)
        } else if position == slotByPosition.count {
            slotByPosition.append((name, slot))
        }
        return slot
    }

    private mutating func slot(forName name: String) -> Int {
        if let known = attributeIndex[name] { return known }
        let slot = attributeNames.count
        attributeIndex[name] = slot
        attributeNames.append(name)
        attributeCounts.append((0, 0))
        attributeIsClass.append(name.lowercased() == "objectclass")
        return slot
    }

    /// The slot of an objectClass name, a new one (counted 0) when first seen.
    private mutating func classSlot(forName name: String) -> Int {
        if let known = classIndex[name] { return known }
        let slot = classNames.count
        classIndex[name] = slot
        classNames.append(name)
        classCounts.append(0)
        return slot
    }

    /// Counts an objectClass value under its text, or its base64 when it is not UTF-8.
    private mutating func countClass(_ value: LDIFValue, at position: Int) {
        let guess = value.withUnsafeBufferPointer { bytes -> Int? in
            guard position < classByPosition.count else { return nil }
            let known = classByPosition[position].bytes
            guard known.count == bytes.count else { return nil }
            return known.withUnsafeBufferPointer { bytes.count == 0 || memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }
                ? classByPosition[position].slot : nil
        }
        if let guess {
            classCounts[guess] += 1
            return
        }
        let slot = classSlot(forName: value.string ?? Base64.encode(value.bytes))
        classCounts[slot] += 1
        if position < classByPosition.count {
            classByPosition[position] = (value.bytes, slot)
        } else if position == classByPosition.count {
            classByPosition.append((value.bytes, slot))
        }
    }

    // The counts only: caches and scratch say nothing about the file.
    public static func == (lhs: LDIFSummary, rhs: LDIFSummary) -> Bool {
        lhs.content == rhs.content && lhs.changetypeAdd == rhs.changetypeAdd && lhs.changes == rhs.changes
            && lhs.objectClasses == rhs.objectClasses && lhs.attributes == rhs.attributes
    }
}

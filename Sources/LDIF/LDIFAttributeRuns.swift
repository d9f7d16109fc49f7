/// The attribute values of one content or add record, for a consumer that
/// builds its own entry: no `LDIFAttribute` or `LDIFValue` per value, one
/// byte array reused record after record.
///
/// Values come in runs. A run holds consecutive values of one attribute
/// description under its base name (lowercased, without options). The runs of
/// one base name, ordered by `rank(ofRun:)` (ties in run order), give that
/// attribute's values in exactly the order `LDIFEntryMerger` followed by
/// grouping on base names gives them: spellings that differ in case together,
/// ldifde's `range=` pieces and continuation records merged.
public struct LDIFAttributeRuns: Sendable {
    /// Plain numbers: a run's base name is its slot's. A name held per run
    /// (and copied with it) retained and released a string of the reader's
    /// name table, shared by the parsing and the indexing thread, for every
    /// attribute of every record.
    @usableFromInline
    struct Run: Sendable {
        var rank: Int
        @usableFromInline var slot: Int
        /// Value positions in `ends`.
        var first: Int
        var last: Int
    }

    @usableFromInline
    private(set) var runs: [Run] = []
    private var bytes = AppendedBytes()
    /// Where each value ends in `bytes`; a value starts where the one before ends.
    private var ends: [Int] = []
    /// An attribute slot (case-insensitive description, in order of first
    /// appearance): its group in the reader's name table, where its base
    /// name ends in `slotNames`, and its rank. One array, not three: a slot
    /// is one append.
    @usableFromInline
    struct Slot: Sendable {
        var group: Int
        @usableFromInline var nameEnd: Int
        var rank: Int
    }
    @usableFromInline
    private(set) var slots: [Slot] = []
    /// The slots' base names' UTF-8, side by side; slot `s`'s ends at `slots[s].nameEnd`.
    @usableFromInline
    private(set) var slotNames = AppendedBytes()
    /// Per rangeless group of the reader's name table: `record << 32 | major + 1`,
    /// where major is the group's place among this record's rangeless groups
    /// in order of first appearance (the rank's major part). Stamped with the
    /// record, so emptying the runs is one increment; a search of a list per
    /// slot was a tenth of the parsing thread's work on an AD user.
    private var rangelessMajors: [UInt64] = []
    private var rangelessCount = 0
    private var record: UInt64 = 1

    public init() {}

    /// The number of runs.
    public var count: Int { runs.count }

    /// The number of values, in all runs.
    public var valueCount: Int { ends.count }

    /// The values' bytes, in all runs.
    public var valueBytes: Int { bytes.count }

    /// The bytes the value buffer can hold without growing.
    public var byteCapacity: Int { bytes.capacity }

    /// The lowercased base name of a run's attribute.
    public func baseName(ofRun run: Int) -> String {
        withBaseName(ofRun: run) { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with the UTF-8 of a run's base name, where it is.
    // Inlinable: specialized where it is called (the loader, once for every
    // attribute of every record), not run as an unspecialized generic.
    @inlinable
    public func withBaseName<Result>(ofRun run: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows
        -> Result
    {
        let slot = runs[run].slot
        let start = slot == 0 ? 0 : slots[slot - 1].nameEnd
        return try slotNames.withUnsafeBufferPointer {
            try body(UnsafeBufferPointer(rebasing: $0[start..<slots[slot].nameEnd]))
        }
    }

    /// Orders the runs of one base name.
    public func rank(ofRun run: Int) -> Int { runs[run].rank }

    /// The number of values in a run.
    public func valueCount(ofRun run: Int) -> Int { runs[run].last - runs[run].first }

    /// Calls `body` with each value of a run, in order.
    public func forEachValue(ofRun run: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        let first = runs[run].first
        let last = runs[run].last
        try bytes.withUnsafeBufferPointer { bytes in
            try ends.withUnsafeBufferPointer { ends in
                for position in first..<last {
                    let start = position == 0 ? 0 : ends[position - 1]
                    try body(UnsafeBufferPointer(rebasing: bytes[start..<ends[position]]))
                }
            }
        }
    }

    mutating func removeAll() {
        runs.removeAll(keepingCapacity: true)
        bytes.removeAll()
        ends.removeAll(keepingCapacity: true)
        slots.removeAll(keepingCapacity: true)
        slotNames.removeAll()
        rangelessCount = 0
        record += 1
        if record == 1 << 32 {
            rangelessMajors = rangelessMajors.map { _ in 0 }
            record = 1
        }
    }

    /// The slot of a description group, nil when the record has none yet.
    func slot(ofGroup group: Int) -> Int? {
        slots.firstIndex { $0.group == group }
    }

    /// Opens the next slot (`slotCount`) and a run for it.
    mutating func beginSlot(group: Int, rangelessGroup: Int, baseName: UnsafeBufferPointer<UInt8>) {
        let slot = slots.count
        if rangelessGroup >= rangelessMajors.count {
            rangelessMajors.append(contentsOf: repeatElement(0, count: rangelessGroup + 64 - rangelessMajors.count))
        }
        let major: Int
        let stamp = rangelessMajors[rangelessGroup]
        if stamp >> 32 == record {
            major = Int(truncatingIfNeeded: stamp & 0xFFFF_FFFF) - 1
        } else {
            major = rangelessCount
            rangelessCount += 1
            rangelessMajors[rangelessGroup] = record << 32 | UInt64(rangelessCount)
        }
        slotNames.append(baseName)
        // Ranged pieces merge into their rangeless attribute where it first
        // appears; within it, slots keep their order.
        slots.append(Slot(group: group, nameEnd: slotNames.count, rank: major << 32 | slot))
        beginRun(slot: slot)
    }

    /// Values that follow belong to `slot` (a new run unless the last run is the slot's).
    mutating func continueSlot(_ slot: Int) {
        if !runs.isEmpty, runs[runs.count - 1].slot == slot { return }
        beginRun(slot: slot)
    }

    /// A run for `slot` even when the last run is the slot's: a merged
    /// modification with no values still names its attribute.
    mutating func beginRun(slot: Int) {
        runs.append(Run(rank: slots[slot].rank, slot: slot, first: ends.count, last: ends.count))
    }

    mutating func appendValue(_ value: UnsafeBufferPointer<UInt8>) {
        bytes.append(value)
        ends.append(bytes.count)
        runs[runs.count - 1].last = ends.count
    }
}

/// Gathers a record's DN and attribute values into `LDIFAttributeRuns`.
struct RunsBuilder: DNKeepingSink {
    var runs: LDIFAttributeRuns
    var dn = LDIFValue(bytes: [])
    let buffer: LDIFValueBuffer
    let allowURL: Bool
    let urlRoot: String?

    init(runs: LDIFAttributeRuns, buffer: LDIFValueBuffer, allowURL: Bool, urlRoot: String?) {
        self.runs = runs
        self.buffer = buffer
        self.allowURL = allowURL
        self.urlRoot = urlRoot
    }

    /// Unlike `ValueKeepingSink`'s, a plain value goes from the file's bytes
    /// into the runs: through the record's buffer it was copied twice and
    /// made an `LDIFValue`, retaining and releasing the buffer, per line.
    /// Base64 and URL values still go through the buffer. No closure: one
    /// that read the buffer and mutated the runs retained and released the
    /// buffer and the URL root around every value.
    mutating func add(
        _ line: SplitLine, slot: Int, spelling: Int?, names: UnsafeBufferPointer<AttributeNameTable.Entry>,
        parser: LineParser
    ) -> RecordFailure? {
        do {
            if case .text(let range) = try parser.valueSpec(line) {
                begin(slot: slot, spelling: spelling, names: names)
                runs.appendValue(UnsafeBufferPointer(rebasing: parser.bytes[range]))
            } else {
                let value = try parser.value(line, allowURL: allowURL, root: urlRoot, into: buffer)
                begin(slot: slot, spelling: spelling, names: names)
                value.withUnsafeBufferPointer { runs.appendValue($0) }
            }
            return nil
        } catch {
            return error
        }
    }

    private mutating func begin(slot: Int, spelling: Int?, names: UnsafeBufferPointer<AttributeNameTable.Entry>) {
        if let spelling {
            runs.beginSlot(
                group: names[spelling].group, rangelessGroup: names[spelling].rangelessGroup,
                baseName: names[spelling].baseNameUTF8)
        } else {
            runs.continueSlot(slot)
        }
    }
}

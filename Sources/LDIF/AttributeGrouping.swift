/// Which attribute of the record being read each name-table group went to:
/// the values of `cn` and `CN` belong to the attribute the first spelling began.
///
/// Kept by the reader across records. Each entry carries the number of the
/// record it was written for, so moving on to the next record is one
/// increment, not a pass over the groups the last record touched.
struct AttributeGrouping {
    // Per group: record number << 32 | attribute number + 1.
    private var slots: [UInt64] = []
    private var record: UInt64 = 1
    /// The number of attributes the record has so far.
    private(set) var count = 0

    /// The attribute number `group` went to in this record, nil when it is new.
    @inline(__always)
    func slot(ofGroup group: Int) -> Int? {
        guard group < slots.count else { return nil }
        let entry = slots[group]
        return entry >> 32 == record ? Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1 : nil
    }

    /// Records that `group` begins attribute number `count`.
    @inline(__always)
    mutating func add(group: Int) {
        if group >= slots.count { slots.append(contentsOf: repeatElement(0, count: group + 64 - slots.count)) }
        count += 1
        slots[group] = record << 32 | UInt64(count)
    }

    /// Empties it for the next record.
    mutating func reset() {
        count = 0
        record += 1
        if record == 1 << 32 {
            slots = slots.map { _ in 0 }
            record = 1
        }
    }
}

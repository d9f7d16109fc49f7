/// A byte buffer for one record's scratch work: appended to a few dozen times
/// a record, emptied between records, never copied.
///
/// `[UInt8].append(contentsOf:)` takes the standard library's generic path
/// on every call: a uniqueness check, capacity arithmetic and the element
/// copy through `_copyContents`, about 70 instructions before the bytes
/// move. The entry builder made 870,000 such calls for 10,000 entries
/// (callgrind). Here an append is a capacity test and a copy. Noncopyable,
/// so no second owner can see (or free) the bytes.
struct ScratchBytes: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Empties the buffer, keeping its room.
    mutating func removeAll() { count = 0 }

    /// Room for `total` bytes in all, made in one step: a record whose size
    /// is known (a group of a million members, some 70 MB) gets one buffer
    /// rather than every doubling on the way, each of them new memory.
    mutating func reserve(_ total: Int) {
        if total > capacity { reallocate(capacity: total) }
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        let end = count + bytes.count
        if end > capacity { grow(to: end) }
        (base + count).initialize(from: source, count: bytes.count)
        count = end
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        (base + count).initialize(to: byte)
        count += 1
    }

    /// `value` as a LEB128 varint (`DirectoryEntry`'s numbers).
    @inline(__always)
    mutating func appendVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        append(UInt8(value))
    }

    /// Calls `body` with the bytes written so far; they stay where they are
    /// only until the next append.
    @inline(__always)
    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    /// Doubling: a few records in, the buffer fits the largest and stops growing.
    @inline(never)
    private mutating func grow(to needed: Int) {
        reallocate(capacity: max(needed, capacity * 2))
    }

    private mutating func reallocate(capacity newCapacity: Int) {
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}

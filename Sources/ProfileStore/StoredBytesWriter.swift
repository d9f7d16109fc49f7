import ProfileCore

/// Appends the primitives of the store's binary forms to a reusable buffer:
/// unsigned LEB128 varints (least significant group first) and
/// length-prefixed UTF-8.
///
/// A first run of 100,000 profiles encodes 200,000 blobs of ~25 values
/// each. One writer is reset per row, so its buffer is allocated once, and
/// it writes through a raw pointer after one capacity check per value:
/// `[UInt8].append` checked capacity and uniqueness for every byte and was
/// most of the encoding's cost.
struct StoredBytesWriter: ~Copyable {
    private var start: UnsafeMutableRawPointer
    private var capacity: Int
    private(set) var count = 0

    init(reservingCapacity capacity: Int = 1024) {
        self.capacity = max(capacity, 16)
        start = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 1)
    }

    deinit { start.deallocate() }

    /// The bytes written so far, valid until the writer is next changed;
    /// never without an address, even when empty.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: start, count: count) }

    /// A copy of the bytes written so far.
    var array: [UInt8] { Array(bytes) }

    /// The bytes written so far, in the buffer they were written in; the
    /// writer goes on empty, in a new buffer of `capacity` bytes.
    mutating func take(reservingNext capacity: Int) -> OwnedBytes {
        let taken = OwnedBytes(taking: start, count: count)
        self.capacity = max(capacity, 16)
        start = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 1)
        count = 0
        return taken
    }

    /// Empties the buffer, keeping its capacity.
    mutating func reset() {
        count = 0
    }

    /// Makes room for `extra` more bytes at once. A writer grows by
    /// doubling otherwise: for a row of 100 MB (a million-user group) that
    /// held its last two buffers, 64 and 128 MB, at once.
    mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let grown = max(capacity * 2, count + extra)
        let moved = UnsafeMutableRawPointer.allocate(byteCount: grown, alignment: 1)
        moved.copyMemory(from: start, byteCount: count)
        start.deallocate()
        start = moved
        capacity = grown
    }

    /// Drops what was written after the first `count` bytes.
    mutating func truncate(to count: Int) {
        precondition(count >= 0 && count <= self.count)
        self.count = count
    }

    /// A string's UTF-8 as it is, without a length.
    mutating func raw(_ text: String) {
        let copied: Void? = text.utf8.withContiguousStorageIfAvailable { raw(UnsafeRawBufferPointer($0)) }
        if copied == nil {
            var text = text
            text.withUTF8 { raw(UnsafeRawBufferPointer($0)) }
        }
    }

    /// Bytes as they are, without a length.
    mutating func raw(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        reserve(bytes.count)
        (start + count).copyMemory(from: base, byteCount: bytes.count)
        count += bytes.count
    }

    /// Lowers the ASCII capitals among the bytes written since `offset`.
    mutating func lowerASCII(from offset: Int) {
        let bytes = (start + offset).assumingMemoryBound(to: UInt8.self)
        for index in 0..<(count - offset) { bytes[index] = CaseFold.lower(bytes[index]) }
    }

    mutating func byte(_ value: UInt8) {
        reserve(1)
        start.storeBytes(of: value, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    mutating func varint(_ value: UInt64) {
        reserve(10)
        appendVarint(value)
    }

    mutating func varint(_ value: Int) {
        precondition(value >= 0, "stored counts and ids are never negative")
        varint(UInt64(value))
    }

    /// A 64-bit number as its eight bytes, little-endian: for numbers with
    /// all their bits in use (digests), which a varint spreads over ten.
    mutating func word(_ value: UInt64) {
        reserve(8)
        start.storeBytes(of: value.littleEndian, toByteOffset: count, as: UInt64.self)
        count += 8
    }

    /// A signed number, zigzag-mapped (0, -1, 1, -2, … → 0, 1, 2, 3, …) so
    /// small magnitudes of either sign stay one byte.
    mutating func signed(_ value: Int) {
        let wide = Int64(value)
        varint(UInt64(bitPattern: (wide << 1) ^ (wide >> 63)))
    }

    /// The string's exact UTF-8 bytes after their length: no normalisation,
    /// so a value reads back byte for byte (Swift's `==` would not tell
    /// precomposed from decomposed accents apart; the store must).
    mutating func string(_ text: String) {
        let copied: Void? = text.utf8.withContiguousStorageIfAvailable { appendLengthPrefixed($0) }
        if copied == nil {
            var text = text
            text.withUTF8 { appendLengthPrefixed($0) }
        }
    }

    /// A value, given as UTF-8: the position of the context string it
    /// equals, as `position << 1 | 1`, or else its bytes after `length << 1`.
    mutating func value(utf8: UnsafeBufferPointer<UInt8>, in context: StoredValueContext) {
        if let position = context.index(ofUTF8: utf8) {
            varint(UInt64(position) << 1 | 1)
            return
        }
        appendValue(utf8)
    }

    /// A count, then each value, read in place.
    mutating func values(_ values: PropertyValues, in context: StoredValueContext) {
        varint(values.count)
        values.forEachUTF8 { value(utf8: $0, in: context) }
    }

    /// A count, then each string.
    mutating func strings(_ texts: [String]) {
        varint(texts.count)
        // Indexing the buffer borrows each string; `for text in texts` would
        // retain and release every one of millions of values.
        // Room for them all at once: a million-member group's list (60-odd
        // MB) doubled its way through buffers of new memory.
        reserve(Self.size(ofStrings: texts))
        texts.withUnsafeBufferPointer { texts in
            for index in texts.indices { string(texts[index]) }
        }
    }

    /// Room kept after a large BLOB sized in advance, for the small writes
    /// that follow it in the same buffer (a change row's kind, connection
    /// and anchor columns): without it the first of them doubled the buffer.
    static let followingRoom = 256

    /// The most bytes `strings(texts)` writes: the count, and per string a
    /// length (a varint of at most 5 bytes below 32 GB) and its UTF-8.
    static func size(ofStrings texts: [String]) -> Int {
        texts.withUnsafeBufferPointer { texts in
            var total = 10
            for index in texts.indices { total += 5 + texts[index].utf8.count }
            return total
        }
    }

    private mutating func appendLengthPrefixed(_ utf8: UnsafeBufferPointer<UInt8>) {
        reserve(10 + utf8.count)
        appendVarint(UInt64(utf8.count))
        if let base = utf8.baseAddress {
            (start + count).copyMemory(from: base, byteCount: utf8.count)
            count += utf8.count
        }
    }

    private mutating func appendValue(_ utf8: UnsafeBufferPointer<UInt8>) {
        reserve(10 + utf8.count)
        appendVarint(UInt64(utf8.count) << 1)
        if let base = utf8.baseAddress {
            (start + count).copyMemory(from: base, byteCount: utf8.count)
            count += utf8.count
        }
    }

    /// Writes a varint into space already reserved.
    private mutating func appendVarint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            start.storeBytes(of: UInt8(truncatingIfNeeded: value) | 0x80, toByteOffset: count, as: UInt8.self)
            count += 1
            value >>= 7
        }
        start.storeBytes(of: UInt8(truncatingIfNeeded: value), toByteOffset: count, as: UInt8.self)
        count += 1
    }
}

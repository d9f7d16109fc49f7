#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `DirectoryEntry`'s file, line and attributes in one allocation: its
/// slots (the index, 8 bytes each), then its attributes' bytes.
///
/// The entry was a DN, a file name, a line and two arrays: every copy
/// retained four objects (one of them the file name every entry of an
/// export shares, from both cores), and each entry took three allocations
/// with two array headers. A run holds every entry of an export to the
/// commit, and the stages copy each several times.
///
/// Immutable once made, but for `file` and `line`, which `DirectoryEntry`
/// sets only when it holds the one reference: so it may cross threads
/// (unchecked: `ManagedBuffer` is not `Sendable`).
struct EntryStorage: @unchecked Sendable {
    struct Header {
        var file: String
        var line: Int
        var slotCount: Int
        var byteCount: Int
    }

    /// The one allocation: the header, then the slots and the bytes.
    var buffer: ManagedBuffer<Header, UInt8>

    /// A storage of `slotCount` slots and `byteCount` bytes, filled by
    /// `initialize` (which must write every slot and byte).
    static func make(
        file: String, line: Int, slotCount: Int, byteCount: Int,
        _ initialize: (UnsafeMutableRawPointer, UnsafeMutableBufferPointer<UInt8>) throws -> Void
    ) rethrows -> EntryStorage {
        let slotBytes = slotCount * MemoryLayout<DirectoryEntry.Slot>.stride
        let buffer = ManagedBuffer<Header, UInt8>.create(minimumCapacity: slotBytes + byteCount) { _ in
            Header(file: file, line: line, slotCount: slotCount, byteCount: byteCount)
        }
        try buffer.withUnsafeMutablePointerToElements { elements in
            try initialize(UnsafeMutableRawPointer(elements), UnsafeMutableBufferPointer(start: elements + slotBytes, count: byteCount))
        }
        return EntryStorage(buffer: buffer)
    }

    /// A storage holding `slots` and `bytes` as they are.
    static func make(file: String, line: Int, slots: [DirectoryEntry.Slot], bytes: UnsafeBufferPointer<UInt8>) -> EntryStorage {
        make(file: file, line: line, slotCount: slots.count, byteCount: bytes.count) { slotMemory, out in
            slots.withUnsafeBytes { if let base = $0.baseAddress, !$0.isEmpty { slotMemory.copyMemory(from: base, byteCount: $0.count) } }
            if let base = bytes.baseAddress, !bytes.isEmpty { out.baseAddress!.initialize(from: base, count: bytes.count) }
        }
    }

    /// The storage of entries without attributes from an unnamed file:
    /// shared, so that emptying a slot allocates nothing.
    static let empty = make(file: "", line: 0, slots: [], bytes: UnsafeBufferPointer(start: nil, count: 0))

    // The header is read through its pointer: `buffer.header` is a class's
    // stored property, and each read of it was checked for exclusive access
    // at run time (several per attribute lookup).
    var file: String {
        get { buffer.withUnsafeMutablePointerToHeader { $0.pointee.file } }
        nonmutating set { buffer.withUnsafeMutablePointerToHeader { $0.pointee.file = newValue } }
    }

    var line: Int {
        get { buffer.withUnsafeMutablePointerToHeader { $0.pointee.line } }
        nonmutating set { buffer.withUnsafeMutablePointerToHeader { $0.pointee.line = newValue } }
    }

    var slotCount: Int { buffer.withUnsafeMutablePointerToHeader { $0.pointee.slotCount } }
    var byteCount: Int { buffer.withUnsafeMutablePointerToHeader { $0.pointee.byteCount } }

    /// The slot at `index` (< `slotCount`).
    @inline(__always)
    func slot(_ index: Int) -> DirectoryEntry.Slot {
        buffer.withUnsafeMutablePointerToElements { elements in
            // Unaligned: the slots start where the header ends.
            UnsafeRawPointer(elements).loadUnaligned(
                fromByteOffset: index * MemoryLayout<DirectoryEntry.Slot>.stride, as: DirectoryEntry.Slot.self)
        }
    }

    /// The slots, copied out (for a change that makes a new storage).
    var slots: [DirectoryEntry.Slot] {
        (0..<slotCount).map(slot)
    }

    /// Calls `body` with the attributes' bytes, valid while it runs.
    @inline(__always)
    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try buffer.withUnsafeMutablePointers { header, elements in
            try body(
                UnsafeBufferPointer(
                    start: elements + header.pointee.slotCount * MemoryLayout<DirectoryEntry.Slot>.stride,
                    count: header.pointee.byteCount))
        }
    }

    /// A copy whose `file` and `line` may be set without touching this one.
    func copy() -> EntryStorage {
        withBytes { EntryStorage.make(file: file, line: line, slots: slots, bytes: $0) }
    }

    /// Whether both hold the same slots and bytes (file and line aside).
    func sameAttributes(as other: EntryStorage) -> Bool {
        if buffer === other.buffer { return true }
        guard slotCount == other.slotCount, byteCount == other.byteCount else { return false }
        let total = slotCount * MemoryLayout<DirectoryEntry.Slot>.stride + byteCount
        guard total > 0 else { return true }
        return buffer.withUnsafeMutablePointerToElements { mine in
            other.buffer.withUnsafeMutablePointerToElements { theirs in memcmp(mine, theirs, total) == 0 }
        }
    }

    /// Feeds the slots and bytes to `hasher`.
    func hashAttributes(into hasher: inout Hasher) {
        let total = slotCount * MemoryLayout<DirectoryEntry.Slot>.stride + byteCount
        buffer.withUnsafeMutablePointerToElements { elements in
            hasher.combine(bytes: UnsafeRawBufferPointer(start: elements, count: total))
        }
    }
}

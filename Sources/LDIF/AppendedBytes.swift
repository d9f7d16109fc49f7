/// A byte buffer reused record after record and appended to a value at a
/// time: an array kept filled to its capacity, with the count in use beside it.
///
/// `[UInt8].append(contentsOf:)` takes the standard library's generic path
/// on every call (a uniqueness check, capacity arithmetic and the copy
/// through `_copyContents`): about 70 instructions before the bytes move,
/// for each of the 40-odd values and names of a record. Here an append is a
/// capacity test and a copy into the array's existing elements. A value
/// type all the same: a copy shares the storage until one of them appends.
@usableFromInline
struct AppendedBytes: Sendable {
    @usableFromInline
    private(set) var storage: [UInt8] = []
    /// The bytes in use: the first `count` of `storage`.
    @usableFromInline
    private(set) var count = 0

    /// The bytes it holds without growing.
    var capacity: Int { storage.count }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        let start = count
        let end = start + bytes.count
        if end > storage.count { grow(to: end) }
        storage.withUnsafeMutableBufferPointer { target in
            (target.baseAddress! + start).update(from: source, count: bytes.count)
        }
        count = end
    }

    /// Empties it, keeping its room.
    mutating func removeAll() { count = 0 }

    // Inlinable, as the public generic methods that call it: a generic
    // reached from another module runs unspecialized (the standard
    // library's `withUnsafeBufferPointer` through metadata and witness
    // tables, about 230 instructions a call), for every attribute of every
    // record read.
    @inlinable
    func withUnsafeBufferPointer<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try storage.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[..<count])) }
    }

    /// Doubling: a few records in, the buffer fits the largest and stops growing.
    @inline(never)
    private mutating func grow(to needed: Int) {
        storage.append(contentsOf: repeatElement(0, count: max(needed, storage.count * 2, 256) - storage.count))
    }
}

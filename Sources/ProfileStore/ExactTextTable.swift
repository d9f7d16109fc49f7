import Foundation

/// Ids of strings keyed by their exact UTF-8 bytes, for `StoreCatalogue`.
///
/// Not a `[String: Int]`: Swift's `String` equality is canonical
/// equivalence, so a precomposed and a decomposed spelling of the same
/// accented name would share one id and one of them would read back
/// changed. The commit looks up two strings per property, 8 million times
/// on a first run of 100,000 profiles, so the bytes are hashed where they
/// lie (FNV-1a) and compared with `memcmp`, with no key to build.
struct ExactTextTable: Sendable {
    private var keys: [[UInt8]] = []
    private var values: [Int] = []
    /// Open addressing, linear probing: an index into `keys`, or -1.
    private var slots = [Int](repeating: -1, count: 64)

    /// The id of `text`, or nil when the table does not hold it.
    func id(of text: String) -> Int? {
        let found =
            text.utf8.withContiguousStorageIfAvailable { find($0) }
            ?? Array(text.utf8).withUnsafeBufferPointer { find($0) }
        return found.map { values[$0] }
    }

    /// The id of the text whose UTF-8 is `bytes`, or nil.
    func id(ofUTF8 bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        find(bytes).map { values[$0] }
    }

    mutating func insert(_ text: String, id: Int) {
        if (keys.count + 1) * 2 > slots.count { grow() }
        keys.append(Array(text.utf8))
        values.append(id)
        place(keys.count - 1)
    }

    private func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let mask = slots.count - 1
        var slot = Self.hash(bytes) & mask
        while true {
            let index = slots[slot]
            if index < 0 { return nil }
            if keys[index].withUnsafeBufferPointer({ Self.same($0, bytes) }) { return index }
            slot = (slot + 1) & mask
        }
    }

    private mutating func place(_ index: Int) {
        let mask = slots.count - 1
        var slot = keys[index].withUnsafeBufferPointer { Self.hash($0) } & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = index
    }

    private mutating func grow() {
        slots = [Int](repeating: -1, count: slots.count * 2)
        for index in keys.indices { place(index) }
    }

    private static func same(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        guard let left = a.baseAddress, let right = b.baseAddress else { return true }
        return memcmp(left, right, a.count) == 0
    }

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return Int(truncatingIfNeeded: hash ^ (hash >> 32))
    }
}

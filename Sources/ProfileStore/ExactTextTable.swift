import Foundation

/// Ids of strings keyed by their exact UTF-8 bytes, for `StoreCatalogue`.
///
/// Not a `[String: Int]`: Swift's `String` equality is canonical
/// equivalence, so a precomposed and a decomposed spelling of the same
/// accented name would share one id and one of them would read back
/// changed. The commit looks up two strings per property, 8 million times
/// on a first run of 100,000 profiles, so the bytes are hashed where they lie
/// and compared with `memcmp`, with no key to build, and the hash reads only
/// the length and the first and last eight bytes: constant time, and enough
/// to tell a configuration's few dozen names apart (a collision costs a probe).
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
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
        let count = bytes.count
        var head: UInt64 = 0
        var tail: UInt64 = 0
        if count >= 8 {
            head = UnsafeRawPointer(base).loadUnaligned(as: UInt64.self)
            tail = UnsafeRawPointer(base + count - 8).loadUnaligned(as: UInt64.self)
        } else {
            for byte in bytes { head = head << 8 | UInt64(byte) }
        }
        var hash = (head ^ UInt64(count)) &* 0x9E37_79B9_7F4A_7C15
        hash = (hash ^ tail) &* 0xFF51_AFD7_ED55_8CCD
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }
}

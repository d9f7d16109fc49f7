#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ProfileCore

/// The order a run's profile rows are written in: by connection, then
/// anchor, each compared as UTF-8 bytes, which is the order of the
/// `profiles` table's (connection, anchor) key index (SQLite's BINARY
/// collation).
///
/// Written in the export's order, every new row went into that index at a
/// random place (anchors are GUIDs), and past the page cache nearly each
/// insert read one index page back and wrote another out. Copying a
/// million profiles' rows into an empty store (sqlite3 shell, 32 MiB
/// cache) took 6.2 and 8.5 s in export order, 5.4 and 6.1 s with a
/// 128 MiB cache, and 2.8 to 4.2 s in key order with either cache; at
/// 100,000 profiles 0.31 against 0.26 s. In key order every insert lands
/// beside the one before it, and a run that updates stored profiles walks
/// the index and the table (whose rows a first run wrote in the same
/// order) once from start to end.
///
/// Only where rows go changes: which rows, and what they hold, do not.
enum KeyOrder {
    /// The positions of `writes` in key order. Two writes never share a key.
    static func of(_ writes: UnsafeBufferPointer<ProfileWrite>) -> [Int] {
        // Read in place: copying a ProfileWrite retains a dozen references.
        order(count: writes.count) { (writes.baseAddress! + $0).pointee.profile.key }
    }

    /// The positions of `keys` in key order (state and inputs updates: each
    /// one a lookup of its row by key, random in any other order).
    static func of(_ keys: [ProfileKey]) -> [Int] {
        keys.withUnsafeBufferPointer { keys in order(count: keys.count) { keys[$0] } }
    }

    /// The positions `0..<count` in the order of their keys, `key(position)`.
    private static func order(count: Int, key: (Int) -> ProfileKey) -> [Int] {
        guard count > 1 else { return Array(0..<count) }
        precondition(count <= Int(UInt32.max), "positions fit 32 bits")
        // A run's connections are few: ranked by their bytes.
        var connections: [String] = []
        var last: String?
        for index in 0..<count {
            let connection = key(index).connection
            if connection != last {
                if !connections.contains(connection) { connections.append(connection) }
                last = connection
            }
        }
        connections.sort(by: bytesPrecede)

        // Sorted on the connection's rank and the anchor's first 16 bytes
        // (GUIDs differ within them), packed into integers: comparing
        // strings for every step of the sort was most of its time. 24
        // bytes a key: 24 MB at a million profiles, held at the start of
        // the commit, the run's peak.
        var keys = [SortKey]()
        keys.reserveCapacity(count)
        last = nil
        var rank: UInt32 = 0
        for index in 0..<count {
            let current = key(index)
            if current.connection != last {
                rank = UInt32(connections.firstIndex(of: current.connection)!)
                last = current.connection
            }
            let (high, low) = prefix(of: current.anchor)
            keys.append(SortKey(rank: rank, index: UInt32(index), high: high, low: low))
        }
        keys.sort()
        // Anchors alike in those bytes (of one connection): ordered by all of theirs.
        var start = 0
        while start < keys.count {
            var end = start + 1
            while end < keys.count && keys[end] == keys[start] { end += 1 }
            if end - start > 1 {
                keys[start..<end].sort { bytesPrecede(key(Int($0.index)).anchor, key(Int($1.index)).anchor) }
            }
            start = end
        }
        return keys.map { Int($0.index) }
    }

    private struct SortKey: Comparable {
        /// The connection's place among the run's connections, by their bytes.
        var rank: UInt32
        var index: UInt32
        /// The anchor's first 8 bytes, then its next 8.
        var high: UInt64
        var low: UInt64

        /// Keys alike in these are ordered afterwards by all their bytes.
        static func < (lhs: SortKey, rhs: SortKey) -> Bool {
            if lhs.rank != rhs.rank { return lhs.rank < rhs.rank }
            return lhs.high < rhs.high || (lhs.high == rhs.high && lhs.low < rhs.low)
        }

        static func == (lhs: SortKey, rhs: SortKey) -> Bool {
            lhs.rank == rhs.rank && lhs.high == rhs.high && lhs.low == rhs.low
        }
    }

    /// The first 16 bytes of `anchor`, big-endian, zeros past its end: a
    /// shorter anchor that is the start of a longer one sorts first, as
    /// SQLite compares them (anchors hold no NUL bytes; equal prefixes are
    /// compared whole anyway).
    static func prefix(of anchor: String) -> (high: UInt64, low: UInt64) {
        // Read where the string lies: walking its UTF-8 view byte by byte
        // was 700 instructions an anchor, most of the sort at 10,000.
        if let packed = anchor.utf8.withContiguousStorageIfAvailable({ prefix(of: $0) }) { return packed }
        return Array(anchor.utf8).withUnsafeBufferPointer { prefix(of: $0) }
    }

    private static func prefix(of bytes: UnsafeBufferPointer<UInt8>) -> (high: UInt64, low: UInt64) {
        var high: UInt64 = 0
        var low: UInt64 = 0
        let count = min(bytes.count, 16)
        for position in 0..<min(count, 8) {
            high |= UInt64(bytes[position]) << (8 * (7 - position))
        }
        if count > 8 {
            for position in 8..<count {
                low |= UInt64(bytes[position]) << (8 * (15 - position))
            }
        }
        return (high, low)
    }

    /// Whether `lhs` comes before `rhs` in the order `of` puts keys in:
    /// by connection, then by anchor, each by its bytes.
    static func precedes(_ lhs: ProfileKey, _ rhs: ProfileKey) -> Bool {
        if !lhs.connection.utf8.elementsEqual(rhs.connection.utf8) { return bytesPrecede(lhs.connection, rhs.connection) }
        return bytesPrecede(lhs.anchor, rhs.anchor)
    }

    /// `precedes(key, other)` for the `other` whose connection and anchor
    /// are these UTF-8 bytes (a commit batch's columns).
    static func precedes(
        _ key: ProfileKey, connection: UnsafeRawBufferPointer, anchor: UnsafeRawBufferPointer
    ) -> Bool {
        switch compare(key.connection, connection) {
        case .some(let order): order
        case nil: compare(key.anchor, anchor) ?? false
        }
    }

    /// Whether `lhs` sorts before `rhs` compared as UTF-8 bytes.
    static func bytesPrecede(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    /// Whether `lhs` sorts before the bytes `rhs` (nil when they are equal),
    /// compared where the string lies.
    private static func compare(_ lhs: String, _ rhs: UnsafeRawBufferPointer) -> Bool? {
        let compared = lhs.utf8.withContiguousStorageIfAvailable { compare(UnsafeRawBufferPointer($0), rhs) }
        return compared ?? Array(lhs.utf8).withUnsafeBytes { compare($0, rhs) }
    }

    private static func compare(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Bool? {
        let common = min(lhs.count, rhs.count)
        if common > 0 {
            let order = memcmp(lhs.baseAddress!, rhs.baseAddress!, common)
            if order != 0 { return order < 0 }
        }
        return lhs.count == rhs.count ? nil : lhs.count < rhs.count
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Every attribute key (`DirectoryEntry.key(_:)`) this process has met, by
/// number, so that an entry keeps a key's number instead of its bytes.
///
/// A run holds every entry of an export until its commit, and each entry
/// spelled out each of its keys (`samaccountname`, `userprincipalname` and
/// the rest): numbered instead, a 1M first run's build held 205 MB less
/// (3,327 against 3,535 MB), a 100k run's peak about 20 MiB less. The first
/// 128 keys take one byte.
///
/// Keys are added, never removed: an export has a few hundred distinct
/// attribute names, a process a few thousand at most. Adding takes a lock;
/// reading a key by its number does not, because a key is in place before
/// its number is handed out and never moves.
public final class AttributeKeyTable: @unchecked Sendable {
    /// The table every `DirectoryEntry` numbers its keys in.
    public static let shared: AttributeKeyTable = {
        let table = AttributeKeyTable()
        sharedChunks = table.chunks
        return table
    }()

    /// `shared`'s chunks, for `sharedKey(_:)`. A stored static with a constant
    /// initial value is set up with the program, so reading it skips the
    /// once-only check that every access to `shared` makes: the entries' key
    /// lookups are on every path that reads an attribute. Set before `shared`
    /// hands out its first number, which any caller holding one saw after.
    nonisolated(unsafe) private static var sharedChunks: UnsafeMutablePointer<UnsafeMutablePointer<Key>?>? = nil

    /// `shared.key(number)`.
    @inline(__always)
    static func sharedKey(_ number: UInt32) -> Key {
        sharedChunks.unsafelyUnwrapped[Int(number) >> chunkBits].unsafelyUnwrapped[Int(number) & (chunkSize - 1)]
    }

    /// A key's bytes and its first eight bytes as `DirectoryEntry.prefix(of:)` gives them.
    struct Key {
        let bytes: UnsafeBufferPointer<UInt8>
        let prefix: UInt64
    }

    private static let chunkBits = 10
    private static let chunkSize = 1 << chunkBits
    private static let chunkCount = 1 << 14
    /// 16,777,216 keys: past what any input can name in one process.
    static let capacity = chunkSize * chunkCount

    /// Keys in chunks of `chunkSize`, each allocated when the first of its
    /// keys is added and never freed or moved.
    private let chunks: UnsafeMutablePointer<UnsafeMutablePointer<Key>?>

    private struct Index {
        /// Open addressing by `hash(_:)`: key number + 1, 0 for empty.
        var slots = [UInt32](repeating: 0, count: 256)
        var hashes: [UInt64] = []
        var count: Int { hashes.count }
    }

    private let index = Mutex(Index())

    init() {
        chunks = .allocate(capacity: Self.chunkCount)
        chunks.initialize(repeating: nil, count: Self.chunkCount)
    }

    deinit {
        // Only a test's own table ever ends; the shared one lives as long as the process.
        let count = index.withLock { $0.count }
        for chunk in 0..<(count + Self.chunkSize - 1) / Self.chunkSize {
            guard let keys = chunks[chunk] else { continue }
            for slot in 0..<min(Self.chunkSize, count - chunk * Self.chunkSize) {
                keys[slot].bytes.deallocate()
            }
            keys.deallocate()
        }
        chunks.deallocate()
    }

    /// How many keys the table holds.
    var count: Int { index.withLock { $0.count } }

    /// The key numbered `number` (from `number(of:)`).
    @inline(__always)
    func key(_ number: UInt32) -> Key {
        chunks[Int(number) >> Self.chunkBits].unsafelyUnwrapped[Int(number) & (Self.chunkSize - 1)]
    }

    /// The number of the key with these bytes, added if it is new.
    func number(of key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> UInt32 {
        index.withLock { index in
            let mask = index.slots.count - 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            while index.slots[slot] != 0 {
                let number = index.slots[slot] - 1
                if index.hashes[Int(number)] == hash, DirectoryEntry.compareBytes(self.key(number).bytes, key) == 0 {
                    return number
                }
                slot = (slot + 1) & mask
            }
            let number = index.count
            precondition(number < Self.capacity, "more than \(Self.capacity) distinct attribute names")
            let chunk = number >> Self.chunkBits
            if chunks[chunk] == nil { chunks[chunk] = .allocate(capacity: Self.chunkSize) }
            let bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(key.count, 1))
            _ = bytes.initialize(from: key)
            (chunks[chunk].unsafelyUnwrapped + (number & (Self.chunkSize - 1))).initialize(
                to: Key(bytes: UnsafeBufferPointer(rebasing: bytes[0..<key.count]), prefix: DirectoryEntry.prefix(of: key)))
            index.hashes.append(hash)
            index.slots[slot] = UInt32(number + 1)
            if index.count * 2 > index.slots.count { Self.grow(&index) }
            return UInt32(number)
        }
    }

    /// `number(of:hash:)` hashing the key here.
    func number(of key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        number(of: key, hash: Self.hash(key))
    }

    /// `number(of:)` by a key's string.
    func number(of key: String) -> UInt32 {
        DirectoryEntry.withUTF8(key) { number(of: $0) }
    }

    private static func grow(_ index: inout Index) {
        let capacity = index.slots.count * 2
        var slots = [UInt32](repeating: 0, count: capacity)
        for (number, hash) in index.hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = UInt32(number + 1)
        }
        index.slots = slots
    }

    /// The key's bytes eight at a time, each word folded in by a multiply,
    /// then mixed so that the low bits (the slot) depend on every byte.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = UInt64(key.count) &* 0x9E37_79B9_7F4A_7C15
        let raw = UnsafeRawBufferPointer(key)
        var index = 0
        while key.count - index >= 8 {
            hash = (hash ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))) &* 0xbf58_476d_1ce4_e5b9
            hash ^= hash >> 31
            index += 8
        }
        var last: UInt64 = 0
        var shift: UInt64 = 0
        while index < key.count {
            last |= UInt64(key[index]) << shift
            shift += 8
            index += 1
        }
        hash = (hash ^ last) &* 0x94d0_49bb_1331_11eb
        return hash ^ (hash >> 29)
    }
}

/// Key numbers one thread has looked up, so that most lookups take no lock:
/// each reading thread's entry builder, each decoding chunk, has its own.
struct AttributeKeyCache {
    private let table: AttributeKeyTable
    /// The number found at each position of the last entry: the entries of
    /// an export, and the snapshots of a store, repeat one layout of keys,
    /// so a key is usually the one at its position last time, found by one
    /// comparison without hashing. `none` where no key was found yet.
    private var byPosition: [UInt32] = []
    private static let none = UInt32.max
    /// Open addressing by `AttributeKeyTable.hash(_:)`: key number + 1, 0 for empty.
    private var slots = [UInt32](repeating: 0, count: 512)
    private var hashes = [UInt64](repeating: 0, count: 512)
    private var count = 0

    init(table: AttributeKeyTable = .shared) {
        self.table = table
    }

    /// `number(of:)` for the key at `position` of an entry's keys.
    @inline(__always)
    mutating func number(of key: UnsafeBufferPointer<UInt8>, at position: Int) -> UInt32 {
        if position < byPosition.count, byPosition[position] != Self.none {
            let guess = table.key(byPosition[position]).bytes
            if guess.count == key.count,
                guess.isEmpty || memcmp(guess.baseAddress!, key.baseAddress!, key.count) == 0
            {
                return byPosition[position]
            }
        } else if position >= byPosition.count {
            byPosition.append(contentsOf: repeatElement(Self.none, count: position + 1 - byPosition.count))
        }
        let number = number(of: key)
        byPosition[position] = number
        return number
    }

    /// The key numbered `number` in this cache's table.
    @inline(__always)
    func key(_ number: UInt32) -> AttributeKeyTable.Key {
        table.key(number)
    }

    /// The number of the key with these bytes in the table.
    mutating func number(of key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let hash = AttributeKeyTable.hash(key)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            let number = slots[slot] - 1
            if hashes[slot] == hash, DirectoryEntry.compareBytes(table.key(number).bytes, key) == 0 { return number }
            slot = (slot + 1) & mask
        }
        let number = table.number(of: key, hash: hash)
        slots[slot] = number + 1
        hashes[slot] = hash
        count += 1
        if count * 2 > slots.count { grow() }
        return number
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        var newSlots = [UInt32](repeating: 0, count: capacity)
        var newHashes = [UInt64](repeating: 0, count: capacity)
        for old in slots.indices where slots[old] != 0 {
            var slot = Int(truncatingIfNeeded: hashes[old]) & (capacity - 1)
            while newSlots[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
            newSlots[slot] = slots[old]
            newHashes[slot] = hashes[old]
        }
        slots = newSlots
        hashes = newHashes
    }
}

import Foundation

/// Values by DN, looked up in any case without making a string of the DN:
/// users' accounts (`AccountsByDN`), entries' positions by DN for naming
/// group members, and (any text compared as `CaseFold` lowers it, not only
/// DNs) business extracts' join keys (`BusinessData`).
///
/// Every profile with a manager looks an account up, in its build and again
/// before a build is skipped (`ProfileBuilder.personLookups`), and every
/// member of every group is looked up by its DN. Through a `[String: …]`
/// each lookup lowered the DN into a new string, hashed its 60-odd bytes
/// with SipHash and freed it: about 2,500 instructions (callgrind). Here an
/// ASCII DN (nearly all) is lowered into a stack buffer and hashed a word at
/// a time (`ContentDigest`), and only the entry whose hash matches is
/// compared.
struct DNTable<Value: Sendable>: Sendable {
    /// Entries by hash, open addressing with linear probing: 0 for none,
    /// else the entry's position + 1 in the low 32 bits and its hash's
    /// high 32 bits above them. A look-up compares those bits in the slot
    /// before it reads the entry: with the hash kept beside the key, each
    /// probe read the entry's hash at a random place in memory first, and
    /// a million-user run looks up 2.5 million group members, each a miss.
    private var slots: [UInt64]
    /// Each entry's hash, read only to place entries again as the table grows.
    private var hashes: [UInt64] = []
    /// Lowercased DNs (`CaseFold.lowercased`), as the loader keys entries.
    private var keys: [String] = []
    private var values: [Value] = []

    init(minimumCapacity: Int = 0) {
        var capacity = 16
        while capacity < minimumCapacity * 2 { capacity <<= 1 }
        slots = Array(repeating: 0, count: capacity)
        hashes.reserveCapacity(minimumCapacity)
        keys.reserveCapacity(minimumCapacity)
        values.reserveCapacity(minimumCapacity)
    }

    /// How many DNs have a value.
    var count: Int { keys.count }

    /// How many slots the table has (twice the entries it holds, at least, as a power of two).
    var slotCount: Int { slots.count }

    /// Sets the value of the lowercased DN `key`, replacing any it had.
    mutating func set(_ value: Value, forKey key: String) {
        let (position, inserted) = position(forKey: key, settingIfAbsent: value)
        if !inserted { values[position] = value }
    }

    /// The value of the lowercased DN `key`, which is first set to `value`
    /// when it has none: one look-up either way.
    mutating func value(forKey key: String, settingIfAbsent value: @autoclosure () -> Value) -> Value {
        values[position(forKey: key, settingIfAbsent: value()).position]
    }

    /// Where `key`'s value is, after adding it with `value` when absent.
    private mutating func position(forKey key: String, settingIfAbsent value: @autoclosure () -> Value)
        -> (position: Int, inserted: Bool)
    {
        // The key read where it lies: a copy made native first (`var key =
        // key; key.withUTF8`) retained and released it on every look-up.
        // The key is found through the table's buffers, not `find`: the
        // closure captures this (mutating) method's `self`, and calling a
        // method on it there copied the table, retaining and releasing the
        // arrays it reads for every key added (about 300,000 keys at 100k
        // users: entries' DNs, accounts' DNs and the HR extract's join keys).
        let found = slots.withUnsafeBufferPointer { slots in
            keys.withUnsafeBufferPointer { keys in
                DirectoryEntry.withUTF8(key) { Self.find(UnsafeRawBufferPointer($0), slots: slots, keys: keys) }
            }
        }
        if let position = found.position { return (position, false) }
        if (keys.count + 1) * 2 > slots.count {
            grow()
            return position(forKey: key, settingIfAbsent: value())
        }
        slots[found.slot] = Self.slot(position: keys.count, hash: found.hash)
        hashes.append(found.hash)
        keys.append(key)
        values.append(value())
        return (keys.count - 1, true)
    }

    /// The value of the lowercased DN `key`.
    subscript(key key: String) -> Value? {
        DirectoryEntry.withUTF8(key) { find(UnsafeRawBufferPointer($0)).position.map { values[$0] } }
    }

    /// The value of `dn`, in any case (the lookup `CaseFold.lowercased`
    /// makes the key of).
    func value(forDN dn: String) -> Value? {
        let found: Value?? = dn.utf8.withContiguousStorageIfAvailable { value(forDN: $0) }
        if let found { return found }
        return self[key: CaseFold.lowercased(dn)]
    }

    /// The value of the DN whose UTF-8 is `dn`, in any case.
    func value(forDN dn: UnsafeBufferPointer<UInt8>) -> Value? {
        let fast: (handled: Bool, value: Value?) =
            dn.count > Self.longestLowered
            ? (false, nil)
            : withUnsafeTemporaryAllocation(of: UInt8.self, capacity: dn.count) { lowered in
                guard Self.lowerASCII(dn, into: lowered) else { return (false, nil) }
                return (true, find(UnsafeRawBufferPointer(lowered)).position.map { values[$0] })
            }
        if fast.handled { return fast.value }
        return self[key: CaseFold.lowercased(utf8: dn)]
    }

    /// The longest DN lowered into a buffer for a look-up; a longer one
    /// takes the general path (`CaseFold.lowercased`).
    static var longestLowered: Int { 1_024 }

    /// Lowers `dn` into `target` (as long) and tells whether it is ASCII:
    /// one that is not takes the general path. Checked and lowered in one
    /// pass, indexed so: about 4 instructions a byte, where indexing from a
    /// range's bounds took 14.
    @inline(__always)
    private static func lowerASCII(_ dn: UnsafeBufferPointer<UInt8>, into target: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        var bits: UInt8 = 0
        for index in dn.indices {
            let byte = dn[index]
            bits |= byte
            target[index] = CaseFold.lower(byte)
        }
        return bits < 0x80
    }

    /// Where `key` is (`position`), or the empty slot it would take, with its hash.
    private func find(_ key: UnsafeRawBufferPointer) -> (position: Int?, slot: Int, hash: UInt64) {
        slots.withUnsafeBufferPointer { slots in
            keys.withUnsafeBufferPointer { keys in Self.find(key, slots: slots, keys: keys) }
        }
    }

    /// `find(_:)` in the table's `slots` and `keys`.
    ///
    /// The stored keys are read where they lie: a copy of the matching key
    /// (`var stored = keys[position]`) retained and released a string at a
    /// random place in memory for every lookup, a third of the samples of a
    /// 1M run's groups stage, which looks up every member.
    @inline(__always)
    private static func find(
        _ key: UnsafeRawBufferPointer, slots: UnsafeBufferPointer<UInt64>, keys: UnsafeBufferPointer<String>
    ) -> (position: Int?, slot: Int, hash: UInt64) {
        var digest = ContentDigest()
        digest.add(key)
        let hash = digest.value
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        let tag = hash >> 32
        while true {
            let entry = slots[slot]
            if entry == 0 { return (nil, slot, hash) }
            let position = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
            if entry >> 32 == tag, equal(keys[position], key) { return (position, slot, hash) }
            slot = (slot + 1) & mask
        }
    }

    /// A slot's bits for the entry at `position` with `hash`.
    @inline(__always)
    private static func slot(position: Int, hash: UInt64) -> UInt64 {
        (hash >> 32) << 32 | UInt64(position + 1)
    }

    /// Whether `stored`'s UTF-8 is `key`'s bytes.
    @inline(__always)
    private static func equal(_ stored: String, _ key: UnsafeRawBufferPointer) -> Bool {
        let equal: Bool? = stored.utf8.withContiguousStorageIfAvailable { stored in
            stored.count == key.count && (key.isEmpty || memcmp(stored.baseAddress!, key.baseAddress!, key.count) == 0)
        }
        if let equal { return equal }
        return stored.utf8.elementsEqual(key)
    }

    /// Makes room for `count` entries in all, placing those it has again
    /// at most once, rather than at each doubling as they arrive.
    mutating func reserve(_ count: Int) {
        var capacity = slots.count
        while capacity < count * 2 { capacity <<= 1 }
        if capacity > slots.count { place(inSlots: capacity) }
        hashes.reserveCapacity(count)
        keys.reserveCapacity(count)
        values.reserveCapacity(count)
    }

    /// Doubles the slots and places every entry again.
    private mutating func grow() {
        place(inSlots: slots.count * 2)
    }

    /// Places every entry in `capacity` new slots (a power of two).
    private mutating func place(inSlots capacity: Int) {
        slots = Array(repeating: 0, count: capacity)
        let mask = slots.count - 1
        for position in hashes.indices {
            var slot = Int(truncatingIfNeeded: hashes[position]) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Self.slot(position: position, hash: hashes[position])
        }
    }
}

extension DNTable {
    /// DNs to be looked up together (`resolve(_:in:)`): a group's members,
    /// whose look-ups do not depend on one another. A caller keeps one and
    /// reuses it batch after batch.
    ///
    /// One look-up at a time reads the slot, then the stored key's string,
    /// then its bytes, then the value, each at a random place in memory and
    /// each waiting for the one before: at a million users the 2.5 million
    /// members' look-ups were about 1.0 s of processor time (perf), mostly
    /// waiting. Gathered, each of those reads is made for every DN of the
    /// batch before the next, and the processor has them under way at once:
    /// the groups' whole task took 1,062-1,380 perf samples against
    /// 1,534-1,770 (1M first imports, 1,000 Hz). The DNs are read where
    /// they lie (`AttributeValues.withEncodedRanges`) and lowered straight
    /// into the batch, about 120 instructions a DN more than one look-up at
    /// a time (callgrind); appended to arrays a byte at a time, it was 1,500.
    struct Lookups {
        /// DNs a batch holds: enough reads under way to cover the wait, few
        /// enough that what they read stays in the first-level cache.
        static var capacity: Int { 16 }

        /// The longest DN lowered into the batch (`DNTable.longestLowered`).
        static var longest: Int { DNTable.longestLowered }

        /// Where the DNs of the batch lie in the bytes `resolve` is given;
        /// at most `capacity`.
        var ranges: [Range<Int>] = []
        /// Each DN's value, in the order of `ranges`, once resolved.
        fileprivate(set) var values: [Value?] = []
        /// Each DN lowered, `longest` bytes apart.
        fileprivate var lowered: [UInt8] = []
        /// Each DN's hash, or nil for one that takes the general path.
        fileprivate var hashes: [UInt64?] = []
        /// The entry whose hash bits match each DN's, or -1.
        fileprivate var found: [Int] = []
        /// What the reads made ahead of need (`resolve`) read, kept so that
        /// the optimiser keeps them: a value nothing uses is not read.
        fileprivate var readAhead: UInt64 = 0

        init() {
            ranges.reserveCapacity(Self.capacity)
            values.reserveCapacity(Self.capacity)
            lowered = [UInt8](repeating: 0, count: Self.capacity * Self.longest)
            hashes = [UInt64?](repeating: nil, count: Self.capacity)
            found = [Int](repeating: -1, count: Self.capacity)
        }

        var isFull: Bool { ranges.count >= Self.capacity }
    }

    /// Looks up the DNs at `lookups.ranges` of `bytes`, each as
    /// `value(forDN:)` would, into `lookups.values`, in the same order.
    func resolve(_ lookups: inout Lookups, in bytes: UnsafeBufferPointer<UInt8>) {
        let count = lookups.ranges.count
        precondition(count <= Lookups.capacity, "at most \(Lookups.capacity) DNs a batch")
        lookups.values.removeAll(keepingCapacity: true)
        guard count > 0 else { return }
        // Each step for every DN before the next: the reads of one step do
        // not depend on each other.
        lookups.ranges.withUnsafeBufferPointer { ranges in
            lookups.lowered.withUnsafeMutableBufferPointer { lowered in
                lookups.hashes.withUnsafeMutableBufferPointer { hashes in
                    // Lowered and checked in one pass, then hashed.
                    for index in 0..<count {
                        let dn = ranges[index]
                        hashes[index] = nil
                        guard dn.count <= Lookups.longest else { continue }
                        let target = UnsafeMutableBufferPointer(
                            start: lowered.baseAddress! + index * Lookups.longest, count: dn.count)
                        guard Self.lowerASCII(UnsafeBufferPointer(rebasing: bytes[dn]), into: target) else { continue }
                        var digest = ContentDigest()
                        digest.add(UnsafeRawBufferPointer(target))
                        hashes[index] = digest.value
                    }
                }
            }
        }
        lookups.hashes.withUnsafeBufferPointer { hashes in
            lookups.found.withUnsafeMutableBufferPointer { found in
                slots.withUnsafeBufferPointer { slots in
                    let mask = slots.count - 1
                    // The slots first: the read each DN's probing starts with.
                    var touched: UInt64 = 0
                    for index in 0..<count {
                        if let hash = hashes[index] { touched |= slots[Int(truncatingIfNeeded: hash) & mask] }
                    }
                    // Then the probing itself, within cached lines nearly always.
                    for index in 0..<count {
                        found[index] = -1
                        guard let hash = hashes[index] else { continue }
                        var slot = Int(truncatingIfNeeded: hash) & mask
                        let tag = hash >> 32
                        while true {
                            let entry = slots[slot]
                            if entry == 0 { break }
                            if entry >> 32 == tag {
                                found[index] = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                                break
                            }
                            slot = (slot + 1) & mask
                        }
                    }
                    lookups.readAhead = touched
                }
                // The stored keys' bytes and the values, read for every DN
                // found before any is compared.
                keys.withUnsafeBufferPointer { keys in
                    values.withUnsafeBufferPointer { values in
                        var touched: UInt8 = 0
                        for index in 0..<count where found[index] >= 0 {
                            keys[found[index]].utf8.withContiguousStorageIfAvailable { stored in
                                if let first = stored.first { touched |= first }
                            }
                            // A byte of the value where it lies: a copy of a string value would retain it.
                            if MemoryLayout<Value>.size > 0 {
                                touched |= UnsafeRawPointer(values.baseAddress! + found[index]).load(as: UInt8.self)
                            }
                        }
                        lookups.readAhead |= UInt64(touched)
                    }
                }
            }
        }
        for index in 0..<count {
            let dn = UnsafeBufferPointer(rebasing: bytes[lookups.ranges[index]])
            guard lookups.hashes[index] != nil else {
                lookups.values.append(self[key: CaseFold.lowercased(utf8: dn)])
                continue
            }
            let position = lookups.found[index]
            let value: Value? = lookups.lowered.withUnsafeBytes { lowered in
                let key = UnsafeRawBufferPointer(rebasing: lowered[(index * Lookups.longest)..<(index * Lookups.longest + dn.count)])
                if position >= 0, keys.withUnsafeBufferPointer({ Self.equal($0[position], key) }) { return values[position] }
                if position < 0 { return nil }
                // Hash bits alike, keys not: probe on, as any look-up does.
                return find(key).position.map { values[$0] }
            }
            lookups.values.append(value)
        }
    }
}

/// Users' accounts by DN.
typealias AccountsByDN = DNTable<String>

extension DNTable where Value == String {
    /// The account of `dn`, in any case.
    func account(forDN dn: String) -> String? { value(forDN: dn) }
}

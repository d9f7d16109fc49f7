import Foundation

/// Users' accounts by DN, looked up in any case without making a string of
/// the DN.
///
/// Every profile with a manager looks one up, in its build and again before
/// a build is skipped (`ProfileBuilder.personLookups`). Through a
/// `[String: String]` each lookup lowered the DN into a new string, hashed
/// its 60-odd bytes with SipHash and freed it: about 2,500 instructions
/// (callgrind). Here an ASCII DN (nearly all) is lowered into a stack buffer
/// and hashed a word at a time (`ContentDigest`), and only the entry whose
/// hash matches is compared.
struct AccountsByDN: Sendable {
    /// Entry positions by hash, -1 for none: open addressing, linear probing.
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    /// Lowercased DNs (`CaseFold.lowercased`), as the loader keys entries.
    private var keys: [String] = []
    private var accounts: [String] = []

    init(minimumCapacity: Int = 0) {
        var capacity = 16
        while capacity < minimumCapacity * 2 { capacity <<= 1 }
        slots = Array(repeating: -1, count: capacity)
        hashes.reserveCapacity(minimumCapacity)
        keys.reserveCapacity(minimumCapacity)
        accounts.reserveCapacity(minimumCapacity)
    }

    /// How many DNs have an account.
    var count: Int { keys.count }

    /// Sets the account of the lowercased DN `key`, replacing any it had.
    mutating func set(_ account: String, forKey key: String) {
        var key = key
        let found = key.withUTF8 { find(UnsafeRawBufferPointer($0)) }
        if let position = found.position {
            accounts[position] = account
            return
        }
        if (keys.count + 1) * 2 > slots.count {
            grow()
            set(account, forKey: key)
            return
        }
        slots[found.slot] = Int32(keys.count)
        hashes.append(found.hash)
        keys.append(key)
        accounts.append(account)
    }

    /// The account of the lowercased DN `key`.
    subscript(key key: String) -> String? {
        var key = key
        return key.withUTF8 { find(UnsafeRawBufferPointer($0)).position.map { accounts[$0] } }
    }

    /// The account of `dn`, in any case (the lookup `CaseFold.lowercased`
    /// makes the key of).
    func account(forDN dn: String) -> String? {
        let fast: (handled: Bool, account: String?)? = dn.utf8.withContiguousStorageIfAvailable { utf8 in
            guard utf8.count <= 1_024 else { return (false, nil) }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: utf8.count) { lowered in
                // Checked and lowered in one pass: any byte past ASCII takes the general path.
                var bits: UInt8 = 0
                for index in utf8.indices {
                    let byte = utf8[index]
                    bits |= byte
                    lowered[index] = CaseFold.lower(byte)
                }
                guard bits < 0x80 else { return (false, nil) }
                return (true, find(UnsafeRawBufferPointer(lowered)).position.map { accounts[$0] })
            }
        }
        if let fast, fast.handled { return fast.account }
        return self[key: CaseFold.lowercased(dn)]
    }

    /// Where `key` is (`position`), or the empty slot it would take, with its hash.
    private func find(_ key: UnsafeRawBufferPointer) -> (position: Int?, slot: Int, hash: UInt64) {
        var digest = ContentDigest()
        digest.add(key)
        let hash = digest.value
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let position = Int(slots[slot])
            if position < 0 { return (nil, slot, hash) }
            if hashes[position] == hash {
                var stored = keys[position]
                let equal = stored.withUTF8 { stored in
                    stored.count == key.count
                        && (key.isEmpty || memcmp(stored.baseAddress!, key.baseAddress!, key.count) == 0)
                }
                if equal { return (position, slot, hash) }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Doubles the slots and places every entry again.
    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for position in hashes.indices {
            var slot = Int(truncatingIfNeeded: hashes[position]) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(position)
        }
    }
}

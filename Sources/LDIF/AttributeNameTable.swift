#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Interns attribute descriptions seen in a file.
///
/// An export repeats the same few hundred attribute names millions of times;
/// building a String, lowercasing it and classifying it (secret or not) once
/// per distinct spelling instead of once per line is most of what keeps the
/// reader fast. Lookups hash the raw bytes, so a hit allocates nothing.
struct AttributeNameTable {
    struct Entry {
        var bytes: [UInt8]
        /// The description as written.
        var name: String
        /// Lowercased, options stripped (`LDIFAttribute.baseName`).
        var baseName: String
        /// Same for every spelling that differs only in case (values of
        /// `cn` and `CN` belong to one attribute).
        var group: Int
        var isSecret: Bool
        var hash: UInt64
    }

    private(set) var entries: [Entry] = []
    // Kept apart from `entries` so the probe loop reads plain integers.
    private var hashes: [UInt64] = []
    // Open addressing: entry index + 1 per slot, 0 = empty. A plain array
    // probe avoids Dictionary's seeded hashing on every attribute line.
    private var slots = [Int32](repeating: 0, count: 1024)
    private var groups: [String: Int] = [:]
    private(set) var groupCount = 0

    // The entry seen at each line position of the previous record: exports
    // repeat one attribute layout, so this usually matches without hashing.
    private var byPosition: [Int] = []

    /// The entry index for the name on line `position` of a record, adding it on first sight.
    mutating func intern(_ name: UnsafeBufferPointer<UInt8>, position: Int) -> Int {
        if position < byPosition.count {
            let candidate = byPosition[position]
            if Self.equal(entries[candidate].bytes, name) { return candidate }
        }
        let found = intern(name)
        if position < byPosition.count {
            byPosition[position] = found
        } else if position == byPosition.count {
            byPosition.append(found)
        }
        return found
    }

    /// The entry index for the name bytes, adding it on first sight.
    mutating func intern(_ name: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        var mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            let candidate = Int(slots[slot]) - 1
            if hashes[candidate] == hash && Self.equal(entries[candidate].bytes, name) { return candidate }
            slot = (slot + 1) & mask
        }
        let bytes = Array(name)
        let text = String(decoding: bytes, as: UTF8.self)
        let lowered = text.lowercased()
        let group: Int
        if let known = groups[lowered] {
            group = known
        } else {
            group = groupCount
            groups[lowered] = group
            groupCount += 1
        }
        let baseName = AttributeDescription.baseName(of: text)
        let entry = Entry(
            bytes: bytes, name: text, baseName: baseName, group: group,
            isSecret: SecretAttributes.isSecret(baseName: baseName), hash: hash)
        entries.append(entry)
        hashes.append(hash)
        if entries.count * 2 > slots.count {
            slots = [Int32](repeating: 0, count: slots.count * 2)
            mask = slots.count - 1
            for (index, existing) in entries.enumerated() {
                var probe = Int(truncatingIfNeeded: existing.hash) & mask
                while slots[probe] != 0 { probe = (probe + 1) & mask }
                slots[probe] = Int32(index + 1)
            }
        } else {
            slots[slot] = Int32(entries.count)
        }
        return entries.count - 1
    }

    private static func equal(_ stored: [UInt8], _ name: UnsafeBufferPointer<UInt8>) -> Bool {
        guard stored.count == name.count else { return false }
        guard let other = name.baseAddress else { return true }
        return stored.withUnsafeBufferPointer { memcmp($0.baseAddress!, other, name.count) == 0 }
    }
}

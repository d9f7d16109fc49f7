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
        /// The description as written.
        var name: String
        /// Lowercased, options stripped (`LDIFAttribute.baseName`).
        var baseName: String
        /// `baseName`'s UTF-8, kept by the table that interned it: valid
        /// while that table, or a copy of it, lives. Read from an entry the
        /// reader lends by pointer, the string was copied, retained and
        /// released, for every attribute of every record (175,000 calls to
        /// `swift_retain` in a 10k first import, 7% of them); a pointer is not.
        var baseNameUTF8: UnsafeBufferPointer<UInt8>
        /// Same for every spelling that differs only in case (values of
        /// `cn` and `CN` belong to one attribute).
        var group: Int
        /// Spellings equal once lowercased and stripped of `range=` options
        /// share this: the attribute `LDIFEntryMerger` merges ranged pieces into.
        var rangelessGroup: Int
        var isSecret: Bool
        /// Left out by the reader's `attributeFilter`.
        var isFilteredOut: Bool
        /// `objectClass` in any case, without options: the values `inspect --summary` names.
        var isObjectClass: Bool
        var hash: UInt64
    }

    private(set) var entries: [Entry] = []
    /// What the reader checks on every attribute line, by entry number, kept
    /// apart from `entries`: reading an `Entry` copies it, retaining and
    /// releasing its two names, three times a line.
    struct LineFacts {
        var group: Int
        var isSecret: Bool
        var isFilteredOut: Bool
    }
    private(set) var facts: [LineFacts] = []
    /// `LDIFReaderOptions.attributeFilter`: base names to keep, nil for all.
    let keep: Set<String>?

    init(keep: Set<String>? = nil) {
        self.keep = keep
    }
    // Kept apart from `entries` so the probe loop reads plain integers.
    private var hashes: [UInt64] = []
    // Open addressing: entry index + 1 per slot, 0 = empty. A plain array
    // probe avoids Dictionary's seeded hashing on every attribute line.
    private var slots = [Int32](repeating: 0, count: 1024)
    private var groups: [String: Int] = [:]
    private(set) var groupCount = 0
    private var rangelessGroups: [String: Int] = [:]

    /// Stands for this table (and its entry numbers) while someone holds it:
    /// a summary keeps its own map from entry numbers and must know whose.
    let identity = Identity()
    final class Identity: Sendable {}

    /// Every entry's `baseNameUTF8`, freed with the last table that holds
    /// them. A table that shares its store with a copy starts a store of
    /// its own, which holds the shared one (`earlier`): the copies' entries
    /// stay valid, and no two tables add to one store.
    private final class BaseNameBytes {
        let earlier: BaseNameBytes?
        private var blocks: [UnsafeMutableBufferPointer<UInt8>] = []

        init(earlier: BaseNameBytes?) {
            self.earlier = earlier
        }

        func keep(_ text: String) -> UnsafeBufferPointer<UInt8> {
            var text = text
            return text.withUTF8 { utf8 in
                let block = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(utf8.count, 1))
                _ = block.initialize(from: utf8)
                blocks.append(block)
                return UnsafeBufferPointer(rebasing: block[..<utf8.count])
            }
        }

        deinit {
            for block in blocks { block.deallocate() }
        }
    }
    private var baseNameBytes = BaseNameBytes(earlier: nil)

    private mutating func keepBaseName(_ text: String) -> UnsafeBufferPointer<UInt8> {
        if !isKnownUniquelyReferenced(&baseNameBytes) { baseNameBytes = BaseNameBytes(earlier: baseNameBytes) }
        return baseNameBytes.keep(text)
    }

    // Every entry's name bytes back to back, and where each one's are: the
    // probe and the guess compare against these without touching `entries`.
    private var nameBytes: [UInt8] = []
    private var spans: [(start: Int, count: Int)] = []

    // The entry seen at each attribute line position of the previous record:
    // exports repeat one attribute layout, so this usually matches without
    // hashing, and a match is a name already checked.
    private var byPosition: [Int] = []

    /// The entry whose name starts `line`, followed by its colon, when it is
    /// the one seen at this position of the previous record; the name's
    /// length with it. A hit needs no check of the name: it passed one when
    /// it was interned.
    @inline(__always)
    func guess(at position: Int, in bytes: UnsafeBufferPointer<UInt8>, line: LDIFLogicalLine) -> (entry: Int, length: Int)? {
        guard position < byPosition.count else { return nil }
        let entry = byPosition[position]
        let span = spans[entry]
        guard line.end - line.start > span.count, bytes[line.start + span.count] == UInt8(ascii: ":") else { return nil }
        let matches = nameBytes.withUnsafeBufferPointer {
            Self.equal($0.baseAddress! + span.start, bytes.baseAddress! + line.start, count: span.count)
        }
        return matches ? (entry, span.count) : nil
    }

    /// The entry index for the name on attribute line `position` of a record,
    /// adding it on first sight; it becomes the next record's guess there.
    mutating func intern(_ name: UnsafeBufferPointer<UInt8>, position: Int) -> Int {
        let found = intern(name)
        if position < byPosition.count {
            byPosition[position] = found
        } else if position == byPosition.count {
            byPosition.append(found)
        }
        return found
    }

    /// Whether `count` bytes at `left` and `right` are equal: whole words,
    /// the last one overlapping, so a name costs a few loads, not a byte loop.
    @inline(__always)
    private static func equal(_ left: UnsafePointer<UInt8>, _ right: UnsafePointer<UInt8>, count: Int) -> Bool {
        let left = UnsafeRawPointer(left)
        let right = UnsafeRawPointer(right)
        if count >= 8 {
            var index = 0
            while index + 8 < count {
                if left.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    != right.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                {
                    return false
                }
                index += 8
            }
            return left.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
                == right.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        }
        if count >= 4 {
            return left.loadUnaligned(as: UInt32.self) == right.loadUnaligned(as: UInt32.self)
                && left.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
                    == right.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
        }
        for index in 0..<count where left.load(fromByteOffset: index, as: UInt8.self) != right.load(fromByteOffset: index, as: UInt8.self) {
            return false
        }
        return true
    }

    /// The entry index for the name bytes, adding it on first sight.
    mutating func intern(_ name: UnsafeBufferPointer<UInt8>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        var mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            let candidate = Int(slots[slot]) - 1
            if hashes[candidate] == hash && isEntry(candidate, spelled: name) { return candidate }
            slot = (slot + 1) & mask
        }
        spans.append((nameBytes.count, name.count))
        nameBytes.append(contentsOf: name)
        let text = String(decoding: name, as: UTF8.self)
        let lowered = text.lowercased()
        let group: Int
        if let known = groups[lowered] {
            group = known
        } else {
            group = groupCount
            groups[lowered] = group
            groupCount += 1
        }
        let rangeless = AttributeDescription.removingRangeOptions(text).lowercased()
        let rangelessGroup = rangelessGroups[rangeless] ?? rangelessGroups.count
        rangelessGroups[rangeless] = rangelessGroup
        let baseName = AttributeDescription.baseName(of: text)
        let entry = Entry(
            name: text, baseName: baseName, baseNameUTF8: keepBaseName(baseName), group: group,
            rangelessGroup: rangelessGroup,
            isSecret: SecretAttributes.isSecret(baseName: baseName), isFilteredOut: keep.map { !$0.contains(baseName) } ?? false,
            isObjectClass: lowered == "objectclass", hash: hash)
        entries.append(entry)
        facts.append(LineFacts(group: group, isSecret: entry.isSecret, isFilteredOut: entry.isFilteredOut))
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

    private func isEntry(_ entry: Int, spelled name: UnsafeBufferPointer<UInt8>) -> Bool {
        let span = spans[entry]
        guard span.count == name.count else { return false }
        guard let other = name.baseAddress else { return true }
        return nameBytes.withUnsafeBufferPointer { Self.equal($0.baseAddress! + span.start, other, count: span.count) }
    }
}

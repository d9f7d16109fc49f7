import UTF8Validation

/// A directory object as the engine sees it: a DN and its attributes keyed by
/// lowercased base name (options such as `;binary` or `;range=…` stripped).
///
/// The attributes live in one byte buffer, in key order and in exactly the
/// per-attribute layout `SourceSnapshot` stores, with a small sorted index of
/// keys beside it. A run holds every entry of an export at once: a dictionary
/// of value arrays cost a hash table, an array per attribute and a string per
/// value, about 5 KB and 50 allocations for an AD user. Values are decoded when
/// read (`values(forKey:)`), the snapshot is a copy of the buffer, and a
/// snapshot read back from the store becomes an entry without decoding a value.
public struct DirectoryEntry: AttributeSource, Sendable, Hashable {
    public var dn: String
    public var file: String
    public var line: Int
    /// Attribute keys, ascending in `String` order (the snapshot's order), unique.
    private var keys: [String]
    /// Per key, where its attribute lies in `storage`.
    private var slots: [Slot]
    /// Per attribute, in key order: key length + key, value count, then per
    /// value `length << 1 | isBinary` + bytes; every number a LEB128 varint.
    private var storage: [UInt8]

    struct Slot: Hashable, Sendable {
        /// The key's first eight bytes, big-endian: orders most keys without a string comparison.
        var prefix: UInt64
        /// Where the attribute (its key) starts.
        var start: UInt32
        /// Where its first value starts.
        var valuesStart: UInt32
        /// Where the attribute ends.
        var end: UInt32
        var count: UInt32
    }

    public init(dn: String, file: String, line: Int, attributes: [String: [AttributeValue]] = [:]) {
        var merged: [String: [AttributeValue]] = [:]
        for (name, values) in attributes { merged[Self.key(name), default: []] += values }
        self.init(dn: dn, file: file, line: line, sortedAttributes: merged.sorted { Self.precedes($0.key, $1.key) })
    }

    /// An entry without attributes. `capacity` is a hint for the attributes to come.
    public init(dn: String, file: String, line: Int, reservingCapacity capacity: Int) {
        self.dn = dn
        self.file = file
        self.line = line
        keys = []
        slots = []
        storage = []
        keys.reserveCapacity(capacity)
        slots.reserveCapacity(capacity)
    }

    private init(dn: String, file: String, line: Int, sortedAttributes: [(key: String, value: [AttributeValue])]) {
        self.dn = dn
        self.file = file
        self.line = line
        keys = []
        slots = []
        storage = []
        keys.reserveCapacity(sortedAttributes.count)
        slots.reserveCapacity(sortedAttributes.count)
        for (key, values) in sortedAttributes {
            let start = storage.count
            Self.appendVarint(UInt64(key.utf8.count), to: &storage)
            storage.append(contentsOf: key.utf8)
            Self.appendVarint(UInt64(values.count), to: &storage)
            let valuesStart = storage.count
            for value in values { Self.append(value, to: &storage) }
            keys.append(key)
            slots.append(
                Slot(
                    prefix: Self.prefix(of: key), start: UInt32(start), valuesStart: UInt32(valuesStart),
                    end: UInt32(storage.count), count: UInt32(values.count)))
        }
    }

    /// The lookup key of an attribute name: lowercased, options stripped.
    public static func key(_ name: String) -> String {
        // Most names reaching here are keys already (plans and rules store
        // them normalised): hand them back without splitting and lowercasing.
        var isKey = true
        for byte in name.utf8 where byte == UInt8(ascii: ";") || byte >= 0x80 || (byte >= 0x41 && byte <= 0x5A) {
            isKey = false
            break
        }
        if isKey { return name }
        let base = name.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return base.lowercased()
    }

    public var distinguishedName: String? { dn }

    /// The attributes as a dictionary (a copy: for tests and the rare caller that wants every value).
    public var attributes: [String: [AttributeValue]] {
        var result: [String: [AttributeValue]] = Dictionary(minimumCapacity: keys.count)
        for index in keys.indices { result[keys[index]] = Array(values(at: index)) }
        return result
    }

    public func values(of attribute: String) -> [AttributeValue] {
        if let index = index(ofKey: attribute) { return Array(values(at: index)) }
        return index(ofKey: Self.key(attribute)).map { Array(values(at: $0)) } ?? []
    }

    /// Values by an already-normalised key (the hot path: plans precompute keys).
    /// Each value is decoded as it is read.
    public func values(forKey key: String) -> AttributeValues {
        guard let index = index(ofKey: key) else { return AttributeValues(storage: storage, range: 0..<0, count: 0) }
        return values(at: index)
    }

    public func firstText(_ key: String) -> String? {
        values(forKey: key).first?.text
    }

    /// Whether the entry has the attribute `key` (already normalised), even without values.
    public func contains(key: String) -> Bool { index(ofKey: key) != nil }

    /// Attribute keys in a stable order (sorted), for snapshots and digests.
    public var sortedKeys: [String] { keys }

    public mutating func append(_ value: AttributeValue, to name: String) {
        append(contentsOf: CollectionOfOne(value), toKey: Self.key(name))
    }

    /// Appends values under an already-normalised key (see `key(_:)`).
    public mutating func append(contentsOf values: some Collection<AttributeValue>, toKey key: String) {
        var chunk: [UInt8] = []
        for value in values { Self.append(value, to: &chunk) }
        append(encodedValues: chunk, count: values.count, toKey: key)
    }

    /// Appends values already in the stored layout (`length << 1 | isBinary` + bytes each).
    mutating func append(encodedValues chunk: [UInt8], count: Int, toKey key: String) {
        let prefix = Self.prefix(of: key)
        let (position, found) = search(key, prefix: prefix)
        if found {
            // A second spelling of the same attribute (`member;range=…` after
            // `member`): its values follow the first's.
            let slot = slots[position]
            var replacement: [UInt8] = []
            Self.appendVarint(UInt64(key.utf8.count), to: &replacement)
            replacement.append(contentsOf: key.utf8)
            Self.appendVarint(UInt64(Int(slot.count) + count), to: &replacement)
            replacement.append(contentsOf: storage[Int(slot.valuesStart)..<Int(slot.end)])
            replacement.append(contentsOf: chunk)
            splice(position, replacement, count: Int(slot.count) + count, key: key)
        } else {
            var attribute: [UInt8] = []
            Self.appendVarint(UInt64(key.utf8.count), to: &attribute)
            attribute.append(contentsOf: key.utf8)
            Self.appendVarint(UInt64(count), to: &attribute)
            let headerLength = attribute.count
            attribute.append(contentsOf: chunk)
            insert(attribute, headerLength: headerLength, count: count, key: key, prefix: prefix, at: position)
        }
    }

    public mutating func replace(_ name: String, with values: [AttributeValue]) {
        let key = Self.key(name)
        if values.isEmpty {
            remove(key)
            return
        }
        remove(key)
        append(contentsOf: values, toKey: key)
    }

    public mutating func remove(_ name: String) {
        guard let index = index(ofKey: Self.key(name)) else { return }
        let slot = slots[index]
        let removed = UInt32(slot.end - slot.start)
        storage.removeSubrange(Int(slot.start)..<Int(slot.end))
        keys.remove(at: index)
        slots.remove(at: index)
        for later in index..<slots.count { slots[later].shift(by: -Int64(removed)) }
    }

    /// Keeps only the attributes whose keys are in `keys` (the ones the
    /// configuration reads), so snapshots stay small.
    public mutating func retain(keys wanted: Set<String>) {
        guard keys.contains(where: { !wanted.contains($0) }) else { return }
        var kept = DirectoryEntry(dn: dn, file: file, line: line, reservingCapacity: keys.count)
        for index in keys.indices where wanted.contains(keys[index]) {
            let slot = slots[index]
            let start = kept.storage.count
            kept.storage.append(contentsOf: storage[Int(slot.start)..<Int(slot.end)])
            var moved = slot
            moved.shift(by: Int64(start) - Int64(slot.start))
            kept.keys.append(keys[index])
            kept.slots.append(moved)
        }
        self = kept
    }

    // MARK: Snapshot layout

    /// The attributes in `SourceSnapshot`'s layout, in key order, and how many there are.
    var encodedAttributes: (bytes: [UInt8], count: Int) { (storage, keys.count) }

    /// An entry over attributes already in the stored layout; nil unless the
    /// bytes hold exactly `count` well-formed attributes in ascending key order
    /// with UTF-8 text values.
    init?(dn: String, file: String, line: Int, encodedAttributes bytes: ArraySlice<UInt8>, count: Int) {
        self.dn = dn
        self.file = file
        self.line = line
        storage = Array(bytes)
        keys = []
        slots = []
        keys.reserveCapacity(count)
        slots.reserveCapacity(count)
        let valid = storage.withUnsafeBufferPointer { buffer -> Bool in
            var cursor = 0
            for _ in 0..<count {
                let start = cursor
                guard let keyLength = Self.readVarint(buffer, &cursor), keyLength <= UInt64(buffer.count - cursor) else {
                    return false
                }
                let keyBytes = UnsafeBufferPointer(rebasing: buffer[cursor..<cursor + Int(keyLength)])
                guard UTF8Validation.isValid(keyBytes) else { return false }
                let key = String(decoding: keyBytes, as: UTF8.self)
                cursor += Int(keyLength)
                let prefix = Self.prefix(of: key)
                if let last = keys.last, let lastSlot = slots.last,
                    !Self.precedes(last, lastSlot.prefix, key, prefix)
                {
                    return false
                }
                guard let valueCount = Self.readVarint(buffer, &cursor), valueCount <= UInt64(buffer.count) else {
                    return false
                }
                let valuesStart = cursor
                for _ in 0..<valueCount {
                    guard let header = Self.readVarint(buffer, &cursor), header >> 1 <= UInt64(buffer.count - cursor) else {
                        return false
                    }
                    let length = Int(header >> 1)
                    if header & 1 == 0, !UTF8Validation.isValid(UnsafeBufferPointer(rebasing: buffer[cursor..<cursor + length])) {
                        return false
                    }
                    cursor += length
                }
                keys.append(key)
                slots.append(
                    Slot(
                        prefix: prefix, start: UInt32(start), valuesStart: UInt32(valuesStart), end: UInt32(cursor),
                        count: UInt32(valueCount)))
            }
            return cursor == buffer.count
        }
        guard valid else { return nil }
    }

    // MARK: Building from a reader

    /// Builds an entry from attributes in any order, possibly repeated (a
    /// record's `member;range=…` spellings), reusing its buffers across entries.
    public struct Builder {
        private struct Part {
            var key: String
            var prefix: UInt64
            var start: Int
            var end: Int
            var count: Int
        }

        private var parts: [Part] = []
        private var values: [UInt8] = []
        private var order: [Int] = []

        public init() {}

        /// Starts an attribute under an already-normalised key; values follow.
        public mutating func beginAttribute(_ key: String) {
            parts.append(Part(key: key, prefix: DirectoryEntry.prefix(of: key), start: values.count, end: values.count, count: 0))
        }

        /// Appends a value to the attribute begun last.
        public mutating func appendValue(_ bytes: UnsafeBufferPointer<UInt8>, isText: Bool) {
            DirectoryEntry.appendVarint(UInt64(bytes.count) << 1 | (isText ? 0 : 1), to: &values)
            values.append(contentsOf: bytes)
            parts[parts.count - 1].end = values.count
            parts[parts.count - 1].count += 1
        }

        /// The entry, attributes sorted by key and repeated keys merged; the builder is empty afterwards.
        public mutating func finish(dn: String, file: String, line: Int) -> DirectoryEntry {
            defer {
                parts.removeAll(keepingCapacity: true)
                values.removeAll(keepingCapacity: true)
                order.removeAll(keepingCapacity: true)
            }
            order.append(contentsOf: parts.indices)
            // Insertion sort: a record has a few dozen attributes, and exports
            // list them in nearly the same order record after record.
            let parts = self.parts
            for index in order.indices.dropFirst() {
                let moving = order[index]
                var position = index
                while position > 0 {
                    let before = parts[order[position - 1]]
                    let part = parts[moving]
                    // Stable: equal keys keep their file order.
                    guard DirectoryEntry.precedes(part.key, part.prefix, before.key, before.prefix) else { break }
                    order[position] = order[position - 1]
                    position -= 1
                }
                order[position] = moving
            }
            var entry = DirectoryEntry(dn: dn, file: file, line: line, reservingCapacity: parts.count)
            entry.storage.reserveCapacity(values.count + parts.count * 24)
            var index = 0
            while index < order.count {
                let first = parts[order[index]]
                var last = index
                var count = first.count
                while last + 1 < order.count, parts[order[last + 1]].key == first.key {
                    last += 1
                    count += parts[order[last]].count
                }
                let start = entry.storage.count
                DirectoryEntry.appendVarint(UInt64(first.key.utf8.count), to: &entry.storage)
                entry.storage.append(contentsOf: first.key.utf8)
                DirectoryEntry.appendVarint(UInt64(count), to: &entry.storage)
                let valuesStart = entry.storage.count
                for merged in index...last {
                    let part = parts[order[merged]]
                    entry.storage.append(contentsOf: values[part.start..<part.end])
                }
                entry.keys.append(first.key)
                entry.slots.append(
                    Slot(
                        prefix: first.prefix, start: UInt32(start), valuesStart: UInt32(valuesStart),
                        end: UInt32(entry.storage.count), count: UInt32(count)))
                index = last + 1
            }
            return entry
        }
    }

    // MARK: Internals

    private func values(at index: Int) -> AttributeValues {
        let slot = slots[index]
        return AttributeValues(storage: storage, range: Int(slot.valuesStart)..<Int(slot.end), count: Int(slot.count))
    }

    private func index(ofKey key: String) -> Int? {
        let (position, found) = search(key, prefix: Self.prefix(of: key))
        return found ? position : nil
    }

    /// Where `key` is, or where it would go.
    @inline(__always)
    private func search(_ key: String, prefix: UInt64) -> (position: Int, found: Bool) {
        var low = 0
        var high = keys.count
        while low < high {
            let middle = (low + high) >> 1
            let other = slots[middle].prefix
            if other < prefix || (other == prefix && keys[middle] < key) { low = middle + 1 } else { high = middle }
        }
        return (low, low < keys.count && slots[low].prefix == prefix && keys[low] == key)
    }

    private mutating func insert(_ attribute: [UInt8], headerLength: Int, count: Int, key: String, prefix: UInt64, at position: Int) {
        let start = position < slots.count ? Int(slots[position].start) : storage.count
        storage.insert(contentsOf: attribute, at: start)
        for later in position..<slots.count { slots[later].shift(by: Int64(attribute.count)) }
        keys.insert(key, at: position)
        slots.insert(
            Slot(
                prefix: prefix, start: UInt32(start), valuesStart: UInt32(start + headerLength),
                end: UInt32(start + attribute.count), count: UInt32(count)),
            at: position)
    }

    private mutating func splice(_ position: Int, _ attribute: [UInt8], count: Int, key: String) {
        let slot = slots[position]
        let growth = Int64(attribute.count) - Int64(slot.end - slot.start)
        storage.replaceSubrange(Int(slot.start)..<Int(slot.end), with: attribute)
        let headerLength = UInt32(Self.varintLength(UInt64(key.utf8.count)) + key.utf8.count + Self.varintLength(UInt64(count)))
        slots[position] = Slot(
            prefix: slot.prefix, start: slot.start, valuesStart: slot.start + headerLength,
            end: slot.start + UInt32(attribute.count), count: UInt32(count))
        for later in (position + 1)..<slots.count { slots[later].shift(by: growth) }
    }

    /// The key order: by the first eight bytes, then by the whole string.
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        precedes(lhs, prefix(of: lhs), rhs, prefix(of: rhs))
    }

    @inline(__always)
    static func precedes(_ lhs: String, _ lhsPrefix: UInt64, _ rhs: String, _ rhsPrefix: UInt64) -> Bool {
        lhsPrefix < rhsPrefix || (lhsPrefix == rhsPrefix && lhs < rhs)
    }

    /// Big-endian first eight UTF-8 bytes, zero-padded: comparing two of these
    /// orders keys as their bytes do, which is `String`'s order for the ASCII
    /// (and any NFC) names LDAP attributes have.
    @inline(__always)
    static func prefix(of key: String) -> UInt64 {
        var prefix: UInt64 = 0
        var shift: UInt64 = 56
        for byte in key.utf8 {
            prefix |= UInt64(byte) << shift
            if shift == 0 { break }
            shift -= 8
        }
        return prefix
    }

    static func append(_ value: AttributeValue, to out: inout [UInt8]) {
        switch value {
        case .text(let text):
            appendVarint(UInt64(text.utf8.count) << 1, to: &out)
            out.append(contentsOf: text.utf8)
        case .binary(let bytes):
            appendVarint(UInt64(bytes.count) << 1 | 1, to: &out)
            out.append(contentsOf: bytes)
        }
    }

    @inline(__always)
    static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            out.append(UInt8(value & 0x7F) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
    }

    static func varintLength(_ value: UInt64) -> Int {
        var value = value
        var length = 1
        while value >= 0x80 {
            value >>= 7
            length += 1
        }
        return length
    }

    @inline(__always)
    static func readVarint(_ bytes: UnsafeBufferPointer<UInt8>, _ cursor: inout Int) -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while cursor < bytes.count, shift < 64 {
            let byte = bytes[cursor]
            cursor += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
        return nil
    }
}

extension DirectoryEntry.Slot {
    mutating func shift(by distance: Int64) {
        start = UInt32(Int64(start) + distance)
        valuesStart = UInt32(Int64(valuesStart) + distance)
        end = UInt32(Int64(end) + distance)
    }
}

/// One attribute's values in a `DirectoryEntry`, each decoded when read.
public struct AttributeValues: Collection, Sendable {
    private let storage: [UInt8]
    private let range: Range<Int>
    /// How many values (known without walking them).
    public let count: Int

    init(storage: [UInt8], range: Range<Int>, count: Int) {
        self.storage = storage
        self.range = range
        self.count = count
    }

    public var startIndex: Int { range.lowerBound }
    public var endIndex: Int { range.upperBound }
    public var isEmpty: Bool { count == 0 }

    public subscript(position: Int) -> AttributeValue {
        storage.withUnsafeBufferPointer { buffer in
            var cursor = position
            let header = DirectoryEntry.readVarint(buffer, &cursor)!
            let bytes = UnsafeBufferPointer(rebasing: buffer[cursor..<cursor + Int(header >> 1)])
            return header & 1 == 1 ? .binary(Array(bytes)) : .text(String(decoding: bytes, as: UTF8.self))
        }
    }

    public func index(after position: Int) -> Int {
        storage.withUnsafeBufferPointer { buffer in
            var cursor = position
            let header = DirectoryEntry.readVarint(buffer, &cursor)!
            return cursor + Int(header >> 1)
        }
    }

    /// Calls `body` with each value's bytes and whether it is text, without decoding.
    public func forEachEncoded(_ body: (UnsafeBufferPointer<UInt8>, _ isText: Bool) throws -> Void) rethrows {
        try storage.withUnsafeBufferPointer { buffer in
            var cursor = range.lowerBound
            while cursor < range.upperBound {
                let header = DirectoryEntry.readVarint(buffer, &cursor)!
                let length = Int(header >> 1)
                try body(UnsafeBufferPointer(rebasing: buffer[cursor..<cursor + length]), header & 1 == 0)
                cursor += length
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import UTF8Validation

/// A directory object as the engine sees it: a DN and its attributes keyed by
/// lowercased base name (options such as `;binary` or `;range=…` stripped).
///
/// The attributes live in one byte buffer, in key order and in the
/// per-attribute layout `SourceSnapshot` stores except that each key is its
/// number in `AttributeKeyTable`, with an 8-byte slot per attribute beside
/// it as the index. A run holds every entry of an export at
/// once: a dictionary of value arrays cost a hash table, an array per
/// attribute and a string per value, about 5 KB and 50 allocations for an AD
/// user. Values are decoded when read (`values(forKey:)`), the snapshot is the
/// buffer behind a header (`EntrySnapshot`), and a snapshot read back from the
/// store becomes an entry without making a string.
public struct DirectoryEntry: AttributeSource, Sendable, Hashable {
    public var dn: String
    /// The file the entry was read from (kept with the attributes: see `EntryStorage`).
    public var file: String {
        get { storage.file }
        set { uniqueStorage().file = newValue }
    }
    public var line: Int {
        get { storage.line }
        set { uniqueStorage().line = newValue }
    }
    /// The slots, per attribute in ascending key order (`String` order, the
    /// snapshot's), keys unique; then the attributes, in key order: the
    /// key's number (`AttributeKeyTable`), value count, then per value
    /// `length << 1 | isBinary` + bytes; every number a LEB128 varint.
    private var storage: EntryStorage

    /// Where one attribute lies in `storage`: 8 bytes, the whole index.
    ///
    /// Attributes lie in `storage` one after the other, so an attribute ends
    /// where the next begins (`end(at:)`): an end of its own, and the full
    /// eight bytes of prefix, were 8 more bytes per attribute of every entry
    /// held to the commit (35 MB of a 100k first run's 434 MB peak, by
    /// massif, went to slots of 16 bytes).
    struct Slot: Hashable, Sendable {
        /// The key's first four bytes, big-endian: orders most keys without
        /// looking at `storage`.
        var prefix: UInt32
        /// Where the attribute (its key number) starts.
        var start: UInt32

        /// A slot for the key whose `DirectoryEntry.prefix(of:)` is `prefix`.
        init(prefix: UInt64, start: Int) {
            self.prefix = Self.shortPrefix(prefix)
            self.start = UInt32(start)
        }

        /// The first four of a key's eight prefix bytes.
        @inline(__always)
        static func shortPrefix(_ prefix: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: prefix >> 32) }
    }

    public init(dn: String, file: String, line: Int, attributes: [String: [AttributeValue]] = [:]) {
        var merged: [String: [AttributeValue]] = [:]
        for (name, values) in attributes { merged[Self.key(name), default: []] += values }
        self.dn = dn
        var slots: [Slot] = []
        var bytes: [UInt8] = []
        slots.reserveCapacity(merged.count)
        for (key, values) in merged.sorted(by: { Self.precedes($0.key, $1.key) }) {
            let start = bytes.count
            Self.appendHeader(key: key, count: values.count, to: &bytes)
            for value in values { Self.append(value, to: &bytes) }
            slots.append(Slot(prefix: Self.prefix(of: key), start: start))
        }
        storage = bytes.withUnsafeBufferPointer { EntryStorage.make(file: file, line: line, slots: slots, bytes: $0) }
    }

    /// An entry without attributes. `capacity` was a hint for the attributes
    /// to come; an entry's attributes are now one allocation, made anew by
    /// each change, so it is not used.
    public init(dn: String, file: String, line: Int, reservingCapacity capacity: Int) {
        self.dn = dn
        storage =
            file.isEmpty && line == 0
            ? EntryStorage.empty
            : EntryStorage.make(file: file, line: line, slots: [], bytes: UnsafeBufferPointer(start: nil, count: 0))
    }

    /// An entry over storage made whole (`Builder.finish`).
    private init(dn: String, storage: EntryStorage) {
        self.dn = dn
        self.storage = storage
    }

    /// The storage, copied first when another entry shares it (to set `file` or `line`).
    private mutating func uniqueStorage() -> EntryStorage {
        if !isKnownUniquelyReferenced(&storage.buffer) { storage = storage.copy() }
        return storage
    }

    public static func == (lhs: DirectoryEntry, rhs: DirectoryEntry) -> Bool {
        lhs.dn == rhs.dn && lhs.file == rhs.file && lhs.line == rhs.line
            && lhs.storage.sameAttributes(as: rhs.storage)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(dn)
        hasher.combine(file)
        hasher.combine(line)
        storage.hashAttributes(into: &hasher)
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
        var result: [String: [AttributeValue]] = Dictionary(minimumCapacity: storage.slotCount)
        for index in 0..<storage.slotCount { result[key(at: index)] = Array(values(at: index)) }
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

    /// `values(forKey:)` by a key worked out once (`AttributeKey`).
    public func values(for key: AttributeKey) -> AttributeValues {
        let (position, found) = storage.withBytes { search(number: key.number, prefix: key.prefix, in: $0) }
        guard found else { return AttributeValues(storage: storage, range: 0..<0, count: 0) }
        return values(at: position)
    }

    /// `values(forKey:).forEachEncoded(body)` by a key's number in
    /// `AttributeKeyTable.shared` and its first eight bytes (`prefix(of:)`),
    /// worked out once by a caller that looks the same key up in every
    /// entry: the key is found by comparing numbers, no string is copied or
    /// retained for it, and the values are read in place (an
    /// `AttributeValues` retains the entry's storage; the property builder
    /// looks up a dozen attributes of every profile).
    func forEachEncodedValue(
        forKeyNumber number: UInt32, prefix: UInt64,
        _ body: (UnsafeBufferPointer<UInt8>, _ isText: Bool) throws -> Void
    ) rethrows {
        try storage.withBytes { buffer in
            let (position, found) = search(number: number, prefix: prefix, in: buffer)
            guard found else { return }
            let end = end(at: position)
            var cursor = Int(storage.slot(position).start)
            _ = Self.readVarint(buffer, &cursor)!  // the key number
            _ = Self.readVarint(buffer, &cursor)!  // the value count
            while cursor < end {
                let header = Self.readVarint(buffer, &cursor)!
                let length = Int(header >> 1)
                try body(UnsafeBufferPointer(rebasing: buffer[cursor..<cursor + length]), header & 1 == 0)
                cursor += length
            }
        }
    }

    public func firstText(_ key: String) -> String? {
        values(forKey: key).first?.text
    }

    /// Whether the entry has the attribute `key` (already normalised), even without values.
    public func contains(key: String) -> Bool { index(ofKey: key) != nil }

    /// Attribute keys in a stable order (sorted), for snapshots and digests.
    public var sortedKeys: [String] { (0..<storage.slotCount).map(key(at:)) }

    public mutating func append(_ value: AttributeValue, to name: String) {
        append(contentsOf: CollectionOfOne(value), toKey: Self.key(name))
    }

    /// Appends values under an already-normalised key (see `key(_:)`).
    public mutating func append(contentsOf values: some Collection<AttributeValue>, toKey key: String) {
        var added: [UInt8] = []
        for value in values { Self.append(value, to: &added) }
        let prefix = Self.prefix(of: key)
        let (position, found) = search(key, prefix: prefix)
        var attribute: [UInt8] = []
        if found {
            // A second spelling of the same attribute (`member;range=…` after
            // `member`): its values follow the first's.
            let (valuesStart, count) = header(at: position)
            Self.appendHeader(key: key, count: count + values.count, to: &attribute)
            let end = end(at: position)
            storage.withBytes { attribute.append(contentsOf: UnsafeBufferPointer(rebasing: $0[valuesStart..<end])) }
            attribute.append(contentsOf: added)
            replace(at: position, with: attribute)
        } else {
            Self.appendHeader(key: key, count: values.count, to: &attribute)
            attribute.append(contentsOf: added)
            insertAttribute(attribute, prefix: prefix, at: position)
        }
    }

    public mutating func replace(_ name: String, with values: [AttributeValue]) {
        let key = Self.key(name)
        remove(key)
        if !values.isEmpty { append(contentsOf: values, toKey: key) }
    }

    /// What `rewriteTextValues(ofKey:_:)` does with one value.
    enum ValueRewrite {
        case keep
        case drop
        case replace(String)
    }

    /// Rewrites the text values of the attribute `key` (already normalised)
    /// as `rewrite` says, binary values kept, in their order; whether any
    /// changed. The same as `replace(_:with:)` with the rewritten values,
    /// an attribute left with none removed, but the values kept are copied
    /// as bytes: repairing a group's links made a string of every member
    /// to put nearly all of them back.
    @discardableResult
    mutating func rewriteTextValues(ofKey key: String, _ rewrite: (UnsafeBufferPointer<UInt8>) -> ValueRewrite) -> Bool {
        guard let index = index(ofKey: key) else { return false }
        let end = end(at: index)
        // The values from the first one changed; none until then.
        var rewritten: [UInt8] = []
        var changed = false
        var count = 0
        var number: UInt64 = 0
        storage.withBytes { buffer in
            var cursor = Int(storage.slot(index).start)
            number = Self.readVarint(buffer, &cursor)!
            _ = Self.readVarint(buffer, &cursor)!  // the value count
            let valuesStart = cursor
            while cursor < end {
                let valueStart = cursor
                let header = Self.readVarint(buffer, &cursor)!
                let value = UnsafeBufferPointer(rebasing: buffer[cursor..<cursor + Int(header >> 1)])
                cursor += value.count
                let action = header & 1 == 0 ? rewrite(value) : .keep
                if case .keep = action {
                    count += 1
                    if changed { rewritten.append(contentsOf: buffer[valueStart..<cursor]) }
                    continue
                }
                if !changed {
                    changed = true
                    rewritten.append(contentsOf: buffer[valuesStart..<valueStart])
                }
                if case .replace(let text) = action {
                    count += 1
                    Self.append(.text(text), to: &rewritten)
                }
            }
        }
        guard changed else { return false }
        if count == 0 {
            removeAttribute(at: index)
            return true
        }
        var attribute: [UInt8] = []
        attribute.reserveCapacity(rewritten.count + 10)
        Self.appendVarint(number, to: &attribute)
        Self.appendVarint(UInt64(count), to: &attribute)
        attribute.append(contentsOf: rewritten)
        replace(at: index, with: attribute)
        return true
    }

    public mutating func remove(_ name: String) {
        guard let index = index(ofKey: Self.key(name)) else { return }
        removeAttribute(at: index)
    }

    /// Keeps only the attributes whose keys are in `keys` (the ones the
    /// configuration reads), so snapshots stay small.
    public mutating func retain(keys wanted: Set<String>) {
        for index in (0..<storage.slotCount).reversed() where !wanted.contains(key(at: index)) {
            removeAttribute(at: index)
        }
    }

    // MARK: Snapshot layout

    /// How many attributes the entry has.
    package var attributeCount: Int { storage.slotCount }

    /// About how many bytes `appendEncodedAttributes(to:)` appends (exactly
    /// as many or more while keys are under 24 bytes): a hint for reserving.
    package var encodedAttributesCapacity: Int { storage.byteCount + storage.slotCount * 24 }

    /// A digest of everything the entry's snapshot holds (`SourceSnapshot`:
    /// its DN, then each attribute's name, value count and values, in key
    /// order), made from the entry's own bytes: the DN as a field and the
    /// attribute count folded in as a word, then per attribute its name's
    /// digest as a word and its value count and values as one field.
    /// Entries with the same snapshot digest alike, in any run (names, not
    /// the run's key numbers, are digested).
    ///
    /// A profile's input digest holds it (`ProfileBuilder.inputDigest`), and
    /// every candidate that has a stored profile is digested before its
    /// build can be skipped, most of a drifted run's: assembling the
    /// snapshot to digest its bytes was about 4,500 of the 10,000
    /// instructions that checking an unchanged profile took (callgrind, 10k
    /// drifted next snapshot).
    ///
    /// `nameDigests` keeps each key number's name digest (0 for not yet
    /// made) from one entry to the next.
    package func snapshotDigest(nameDigests: inout [UInt64]) -> UInt64 {
        var digest = ContentDigest()
        digest.add(dn)
        // A word: `add(_: Int)` spells counts of 10 and more out as a string.
        digest.fold(UInt64(storage.slotCount))
        storage.withBytes { buffer in
            let bytes = UnsafeRawBufferPointer(buffer)
            for index in 0..<storage.slotCount {
                var cursor = Int(storage.slot(index).start)
                let number = Int(Self.readVarint(buffer, &cursor)!)
                if number >= nameDigests.count {
                    nameDigests.append(contentsOf: repeatElement(0, count: number + 1 - nameDigests.count))
                }
                var name = nameDigests[number]
                if name == 0 {
                    var named = ContentDigest()
                    named.add(field: UnsafeRawBufferPointer(AttributeKeyTable.sharedKey(UInt32(number)).bytes))
                    // A name that digests to 0 is digested again each time, alike.
                    name = named.value
                    nameDigests[number] = name
                }
                digest.fold(name)
                digest.add(field: UnsafeRawBufferPointer(rebasing: bytes[cursor..<end(at: index)]))
            }
        }
        return digest.value
    }

    /// Appends the attributes in `SourceSnapshot`'s layout, in key order:
    /// the entry's own with each key number spelled out as its length and bytes.
    func appendEncodedAttributes(to out: inout [UInt8]) {
        storage.withBytes { buffer in
            // Sized first, then written in place: two `append(contentsOf:)`
            // per attribute cost more than the bytes they copied.
            var added = 0
            for index in 0..<storage.slotCount {
                var cursor = Int(storage.slot(index).start)
                let keyCount = AttributeKeyTable.sharedKey(UInt32(Self.readVarint(buffer, &cursor)!)).bytes.count
                added += Self.varintCount(UInt64(keyCount)) + keyCount + end(at: index) - cursor
            }
            let start = out.count
            out.append(contentsOf: repeatElement(0, count: added))
            out.withUnsafeMutableBufferPointer { out in
                var position = start
                for index in 0..<storage.slotCount {
                    var cursor = Int(storage.slot(index).start)
                    let key = AttributeKeyTable.sharedKey(UInt32(Self.readVarint(buffer, &cursor)!)).bytes
                    Self.writeVarint(UInt64(key.count), into: out, at: &position)
                    if let base = key.baseAddress, !key.isEmpty {
                        (out.baseAddress! + position).update(from: base, count: key.count)
                        position += key.count
                    }
                    // The value count and the values, as they are.
                    let rest = end(at: index) - cursor
                    (out.baseAddress! + position).update(from: buffer.baseAddress! + cursor, count: rest)
                    position += rest
                }
            }
        }
    }

    /// An entry over attributes in the stored layout; nil unless the bytes
    /// hold exactly `count` well-formed attributes in ascending key order
    /// with UTF-8 keys and text values. Keys are numbered through `keys`.
    init?(
        dn: String, file: String, line: Int, encodedAttributes bytes: ArraySlice<UInt8>, count: Int,
        keys: inout AttributeKeyCache
    ) {
        let entry = withUnsafeMutablePointer(to: &keys) { keys in
            var names = SpelledNames(keys: keys)
            return bytes.withUnsafeBufferPointer {
                Self(dn: dn, file: file, line: line, attributes: $0, count: count, names: &names)
            }
        }
        guard let entry else { return nil }
        self = entry
    }

    /// An entry over a numbered snapshot's attributes (`NumberedSnapshot`),
    /// each name looked up in `names` by its number; nil where the spelled
    /// out snapshot would not decode to this very entry: a number `names`
    /// does not have, a count or length not in its shortest varint (the
    /// spelled form writes them again shortest), attributes out of key
    /// order, a text value that is not UTF-8. The caller then decodes the
    /// spelled form (`StoredSnapshots.bytes(at:)`), which says what is wrong.
    init?(numbered snapshot: NumberedSnapshot, file: String, line: Int, names: inout NumberedNames) {
        guard snapshot.count <= UInt64(snapshot.attributes.count) else { return nil }
        let entry = snapshot.attributes.withMemoryRebound(to: UInt8.self) {
            Self(dn: snapshot.dn, file: file, line: line, attributes: $0, count: Int(snapshot.count), names: &names)
        }
        guard let entry else { return nil }
        self = entry
    }

    /// The two decoders' one body: `names` reads each attribute's name in
    /// the form the bytes have it; the values after it are checked and
    /// copied alike.
    private init?<Names: SnapshotAttributeNames>(
        dn: String, file: String, line: Int, attributes buffer: UnsafeBufferPointer<UInt8>, count: Int,
        names: inout Names
    ) {
        self.dn = dn
        // Checked and numbered first, then copied into a buffer of exactly
        // the entry's size (held until the commit, as every entry is).
        var spans: [(number: UInt32, prefix: UInt64, values: Range<Int>)] = []
        spans.reserveCapacity(count)
        var size = 0
        var cursor = 0
        var previous: AttributeKeyTable.Key?
        for position in 0..<count {
            guard let (number, key) = names.next(in: buffer, at: &cursor, position: position) else { return nil }
            if let previous, Self.compare(previous.prefix, previous.bytes, key.prefix, key.bytes) >= 0 {
                return nil
            }
            previous = key
            let valuesStart = cursor
            guard let valueCount = Names.readVarint(buffer, &cursor), valueCount <= UInt64(buffer.count) else {
                return nil
            }
            for _ in 0..<valueCount {
                guard let header = Names.readVarint(buffer, &cursor), header >> 1 <= UInt64(buffer.count - cursor) else {
                    return nil
                }
                let length = Int(header >> 1)
                if header & 1 == 0, !UTF8Validation.isValid(UnsafeBufferPointer(rebasing: buffer[cursor..<cursor + length])) {
                    return nil
                }
                cursor += length
            }
            spans.append((number, key.prefix, valuesStart..<cursor))
            size += Self.varintCount(UInt64(number)) + cursor - valuesStart
        }
        guard cursor == buffer.count else { return nil }
        storage = EntryStorage.make(file: file, line: line, slotCount: spans.count, byteCount: size) { slots, out in
            var position = 0
            for (index, span) in spans.enumerated() {
                slots.storeBytes(
                    of: Slot(prefix: span.prefix, start: position), toByteOffset: index * MemoryLayout<Slot>.stride,
                    as: Slot.self)
                Self.writeVarint(UInt64(span.number), into: out, at: &position)
                if !span.values.isEmpty {
                    (out.baseAddress! + position).initialize(from: buffer.baseAddress! + span.values.lowerBound, count: span.values.count)
                    position += span.values.count
                }
            }
            precondition(position == size, "an entry's attributes were sized wrongly")
        }
    }

    /// Calls `body` with each attribute in key order: its key's number in
    /// `AttributeKeyTable.shared`, the key's UTF-8, and its value count and
    /// values exactly as `SourceSnapshot` lays them out after the name. The
    /// store writes its own form of the snapshot from these, without the
    /// snapshot's bytes being assembled and read back.
    package func forEachStoredAttribute(
        _ body: (_ number: UInt32, _ key: UnsafeBufferPointer<UInt8>, _ values: UnsafeBufferPointer<UInt8>) throws -> Void
    ) rethrows {
        try storage.withBytes { buffer in
            for index in 0..<storage.slotCount {
                var cursor = Int(storage.slot(index).start)
                let number = UInt32(Self.readVarint(buffer, &cursor)!)
                try body(
                    number, AttributeKeyTable.sharedKey(number).bytes,
                    UnsafeBufferPointer(rebasing: buffer[cursor..<end(at: index)]))
            }
        }
    }

    // MARK: Building from a reader

    /// Builds an entry from attributes in any order, possibly repeated (a
    /// record's `member;range=…` spellings), reusing its buffers across entries.
    /// Noncopyable: it owns those buffers (`ScratchBytes`).
    public struct Builder: ~Copyable {
        private struct Part {
            /// The key's number (`AttributeKeyTable`): equal numbers, equal keys.
            var number: UInt32
            var prefix: UInt64
            var start: Int
            var end: Int
            var count: Int
            /// Orders parts of one key; equal ranks keep their order.
            var rank: Int
        }

        private var parts: [Part] = []
        /// This builder's key numbers: a reading thread numbers its keys
        /// without taking the table's lock.
        private var keys = AttributeKeyCache()
        private var values = ScratchBytes(capacity: 4096)
        /// Positions in `parts`, sorted; kept from one entry to the next,
        /// which tries it before sorting.
        private var order: [Int] = []
        /// The entry's buffer as it is assembled; the entry gets an exact copy
        /// (every entry of an export is held to the commit: no spare capacity).
        private var assembled = ScratchBytes(capacity: 4096)
        /// The entry's slots as they are assembled.
        private var slots: [Slot] = []

        public init() {}

        /// Starts an attribute under an already-normalised key; values follow.
        /// Repeated keys merge in the order they were begun.
        public mutating func beginAttribute(_ key: String) {
            beginAttribute(key, rank: parts.count)
        }

        /// Starts an attribute whose values go before those of the same key
        /// with a higher rank (`LDIFAttributeRuns.rank(ofRun:)`).
        public mutating func beginAttribute(_ key: String, rank: Int) {
            DirectoryEntry.withUTF8(key) { beginAttribute(utf8: $0, rank: rank) }
        }

        /// `beginAttribute(_:rank:)` by the key's UTF-8.
        public mutating func beginAttribute(utf8 key: UnsafeBufferPointer<UInt8>, rank: Int) {
            let number = keys.number(of: key, at: parts.count)
            parts.append(
                Part(
                    number: number, prefix: AttributeKeyTable.sharedKey(number).prefix,
                    start: values.count, end: values.count, count: 0, rank: rank))
        }

        /// Makes room for an entry of `values` values of `bytes` bytes in
        /// all, to be added next: a group's million members then fill one
        /// buffer, not the 20-odd a buffer doubling from 4 KB goes through.
        public mutating func reserve(values count: Int, bytes: Int) {
            // A value's length (shifted, with its binary bit) is a varint of
            // at most 5 bytes for lengths under 2 GB.
            self.values.reserve(self.values.count + bytes + 5 * count)
        }

        /// Appends a value to the attribute begun last.
        public mutating func appendValue(_ bytes: UnsafeBufferPointer<UInt8>, isText: Bool) {
            values.appendVarint(UInt64(bytes.count) << 1 | (isText ? 0 : 1))
            values.append(bytes)
            parts[parts.count - 1].end = values.count
            parts[parts.count - 1].count += 1
        }

        /// The entry, attributes sorted by key and repeated keys merged; the builder is empty afterwards.
        public mutating func finish(dn: String, file: String, line: Int) -> DirectoryEntry {
            defer {
                parts.removeAll(keepingCapacity: true)
                values.removeAll()
                // `order` stays: the next entry tries it first.
                assembled.removeAll()
                slots.removeAll(keepingCapacity: true)
            }
            // The entry's buffer is the values plus, per attribute, its key
            // number and value count (varints of at most 5 and 10 bytes).
            assembled.reserve(self.values.count + 15 * self.parts.count)
            let parts = self.parts
            // The value bytes by pointer: slicing the array retained and
            // released it for every attribute.
            let values = self.values.withBytes { $0 }
            /// By key, then by rank. Parts of one key (a key repeated by
            /// ranged pieces) have one number; other keys whose first eight
            /// bytes agree (`samaccountname` and `samaccounttype`) are
            /// compared byte by byte.
            func sortsBefore(_ part: Part, _ other: Part) -> Bool {
                if part.prefix != other.prefix { return part.prefix < other.prefix }
                if part.number == other.number { return part.rank < other.rank }
                return DirectoryEntry.compareBytes(
                    AttributeKeyTable.sharedKey(part.number).bytes, AttributeKeyTable.sharedKey(other.number).bytes) < 0
            }
            /// Whether `order` sorts these parts as the stable sort below
            /// would: by key and rank, equal ones in the order begun.
            func sorts(_ order: [Int]) -> Bool {
                guard order.count == parts.count else { return false }
                for index in order.indices.dropFirst() {
                    let (earlier, later) = (order[index - 1], order[index])
                    if sortsBefore(parts[later], parts[earlier]) { return false }
                    if earlier > later && !sortsBefore(parts[earlier], parts[later]) { return false }
                }
                return true
            }
            // Exports list the attributes of one kind of object in the same
            // order record after record, rarely sorted: the previous entry's
            // order, checked in one pass, usually sorts this one too. An
            // insertion sort of a user's 20-odd attributes took about 3,000
            // instructions an entry.
            if !sorts(order) {
                order.removeAll(keepingCapacity: true)
                order.append(contentsOf: parts.indices)
                // Insertion sort: a record has a few dozen attributes.
                for index in order.indices.dropFirst() {
                    let moving = order[index]
                    let part = parts[moving]
                    var position = index
                    // Stable: equal keys and ranks keep their file order.
                    while position > 0, sortsBefore(part, parts[order[position - 1]]) {
                        order[position] = order[position - 1]
                        position -= 1
                    }
                    order[position] = moving
                }
            }
            var index = 0
            while index < order.count {
                let first = parts[order[index]]
                var last = index
                var count = first.count
                while last + 1 < order.count, parts[order[last + 1]].number == first.number {
                    last += 1
                    count += parts[order[last]].count
                }
                let start = assembled.count
                assembled.appendVarint(UInt64(first.number))
                assembled.appendVarint(UInt64(count))
                for merged in index...last {
                    let part = parts[order[merged]]
                    assembled.append(UnsafeBufferPointer(rebasing: values[part.start..<part.end]))
                }
                slots.append(Slot(prefix: first.prefix, start: start))
                index = last + 1
            }
            // A copy of exactly its size, slots and bytes in one allocation.
            let storage = assembled.withBytes { EntryStorage.make(file: file, line: line, slots: slots, bytes: $0) }
            return DirectoryEntry(dn: dn, storage: storage)
        }
    }

    // MARK: Internals

    private func values(at index: Int) -> AttributeValues {
        let (valuesStart, count) = header(at: index)
        return AttributeValues(storage: storage, range: valuesStart..<end(at: index), count: count)
    }

    /// Where the attribute at `index` ends: where the next begins.
    @inline(__always)
    private func end(at index: Int) -> Int {
        index + 1 < storage.slotCount ? Int(storage.slot(index + 1).start) : storage.byteCount
    }

    /// Where the attribute at `index` has its first value, and how many values it has.
    private func header(at index: Int) -> (valuesStart: Int, count: Int) {
        storage.withBytes { buffer in
            var cursor = Int(storage.slot(index).start)
            _ = Self.readVarint(buffer, &cursor)!  // the key number
            let count = Self.readVarint(buffer, &cursor)!
            return (cursor, Int(count))
        }
    }

    private func key(at index: Int) -> String {
        storage.withBytes { buffer in String(decoding: Self.keyBytes(buffer, storage.slot(index)), as: UTF8.self) }
    }

    /// The key of the attribute at `slot`, from the table by its number.
    private static func keyBytes(_ buffer: UnsafeBufferPointer<UInt8>, _ slot: Slot) -> UnsafeBufferPointer<UInt8> {
        var cursor = Int(slot.start)
        return AttributeKeyTable.sharedKey(UInt32(readVarint(buffer, &cursor)!)).bytes
    }

    private func index(ofKey key: String) -> Int? {
        let (position, found) = Self.withUTF8(key) { search($0, prefix: Self.prefix(of: $0)) }
        return found ? position : nil
    }

    /// Calls `body` with `text`'s UTF-8, in place when the string is
    /// contiguous (as native strings are): a `var` copy for `withUTF8`
    /// retained and released the key of every lookup.
    @inline(__always)
    static func withUTF8<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = text
        return copy.withUTF8(body)
    }

    /// Where `key` is, or where it would go.
    @inline(__always)
    private func search(_ key: String, prefix: UInt64) -> (position: Int, found: Bool) {
        Self.withUTF8(key) { search($0, prefix: prefix) }
    }

    /// Where the key with these UTF-8 bytes is, or where it would go.
    @inline(__always)
    private func search(_ key: UnsafeBufferPointer<UInt8>, prefix: UInt64) -> (position: Int, found: Bool) {
        search(prefix: prefix, keyAt: { compareKey(at: $0, with: key) })
    }

    /// Where the key numbered `number` is, or where it would go, in `buffer`
    /// (this entry's storage). Equal numbers are equal keys; keys of other
    /// numbers are ordered by their eight-byte prefixes, and byte by byte
    /// only where those tie (slots keep four: `objectclass` and `objectguid`
    /// tie there).
    @inline(__always)
    private func search(number: UInt32, prefix: UInt64, in buffer: UnsafeBufferPointer<UInt8>) -> (position: Int, found: Bool) {
        search(prefix: prefix) { index in
            let other = Self.number(at: storage.slot(index), in: buffer)
            if other == number { return 0 }
            let otherKey = AttributeKeyTable.sharedKey(other)
            if otherKey.prefix != prefix { return otherKey.prefix < prefix ? -1 : 1 }
            return Self.compareBytes(otherKey.bytes, AttributeKeyTable.sharedKey(number).bytes)
        }
    }

    /// The binary search over the slots: by the key's first four bytes, and
    /// where those tie by `keyAt(index)`, the key at `index` against the one
    /// sought (negative, zero or positive). Most keys differ in their first
    /// four bytes, so most steps read no key.
    @inline(__always)
    private func search(prefix: UInt64, keyAt: (Int) -> Int) -> (position: Int, found: Bool) {
        var low = 0
        var high = storage.slotCount
        let prefix = Slot.shortPrefix(prefix)
        while low < high {
            let middle = (low + high) >> 1
            let other = storage.slot(middle).prefix
            if other < prefix || (other == prefix && keyAt(middle) < 0) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return (low, low < storage.slotCount && storage.slot(low).prefix == prefix && keyAt(low) == 0)
    }

    /// The key number the attribute at `slot` starts with.
    @inline(__always)
    private static func number(at slot: Slot, in buffer: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let first = buffer[Int(slot.start)]
        if first < 0x80 { return UInt32(first) }
        var cursor = Int(slot.start)
        return UInt32(readVarint(buffer, &cursor)!)
    }

    /// The stored key at `index` against `key`: negative, zero or positive.
    private func compareKey(at index: Int, with key: UnsafeBufferPointer<UInt8>) -> Int {
        storage.withBytes { buffer in Self.compareBytes(Self.keyBytes(buffer, storage.slot(index)), key) }
    }

    /// Replaces the bytes of the attribute at `index` (its slot keeps its place; later slots move).
    private mutating func replace(at index: Int, with attribute: [UInt8]) {
        var (slots, bytes) = unpacked
        let start = Int(slots[index].start)
        let end = end(at: index)
        let growth = Int64(attribute.count) - Int64(end - start)
        bytes.replaceSubrange(start..<end, with: attribute)
        for later in (index + 1)..<slots.count { slots[later].shift(by: growth) }
        rebuild(slots: slots, bytes: bytes)
    }

    /// Removes the attribute at `index`, its slot and its bytes.
    private mutating func removeAttribute(at index: Int) {
        var (slots, bytes) = unpacked
        let start = Int(slots[index].start)
        let end = end(at: index)
        bytes.removeSubrange(start..<end)
        for later in (index + 1)..<slots.count { slots[later].shift(by: -Int64(end - start)) }
        slots.remove(at: index)
        rebuild(slots: slots, bytes: bytes)
    }

    /// Inserts an attribute's bytes (its header and values) at slot `position`.
    private mutating func insertAttribute(_ attribute: [UInt8], prefix: UInt64, at position: Int) {
        var (slots, bytes) = unpacked
        let start = position < slots.count ? Int(slots[position].start) : bytes.count
        bytes.insert(contentsOf: attribute, at: start)
        for later in position..<slots.count { slots[later].shift(by: Int64(attribute.count)) }
        slots.insert(Slot(prefix: prefix, start: start), at: position)
        rebuild(slots: slots, bytes: bytes)
    }

    /// The slots and bytes as arrays, for a change.
    private var unpacked: (slots: [Slot], bytes: [UInt8]) {
        (storage.slots, storage.withBytes { Array($0) })
    }

    /// Makes the storage anew, the same file and line: entries change only
    /// while a delta or a group's links are applied, and a change of one
    /// array was a copy of its bytes too.
    private mutating func rebuild(slots: [Slot], bytes: [UInt8]) {
        storage = bytes.withUnsafeBufferPointer { EntryStorage.make(file: file, line: line, slots: slots, bytes: $0) }
    }

    /// The key order: by the first eight bytes, then by the whole key's bytes
    /// (the one order the builder sorts by and lookups search by).
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        precedes(lhs, prefix(of: lhs), rhs, prefix(of: rhs))
    }

    @inline(__always)
    static func precedes(_ lhs: String, _ lhsPrefix: UInt64, _ rhs: String, _ rhsPrefix: UInt64) -> Bool {
        if lhsPrefix != rhsPrefix { return lhsPrefix < rhsPrefix }
        var lhs = lhs
        var rhs = rhs
        return lhs.withUTF8 { left in rhs.withUTF8 { right in compareBytes(left, right) < 0 } }
    }

    static func compare(_ lhsPrefix: UInt64, _ lhs: UnsafeBufferPointer<UInt8>, _ rhsPrefix: UInt64, _ rhs: UnsafeBufferPointer<UInt8>) -> Int {
        if lhsPrefix != rhsPrefix { return lhsPrefix < rhsPrefix ? -1 : 1 }
        return compareBytes(lhs, rhs)
    }

    /// Byte order, a shorter key first where one is the other's beginning:
    /// `String`'s order for the ASCII (and any NFC) names LDAP attributes have.
    static func compareBytes(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(lhs.count, rhs.count)
        if common > 0 {
            let order = memcmp(lhs.baseAddress!, rhs.baseAddress!, common)
            if order != 0 { return Int(order) }
        }
        return lhs.count - rhs.count
    }

    /// Big-endian first eight UTF-8 bytes, zero-padded: comparing two of these
    /// orders keys as their bytes do.
    @inline(__always)
    static func prefix(of key: String) -> UInt64 {
        withUTF8(key) { prefix(of: $0) }
    }

    @inline(__always)
    static func prefix(of bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var prefix: UInt64 = 0
        var shift: UInt64 = 56
        for byte in bytes.prefix(8) {
            prefix |= UInt64(byte) << shift
            shift &-= 8
        }
        return prefix
    }

    /// An attribute's start in `storage`: its key's number and its value count.
    static func appendHeader(key: String, count: Int, to out: inout [UInt8]) {
        appendVarint(UInt64(AttributeKeyTable.shared.number(of: key)), to: &out)
        appendVarint(UInt64(count), to: &out)
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

    /// How many bytes `appendVarint` writes for `value`.
    @inline(__always)
    static func varintCount(_ value: UInt64) -> Int {
        (64 - value.leadingZeroBitCount + 6) / 7 + (value == 0 ? 1 : 0)
    }

    /// Writes `value` as a varint at `position` of `out`, which has room, and moves past it.
    @inline(__always)
    static func writeVarint(_ value: UInt64, into out: UnsafeMutableBufferPointer<UInt8>, at position: inout Int) {
        var value = value
        while value >= 0x80 {
            out[position] = UInt8(value & 0x7F) | 0x80
            value >>= 7
            position += 1
        }
        out[position] = UInt8(value)
        position += 1
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
    }
}

/// One attribute's values in a `DirectoryEntry`, each decoded when read.
public struct AttributeValues: Collection, Sendable {
    private let storage: EntryStorage
    private let range: Range<Int>
    /// How many values (known without walking them).
    public let count: Int

    init(storage: EntryStorage, range: Range<Int>, count: Int) {
        self.storage = storage
        self.range = range
        self.count = count
    }

    public var startIndex: Int { range.lowerBound }
    public var endIndex: Int { range.upperBound }
    public var isEmpty: Bool { count == 0 }

    public subscript(position: Int) -> AttributeValue {
        storage.withBytes { buffer in
            var cursor = position
            let header = DirectoryEntry.readVarint(buffer, &cursor)!
            let bytes = UnsafeBufferPointer(rebasing: buffer[cursor..<cursor + Int(header >> 1)])
            return header & 1 == 1 ? .binary(Array(bytes)) : .text(String(decoding: bytes, as: UTF8.self))
        }
    }

    public func index(after position: Int) -> Int {
        storage.withBytes { buffer in
            var cursor = position
            let header = DirectoryEntry.readVarint(buffer, &cursor)!
            return cursor + Int(header >> 1)
        }
    }

    /// Calls `body` with the bytes the values lie in and an iterator over
    /// each value's range in them: for a caller that holds several values'
    /// bytes at once (`DNTable.resolve(_:in:)`), where `forEachEncoded`
    /// lends one at a time.
    func withEncodedRanges<R>(_ body: (UnsafeBufferPointer<UInt8>, inout EncodedRanges) throws -> R) rethrows -> R {
        try storage.withBytes { buffer in
            var ranges = EncodedRanges(buffer: buffer, cursor: range.lowerBound, end: range.upperBound)
            return try body(buffer, &ranges)
        }
    }

    /// Each value's range in the bytes `withEncodedRanges` lends, and whether it is text.
    struct EncodedRanges: IteratorProtocol {
        fileprivate let buffer: UnsafeBufferPointer<UInt8>
        fileprivate var cursor: Int
        fileprivate let end: Int

        mutating func next() -> (range: Range<Int>, isText: Bool)? {
            guard cursor < end else { return nil }
            let header = DirectoryEntry.readVarint(buffer, &cursor)!
            let start = cursor
            cursor += Int(header >> 1)
            return (start..<cursor, header & 1 == 0)
        }
    }

    /// Calls `body` with each value's bytes and whether it is text, without decoding.
    public func forEachEncoded(_ body: (UnsafeBufferPointer<UInt8>, _ isText: Bool) throws -> Void) rethrows {
        try storage.withBytes { buffer in
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

extension DirectoryEntry: CustomDebugStringConvertible {
    /// The DN, file, line and attributes in key order: what a failed
    /// expectation shows (the storage's own description names only its buffer).
    public var debugDescription: String {
        let attributes = sortedKeys.map { "\($0): \(Array(values(forKey: $0)))" }.joined(separator: ", ")
        return "DirectoryEntry(dn: \(dn.debugDescription), file: \(file.debugDescription), line: \(line), [\(attributes)])"
    }
}

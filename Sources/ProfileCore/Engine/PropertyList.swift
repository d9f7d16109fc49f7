/// A profile's properties, in configuration order, with every value packed
/// into one byte array.
///
/// As `[ProfileProperty]` a profile of 21 properties was about 60
/// allocations (an array of values per property, a string per value longer
/// than 15 bytes) and 3.7 KB; a run holds every profile until its commit, so
/// that was 3.7 GB at a million users, and the allocating and reference
/// counting were a quarter of building, encoding and rendering them. Packed,
/// a profile is two allocations and under half the bytes.
///
/// Elements are `ProfileProperty` values, made when read; the engine, the
/// store and the reports read values in place through `forEachProperty` and
/// `PropertyValues`.
public struct PropertyList: RandomAccessCollection, Hashable, Sendable, ExpressibleByArrayLiteral {
    @usableFromInline
    struct Entry: Sendable {
        @usableFromInline var name: String
        @usableFromInline var source: String
        @usableFromInline var run: Int
        /// The values' bytes in `bytes`: `count` of them, each a length
        /// (`lengthSize` bytes, little-endian) and then its UTF-8.
        @usableFromInline var start: UInt32
        @usableFromInline var end: UInt32
        @usableFromInline var count: UInt32
    }

    @usableFromInline
    var entries: [Entry]
    @usableFromInline
    var bytes: [UInt8]

    /// Bytes before each value, holding its length.
    @usableFromInline
    static let lengthSize = 4

    public init() {
        entries = []
        bytes = []
    }

    /// Sized exactly for `properties`: a run holds every profile's list, so
    /// room to grow would be held too.
    public init(_ properties: [ProfileProperty]) {
        var size = 0
        for property in properties {
            for value in property.values { size += Self.lengthSize + value.utf8.count }
        }
        entries = []
        entries.reserveCapacity(properties.count)
        bytes = []
        bytes.reserveCapacity(size)
        for property in properties { append(property) }
    }

    public init(arrayLiteral elements: ProfileProperty...) {
        self.init(elements)
    }

    /// Room for `count` properties whose values take `valueBytes` UTF-8 bytes in all.
    public init(reservingCapacity count: Int, valueBytes: Int, values: Int) {
        entries = []
        entries.reserveCapacity(count)
        bytes = []
        bytes.reserveCapacity(valueBytes + values * Self.lengthSize)
    }

    /// `other`'s properties in lists of exactly their size (`other` is
    /// usually a scratch list, reused and so roomier than its contents).
    public init(exactly other: PropertyList) {
        entries = []
        entries.reserveCapacity(other.entries.count)
        entries.append(contentsOf: other.entries)
        bytes = []
        bytes.reserveCapacity(other.bytes.count)
        bytes.append(contentsOf: other.bytes)
    }

    /// Empties the list, keeping its room.
    public mutating func removeAll() {
        entries.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
    }

    public mutating func append(_ property: ProfileProperty) {
        beginProperty(name: property.name, source: property.source, run: property.run)
        for value in property.values { appendValue(value) }
    }

    /// Starts a property; `appendValue` then adds its values.
    public mutating func beginProperty(name: String, source: String, run: Int) {
        let end = UInt32(bytes.count)
        entries.append(Entry(name: name, source: source, run: run, start: end, end: end, count: 0))
    }

    /// Adds a value to the property begun last.
    public mutating func appendValue(_ value: String) {
        let done: Void? = value.utf8.withContiguousStorageIfAvailable { appendValue(utf8: $0) }
        if done == nil {
            var copy = value
            copy.withUTF8 { appendValue(utf8: $0) }
        }
    }

    /// Adds a value, as UTF-8, to the property begun last.
    public mutating func appendValue(utf8: UnsafeBufferPointer<UInt8>) {
        precondition(!entries.isEmpty, "a value belongs to a property: beginProperty first")
        let length = UInt32(utf8.count)
        withUnsafeBytes(of: length.littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: utf8)
        precondition(bytes.count <= Int(UInt32.max), "a profile's values exceed 4 GB")
        entries[entries.count - 1].end = UInt32(bytes.count)
        entries[entries.count - 1].count += 1
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { entries.count }

    public subscript(position: Int) -> ProfileProperty {
        ProfileProperty(
            name: entries[position].name, values: values(at: position).strings, source: entries[position].source,
            run: entries[position].run)
    }

    public func name(at position: Int) -> String { entries[position].name }
    public func source(at position: Int) -> String { entries[position].source }
    public func run(at position: Int) -> Int { entries[position].run }

    public func values(at position: Int) -> PropertyValues {
        let entry = entries[position]
        return PropertyValues(packed: bytes, start: Int(entry.start), end: Int(entry.end), count: Int(entry.count))
    }

    public mutating func setRun(_ run: Int, at position: Int) {
        entries[position].run = run
    }

    /// Calls `body` with each property's name, values, source and run, in
    /// order, borrowing them where they are.
    @inlinable
    public func forEachProperty(_ body: (String, PropertyValues, String, Int) throws -> Void) rethrows {
        try entries.withUnsafeBufferPointer { entries in
            for index in entries.indices {
                try body(
                    entries[index].name,
                    PropertyValues(
                        packed: bytes, start: Int(entries[index].start), end: Int(entries[index].end),
                        count: Int(entries[index].count)),
                    entries[index].source, entries[index].run)
            }
        }
    }

    /// The length stored at `position`.
    @inlinable
    static func length(in bytes: UnsafeBufferPointer<UInt8>, at position: Int) -> UInt32 {
        UInt32(littleEndian: UnsafeRawPointer(bytes.baseAddress! + position).loadUnaligned(as: UInt32.self))
    }

    /// The same properties, values and runs, however they were appended.
    public static func == (lhs: PropertyList, rhs: PropertyList) -> Bool {
        guard lhs.entries.count == rhs.entries.count else { return false }
        for index in lhs.entries.indices {
            let left = lhs.entries[index]
            let right = rhs.entries[index]
            guard left.name == right.name, left.source == right.source, left.run == right.run,
                left.count == right.count,
                lhs.bytes[Int(left.start)..<Int(left.end)].elementsEqual(rhs.bytes[Int(right.start)..<Int(right.end)])
            else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(entries.count)
        for entry in entries {
            hasher.combine(entry.name)
            hasher.combine(entry.source)
            hasher.combine(entry.run)
            hasher.combine(entry.count)
            bytes.withUnsafeBytes { bytes in
                hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: bytes[Int(entry.start)..<Int(entry.end)]))
            }
        }
    }
}

/// A profile's properties, in configuration order, with every value packed
/// into one byte array.
///
/// As `[ProfileProperty]` a profile of 21 properties was about 60
/// allocations (an array of values per property, a string per value longer
/// than 15 bytes) and 3.7 KB; a run holds every profile until its commit, so
/// that was 3.7 GB at a million users, and the allocating and reference
/// counting were a quarter of building, encoding and rendering them. Packed,
/// a profile is two allocations and about a third of the bytes.
///
/// Elements are `ProfileProperty` values, made when read; the engine, the
/// store and the reports read values in place through `forEachProperty` and
/// `PropertyValues`.
public struct PropertyList: RandomAccessCollection, Hashable, Sendable, ExpressibleByArrayLiteral {
    /// One property: plain numbers, so entries are copied as bytes. 8
    /// bytes: a run holds a list per profile until its commit, 21 entries
    /// each in a typical configuration, so every byte here is 21 MB at a
    /// million users. The property's run is kept beside the entries
    /// (`runs`), and only where the properties' runs differ. Its number of
    /// values is not kept either: it is counted from the lengths when asked
    /// (`valueCount(in:start:end:)`), nearly always one or two (a count of
    /// four bytes per property was 84 of a typical profile's 816).
    @usableFromInline
    struct Entry: Sendable {
        /// Positions in `labels` of the property's name and source.
        @usableFromInline var name: UInt16
        @usableFromInline var source: UInt16
        /// The values' bytes in `bytes` end here, each a length (a varint,
        /// `lengthSize(_:)`) and then its UTF-8. They start where the
        /// previous entry's end (`start(at:)`): properties are appended one
        /// after the other.
        @usableFromInline var end: UInt32

        @usableFromInline
        init(name: UInt16, source: UInt16, end: UInt32) {
            self.name = name
            self.source = source
            self.end = end
        }
    }

    /// The run ids a property can carry (`ProfileProperty.run`): readers of
    /// stored runs check theirs against it, so a damaged store is an error,
    /// not a trap.
    public static let runs = Int(Int32.min)...Int(Int32.max)

    /// Property names and sources the entries refer to. Lists built by one
    /// run share one array (the plans' names and every source label), so a
    /// property costs 8 bytes besides its values, not two strings more.
    @usableFromInline
    var labels: [String]
    @usableFromInline
    var entries: [Entry]
    @usableFromInline
    var bytes: [UInt8]
    /// Each property's run, when they differ; empty while every property
    /// has `sharedRun`. A new profile's properties all have the run that
    /// added it, and a first run's profiles are all new: four bytes per
    /// property of every profile held to the commit, about 88 of a typical
    /// profile's 900, were the same number over and over.
    @usableFromInline
    var runs: [Int32]
    /// The run of every property, while `runs` is empty.
    @usableFromInline
    var sharedRun: Int32

    /// Before each value, its length as a LEB128 varint: one byte for
    /// nearly every value, where a fixed four bytes were about 75 of a
    /// typical profile's 980, held for every profile until the commit.
    @usableFromInline
    static func lengthSize(_ length: Int) -> Int {
        var size = 1
        var rest = length >> 7
        while rest > 0 {
            size += 1
            rest >>= 7
        }
        return size
    }

    public init() {
        self.init(labels: [])
    }

    /// An empty list whose properties will name and source themselves by
    /// position in `labels` (`beginProperty(nameAt:sourceAt:run:)`).
    public init(labels: [String]) {
        self.labels = labels
        entries = []
        bytes = []
        runs = []
        sharedRun = 0
    }

    /// Sized exactly for `properties`: a run holds every profile's list, so
    /// room to grow would be held too.
    public init(_ properties: [ProfileProperty]) {
        var size = 0
        for property in properties {
            for value in property.values { size += Self.lengthSize(value.utf8.count) + value.utf8.count }
        }
        labels = []
        entries = []
        entries.reserveCapacity(properties.count)
        bytes = []
        bytes.reserveCapacity(size)
        runs = []
        sharedRun = 0
        for property in properties { append(property) }
    }

    public init(arrayLiteral elements: ProfileProperty...) {
        self.init(elements)
    }

    /// `other`'s properties in lists of exactly their size (`other` is
    /// usually a scratch list, reused and so roomier than its contents).
    public init(exactly other: PropertyList) {
        self = withUnsafePointer(to: other) { PropertyList(exactlyAt: $0) }
    }

    /// `init(exactly:)` of the list at `other`, read where it lies. A
    /// builder's scratch list (an `inout`) handed over by value was copied
    /// first, its four arrays retained and released for every profile, one
    /// of them (the labels) held by every profile's list on both cores.
    init(exactlyAt other: UnsafePointer<PropertyList>) {
        labels = other.pointee.labels
        entries = []
        bytes = []
        runs = []
        sharedRun = other.pointee.sharedRun
        other.pointee.entries.withUnsafeBufferPointer { source in
            entries.reserveCapacity(source.count)
            entries.append(contentsOf: source)
        }
        other.pointee.bytes.withUnsafeBufferPointer { source in
            bytes.reserveCapacity(source.count)
            bytes.append(contentsOf: source)
        }
        other.pointee.runs.withUnsafeBufferPointer { source in
            guard !source.isEmpty else { return }
            runs.reserveCapacity(source.count)
            runs.append(contentsOf: source)
        }
    }

    /// Empties the list, keeping its room, for properties labelled from `labels`.
    public mutating func removeAll(labels: [String]) {
        // The same labels, as a builder's scratch list is given for every
        // profile: assigning them again retained and released an array
        // that every profile's list holds, on both cores.
        if labelsIdentity != LabelsIdentity(labels) { self.labels = labels }
        entries.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        runs.removeAll(keepingCapacity: true)
        sharedRun = 0
    }

    public mutating func append(_ property: ProfileProperty) {
        beginProperty(name: property.name, source: property.source, run: property.run)
        for value in property.values { appendValue(value) }
    }

    /// Starts a property; `appendValue` then adds its values.
    public mutating func beginProperty(name: String, source: String, run: Int) {
        beginProperty(nameAt: label(name), sourceAt: label(source), run: run)
    }

    /// Starts a property named and sourced by positions in `labels`.
    public mutating func beginProperty(nameAt name: Int, sourceAt source: Int, run: Int) {
        precondition(labels.indices.contains(name) && labels.indices.contains(source), "labels out of range")
        precondition(Self.runs.contains(run), "run id \(run) out of range")
        let end = UInt32(bytes.count)
        if entries.isEmpty {
            runs.removeAll(keepingCapacity: true)
            sharedRun = Int32(run)
        } else if !runs.isEmpty {
            runs.append(Int32(run))
        } else if Int32(run) != sharedRun {
            spellOutRuns()
            runs.append(Int32(run))
        }
        entries.append(Entry(name: UInt16(name), source: UInt16(source), end: end))
    }

    /// Gives every property so far its own run, the shared one.
    private mutating func spellOutRuns() {
        runs.reserveCapacity(entries.count + 1)
        runs.append(contentsOf: repeatElement(sharedRun, count: entries.count))
    }

    /// The position of `text` in `labels`, added when missing. Compared by
    /// bytes: names in other normalisation forms are other names (Swift's
    /// `==` would merge them, and the store keeps exact bytes).
    private mutating func label(_ text: String) -> Int {
        if let position = labels.firstIndex(where: { Self.sameBytes($0, text) }) { return position }
        precondition(labels.count < Int(UInt16.max), "more than 65,535 property names and sources")
        labels.append(text)
        return labels.count - 1
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
        // The length byte by byte: a closure over `bytes` (withUnsafeBytes(of:))
        // retained and released the array for every value.
        var length = utf8.count
        while length >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: length) | 0x80)
            length >>= 7
        }
        bytes.append(UInt8(length))
        bytes.append(contentsOf: utf8)
        precondition(bytes.count <= Int(UInt32.max), "a profile's values exceed 4 GB")
        entries[entries.count - 1].end = UInt32(bytes.count)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { entries.count }

    public subscript(position: Int) -> ProfileProperty {
        ProfileProperty(
            name: name(at: position), values: values(at: position).strings, source: source(at: position),
            run: run(at: position))
    }

    public func name(at position: Int) -> String { labels[Int(entries[position].name)] }
    public func source(at position: Int) -> String { labels[Int(entries[position].source)] }
    public func run(at position: Int) -> Int {
        precondition(entries.indices.contains(position), "property \(position) out of range")
        return Int(runs.isEmpty ? sharedRun : runs[position])
    }

    public func values(at position: Int) -> PropertyValues {
        PropertyValues(packed: bytes, start: Self.start(at: position, in: entries), end: Int(entries[position].end))
    }

    public mutating func setRun(_ run: Int, at position: Int) {
        precondition(entries.indices.contains(position), "property \(position) out of range")
        precondition(Self.runs.contains(run), "run id \(run) out of range")
        if runs.isEmpty {
            if Int32(run) == sharedRun { return }
            if entries.count == 1 {
                sharedRun = Int32(run)
                return
            }
            spellOutRuns()
        }
        runs[position] = Int32(run)
    }

    /// Gives every property the run `run` (a new profile's: the run that adds it).
    public mutating func setRuns(_ run: Int) {
        precondition(Self.runs.contains(run), "run id \(run) out of range")
        runs.removeAll(keepingCapacity: true)
        sharedRun = Int32(run)
    }

    /// The run of the property at `index`, read from `runs` (the list's,
    /// borrowed) or `shared` when they are empty; the caller checks `index`.
    @inlinable
    static func run(at index: Int, in runs: UnsafeBufferPointer<Int32>, shared: Int32) -> Int {
        Int(runs.isEmpty ? shared : runs[index])
    }

    /// Where the values of the entry at `position` start in `bytes`.
    @inlinable
    static func start<Entries: RandomAccessCollection<Entry>>(at position: Int, in entries: Entries) -> Int
    where Entries.Index == Int {
        position == entries.startIndex ? 0 : Int(entries[position - 1].end)
    }

    /// Calls `body` with each property's name, values, source and run, in
    /// order, borrowing them where they are.
    @inlinable
    public func forEachProperty(_ body: (String, PropertyValues, String, Int) throws -> Void) rethrows {
        try labels.withUnsafeBufferPointer { labels in
            try entries.withUnsafeBufferPointer { entries in
                try runs.withUnsafeBufferPointer { runs in
                    for index in entries.indices {
                        try body(
                            labels[Int(entries[index].name)], values(at: index, in: entries),
                            labels[Int(entries[index].source)], Self.run(at: index, in: runs, shared: sharedRun))
                    }
                }
            }
        }
    }

    /// `forEachProperty` with each name and source as its position in
    /// `labelTexts`, not as a `String`. The labels are shared by every list
    /// a run builds: handing out each property's two retained and released
    /// them, in every reader of every profile, on whichever cores those ran
    /// at once. A reader that needs something of a label (its UTF-8, its
    /// id in the store's catalogue) works it out once per label instead
    /// (`PropertyLabelUTF8`, `sharesLabels(with:)`).
    @inlinable
    public func forEachPropertyAt(_ body: (_ name: Int, PropertyValues, _ source: Int, _ run: Int) throws -> Void) rethrows {
        try entries.withUnsafeBufferPointer { entries in
            try runs.withUnsafeBufferPointer { runs in
                for index in entries.indices {
                    try body(
                        Int(entries[index].name), values(at: index, in: entries),
                        Int(entries[index].source), Self.run(at: index, in: runs, shared: sharedRun))
                }
            }
        }
    }

    /// The values of the entry at `index` of `entries` (this list's, borrowed).
    @inlinable
    func values(at index: Int, in entries: UnsafeBufferPointer<Entry>) -> PropertyValues {
        PropertyValues(packed: bytes, start: Self.start(at: index, in: entries), end: Int(entries[index].end))
    }

    /// How many values lie in `bytes[start..<end]`: one length to skip per value.
    @inlinable
    static func valueCount(in bytes: [UInt8], start: Int, end: Int) -> Int {
        guard start < end else { return 0 }
        return bytes.withUnsafeBufferPointer { bytes in
            var position = start
            var count = 0
            while position < end {
                // Past the length, then past the value.
                let valueLength = length(in: bytes, at: &position)
                position += valueLength
                count += 1
            }
            return count
        }
    }

    /// The names and sources this list's properties refer to by position
    /// (`forEachPropertyAt`).
    public var labelTexts: [String] { labels }

    /// Whether this list's labels are the very array `other` is (not merely
    /// equal): what a reader worked out for `other`'s positions holds here.
    /// An array is copied before it is changed while another holds it, so
    /// the same storage is the same labels.
    @inlinable
    public func sharesLabels(with other: [String]) -> Bool {
        labelsIdentity == LabelsIdentity(other)
    }

    /// Which array of labels a list refers to: its storage's address and
    /// count. A reader that holds the labels it worked out (so that their
    /// storage is not reused) keeps their identity beside them and compares
    /// each list's with it. Asking with the held array itself
    /// (`sharesLabels(with:)`) retained and released that array per list,
    /// and a run's lists all share one: the build's digests on two cores,
    /// the store's encoder and the report each counted references on the
    /// one object. Callgrind, 10k first import: 2,653.1 M instructions
    /// against 2,663.9 M.
    public struct LabelsIdentity: Equatable, Sendable {
        @usableFromInline let address: UInt
        @usableFromInline let count: Int

        /// The identity of `labels`' storage.
        @inlinable
        public init(_ labels: [String]) {
            (address, count) = labels.withUnsafeBufferPointer { (UInt(bitPattern: $0.baseAddress), $0.count) }
        }
    }

    /// The identity of this list's labels (`labelTexts`).
    @inlinable
    public var labelsIdentity: LabelsIdentity { LabelsIdentity(labels) }

    /// Whether two strings have the same UTF-8 bytes (not merely equal as
    /// Swift strings, which compares canonical equivalence).
    static func sameBytes(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        let compared: Bool?? = a.utf8.withContiguousStorageIfAvailable { left in
            b.utf8.withContiguousStorageIfAvailable { right in left.elementsEqual(right) }
        }
        if let compared, let compared { return compared }
        return a.utf8.elementsEqual(b.utf8)
    }

    /// The length stored at `position`, which is moved past it.
    @inlinable
    static func length(in bytes: UnsafeBufferPointer<UInt8>, at position: inout Int) -> Int {
        var byte = bytes.baseAddress![position]
        position += 1
        guard byte >= 0x80 else { return Int(byte) }
        var length = Int(byte & 0x7F)
        var shift = 7
        repeat {
            byte = bytes.baseAddress![position]
            position += 1
            length |= Int(byte & 0x7F) << shift
            shift += 7
        } while byte >= 0x80
        return length
    }

    /// The same properties, values and runs, byte for byte, however they
    /// were appended and labelled.
    public static func == (lhs: PropertyList, rhs: PropertyList) -> Bool {
        guard lhs.entries.count == rhs.entries.count else { return false }
        for index in lhs.entries.indices {
            let left = lhs.entries[index]
            let right = rhs.entries[index]
            guard lhs.run(at: index) == rhs.run(at: index),
                sameBytes(lhs.name(at: index), rhs.name(at: index)),
                sameBytes(lhs.source(at: index), rhs.source(at: index)),
                lhs.bytes[Self.start(at: index, in: lhs.entries)..<Int(left.end)].elementsEqual(
                    rhs.bytes[Self.start(at: index, in: rhs.entries)..<Int(right.end)])
            else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(entries.count)
        for index in entries.indices {
            let entry = entries[index]
            hasher.combine(name(at: index))
            hasher.combine(source(at: index))
            hasher.combine(run(at: index))
            bytes.withUnsafeBytes { bytes in
                hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: bytes[Self.start(at: index, in: entries)..<Int(entry.end)]))
            }
        }
    }
}

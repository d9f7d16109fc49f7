/// A connection's source snapshots as the store read them, each decoded
/// into `SourceSnapshot` bytes when asked, from any thread.
///
/// The store reads its rows on one thread; turning each row back into a
/// snapshot was more than half of that (0.25 of 0.46 s for the 100,000
/// profiles of an incremental run) and can run on every core, beside
/// decoding the snapshot into an entry. So the store hands over the rows
/// and the way to decode one, and the run decodes them where it decodes
/// the entries.
public struct StoredSnapshots: Sendable {
    /// Each snapshot's profile or group, in the order `PriorState.loadSnapshots` gives.
    public let keys: [ProfileKey]
    private let decode: @Sendable (Int) throws -> [UInt8]
    /// The names numbered snapshots' attributes refer to, numbered from 1
    /// (`names[n - 1]` is number `n`'s); empty when the store has none.
    public let names: [String]
    private let lendNumbered: (@Sendable (Int, (NumberedSnapshot) -> Void) -> Void)?

    /// Snapshots whose bytes `decode(index)` makes for `keys[index]`; it is
    /// called from several threads at once, at most once per index.
    public init(keys: [ProfileKey], decode: @escaping @Sendable (Int) throws -> [UInt8]) {
        self.keys = keys
        self.decode = decode
        names = []
        lendNumbered = nil
    }

    /// Snapshots the store also keeps with their attributes' names as
    /// numbers into `names`: `numbered(index, body)` calls `body` with
    /// snapshot `index` in that form, or does not call it where the row is
    /// not (then `decode(index)` makes its bytes). Both are called from
    /// several threads at once.
    public init(
        keys: [ProfileKey], names: [String], numbered: @escaping @Sendable (Int, (NumberedSnapshot) -> Void) -> Void,
        decode: @escaping @Sendable (Int) throws -> [UInt8]
    ) {
        self.keys = keys
        self.decode = decode
        self.names = names
        lendNumbered = numbered
    }

    /// `body`'s result for snapshot `index` in its numbered form; nil where
    /// the store does not keep it so (`bytes(at:)` has it then).
    public func withNumbered<Result>(at index: Int, _ body: (NumberedSnapshot) -> Result) -> Result? {
        guard let lendNumbered else { return nil }
        var result: Result?
        lendNumbered(index) { result = body($0) }
        return result
    }

    /// Snapshots already decoded.
    public init(_ snapshots: [(ProfileKey, [UInt8])]) {
        let bytes = snapshots.map(\.1)
        self.init(keys: snapshots.map(\.0), decode: { bytes[$0] })
    }

    public var count: Int { keys.count }

    /// The `SourceSnapshot` bytes of the snapshot at `index`; throws when
    /// the stored row is damaged.
    public func bytes(at index: Int) throws -> [UInt8] {
        try decode(index)
    }

    /// Every snapshot with its key, decoded in order on this thread.
    public func decodedAll() throws -> [(ProfileKey, [UInt8])] {
        try keys.indices.map { (keys[$0], try decode($0)) }
    }
}

/// A stored snapshot with each attribute's name a number into a table of
/// names (`StoredSnapshots.names`, numbered from 1): `SourceSnapshot`'s
/// layout after the DN and count, but for the name, which is one varint.
/// The store keeps its snapshots so (its catalogue numbers the names); an
/// entry is decoded from it directly (`DirectoryEntry.init(numbered:…)`).
///
/// Lent, valid only inside the call that gives it: `attributes` points
/// into the store's rows.
public struct NumberedSnapshot {
    public let dn: String
    /// How many attributes `attributes` holds, as stored.
    public let count: UInt64
    /// Per attribute: its name's number, its value count, and per value
    /// `length << 1 | isBinary` and its bytes; every number a varint.
    public let attributes: UnsafeRawBufferPointer

    public init(dn: String, count: UInt64, attributes: UnsafeRawBufferPointer) {
        self.dn = dn
        self.count = count
        self.attributes = attributes
    }
}

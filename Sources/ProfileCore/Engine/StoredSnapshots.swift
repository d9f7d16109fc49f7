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

    /// Snapshots whose bytes `decode(index)` makes for `keys[index]`; it is
    /// called from several threads at once, at most once per index.
    public init(keys: [ProfileKey], decode: @escaping @Sendable (Int) throws -> [UInt8]) {
        self.keys = keys
        self.decode = decode
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

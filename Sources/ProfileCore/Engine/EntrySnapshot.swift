/// A profile's or group's source entry in `SourceSnapshot`'s layout, as the
/// store keeps it, without a copy of the entry's attributes.
///
/// `DirectoryEntry` already holds its attributes in that layout, so the
/// snapshot is the entry itself until the store writes it: at a million
/// users a separate copy per profile was over a gigabyte held to the commit.
public struct EntrySnapshot: Sendable, ExpressibleByArrayLiteral {
    private enum Source: Sendable {
        case entry(DirectoryEntry)
        case bytes([UInt8])
    }

    private let source: Source

    /// The snapshot of `entry` (what `SourceSnapshot.encode(entry)` returns).
    public init(_ entry: DirectoryEntry) {
        source = .entry(entry)
    }

    /// Snapshot bytes as they are (from the store, or a test's).
    public init(bytes: [UInt8]) {
        source = .bytes(bytes)
    }

    public init(arrayLiteral elements: UInt8...) {
        source = .bytes(elements)
    }

    /// Calls `body` with the entry this snapshot is of, when it is not bytes
    /// already; nil without calling it otherwise.
    ///
    /// Lent, not returned: a returned entry was a copy, four references
    /// retained and released per profile the commit encodes, at a million
    /// profiles objects long out of the cache, on the encoding thread that
    /// the inserts wait for.
    package func withEntry<Result>(_ body: (borrowing DirectoryEntry) throws -> Result) rethrows -> Result? {
        switch source {
        case .entry(let entry): try body(entry)
        case .bytes: nil
        }
    }

    /// At least the bytes the snapshot takes in `SourceSnapshot`'s layout
    /// (an entry's, before they are assembled), for sizing a buffer.
    public var encodedCapacity: Int {
        switch source {
        case .entry(let entry): entry.dn.utf8.count + entry.encodedAttributesCapacity + 20  // two varints of up to ten bytes
        case .bytes(let bytes): bytes.count
        }
    }

    /// The snapshot's bytes (assembled for an entry).
    public var bytes: [UInt8] {
        switch source {
        case .entry(let entry): SourceSnapshot.encode(entry)
        case .bytes(let bytes): bytes
        }
    }

    /// Calls `body` with the snapshot's bytes; an entry's are assembled in
    /// `scratch`, which the caller reuses from one snapshot to the next.
    public func withUnsafeBytes<Result>(
        scratch: inout [UInt8], _ body: (UnsafeRawBufferPointer) throws -> Result
    ) rethrows -> Result {
        switch source {
        case .entry(let entry):
            scratch.removeAll(keepingCapacity: true)
            SourceSnapshot.appendHeader(of: entry, to: &scratch)
            entry.appendEncodedAttributes(to: &scratch)
            return try scratch.withUnsafeBytes(body)
        case .bytes(let bytes):
            return try bytes.withUnsafeBytes(body)
        }
    }

    /// The digest of what the snapshot holds (`DirectoryEntry.snapshotDigest`),
    /// alike for an entry and for its bytes; bytes that do not decode are
    /// digested as they are. `nameDigests` is the attribute names' digests
    /// a caller keeps from one snapshot to the next.
    package func digest(nameDigests: inout [UInt64]) -> UInt64 {
        switch source {
        case .entry(let entry):
            return entry.snapshotDigest(nameDigests: &nameDigests)
        case .bytes(let bytes):
            if let entry = SourceSnapshot.decode(bytes) { return entry.snapshotDigest(nameDigests: &nameDigests) }
            var digest = ContentDigest()
            digest.add(bytes)
            return digest.value
        }
    }

    /// Adds the snapshot's bytes to `digest` as one field, whichever form it is in.
    func add(to digest: inout ContentDigest) {
        var scratch: [UInt8] = []
        add(to: &digest, scratch: &scratch)
    }

    /// `add(to:)` assembling an entry's bytes in `scratch`, which the caller
    /// reuses from one snapshot to the next: an array made and freed per
    /// profile was a malloc and a free on both building cores.
    func add(to digest: inout ContentDigest, scratch: inout [UInt8]) {
        switch source {
        case .entry(let entry):
            scratch.removeAll(keepingCapacity: true)
            scratch.reserveCapacity(encodedCapacity)
            SourceSnapshot.appendHeader(of: entry, to: &scratch)
            entry.appendEncodedAttributes(to: &scratch)
            digest.add(scratch)
        case .bytes(let bytes):
            digest.add(bytes)
        }
    }
}

import ProfileCore

/// A connection's snapshot rows copied out of SQLite as they lie, to be
/// decoded later on any thread (`StoredSnapshots`).
///
/// Decoding a row as it was read kept the one reading thread busy for more
/// than half of its time; the copy is one `memcpy` into a buffer shared by
/// all rows. The DN column is copied as bytes too and only made a string
/// by the row's decoding, on whichever thread runs it.
final class StoredSnapshotRows: Sendable {
    let keys: [ProfileKey]
    /// Every row's DN and then snapshot bytes, one after the other.
    private let bytes: [UInt8]
    /// Where each row's DN starts in `bytes`, where its snapshot starts and
    /// where that ends (sorted rows no longer lie in `bytes`' order).
    private let rows: [(dn: Int, snapshot: Int, end: Int)]
    /// Whether the snapshots are in the interned form (a store a run of
    /// this version has upgraded) or the engine's own bytes.
    private let interned: Bool
    private let catalogue: StoreCatalogue

    /// Collects the rows as the store's query reads them.
    struct Builder: ~Copyable {
        var keys: [ProfileKey] = []
        var bytes: [UInt8] = []
        var rows: [(dn: Int, snapshot: Int, end: Int)] = []

        mutating func append(_ key: ProfileKey, dn: UnsafeRawBufferPointer, snapshot: UnsafeRawBufferPointer) {
            let start = bytes.count
            bytes.append(contentsOf: dn)
            bytes.append(contentsOf: snapshot)
            keys.append(key)
            rows.append((start, start + dn.count, bytes.count))
        }

        /// Puts the rows from `start` on in the order of `precedes` of their keys.
        mutating func sort(from start: Int, by precedes: (ProfileKey, ProfileKey) -> Bool) {
            guard start < keys.count else { return }
            var order = Array(start..<keys.count)
            order.sort { precedes(keys[$0], keys[$1]) }
            keys.replaceSubrange(start..., with: order.map { keys[$0] })
            rows.replaceSubrange(start..., with: order.map { rows[$0] })
        }
    }

    init(_ builder: consuming Builder, interned: Bool, catalogue: StoreCatalogue) {
        keys = builder.keys
        bytes = builder.bytes
        rows = builder.rows
        self.interned = interned
        self.catalogue = catalogue
    }

    /// The catalogue's texts by id: the names of numbered snapshots' attributes.
    var names: [String] { interned ? catalogue.texts : [] }

    /// Calls `body` with row `index`'s snapshot in its numbered form, where
    /// it is interned (`StoredSnapshot.withNumbered`).
    func withNumbered(_ index: Int, _ body: (NumberedSnapshot) -> Void) {
        guard interned else { return }
        let row = rows[index]
        bytes.withUnsafeBytes { buffer in
            StoredSnapshot.withNumbered(
                UnsafeRawBufferPointer(rebasing: buffer[row.snapshot..<row.end]),
                // As `decode` reads the column: invalid UTF-8 repaired.
                dn: { String(decoding: buffer[row.dn..<row.snapshot], as: UTF8.self) }, body)
        }
    }

    /// Row `index`'s snapshot in the engine's bytes (`SourceSnapshot`).
    func decode(_ index: Int) throws -> [UInt8] {
        let row = rows[index]
        return try bytes.withUnsafeBytes { buffer in
            let snapshot = UnsafeRawBufferPointer(rebasing: buffer[row.snapshot..<row.end])
            guard interned else { return [UInt8](snapshot) }
            // As `RawQuery.text` reads the column: invalid UTF-8 repaired.
            let dn = String(decoding: buffer[row.dn..<row.snapshot], as: UTF8.self)
            return try StoredSnapshot.decode(snapshot, dn: dn, catalogue: catalogue)
        }
    }
}

import ProfileCore

/// The BLOBs of a run's rows, encoded on another core while the committing
/// thread inserts the rows encoded before them.
///
/// A first run of 100,000 profiles encoded 300,000 BLOBs (properties,
/// snapshot, `add` change; 200,000 since adds are kept in their profiles'
/// rows, `KeptAdds`) and inserted as many rows; one thread doing both spent
/// about a third of the commit encoding while the other core idled or
/// only rendered the report. Encoding stays in one thread and in the order
/// the rows are inserted, so the catalogue hands out the same ids as a
/// single-threaded commit and the store's bytes do not change.
///
/// The rows' text columns (keys, account, DN, state, a change's kind) are
/// copied into the batches here too: the committing thread, which the
/// whole commit waits for, then binds bytes that lie together instead of
/// reading (and retaining) strings of profiles all over memory. At a
/// million profiles that reading was a quarter of a second on that thread.
///
/// Profile rows go in key order (`KeyOrder`), groups and changes in theirs.
struct CommitEncoding: Sendable {
    /// Where one row's BLOBs and text columns lie in its batch's bytes.
    struct Row: Sendable {
        /// The row's position in its section of the run's result.
        var item: Int
        var first: Range<Int>
        var second: Range<Int>
        var columns: Range<Int>
    }

    /// A row's columns in the order its section binds them. Text columns
    /// are each a varint, 0 for NULL or the length + 1, and the UTF-8
    /// bytes; a profile row's numbers (`ProfileNumbers`) come before them.
    struct Columns {
        private var reader: StoredBytesReader

        init(_ bytes: UnsafeRawBufferPointer) {
            reader = StoredBytesReader(bytes, what: "commit batch")
        }

        /// The next column's bytes, nil for NULL; valid while the row's body runs.
        mutating func next() throws -> UnsafeRawBufferPointer? {
            let header = try reader.varint()
            return header == 0 ? nil : try reader.raw(count: header - 1)
        }

        /// A profile row's numbers, before its text columns.
        mutating func profileNumbers() throws -> ProfileNumbers {
            let digest = try reader.word()
            let flags = try reader.byte()
            let inputs = flags & ProfileNumbers.hasInputs != 0 ? try reader.word() : nil
            let addedSeq = flags & ProfileNumbers.hasAddedSeq != 0 ? try reader.count() : nil
            return ProfileNumbers(
                digest: digest, inputs: inputs, contentOnly: flags & ProfileNumbers.contentOnlyFlag != 0,
                addedSeq: addedSeq)
        }
    }

    /// What a profile row binds besides its text: its `ProfileWrite`'s
    /// digest, inputs digest, whether only its content changes, and the
    /// `seq` of the add it keeps (`KeptAdds`).
    ///
    /// Copied into the batch by the encoder, which reads each write anyway:
    /// the committing thread, taking the writes in key order, that is at
    /// random places in memory, waited on each write's cache lines (perf, a
    /// 100k first import: about 8% of that thread's samples in the
    /// commit's inserts were the reads of a write's key, content flag and
    /// digest, and the retain of its key's strings).
    struct ProfileNumbers {
        static let contentOnlyFlag: UInt8 = 1
        static let hasInputs: UInt8 = 2
        static let hasAddedSeq: UInt8 = 4

        var digest: UInt64
        var inputs: UInt64?
        var contentOnly: Bool
        var addedSeq: Int?
    }

    /// Consecutive rows of one section, their BLOBs and columns side by side.
    struct Batch: Sendable {
        var bytes: OwnedBytes
        var rows: [Row]

        /// Row `index`'s BLOBs and columns, valid while `body` runs.
        func withRow<T>(
            _ index: Int, _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer, Columns) throws -> T
        ) rethrows -> T {
            try bytes.withUnsafeBytes { all in
                let row = rows[index]
                return try body(
                    UnsafeRawBufferPointer(rebasing: all[row.first]), UnsafeRawBufferPointer(rebasing: all[row.second]),
                    Columns(UnsafeRawBufferPointer(rebasing: all[row.columns])))
            }
        }
    }

    /// Rows per batch: a batch of first-run profiles is about 250 KB.
    static let batchSize = 256
    /// Bytes after which a batch goes even with fewer rows: a million-user
    /// run's groups (members and snapshots of up to 100,000s of members
    /// each) were one batch of 250 MB, held whole, that the committing
    /// thread waited four seconds for before inserting the first group.
    static let batchBytes = 1 << 20
    /// A new batch's buffer: 256 first-run profiles (about 400 KB) fit.
    static let batchCapacity = 1 << 19

    /// Bytes of encoded rows that may wait for the inserting thread: a few
    /// dozen batches of profiles, or one or two of a large group's. Without
    /// the limit, 16 batches of a million-user run's largest groups waited
    /// at once (231 MB at the run's peak, by massif).
    static let queuedBytes = 16 << 20

    /// Where a write's property list lies in it: each list is encoded
    /// where it lies (`StoredProperties.encode(at:…)`).
    static let propertiesOffset = MemoryLayout<ProfileWrite>.offset(of: \ProfileWrite.profile.properties)!

    let channel = BatchChannel<Batch>(capacity: 16, weightLimit: Self.queuedBytes)
    private let task: BackgroundTask<StoreCatalogue>

    /// Starts encoding `result`'s profile writes (properties, snapshot),
    /// group writes (members, snapshot) and changes (body, nothing), in that
    /// order, each section's rows in their order; the changes `kept` marks
    /// (`KeptAdds.positions`) are left out, their writes given their `seq`.
    init(_ result: RunResult, catalogue: StoreCatalogue, kept: [Bool]) {
        let channel = self.channel
        task = BackgroundTask {
            var catalogue = catalogue
            Self.encode(result, kept: kept, catalogue: &catalogue, into: channel)
            return catalogue
        }
    }

    /// The catalogue with every name the encoded rows refer to; call after
    /// the last batch was received (or the channel cancelled).
    func finish() throws -> StoreCatalogue {
        try task.wait()
    }

    private static func encode(
        _ result: RunResult, kept: [Bool], catalogue: inout StoreCatalogue, into channel: BatchChannel<Batch>
    ) {
        var writer = StoredBytesWriter(reservingCapacity: Self.batchCapacity)
        var rows: [Row] = []
        rows.reserveCapacity(batchSize)
        // Snapshots come as their entries, written from their attributes; one
        // the interned form cannot hold is assembled here, in one reused array.
        var scratch: [UInt8] = []
        var spans: [StoredSnapshot.AttributeSpan] = []
        /// Catalogue id + 1 by key number (`StoredSnapshot.encode(entry:…)`).
        var ids: [Int] = []
        /// Sends the rows gathered so far; false when the committing thread gave up.
        func send() -> Bool {
            guard !rows.isEmpty else { return true }
            // The writer's buffer goes with the batch: a copy of each was
            // held twice while it was made, and a large group's grown buffer
            // was kept for the rest of the commit (134 MB at a million users).
            let bytes = writer.take(reservingNext: Self.batchCapacity)
            let sent = channel.send([Batch(bytes: bytes, rows: rows)], weight: bytes.count)
            rows.removeAll(keepingCapacity: true)
            return sent
        }
        /// Ends the row of `item` whose BLOBs are `start..<middle` and
        /// `middle..<end`, and whose columns follow them.
        func add(_ item: Int, _ start: Int, _ middle: Int, _ end: Int) -> Bool {
            rows.append(Row(item: item, first: start..<middle, second: middle..<end, columns: end..<writer.count))
            return (rows.count < batchSize && writer.count < batchBytes) || send()
        }
        let profilesSent = result.profileWrites.withUnsafeBufferPointer { writes -> Bool in
            for index in KeyOrder.of(writes) {
                // Read in place: copying a ProfileWrite retains a dozen references.
                let write = writes.baseAddress! + index
                let start = writer.count
                StoredProperties.encode(
                    at: (UnsafeRawPointer(write) + Self.propertiesOffset).assumingMemoryBound(to: PropertyList.self),
                    context: StoredProperties.context(
                        account: write.pointee.profile.account, dn: write.pointee.profile.dn,
                        anchor: write.pointee.profile.key.anchor),
                    into: &writer, catalogue: &catalogue)
                let middle = writer.count
                StoredSnapshot.encode(
                    write.pointee.snapshot, dn: write.pointee.profile.dn, into: &writer, catalogue: &catalogue,
                    ids: &ids, spans: &spans, scratch: &scratch)
                let end = writer.count
                // As `ProfileStore.commit` binds them (`Columns.profileNumbers`, then the text).
                writer.word(write.pointee.digest)
                let addedAt = write.pointee.addedAt.flatMap { kept[$0] ? $0 : nil }
                writer.byte(
                    (write.pointee.contentOnly ? ProfileNumbers.contentOnlyFlag : 0)
                        | (write.pointee.inputs == nil ? 0 : ProfileNumbers.hasInputs)
                        | (addedAt == nil ? 0 : ProfileNumbers.hasAddedSeq))
                if let inputs = write.pointee.inputs { writer.word(inputs) }
                // Its `seq`, as the change log numbers a run's changes from 1.
                if let addedAt { writer.varint(addedAt + 1) }
                writer.column(write.pointee.profile.key.connection)
                writer.column(write.pointee.profile.key.anchor)
                writer.column(write.pointee.profile.account)
                writer.column(write.pointee.profile.dn)
                writer.lowercasedColumn(write.pointee.profile.dn)
                writer.column(write.pointee.profile.state.rawValue)
                writer.column(write.pointee.profile.reason?.rawValue)
                guard add(index, start, middle, end) else { return false }
            }
            return send()
        }
        guard profilesSent else { return }
        for (index, group) in result.groupWrites.enumerated() {
            let start = writer.count
            // Sized at once, members and snapshot: a large group's row grew
            // the writer by doubling and held its last two buffers at once,
            // and with room for its members alone the snapshot doubled it.
            writer.reserve(
                1 + StoredBytesWriter.size(ofStrings: group.members) + group.snapshot.encodedCapacity
                    + StoredBytesWriter.followingRoom)
            StoredMembers.encode(group.members, into: &writer)
            let middle = writer.count
            StoredSnapshot.encode(
                group.snapshot, dn: group.dn, into: &writer, catalogue: &catalogue, ids: &ids, spans: &spans,
                scratch: &scratch)
            // A snapshot of 100,000s of member DNs grew the scratch to tens
            // of MB, held to the end of the commit otherwise.
            if scratch.capacity > Self.batchBytes { scratch = [] }
            guard add(index, start, middle, writer.count) else { return }
        }
        guard send() else { return }
        let changesSent = result.changes.withUnsafeBufferPointer { changes -> Bool in
            for index in changes.indices where !kept[index] {
                let start = writer.count
                let change = changes.baseAddress! + index
                let end = StoredChange.encodeRow(change.pointee, into: &writer, catalogue: &catalogue)
                guard add(index, start, end, end) else { return false }
            }
            return send()
        }
        guard changesSent else { return }
        channel.finish()
    }

    /// Calls `body` with each of the next `count` rows' position in its
    /// section (`Row.item`), BLOBs and columns, in the order they were encoded.
    func forEachRow(
        count: Int,
        _ body: (_ index: Int, UnsafeRawBufferPointer, UnsafeRawBufferPointer, inout Columns) throws -> Void
    ) throws {
        var done = 0
        while done < count {
            guard let batches = try channel.receive() else {
                throw StoreError.io("the commit's encoder stopped after \(done) of \(count) rows")
            }
            for batch in batches {
                for row in batch.rows.indices {
                    try batch.withRow(row) { first, second, columns in
                        var columns = columns
                        try body(batch.rows[row].item, first, second, &columns)
                    }
                    done += 1
                }
            }
        }
    }
}

extension StoredBytesWriter {
    /// A text column of a commit batch (`CommitEncoding.Columns`).
    ///
    /// Read where the string lies: a mutable copy to call `withUTF8` on
    /// retained and released each of a profile's seven columns.
    mutating func column(_ text: String?) {
        guard let text else { return varint(0) }
        let written: Void? = text.utf8.withContiguousStorageIfAvailable { bytes in
            varint(bytes.count + 1)
            raw(UnsafeRawBufferPointer(bytes))
        }
        if written == nil { column(String(decoding: Array(text.utf8), as: UTF8.self)) }
    }

    /// `column(CaseFold.lowercased(text))`, an ASCII text lowered straight
    /// into the batch: the DN key made a string per profile only to be
    /// copied here and freed.
    mutating func lowercasedColumn(_ text: String) {
        let written: Bool? = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return false }
            varint(bytes.count + 1)
            let start = count
            raw(UnsafeRawBufferPointer(bytes))
            lowerASCII(from: start)
            return true
        }
        if written != true { column(CaseFold.lowercased(text)) }
    }
}


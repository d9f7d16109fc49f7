import ProfileCore

/// The BLOBs of a run's rows, encoded on another core while the committing
/// thread inserts the rows encoded before them.
///
/// A first run of 100,000 profiles encodes 300,000 BLOBs (properties,
/// snapshot, `add` change) and inserts as many rows; one thread doing both
/// spent about a third of the commit encoding while the other core idled or
/// only rendered the report. Encoding stays in one thread and in row order,
/// so the catalogue hands out the same ids as a single-threaded commit and
/// the store's bytes do not change.
struct CommitEncoding: Sendable {
    /// Where one row's BLOBs lie in its batch's bytes.
    struct Row: Sendable {
        var first: Range<Int>
        var second: Range<Int>
    }

    /// Consecutive rows of one section, their BLOBs side by side.
    struct Batch: Sendable {
        var bytes: [UInt8]
        var rows: [Row]

        /// Row `index`'s BLOBs, valid while `body` runs.
        func withBlobs<T>(
            _ index: Int, _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> T
        ) rethrows -> T {
            try bytes.withUnsafeBytes { all in
                let row = rows[index]
                return try body(
                    UnsafeRawBufferPointer(rebasing: all[row.first]), UnsafeRawBufferPointer(rebasing: all[row.second]))
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

    let channel = BatchChannel<Batch>(capacity: 16)
    private let task: BackgroundTask<StoreCatalogue>

    /// Starts encoding `result`'s profile writes (properties, snapshot),
    /// group writes (members, snapshot) and changes (body, nothing), in that
    /// order, each section's rows in their order.
    init(_ result: RunResult, catalogue: StoreCatalogue) {
        let channel = self.channel
        task = BackgroundTask {
            var catalogue = catalogue
            Self.encode(result, catalogue: &catalogue, into: channel)
            return catalogue
        }
    }

    /// The catalogue with every name the encoded rows refer to; call after
    /// the last batch was received (or the channel cancelled).
    func finish() throws -> StoreCatalogue {
        try task.wait()
    }

    private static func encode(_ result: RunResult, catalogue: inout StoreCatalogue, into channel: BatchChannel<Batch>) {
        var writer = StoredBytesWriter(reservingCapacity: 1 << 18)
        var rows: [Row] = []
        rows.reserveCapacity(batchSize)
        // Snapshots come as their entries' buffers; each is assembled here, in one reused array.
        var scratch: [UInt8] = []
        /// Sends the rows gathered so far; false when the committing thread gave up.
        func send() -> Bool {
            guard !rows.isEmpty else { return true }
            let sent = channel.send([Batch(bytes: writer.array, rows: rows)])
            writer.reset()
            rows.removeAll(keepingCapacity: true)
            return sent
        }
        func add(_ start: Int, _ middle: Int) -> Bool {
            rows.append(Row(first: start..<middle, second: middle..<writer.count))
            return (rows.count < batchSize && writer.count < batchBytes) || send()
        }
        let profilesSent = result.profileWrites.withUnsafeBufferPointer { writes -> Bool in
            for index in writes.indices {
                // Read in place: copying a ProfileWrite retains a dozen references.
                let write = writes.baseAddress! + index
                let start = writer.count
                StoredProperties.encode(
                    write.pointee.profile.properties,
                    context: StoredProperties.context(
                        account: write.pointee.profile.account, dn: write.pointee.profile.dn,
                        anchor: write.pointee.profile.key.anchor),
                    into: &writer, catalogue: &catalogue)
                let middle = writer.count
                write.pointee.snapshot.withUnsafeBytes(scratch: &scratch) {
                    StoredSnapshot.encode($0, dn: write.pointee.profile.dn, into: &writer, catalogue: &catalogue)
                }
                guard add(start, middle) else { return false }
            }
            return send()
        }
        guard profilesSent else { return }
        for group in result.groupWrites {
            let start = writer.count
            StoredMembers.encode(group.members, into: &writer)
            let middle = writer.count
            group.snapshot.withUnsafeBytes(scratch: &scratch) {
                StoredSnapshot.encode($0, dn: group.dn, into: &writer, catalogue: &catalogue)
            }
            guard add(start, middle) else { return }
        }
        guard send() else { return }
        let changesSent = result.changes.withUnsafeBufferPointer { changes -> Bool in
            for index in changes.indices {
                let start = writer.count
                StoredChange.encode((changes.baseAddress! + index).pointee, into: &writer, catalogue: &catalogue)
                guard add(start, writer.count) else { return false }
            }
            return send()
        }
        guard changesSent else { return }
        channel.finish()
    }

    /// Calls `body` with each of the next `count` rows' BLOBs, in order.
    func forEachRow(
        count: Int, _ body: (_ index: Int, UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void
    ) throws {
        var done = 0
        while done < count {
            guard let batches = try channel.receive() else {
                throw StoreError.io("the commit's encoder stopped after \(done) of \(count) rows")
            }
            for batch in batches {
                for row in batch.rows.indices {
                    try batch.withBlobs(row) { first, second in try body(done, first, second) }
                    done += 1
                }
            }
        }
    }
}

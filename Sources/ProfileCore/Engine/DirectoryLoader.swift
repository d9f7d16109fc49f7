import Diagnostics
import Foundation
import LDIF
import UTF8Validation

/// Reads a directory connection's LDIF files into entries (DESIGN §4.1).
///
/// Full runs take every content record as the complete state of the
/// directory. Incremental runs start from the store's snapshots and apply
/// the delta: content records replace, change records patch, deletes and
/// `isDeleted: TRUE` tombstones mark.
struct DirectoryLoader {
    let connection: DirectoryConnectionConfig
    /// Attribute keys the configuration reads; others are dropped on read so
    /// memory and snapshots hold only what matters.
    let retainedKeys: Set<String>
    let policy: ErrorPolicy
    let configurationFolder: String

    /// A live entry's anchor and lowercased DN, as the loader keyed it:
    /// classification takes them with the entries rather than computing
    /// both strings again (and freeing the loader's copies in between).
    struct EntryKeys: Sendable {
        var anchor: String?
        var dnKey: String
    }

    struct Result {
        /// Live entries in the order they were first inserted (a full
        /// export's file order); an empty entry where one was removed
        /// (`vacant`). Kept in an array the run takes whole, not in the map:
        /// copying 100,000s of entries out of a dictionary, sorting them and
        /// freeing the dictionary took a fifth of a second on one core
        /// between reading and classifying. Not optional: a full export
        /// leaves no slot vacant, and the run then takes this array itself,
        /// where moving the entries into an array of their own made a second
        /// array of every entry and its keys (83 MB of new memory at 1M).
        private var slots: [DirectoryEntry] = []
        /// Each slot's entry's keys (stale where the slot is vacant).
        private var slotKeys: [EntryKeys] = []
        /// Per slot, whether its entry was removed; empty while none was
        /// (a full export), so that the common case keeps no flags at all.
        private var vacant: [Bool] = []
        /// Lowercased DN → position in `slots` of the live entry.
        private var positions: [String: Int] = [:]
        /// Anchor → lowercased DN of the live entry, so tombstones and moves find their entry at once.
        private var dnByAnchor: [String: String] = [:]
        /// Anchors (or lowercased DNs) deleted by the delta or tombstoned.
        var deletedAnchors: Set<String> = []
        var deletedDNs: Set<String> = []
        var inputs: [RunInput] = []
        var highestUSN: Int64 = 0
        var skippedBelowWatermark = 0
        /// Old lowercased DN → new DN of entries a delta moved.
        var renamedDNs: [String: String] = [:]

        var count: Int { positions.count }

        mutating func reserve(_ count: Int) {
            slots.reserveCapacity(count)
            slotKeys.reserveCapacity(count)
            positions.reserveCapacity(count)
            dnByAnchor.reserveCapacity(count)
        }

        /// The live entry with this lowercased DN.
        func entry(dnKey: String) -> DirectoryEntry? {
            positions[dnKey].map { slots[$0] }
        }

        /// Adds `entry`, or replaces the live entry with its DN; an entry
        /// whose anchor was under another DN leaves that DN (a move).
        ///
        /// Each map is probed once for an entry seen for the first time (a
        /// full export's every entry): a look-up and then a store were two
        /// hashes and two probes of each map, at a million entries a fifth
        /// of the indexing thread's samples, mostly cache misses.
        mutating func insert(_ entry: consuming DirectoryEntry, anchor: String?, dnKey: String? = nil) {
            let dnKey = dnKey ?? CaseFold.lowercased(entry.dn)
            if let anchor, let old = dnByAnchor.updateValue(dnKey, forKey: anchor), old != dnKey {
                if let position = positions.removeValue(forKey: old) { vacate(position) }
                renamedDNs[old] = entry.dn
            }
            if let position = positions.updateValue(slots.count, forKey: dnKey) {
                // The DN was there already: it keeps its place.
                positions[dnKey] = position
                slots[position] = entry
                slotKeys[position] = EntryKeys(anchor: anchor, dnKey: dnKey)
            } else {
                // Moved in, not copied: a copy retained the entry's strings and buffers.
                slots.append(consume entry)
                if !vacant.isEmpty { vacant.append(false) }
                slotKeys.append(EntryKeys(anchor: anchor, dnKey: dnKey))
            }
        }

        /// The live entries ordered by file, line and DN, with their keys,
        /// moved out: the result holds none afterwards. A full export's are
        /// in that order already and are only checked; a delta's are sorted.
        mutating func takeEntriesInFileOrder() -> (entries: [DirectoryEntry], keys: [EntryKeys]) {
            var entries: [DirectoryEntry] = []
            var keys: [EntryKeys] = []
            let live = vacant.isEmpty ? Array(slots.indices) : slots.indices.filter { !vacant[$0] }
            let inOrder = slots.withUnsafeBufferPointer { slots in
                live.indices.dropFirst().allSatisfy { Self.precedes(slots[live[$0 - 1]], slots[live[$0]]) }
            }
            if vacant.isEmpty && inOrder {
                swap(&entries, &slots)
                swap(&keys, &slotKeys)
            } else {
                let order = inOrder ? live : slots.withUnsafeBufferPointer { Self.fileOrder($0, positions: live) }
                entries.reserveCapacity(order.count)
                keys.reserveCapacity(order.count)
                for index in order {
                    // Swapped out, not copied: a copy retained (and the
                    // emptied array then released) every entry's parts, each
                    // at its own place in memory: most of the time sorting an
                    // incremental run's 100,000 entries took.
                    var entry = Self.emptyEntry
                    swap(&entry, &slots[index])
                    entries.append(consume entry)
                    var entryKeys = EntryKeys(anchor: nil, dnKey: "")
                    swap(&entryKeys, &slotKeys[index])
                    keys.append(consume entryKeys)
                }
            }
            slots = []
            slotKeys = []
            vacant = []
            positions = [:]
            return (entries, keys)
        }

        /// `entries` sorted stably by `precedes`. Sorting the entries
        /// themselves compared file names as strings at every step and moved
        /// whole entries: a fifth of a second for the 100,000 entries of an
        /// incremental run, on one core. Here each file gets its rank in
        /// string order once, positions are sorted by (rank, line) and DN,
        /// and each entry is moved once. The stored entries all carry file
        /// "store" and line 0, so among them the DN decides (`SortKey`).
        static func sortedInFileOrder(_ entries: [DirectoryEntry]) -> [DirectoryEntry] {
            entries.withUnsafeBufferPointer { fileOrder($0, positions: Array($0.indices)) }.map { entries[$0] }
        }

        /// `positions` of `entries` in `sortedInFileOrder`'s order.
        static func fileOrder(_ entries: UnsafeBufferPointer<DirectoryEntry>, positions: [Int]) -> [Int] {
            // String keys, as `precedes` compares: canonically equivalent names are one file.
            let files = Set(positions.lazy.map { entries[$0].file }).sorted()
            let rank = Dictionary(uniqueKeysWithValues: files.enumerated().map { ($1, $0) })
            var order = positions.map { SortKey(entries[$0], file: rank[entries[$0].file]!, position: $0) }
            order.sort { a, b in
                if a.file != b.file { return a.file < b.file }
                if a.line != b.line { return a.line < b.line }
                let order = SortKey.compareDNs(a, b, in: entries)
                if order != 0 { return order < 0 }
                return a.position < b.position  // stable, as sort(by: precedes) is
            }
            return order.map(\.position)
        }

        /// An entry's place in `fileOrder`, with the first 24 bytes of an
        /// ASCII DN as three numbers: an incremental run's stored entries tie
        /// on file and line, so every step of their sort compared two DNs
        /// as strings. ASCII DNs, nearly all, are ordered by those numbers
        /// and only on a tie by their bytes, which is `String`'s order for
        /// ASCII; any other DN compares as a string.
        ///
        /// Three numbers, not two: in a generated million-user export 84%
        /// of the DNs share their first 16 bytes with others
        /// (`CN=Michael Smith`, 21 to a group on average), 0.6% their first
        /// 24, and every tie read both DNs from their entries at random
        /// places in memory. With 24 bytes the sort of a 1M incremental run
        /// took 403-450 perf samples against 577-583 (499 Hz, one thread).
        struct SortKey {
            var file: Int
            var line: Int
            var position: Int
            /// Big-endian, zero-padded: comparing them orders the DNs as
            /// their first 24 bytes do, a DN shorter than 24 bytes (padded
            /// with zeros, below any byte a longer one has there) first.
            var head: UInt64 = 0
            var middle: UInt64 = 0
            var tail: UInt64 = 0
            var isASCII = false

            init(_ entry: DirectoryEntry, file: Int, position: Int) {
                self.file = file
                line = entry.line
                self.position = position
                let ascii: Bool? = entry.dn.utf8.withContiguousStorageIfAvailable { dn in
                    guard dn.allSatisfy({ $0 < 0x80 }) else { return false }
                    head = DirectoryEntry.prefix(of: UnsafeBufferPointer(rebasing: dn.prefix(8)))
                    middle = DirectoryEntry.prefix(of: UnsafeBufferPointer(rebasing: dn.dropFirst(8).prefix(8)))
                    tail = DirectoryEntry.prefix(of: UnsafeBufferPointer(rebasing: dn.dropFirst(16).prefix(8)))
                    return true
                }
                isASCII = ascii ?? false
            }

            /// `a`'s DN against `b`'s in `String`'s order: negative, zero or
            /// positive. The DNs themselves are read only on a tie of the
            /// numbers: reading one retained and released it.
            @inline(__always)
            static func compareDNs(_ a: SortKey, _ b: SortKey, in entries: UnsafeBufferPointer<DirectoryEntry>) -> Int {
                if a.isASCII && b.isASCII {
                    if a.head != b.head { return a.head < b.head ? -1 : 1 }
                    if a.middle != b.middle { return a.middle < b.middle ? -1 : 1 }
                    if a.tail != b.tail { return a.tail < b.tail ? -1 : 1 }
                }
                let (dnA, dnB) = (entries[a.position].dn, entries[b.position].dn)
                guard a.isASCII && b.isASCII else { return dnA == dnB ? 0 : dnA < dnB ? -1 : 1 }
                // Both contiguous: `isASCII` was only set for such.
                return dnA.utf8.withContiguousStorageIfAvailable { left in
                    dnB.utf8.withContiguousStorageIfAvailable { right in DirectoryEntry.compareBytes(left, right) }!
                }!
            }
        }

        /// File, then line, then DN: the order entries are classified and reported in.
        static func precedes(_ a: DirectoryEntry, _ b: DirectoryEntry) -> Bool {
            if a.file != b.file { return a.file < b.file }
            if a.line != b.line { return a.line < b.line }
            return a.dn < b.dn
        }

        /// What the directory does for linked attributes when an object is
        /// renamed or deleted (referential integrity): group `member` values
        /// follow the move and lose the deleted. A delta carries the renamed
        /// object, not every group that points at it.
        ///
        /// Every member of every stored group is checked. Lowering each into
        /// a new string to look it up, and making a value of each to keep it,
        /// was 0.13–0.19 s of an incremental run of 100,000 users (246,000
        /// members); an ASCII member is now looked up where it lies (`DNTable`)
        /// and a kept one stays as it is. `DNTable` compares bytes and the
        /// sets compare strings, which equal each other in canonically
        /// equivalent forms too: so the table serves only where bytes decide,
        /// an ASCII member against only ASCII keys, and any other member is
        /// looked up as before.
        mutating func repairMemberLinks() {
            guard !renamedDNs.isEmpty || !deletedDNs.isEmpty else { return }
            let isASCII = { (text: String) in text.utf8.allSatisfy { $0 < 0x80 } }
            let keysAreASCII = deletedDNs.allSatisfy(isASCII) && renamedDNs.keys.allSatisfy(isASCII)
            // Each key's link: the moved DN's position in `movedTo`, or -1 when deleted.
            var links = DNTable<Int32>(minimumCapacity: keysAreASCII ? renamedDNs.count + deletedDNs.count : 0)
            var movedTo: [String] = []
            if keysAreASCII {
                for (old, new) in renamedDNs {
                    links.set(Int32(movedTo.count), forKey: old)
                    movedTo.append(new)
                }
                // Set last: a DN both deleted and renamed is dropped, as the sets check deletion first.
                for dn in deletedDNs { links.set(-1, forKey: dn) }
            }
            // Copies, for the closures below to read on other threads.
            let deletedDNs = deletedDNs
            let renamedDNs = renamedDNs
            // Groups are repaired on every core, each on its own: a few of
            // them hold nearly all the members.
            let groups = slots.indices.filter { !isVacant($0) && slots[$0].contains(key: "member") }
            let repaired = slots.withUnsafeBufferPointer { slots in
                ParallelChunks.map(count: groups.count, minimumChunk: 1) { index -> DirectoryEntry? in
                    var group = slots[groups[index]]
                    let changed = group.rewriteTextValues(ofKey: "member") { member in
                        if keysAreASCII, member.allSatisfy({ $0 < 0x80 }) {
                            guard let link = links.value(forDN: member) else { return .keep }
                            return link < 0 ? .drop : .replace(movedTo[Int(link)])
                        }
                        let dn = CaseFold.lowercased(utf8: member)
                        if deletedDNs.contains(dn) { return .drop }
                        if let moved = renamedDNs[dn] { return .replace(moved) }
                        return .keep
                    }
                    return changed ? group : nil
                }
            }
            for (index, group) in repaired.enumerated() {
                if let group { slots[groups[index]] = group }
            }
        }

        @discardableResult
        mutating func remove(dnKey: String, anchors: AnchorResolver) -> DirectoryEntry? {
            guard let position = positions.removeValue(forKey: dnKey) else { return nil }
            let entry = slots[position]
            vacate(position)
            if let anchor = anchors.anchor(of: entry), dnByAnchor[anchor] == dnKey { dnByAnchor[anchor] = nil }
            return entry
        }

        mutating func remove(anchor: String) {
            if let dnKey = dnByAnchor.removeValue(forKey: anchor), let position = positions.removeValue(forKey: dnKey) {
                vacate(position)
            }
        }

        /// Empties a slot whose entry was removed (an entry without attributes holds no memory).
        private mutating func vacate(_ position: Int) {
            slots[position] = Self.emptyEntry
            if vacant.isEmpty { vacant = Array(repeating: false, count: slots.count) }
            vacant[position] = true
        }

        private func isVacant(_ position: Int) -> Bool { !vacant.isEmpty && vacant[position] }

        /// What a vacant slot holds: no attributes, no memory of its own.
        private static var emptyEntry: DirectoryEntry { DirectoryEntry(dn: "", file: "", line: 0, reservingCapacity: 0) }
    }

    var anchors: AnchorResolver { AnchorResolver(attribute: connection.anchor) }

    static let requiredKeys: Set<String> = [
        "objectclass", "samaccountname", "uid", "cn", "useraccountcontrol", "objectguid", "entryuuid",
        "usnchanged", "isdeleted", "member", "name",
    ]
    /// Two of them, read from every entry by number (`AttributeKey`).
    private static let usnChanged = AttributeKey("usnchanged")
    private static let isDeleted = AttributeKey("isdeleted")

    func load(
        incrementalFrom snapshots: consuming [StoredEntry]?, watermark: Int64?, log: inout DiagnosticLog,
        progress: (_ records: Int, _ bytesRead: Int64, _ fileSize: Int64) -> Void
    ) throws(Diagnostic) -> Result {
        var result = Result()
        // A full export's entries in one map sized up front: growing it moved
        // every entry again at each doubling (a tenth of the indexing thread).
        // About one entry per 1.5 KB of an AD export (generated and real
        // ldifde exports alike); a guess that only saves or costs a resize.
        // An incremental run's stored entries are counted in: sized for its
        // delta alone, the maps grew three times over 100,000 of them.
        let exportBytes = connection.files.reduce(Int64(0)) { $0 + InputDigest.size(path: $1) }
        result.reserve(Int(min(exportBytes / 1536, 50_000_000)) + (snapshots?.count ?? 0))
        let anchors = self.anchors
        let incremental = snapshots != nil
        if var stored = snapshots.take() {
            // Each moved out of the list and into the maps: a copy retained,
            // and freeing the list then released, every part of every entry.
            stored.reverse()
            while let entry = stored.popLast() {
                result.insert(entry.entry, anchor: entry.keys.anchor, dnKey: entry.keys.dnKey)
            }
        }
        for path in connection.files {
            var options = LDIFReaderOptions()
            options.policy = policy
            options.allowFileURLs = connection.allowFileURLs
            options.fileURLRoot = configurationFolder
            // Attributes nothing reads are checked and dropped in the reader,
            // never decoded into values (`entry(from:)` keeps the same set).
            options.attributeFilter = retainedKeys
            let reader: LDIFReader
            do {
                reader = try LDIFReader(path: path, options: options)
            } catch let error as Diagnostic {
                throw error
            } catch {
                throw .error("cannot read \(path): \(error)", at: connection.location)
            }
            // Hashed as the reader reads it, on the parsing thread: a task
            // hashing the file copied it out of the page cache a second time,
            // on the cores the reading shares (in one perf sample of a 100k
            // first run that copy was 5.0% of the samples and the hashing
            // 2.6%; in others the copy was under 2%). The digest is then of
            // exactly the bytes parsed, too.
            let digesting = InputDigest.Running()
            reader.observeBytesRead { digesting.update($0) }
            let fileSize = InputDigest.size(path: path)
            // Parse on one thread, index on this one; entries are built on
            // whichever of the two is less busy (`produce`).
            let channel = BatchChannel<ReadItem>()
            let handoff = ReaderHandoff(reader: reader)
            let spares = SpareRuns()
            let producer = BackgroundTask { [self] in
                produce(from: handoff, file: path, spares: spares, into: channel)
                return handoff
            }
            var records = 0
            var sized = false
            var unreadableDNs = 0  // skipped by `apply`, not by the reader: count them too
            var builder = DirectoryEntry.Builder()
            var used: [LDIFAttributeRuns] = []
            /// Makes the item's entry (if the parsing thread left it its
            /// values) and applies it. In place: a copy of each item (`for
            /// var item in batch`) retained and released its record, values,
            /// entry and keys, about 1% of a first run's instructions.
            func handle(_ item: inout ReadItem) throws(Diagnostic) {
                records += 1
                if let values = item.values.take() {
                    item.entry = entry(
                        from: values.runs, dn: values.dn, line: item.record.line, file: path, builder: &builder)
                    used.append(values.runs)
                }
                if let entry = item.entry {
                    item.anchor = anchors.anchor(of: entry)
                    item.dnKey = CaseFold.lowercased(entry.dn)
                }
                if records & 0x3FF == 0 { progress(records, item.bytesRead, fileSize) }
                if !sized && item.bytesRead >= Self.sizingSample {
                    sized = true
                    result.reserve(
                        Self.expectedEntries(after: records, item.bytesRead, of: fileSize, holding: result.count))
                }
                if item.entry == nil, item.record.dn.string == nil { unreadableDNs += 1 }
                try apply(
                    &item, file: path, incremental: incremental, watermark: watermark, anchors: anchors, into: &result,
                    log: &log)
            }
            do {
                while var batch = try channel.receive() {
                    for index in batch.indices { try handle(&batch[index]) }
                    spares.giveBack(&used)
                }
            } catch let error as Diagnostic {
                channel.cancel()
                _ = try? producer.wait()
                throw error
            } catch {
                channel.cancel()
                _ = try? producer.wait()
                throw .error("\(error)", at: SourceLocation(file: path, line: 0))
            }
            _ = try? producer.wait()
            progress(records, fileSize, fileSize)
            log.merge(reader.diagnostics)
            let digest: (size: Int64, hex: String)
            if reader.reachedEndOfInput {
                digest = digesting.finish()
            } else {
                // Only a reader stopped by an error stops short, and the run
                // stops with it; hashed whole should that ever change.
                do { digest = try InputDigest.sha256(path: path) } catch {
                    throw .error("cannot hash \(path): \(error)", at: connection.location)
                }
            }
            if incremental { result.repairMemberLinks() }
            result.inputs.append(
                RunInput(
                    connection: connection.name, path: path, size: digest.size, sha256: digest.hex,
                    records: reader.statistics.records, skipped: reader.statistics.skippedRecords + unreadableDNs))
        }
        return result
    }

    /// Bytes read before the maps are sized from the export's own bytes per
    /// record: enough that the reader's lead (up to a 1 MiB chunk ahead of
    /// the records handed over) skews the estimate by at most 3%.
    static let sizingSample: Int64 = 32 << 20

    /// The entries a file will leave in the maps, judged from its first
    /// `records` records: the first guess (1.5 KB per entry) can be a few
    /// percent short, and growing a map of 100,000s of entries near the end
    /// moves them all again (and holds both tables while it does). Half a
    /// chunk of lead is allowed for, and 5% to spare.
    static func expectedEntries(after records: Int, _ bytesRead: Int64, of fileSize: Int64, holding count: Int) -> Int {
        let consumed = max(Double(bytesRead) - Double(1 << 19), 1)
        let remaining = max(Double(fileSize) - consumed, 0)
        return count + Int(remaining * Double(records) / consumed * 1.05)
    }

    /// A record as the parsing thread hands it over: a content or add record
    /// as its entry (the record keeps its line and kind, and its DN only when
    /// that is not UTF-8 and there is no entry), any other record whole.
    struct ReadItem: Sendable {
        var record: LDIFRecord
        /// A content or add record's DN and values, for the indexing thread to make `entry` of.
        var values: (dn: String, runs: LDIFAttributeRuns)?
        var entry: DirectoryEntry?
        /// The entry's anchor and lowercased DN, filled in by the indexing thread.
        var anchor: String?
        var dnKey: String?
        var bytesRead: Int64
    }

    /// The reader moves to the parsing thread and back; only one thread uses it at a time.
    final class ReaderHandoff: @unchecked Sendable {
        let reader: LDIFReader
        init(reader: LDIFReader) { self.reader = reader }
    }

    /// The parsing thread: reads, merges ldifde's split entries and sends
    /// each record in batches until the end, an error, or the consumer
    /// cancels; a content or add record as its values.
    ///
    /// Entries used to be built from whole `LDIFRecord`s; making and freeing
    /// an attribute and a value array per attribute kept the indexing thread
    /// busy all through the read while this one idled a third of the time.
    /// The values now go over in buffers the indexing thread hands back once
    /// it has built the entry, and the two threads are about evenly loaded.
    private func produce(from handoff: ReaderHandoff, file: String, spares: SpareRuns, into channel: BatchChannel<ReadItem>) {
        let reader = handoff.reader
        let stream = LDIFEntryStream(reader: reader)
        var builder = DirectoryEntry.Builder()
        // Whichever thread is less busy builds the entries: this one while
        // the indexing thread has batches waiting, that one otherwise. Which
        // of the two is the slower depends on the export and the machine.
        var buildHere = false
        var batch: [ReadItem] = []
        batch.reserveCapacity(256)
        do {
            while let next = try stream.next() {
                // Each item is made in the call that appends it, so that it
                // moves into the batch: an item made, then filled in and
                // appended, was copied into the batch (retaining every buffer
                // and string it holds) and released at the end of the
                // iteration, on the parsing thread the whole read waits for.
                let bytesRead = Int64(reader.statistics.bytesRead)
                switch next {
                case .entry(let line, let dn, let isAdd):
                    let body: LDIFRecordBody = isAdd ? .add([]) : .content([])
                    if let text = dn.string {
                        let record = LDIFRecord(line: line, dn: LDIFValue(bytes: []), body: body)
                        if buildHere {
                            batch.append(
                                ReadItem(
                                    record: record, values: nil,
                                    entry: entry(from: stream.attributes, dn: text, line: line, file: file, builder: &builder),
                                    anchor: nil, dnKey: nil, bytesRead: bytesRead))
                        } else {
                            batch.append(
                                ReadItem(
                                    record: record, values: (text, stream.takeAttributes(leaving: spares.take())),
                                    entry: nil, anchor: nil, dnKey: nil, bytesRead: bytesRead))
                        }
                    } else {
                        batch.append(
                            ReadItem(
                                record: LDIFRecord(line: line, dn: dn, body: body), values: nil, entry: nil, anchor: nil,
                                dnKey: nil, bytesRead: bytesRead))
                    }
                case .change(let record):
                    batch.append(
                        ReadItem(record: record, values: nil, entry: nil, anchor: nil, dnKey: nil, bytesRead: bytesRead))
                }
                if batch.count == 256 {
                    guard channel.send(batch) else { return }
                    batch.removeAll(keepingCapacity: true)
                    buildHere = channel.backlog >= 2
                }
            }
            if !batch.isEmpty { channel.send(batch) }
            channel.finish()
        } catch {
            if !batch.isEmpty { channel.send(batch) }
            channel.finish(throwing: error)
        }
    }

    /// Value buffers going back from the indexing thread to the parsing thread,
    /// so a record's values cost no allocation once the first batches are through.
    final class SpareRuns: @unchecked Sendable {
        private let lock = NSLock()
        // Guarded by `lock`.
        private var spares: [LDIFAttributeRuns] = []
        /// A buffer that held a large group's members keeps its capacity;
        /// such buffers are freed, not pooled.
        private static let largestKept = 64 << 10

        func take() -> LDIFAttributeRuns {
            lock.withLock { spares.popLast() } ?? LDIFAttributeRuns()
        }

        func giveBack(_ used: inout [LDIFAttributeRuns]) {
            used.removeAll { $0.byteCapacity > Self.largestKept }
            // Moved over one by one: appending the array copied each buffer
            // (retaining its six arrays) and emptying it released them.
            lock.withLock {
                spares.reserveCapacity(spares.count + used.count)
                while let runs = used.popLast() { spares.append(runs) }
            }
        }
    }

    private func entry(
        from attributes: LDIFAttributeRuns, dn: String, line: Int, file: String, builder: inout DirectoryEntry.Builder
    ) -> DirectoryEntry {
        // The reader kept only `retainedKeys` (its attribute filter), so every
        // attribute here is wanted: no second look-up per attribute.
        builder.reserve(values: attributes.valueCount, bytes: attributes.valueBytes)
        for run in 0..<attributes.count {
            // One key per run (not per value): groups carry 100,000s of member values.
            // The reader computes each spelling's base name once per file.
            let rank = attributes.rank(ofRun: run)
            attributes.withBaseName(ofRun: run) { builder.beginAttribute(utf8: $0, rank: rank) }
            attributes.forEachValue(ofRun: run) { bytes in
                builder.appendValue(bytes, isText: UTF8Validation.isValid(bytes))
            }
        }
        return builder.finish(dn: dn, file: file, line: line)
    }

    /// Applies one read record to `result`; an entry is moved out of `item` into it.
    ///
    /// `anchors` is the load's: making one normalises the configured
    /// attribute name (`objectGUID` split and lowercased), about 5,400
    /// instructions, which once per record was 1.6% of a first run.
    private func apply(
        _ item: inout ReadItem, file: String, incremental: Bool, watermark: Int64?, anchors: AnchorResolver,
        into result: inout Result, log: inout DiagnosticLog
    ) throws(Diagnostic) {
        // Made for a diagnostic only: made for every record, it retained the
        // export's path, a string the parsing thread's records hold too.
        var location: SourceLocation { SourceLocation(file: file, line: item.record.line) }
        guard let dn = item.entry?.dn ?? item.record.dn.string else {
            try log.report(.error("DN is not valid UTF-8; record skipped", at: location))
            return
        }
        let dnKey = item.dnKey ?? CaseFold.lowercased(dn)
        switch item.record.body {
        case .content, .add:
            guard let entry = item.entry.take() else { return }
            let usn = entry.values(for: Self.usnChanged).first?.integer ?? 0
            result.highestUSN = max(result.highestUSN, usn)
            if incremental, let watermark, usn > 0, usn <= watermark {
                result.skippedBelowWatermark += 1
                return
            }
            let anchor = item.anchor
            if entry.values(for: Self.isDeleted).first?.text?.uppercased() == "TRUE" {
                // ldifde -x tombstone: the object is gone; its anchor (not its
                // mangled DN) says which.
                if let anchor {
                    result.deletedAnchors.insert(anchor)
                    result.remove(anchor: anchor)
                }
                return
            }
            // The same anchor under a new DN is a move: insert drops the old DN.
            result.insert(entry, anchor: anchor, dnKey: item.dnKey)
        case .delete:
            guard incremental else {
                try log.report(.warning("change record 'delete' in a full export is ignored", at: location))
                return
            }
            if let removed = result.remove(dnKey: dnKey, anchors: anchors), let anchor = anchors.anchor(of: removed) {
                result.deletedAnchors.insert(anchor)
            }
            result.deletedDNs.insert(dnKey)
        case .modify(let modifications):
            guard incremental else {
                try log.report(.warning("change record 'modify' in a full export is ignored", at: location))
                return
            }
            guard var entry = result.entry(dnKey: dnKey) else {
                try log.report(.warning("modify of an unknown entry '\(dn)' is ignored", at: location))
                return
            }
            for modification in modifications {
                let key = DirectoryEntry.key(modification.attribute)
                guard retainedKeys.contains(key) else { continue }
                let values = modification.values.map { $0.string.map(AttributeValue.text) ?? .binary($0.bytes) }
                switch modification.operation {
                case .add:
                    entry.append(contentsOf: values, toKey: key)
                case .delete:
                    if values.isEmpty {
                        entry.remove(key)
                    } else {
                        entry.replace(key, with: entry.values(forKey: key).filter { !values.contains($0) })
                    }
                case .replace:
                    entry.replace(key, with: values)
                case .increment:
                    let delta = values.first?.integer ?? 0
                    let current = entry.values(forKey: key).first?.integer ?? 0
                    entry.replace(key, with: [.text(String(current &+ delta))])
                }
            }
            entry.line = item.record.line
            entry.file = file
            result.insert(entry, anchor: anchors.anchor(of: entry))
        case .modDN(let newRDN, let deleteOldRDN, let newSuperior, _):
            guard incremental else {
                try log.report(.warning("change record 'modrdn' in a full export is ignored", at: location))
                return
            }
            guard var entry = result.remove(dnKey: dnKey, anchors: anchors) else {
                try log.report(.warning("modrdn of an unknown entry '\(dn)' is ignored", at: location))
                return
            }
            do {
                let old = try DistinguishedName(dn)
                let rdn = try RDN(newRDN)
                let superior = try newSuperior.map { try DistinguishedName($0) }
                let moved = old.moving(newRDN: rdn, newSuperior: superior)
                entry.dn = moved.description
                if deleteOldRDN, let oldRDN = old.rdns.first {
                    for component in oldRDN.components {
                        let key = DirectoryEntry.key(component.type)
                        entry.replace(key, with: entry.values(forKey: key).filter { $0 != .text(component.value) })
                    }
                }
                for component in rdn.components {
                    let key = DirectoryEntry.key(component.type)
                    if retainedKeys.contains(key), !entry.values(forKey: key).contains(.text(component.value)) {
                        entry.append(.text(component.value), to: key)
                    }
                }
            } catch {
                try log.report(.error("modrdn of '\(dn)': \(error)", at: location))
                result.insert(entry, anchor: anchors.anchor(of: entry))
                return
            }
            entry.line = item.record.line
            entry.file = file
            result.renamedDNs[dnKey] = entry.dn
            result.insert(entry, anchor: anchors.anchor(of: entry))
        }
    }
}

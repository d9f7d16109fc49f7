import Diagnostics
import Foundation
import GRDB
import ProfileCore

/// The SQLite profile store: profiles with their source snapshots, groups,
/// run history and the change log of every run.
///
/// Writers (`sync`, `purge`) open it with `openForWriting`, which takes the
/// run lock; readers (`report`, `show`, `export`, `runs`, `missing`) open it
/// read-only and keep working during a run thanks to WAL (a store's first
/// run, into an empty store, commits through a rollback journal: see `commit`).
public final class ProfileStore: Sendable {
    public let path: String
    let database: DatabaseQueue
    private let lock: StoreLock?
    /// Connections of their own for a drifted run's reads of stored properties.
    private let propertiesReaders: PropertiesReaders

    private init(path: String, database: DatabaseQueue, lock: StoreLock?) {
        self.path = path
        self.database = database
        self.lock = lock
        propertiesReaders = PropertiesReaders(path: path)
    }

    /// Opens (creating it 0600 on first use) and migrates the store, holding
    /// the run lock until `close()`. Throws `StoreLock.Busy` when another run holds it.
    public static func openForWriting(path: String, purpose: String) throws -> ProfileStore {
        _ = SQLiteProcessConfiguration.applied
        let lock = try StoreLock(storePath: path, purpose: purpose)
        if !FileManager.default.fileExists(atPath: path) {
            // Create the file ourselves so it is private from the first byte;
            // SQLite gives its -wal and -shm files the same mode.
            let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else {
                throw StoreError.io("cannot create \(path): \(String(cString: strerror(errno)))")
            }
            _ = Foundation.close(descriptor)
        }
        var configuration = GRDB.Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            // Profile rows (~1.3 KB) and add changes (~0.9 KB) leave up to a
            // row's size unused at the end of each page: a quarter of a 4 KiB
            // page, a few percent of a 16 KiB one. Takes effect only when the
            // file is new (before WAL is set); an existing store keeps its page size.
            try db.execute(sql: "PRAGMA page_size = 16384")
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            // A run is one transaction: FULL syncs the WAL once at its commit,
            // so a run the tool reports as done survives a power cut even
            // before the WAL is checkpointed (NORMAL left that to the checkpoint).
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // 32 MiB. A cache that held a whole first run (256 MiB) kept every
            // page until COMMIT, which then wrote the 250 MB WAL in one stretch
            // on one core. A smaller cache spills full pages to the WAL while
            // rows are still being inserted, when this thread would otherwise
            // wait for the other core to encode the next rows (`CommitEncoding`);
            // the hot upper B-tree pages stay cached. The commit of a 100k-user
            // first run went from about 4.1 to 3.5 s, and peak memory down 150 MB.
            try db.execute(sql: "PRAGMA cache_size = -\(Self.cacheKiB)")
        }
        let database = try DatabaseQueue(path: path, configuration: configuration)
        let applied = try database.read { db in try StoreSchema.migrator.appliedMigrations(db) }
        try StoreSchema.migrator.migrate(database)
        if !applied.isEmpty && !applied.contains(StoreSchema.binaryForms) {
            // The upgrade copied every row into new tables and dropped the old
            // ones; their pages (most of the file) go back to the file system
            // once, rather than lingering as free pages.
            try database.vacuum()
        }
        return ProfileStore(path: path, database: database, lock: lock)
    }

    /// Opens an existing store for reading only.
    public static func openForReading(path: String) throws -> ProfileStore {
        _ = SQLiteProcessConfiguration.applied
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.missing(path) }
        var configuration = GRDB.Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(5)
        func open() throws -> (DatabaseQueue, [String]) {
            let database = try DatabaseQueue(path: path, configuration: configuration)
            return (database, try database.read { db in try StoreSchema.migrator.appliedMigrations(db) })
        }
        let database: DatabaseQueue
        let applied: [String]
        do {
            (database, applied) = try open()
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_READONLY_ROLLBACK {
            // A first run that was killed mid-commit left its rollback journal
            // (see `commit`); a read-only connection may not roll it back.
            try recoverInterruptedFirstRun(path: path)
            (database, applied) = try open()
        }
        guard !applied.isEmpty else { throw StoreError.damaged("\(path) has no ProfileSync schema") }
        return ProfileStore(path: path, database: database, lock: nil)
    }

    /// Rolls back the journal of an interrupted first run, as the next `sync`
    /// would, so that reading commands work in between: opening the store
    /// for writing and reading it is SQLite's own recovery, which restores
    /// the store as it was before that run (empty). Nothing else is written.
    private static func recoverInterruptedFirstRun(path: String) throws {
        var configuration = GRDB.Configuration()
        configuration.busyMode = .timeout(5)
        let recovery = try DatabaseQueue(path: path, configuration: configuration)
        _ = try recovery.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_schema") }
        try recovery.close()
    }

    /// Releases the run lock (also released when the process ends).
    public func close() {
        propertiesReaders.close()
        lock?.release()
    }

    // MARK: - Before a run

    /// What a run needs to diff against: states and digests of every profile
    /// and group, the last fingerprint and watermarks.
    public func priorState() throws -> PriorState {
        let database = self.database
        return try database.read { db in
            let lastRun = try Row.fetchOne(
                db, sql: "SELECT id, fingerprint, watermarks FROM runs ORDER BY id DESC LIMIT 1")
            guard let connection = db.sqliteConnection else { throw StoreError.io("the store is closed") }
            let profileCount = try Int.fetchOne(db, sql: "SELECT count(*) FROM profiles") ?? 0
            // Groups as stored: their members (100,000s of keys at 100k users)
            // are decoded on the other core while this one reads the profiles.
            var storedGroups: [(key: ProfileKey, dn: String, members: DatabaseValue, digest: UInt64)] = []
            let groupRows = try Row.fetchCursor(db, sql: "SELECT connection, anchor, dn, members, digest FROM groups")
            while let row = try groupRows.next() {
                storedGroups.append(
                    (ProfileKey(connection: row[0], anchor: row[1]), row[2], row[3], UInt64(bitPattern: row[4])))
            }
            // Profiles are read here and indexed by key there, batch by batch:
            // reading and indexing each took about half of loading the prior
            // state on one core. The bound is past a 100k store's batches, so
            // the reader never waits while the groups are decoded first.
            let batchSize = 4096
            /// Each profile's row, by ordinal: a changed profile's properties
            /// are read by it (`PropertiesLookup`).
            var rowIDs: [Int64] = []
            let scanned = BatchChannel<PriorProfile>(capacity: 64)
            let indexing = BackgroundTask { [storedGroups] () throws -> ([ProfileKey: PriorGroup], PriorProfiles) in
                do {
                    var groups: [ProfileKey: PriorGroup] = Dictionary(minimumCapacity: storedGroups.count)
                    for group in storedGroups {
                        groups[group.key] = PriorGroup(
                            key: group.key, dn: group.dn, members: try StoredColumns.members(group.members),
                            digest: group.digest)
                    }
                    var profiles = PriorProfiles(minimumCapacity: profileCount)
                    while let batch = try scanned.receive() {
                        for profile in batch { profiles.add(profile) }
                    }
                    return (groups, profiles)
                } catch {
                    scanned.cancel()
                    throw error
                }
            }
            do {
                // A store read without its migrations (`openForReading`) may
                // predate the input digests: none are recorded there.
                let inputs = try db.columns(in: "profiles").contains { $0.name == "inputs" } ? "inputs" : "NULL"
                let rows = try RawQuery(
                    connection,
                    sql: "SELECT connection, anchor, account, dn, state, reason, digest, \(inputs), rowid FROM profiles")
                // Most rows share their connection and state: one copy of each is
                // kept (a connection name past 15 bytes is a heap string) and the
                // state parsed only when it differs from the row before.
                var connectionName = ""
                var state = (text: "", value: ProfileState.active)
                var batch: [PriorProfile] = []
                batch.reserveCapacity(batchSize)
                rowIDs.reserveCapacity(profileCount)
                while try rows.next() {
                    // In the order the profiles are numbered in (`PriorProfile.ordinal`): each row a new key.
                    rowIDs.append(rows.int64(8))
                    let name = rows.text(0) ?? ""
                    if name != connectionName { connectionName = name }
                    let stateText = rows.text(4) ?? ""
                    if stateText != state.text { state = (stateText, ProfileState(rawValue: stateText) ?? .active) }
                    batch.append(
                        PriorProfile(
                            key: ProfileKey(connection: connectionName, anchor: rows.text(1) ?? ""),
                            account: rows.text(2) ?? "", dn: rows.text(3) ?? "", state: state.value,
                            reason: rows.text(5).flatMap(ExclusionReason.init(rawValue:)),
                            digest: UInt64(bitPattern: rows.int64(6)),
                            inputs: rows.optionalInt64(7).map { UInt64(bitPattern: $0) }))
                    if batch.count == batchSize {
                        // False once the indexer failed: its error is thrown below.
                        guard scanned.send(batch) else { break }
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                scanned.send(batch)
                scanned.finish()
            } catch {
                scanned.finish(throwing: error)
                _ = try? indexing.wait()
                throw error
            }
            let (groups, profiles) = try indexing.wait()
            guard rowIDs.count == profiles.count else {
                throw StoreError.damaged("the profiles table holds a key twice (\(rowIDs.count) rows, \(profiles.count) keys)")
            }
            // Shared by every loadProperties call (each its own read, thousands
            // on a drifted run): loaded at the first id it lacks, not per call.
            let catalogue = StoreCatalogue.Cache()
            var watermarks: [String: Int64] = [:]
            if let text: String = lastRun?["watermarks"] {
                watermarks = (try? JSONDecoder().decode([String: Int64].self, from: Data(text.utf8))) ?? [:]
            }
            return PriorState(
                lastRunID: lastRun?["id"], fingerprint: lastRun?["fingerprint"], watermarks: watermarks,
                profiles: profiles, groups: groups,
                loadProperties: { [propertiesReaders, profiles, rowIDs] key in
                    // A drifted run asks for thousands of profiles one at a time
                    // (10,000 at 100k users and 2% drift), from both build
                    // threads. A read transaction per call (GRDB's `read`: PRAGMA
                    // query_only on and off, BEGIN, COMMIT) and compiling the
                    // query each time cost more than the lookup itself; one
                    // statement per connection, prepared once, reads in
                    // autocommit, on connections of their own (`PropertiesReaders`).
                    // The run holds the store's lock: nothing writes between these reads.
                    guard let ordinal = profiles.ordinal(of: key) else { return PropertyList() }
                    return try profiles.withUnsafeBufferPointer { stored in
                        try propertiesReaders.properties(
                            of: stored[ordinal], row: rowIDs[ordinal], catalogue: catalogue,
                            reload: { try database.read { try StoreCatalogue.load($0) } })
                    }
                },
                loadSnapshots: { connection in
                    try database.read { db in
                        // A store no run of this version has upgraded keeps the engine's bytes as they are.
                        let interned = try db.tableExists("catalogue")
                        let catalogue = try StoreCatalogue.load(db)
                        guard let handle = db.sqliteConnection else { throw StoreError.io("the store is closed") }
                        var rows = StoredSnapshotRows.Builder()
                        // A profile marked for deletion left the directory: its last
                        // snapshot is kept for the record, but it is not part of the
                        // directory a delta applies to (absence means nothing; only the
                        // delta's own entry brings it back).
                        let marked = ProfileState.markedForDeletion.rawValue
                        for (table, live) in [("profiles", " AND state <> '\(marked)'"), ("groups", "")] {
                            // `+connection`: the table is read in its own order. Through the
                            // (connection, anchor) key index every row was a lookup at a
                            // random place in the table: 0.27 s against 0.04 s for 100,000
                            // profiles (sqlite3 shell), most of it reading pages again.
                            // Through the C API, each row is copied where SQLite holds
                            // it (GRDB's rows copied it into a `Data` first) and decoded
                            // later, on every core (`StoredSnapshots`).
                            let query = try RawQuery(
                                handle, sql: "SELECT anchor, dn, snapshot FROM \(table) WHERE +connection = ?\(live)")
                            query.bind(connection, at: 1)
                            let start = rows.keys.count
                            while try query.next() {
                                rows.append(
                                    ProfileKey(connection: connection, anchor: query.text(0) ?? ""), dn: query.bytes(1),
                                    snapshot: query.bytes(2))
                            }
                            // In the key index's order (anchors' bytes, SQLite's BINARY), as
                            // before: the loader keeps the later of two stored entries with
                            // one DN, so the order is part of the result. A store's first
                            // run writes its rows in that order (`KeyOrder`): checked, and
                            // sorted only when not. Anchors are unique in a table and
                            // connection, so there are no ties to keep in order.
                            let precedes = { (a: ProfileKey, b: ProfileKey) in
                                a.anchor.utf8.lexicographicallyPrecedes(b.anchor.utf8)
                            }
                            let read = rows.keys[start...]
                            if zip(read, read.dropFirst()).contains(where: { !precedes($0, $1) }) {
                                rows.sort(from: start, by: precedes)
                            }
                        }
                        let stored = StoredSnapshotRows(rows, interned: interned, catalogue: catalogue)
                        return StoredSnapshots(
                            keys: stored.keys, names: stored.names, numbered: { stored.withNumbered($0, $1) },
                            decode: { try stored.decode($0) })
                    }
                })
        }
    }

    /// The id the next committed run will get.
    public func nextRunID() throws -> Int {
        try database.read { db in
            (try Int.fetchOne(db, sql: "SELECT max(id) FROM runs") ?? 0) + 1
        }
    }

    // MARK: - Committing a run

    /// Writes a run in one transaction: history, changed profiles and groups,
    /// and its change log. Either all of it lands or none of it. `progress`
    /// is told how many of the run's rows are written, every few thousand,
    /// and when a first run's indexes are being built.
    public func commit(_ result: RunResult, progress report: ((SyncProgress) -> Void)? = nil) throws {
        // Their connections would keep a first run's store from leaving WAL,
        // and have nothing more to read.
        propertiesReaders.close()
        let record = result.record
        let runID = record.id
        let now = Self.timestamp(record.finished)
        let (firstRun, storedCatalogue) = try database.read { db in
            (try !(Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM runs)") ?? true), try StoreCatalogue.load(db))
        }
        // New profiles' adds, kept in their rows (`KeptAdds`): no change rows of their own.
        let kept = KeptAdds.positions(in: result)
        // The encoder starts first: it sorts the profile rows into key order
        // (`KeyOrder`) and encodes the first batches on the other core while
        // this one switches the journal and opens the transaction. Started
        // inside the transaction, after the run's row (then written first),
        // it kept the first insert waiting: 39-59 ms from the commit's start
        // at 100k, against 24-46 ms now. It only reads `result` and its own
        // copy of the catalogue; the run lock keeps anyone else from adding
        // names meanwhile.
        let encoding = CommitEncoding(result, catalogue: storedCatalogue, kept: kept.kept)
        var encoderJoined = false
        defer {
            if !encoderJoined {
                // Something failed before the end: release the encoder and
                // let it end (before the rollback, if a transaction was open).
                encoding.channel.cancel()
                _ = try? encoding.finish()
            }
        }
        var switchedJournal = false
        if firstRun {
            // Into an empty store, a rollback journal writes every page once:
            // there is nothing to save but the empty schema, and new pages
            // need no journal. WAL writes each page twice (to the WAL, then
            // by the checkpoint into the store), which was a third of a 100k
            // first run's commit, on one core, after the rows were in. A crash
            // leaves the journal, which restores the empty store (`sync` and
            // `openForReading` both recover it).
            // A reader holding the store open keeps it in WAL (SQLite refuses
            // the switch): the run then commits through the WAL as any other.
            let mode = try? database.writeWithoutTransaction { db in
                try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")
            }
            switchedJournal = mode == "delete"
        }
        defer {
            if switchedJournal {
                // Back to WAL, so readers keep working during later runs. A reader
                // holding the store open now makes this fail; the next `sync`
                // sets WAL when it opens the store.
                _ = try? database.writeWithoutTransaction { db in try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") }
            }
        }
        // Set for the commit (below): larger for a run that writes many rows
        // into a store holding others, smaller for a first run.
        var changedCache = false
        defer {
            if changedCache {
                _ = try? database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = -\(Self.cacheKiB)") }
            }
        }
        // Every change row names this run, whose row goes in at the end of
        // the same transaction (below): the transaction commits them
        // together, and checking `changes.run_id` against `runs` row by row
        // would refuse each before then. The check was a cost besides:
        // 100,000 change rows took 0.164 s to insert with it and 0.112 s
        // without (sqlite3 shell). SQLite changes the setting only between
        // transactions.
        try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA foreign_keys = OFF") }
        defer { _ = try? database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA foreign_keys = ON") } }
        // A first run (rollback journal, above) writes the whole store into
        // its file during the transaction: the file is synced as it grows
        // (`WriteBehind`). Through the WAL, the pages the page cache spills
        // during the transaction go to the WAL, which the COMMIT syncs, and
        // the checkpoint after it writes them into the store and syncs that:
        // both files are synced as they are written, and keep their pages
        // cached (the checkpoint reads the WAL back; the next run reads the
        // store). A 100k next snapshot waited 0.42 s for the WAL's sync and
        // 0.28-0.32 s for the store's (strace, three runs); synced as they
        // are written, its commit took 1.129 against 1.336 s (faster in 9 of
        // 10 alternating pairs) and 1.025 against 1.158 s (8 of 8). A 1M next
        // snapshot's commit was faster in 4 of 4 pairs; an incremental delta's
        // no different (0.924 against 0.909 s, 5 of 8).
        let writeBehind =
            switchedJournal
            ? [WriteBehind(path: path, interval: WriteBehind.interval)]
            : [
                WriteBehind(path: path + "-wal", interval: WriteBehind.interval, keeping: .max),
                WriteBehind(path: path, interval: WriteBehind.interval, keeping: .max),
            ]
        defer { for behind in writeBehind { behind?.stop() } }
        // The run's row is written last, its JSON made meanwhile on a pool
        // thread: a 100k first import's 3,000 warnings took 11-21 ms to
        // encode, on the committing thread before its first insert. Its
        // change rows name it before it exists; foreign keys are off for
        // the transaction (above), and it commits with them.
        let runTexts = BackgroundTask { () throws -> [String] in
            try [
                Self.json(record.summary), Self.json(record.inputs), Self.json(record.notes),
                Self.json(result.diagnostics), Self.json(result.watermarks),
            ]
        }
        try database.write { db in
            guard let connection = db.sqliteConnection else { throw StoreError.io("the store is closed") }
            let deferredIndexes = try Self.dropIndexesOfEmptyTables(db)
            // Profile rows go in key order (`KeyOrder`): into an empty store
            // every insert lands beside the one before, and the usual cache
            // does. A million-profile first run committed in 11.6-13.2 s at
            // a 3,324-3,336 MB peak against 15.1-16.6 s and 3,341-3,354 MB
            // in export order with 128 MiB (three alternating pairs). Into a
            // store that holds other profiles, a new row's account and DN
            // still go into those indexes at random places: there about 128
            // bytes per profile keep them cached (copying a million
            // profiles' rows in export order took 5.0-7.2 s with 32 MiB and
            // 4.2-4.8 s with 128 MiB); below 32 MiB nothing changes. Per
            // profile the table holds, not per profile written: a drifted
            // run's moves, deletion marks and change rows reach the indexes
            // of all of them, and with the cache sized by its 120,000 writes
            // a 1M next snapshot wrote pages spilled to the WAL again and
            // again (5.61 GB through write(2) against 3.87 GB; the commit
            // faster in 6 of 7 pairs). The largest rowid counts the rows
            // closely enough, without a scan.
            let tableRows = deferredIndexes.isEmpty
                ? try Int.fetchOne(db, sql: "SELECT max(rowid) FROM profiles") ?? 0 : 0
            // A first run's rows all go in at the ends of their B-trees (its
            // secondary indexes are built afterwards): only the pages along
            // each tree's right edge are needed again, and a larger cache
            // only holds more pages before they are written, each of them
            // new memory for the process. Its index builds want the same
            // small cache (below). 100k first imports, 24 alternating pairs
            // against 32 MiB: commit stage faster in 15 (medians 0.819
            // against 0.913 s and 0.936 against 1.011 s in two series of
            // 12), peak 381 against 406 MB.
            let cacheKiB =
                deferredIndexes.isEmpty
                ? Self.commitCacheKiB(profileRows: max(result.profileWrites.count, tableRows)) : Self.firstRunCacheKiB
            if cacheKiB != Self.cacheKiB {
                try db.execute(sql: "PRAGMA cache_size = -\(cacheKiB)")
                changedCache = true
            }
            var progress = CommitProgress(
                total: result.profileWrites.count + result.inputsUpdates.count + result.stateUpdates.count
                    + result.groupWrites.count + result.groupDeletes.count + result.changes.count - kept.count,
                report: report)
            defer {
                if !encoderJoined {
                    // An insert failed: release the encoder and let it end before the rollback.
                    encoding.channel.cancel()
                    _ = try? encoding.finish()
                    encoderJoined = true
                }
            }
            // Built as stored from inputs that changed (a field no property
            // shows, a value that converts alike): only the digest is new.
            var inputsUpdate = try RawStatement(
                connection, sql: "UPDATE profiles SET inputs = ? WHERE connection = ? AND anchor = ?")
            var stateUpdate = try RawStatement(
                connection,
                sql: """
                    UPDATE profiles SET state = ?, reason = ?, state_run = ?, state_since = ?, updated_run = ?
                    WHERE connection = ? AND anchor = ?
                    """)
            stateUpdate.bind(3, runID)
            stateUpdate.bindForAllRows(4, now)
            stateUpdate.bind(5, runID)
            // Both in key order, as the profile rows (`KeyOrder`: each is a
            // lookup of its row, and 20,000 marked for deletion at a million
            // took 0.80 s in account order), and made among the profile
            // rows, each before the first profile row past its key, so that
            // the table's pages are written in one pass: in passes of their
            // own after the profile rows, these rows' pages had mostly been
            // spilled to the WAL already, and were written to it again.
            let inputsOrder = KeyOrder.of(result.inputsUpdates.map(\.key))
            let stateOrder = KeyOrder.of(result.stateUpdates.map(\.key))
            var nextInputs = 0
            var nextState = 0
            /// Makes the inputs and state updates of keys before the row of
            /// `connection` and `anchor` (all that are left, for nil).
            func updateRows(before row: (connection: UnsafeRawBufferPointer, anchor: UnsafeRawBufferPointer)?) throws {
                guard nextInputs < inputsOrder.count || nextState < stateOrder.count else { return }
                func due(_ other: ProfileKey) -> Bool {
                    row.map { KeyOrder.precedes(other, connection: $0.connection, anchor: $0.anchor) } ?? true
                }
                while true {
                    let inputs = nextInputs < inputsOrder.count ? result.inputsUpdates[inputsOrder[nextInputs]] : nil
                    let state = nextState < stateOrder.count ? result.stateUpdates[stateOrder[nextState]] : nil
                    // Of the two, the one with the earlier key; an inputs update first for the same key, as before.
                    if let inputs, due(inputs.key), state.map({ !KeyOrder.precedes($0.key, inputs.key) }) ?? true {
                        inputsUpdate.bind(1, inputs.inputs.map { Int64(bitPattern: $0) })
                        inputsUpdate.bind(2, inputs.key.connection)
                        inputsUpdate.bind(3, inputs.key.anchor)
                        try inputsUpdate.execute()
                        nextInputs += 1
                    } else if let state, due(state.key) {
                        stateUpdate.bind(1, state.state.rawValue)
                        stateUpdate.bind(2, state.reason?.rawValue)
                        stateUpdate.bind(6, state.key.connection)
                        stateUpdate.bind(7, state.key.anchor)
                        try stateUpdate.execute()
                        nextState += 1
                    } else {
                        return
                    }
                    progress.advance()
                }
            }
            var upsert = try RawStatement(
                connection,
                sql: """
                    INSERT INTO profiles (connection, anchor, account, dn, dn_key, state, reason, properties, digest,
                                          snapshot, created_run, updated_run, state_run, state_since, inputs,
                                          added_seq)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (connection, anchor) DO UPDATE SET
                        account = excluded.account, dn = excluded.dn, dn_key = excluded.dn_key,
                        properties = excluded.properties, digest = excluded.digest, snapshot = excluded.snapshot,
                        inputs = excluded.inputs, updated_run = excluded.updated_run, added_seq = excluded.added_seq,
                        state_run = CASE WHEN state = excluded.state AND coalesce(reason, '') = coalesce(excluded.reason, '')
                                         THEN state_run ELSE excluded.state_run END,
                        state_since = CASE WHEN state = excluded.state AND coalesce(reason, '') = coalesce(excluded.reason, '')
                                           THEN state_since ELSE excluded.state_since END,
                        state = excluded.state, reason = excluded.reason
                    """)
            upsert.bind(11, runID)
            upsert.bind(12, runID)
            upsert.bind(13, runID)
            upsert.bindForAllRows(14, now)
            // A changed profile that kept its account, DN, state and reason:
            // the upsert would also delete and insert its entries in those
            // columns' indexes, all unchanged, each at a random page.
            var contentUpdate = try RawStatement(
                connection,
                sql: """
                    UPDATE profiles SET properties = ?, digest = ?, snapshot = ?, updated_run = ?, inputs = ?,
                                        added_seq = NULL
                    WHERE connection = ? AND anchor = ?
                    """)
            contentUpdate.bind(4, runID)
            // A stored profile's kept add goes into the change log before its row is rewritten.
            var keptAdds = try KeptAddWriter(connection)
            // Everything a row binds comes from its batch: the writes
            // themselves, in key order, lie at random places in memory.
            try encoding.forEachRow(count: result.profileWrites.count) { _, properties, snapshot, columns in
                // Digest, inputs, content flag, then connection, anchor,
                // account, DN, DN key, state, reason (`CommitEncoding`).
                let numbers = try columns.profileNumbers()
                guard let connection = try columns.next(), let anchor = try columns.next() else {
                    throw StoreError.io("a profile row without its key in the commit's batch")
                }
                try updateRows(before: (connection, anchor))
                // Any row but a new profile's with its add may be a stored one:
                // a lookup of its key, whose page the write reads next. Into
                // an empty store (its indexes deferred) there is none to find.
                if numbers.addedSeq == nil && deferredIndexes.isEmpty {
                    try keptAdds.writeOut(connection: connection, anchor: anchor)
                }
                if numbers.contentOnly {
                    contentUpdate.bindStaticBlob(1, properties)
                    contentUpdate.bind(2, Int64(bitPattern: numbers.digest))
                    contentUpdate.bindStaticBlob(3, snapshot)
                    contentUpdate.bind(5, numbers.inputs.map { Int64(bitPattern: $0) })
                    contentUpdate.bindStaticText(6, connection)
                    contentUpdate.bindStaticText(7, anchor)
                    // No row to update (never from a run's own prior state): the upsert inserts it.
                    if try contentUpdate.execute() == 1 {
                        progress.advance()
                        return
                    }
                }
                upsert.bindStaticText(1, connection)
                upsert.bindStaticText(2, anchor)
                for column in Int32(3)...7 { upsert.bindStaticText(column, try columns.next()) }
                upsert.bind(9, Int64(bitPattern: numbers.digest))
                upsert.bindStaticBlob(8, properties)
                upsert.bindStaticBlob(10, snapshot)
                upsert.bind(15, numbers.inputs.map { Int64(bitPattern: $0) })
                upsert.bind(16, numbers.addedSeq.map(Int64.init))
                try upsert.execute()
                progress.advance()
            }
            try updateRows(before: nil)
            var groupUpsert = try RawStatement(
                connection,
                sql: """
                    INSERT INTO groups (connection, anchor, dn, name, members, digest, snapshot, updated_run)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (connection, anchor) DO UPDATE SET
                        dn = excluded.dn, name = excluded.name, members = excluded.members, digest = excluded.digest,
                        snapshot = excluded.snapshot, updated_run = excluded.updated_run
                    """)
            groupUpsert.bind(8, runID)
            try encoding.forEachRow(count: result.groupWrites.count) { index, members, snapshot, _ in
                let group = result.groupWrites[index]
                groupUpsert.bind(1, group.key.connection)
                groupUpsert.bind(2, group.key.anchor)
                groupUpsert.bind(3, group.dn)
                groupUpsert.bind(4, group.name)
                groupUpsert.bind(6, Int64(bitPattern: group.digest))
                groupUpsert.bindStaticBlob(5, members)
                groupUpsert.bindStaticBlob(7, snapshot)
                try groupUpsert.execute()
                progress.advance()
            }
            var groupDelete = try RawStatement(connection, sql: "DELETE FROM groups WHERE connection = ? AND anchor = ?")
            for key in result.groupDeletes {
                groupDelete.bind(1, key.connection)
                groupDelete.bind(2, key.anchor)
                try groupDelete.execute()
                progress.advance()
            }
            var insertChange = try RawStatement(
                connection,
                sql: "INSERT INTO changes (run_id, seq, kind, connection, anchor, body) VALUES (?, ?, ?, ?, ?, ?)")
            insertChange.bind(1, runID)
            try encoding.forEachRow(count: result.changes.count - kept.count) { index, body, _, columns in
                insertChange.bind(2, index + 1)
                // Kind, connection, anchor (`CommitEncoding`).
                for column in Int32(3)...5 { insertChange.bindStaticText(column, try columns.next()) }
                insertChange.bindStaticBlob(6, body)
                try insertChange.execute()
                progress.advance()
            }
            let texts = try runTexts.wait()
            try db.execute(
                sql: """
                    INSERT INTO runs (id, kind, status, started, finished, fingerprint, summary, inputs, notes,
                                      diagnostics, watermarks)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    runID, record.kind.rawValue, record.status.rawValue, Self.timestamp(record.started), now,
                    result.fingerprint, texts[0], texts[1], texts[2], texts[3], texts[4],
                ])
            // Names and sources first seen in this run, in the same transaction
            // as the rows that refer to them.
            encoderJoined = true
            let catalogue = try encoding.finish()
            var addToCatalogue = try RawStatement(connection, sql: "INSERT INTO catalogue (id, text) VALUES (?, ?)")
            for (id, text) in catalogue.added {
                addToCatalogue.bind(1, id)
                addToCatalogue.bind(2, text)
                try addToCatalogue.execute()
            }
            // The indexes of a first run are sorted from the table in runs
            // of about the page cache's size (`firstRunCacheKiB`, set above),
            // which are then merged: with
            // helper threads SQLite sorts the runs on them, on the core the
            // encoder and the report have left idle by now. Small runs sort
            // faster (within the processor's caches) and spread over both
            // threads; a 100,000-profile store's indexes fit 32 MiB and were
            // sorted whole on one thread. The three indexes rebuilt here, in
            // the sqlite3 shell: a million profiles (store cached) 2.87-3.34 s
            // with 32 MiB, 2.00-2.16 s with 4 MiB on one thread, 1.63-1.73 s
            // with 4 MiB and 1.49-1.52 s with 2 MiB on two; 100,000 profiles
            // 0.25-0.34 s with 32 MiB against 0.20-0.25 s with 2 MiB (four
            // pairs). Larger caches were slower still: 4.05-5.19 s with 128 MiB.
            if !deferredIndexes.isEmpty {
                try db.execute(sql: "PRAGMA threads = \(Self.indexBuildThreads)")
            }
            defer {
                if !deferredIndexes.isEmpty { try? db.execute(sql: "PRAGMA threads = 0") }
            }
            if !deferredIndexes.isEmpty {
                progress.indexing()
                for behind in writeBehind { behind?.readingBack() }
            }
            for sql in deferredIndexes { try db.execute(sql: sql) }
        }
    }

    /// The page cache of every connection, in KiB (see `openForWriting`).
    static let cacheKiB = 32768

    /// SQLite's helper threads for sorting a first run's indexes (`commit`).
    static let indexBuildThreads = 2

    /// The page cache, in KiB, of a first run's commit: while its rows go
    /// in, and while its indexes are built, the size of the runs SQLite
    /// sorts them in (`commit`).
    static let firstRunCacheKiB = 2048

    /// The page cache for a commit into a store that holds other profiles,
    /// whose table will have about `profileRows` rows: 128 bytes per row
    /// (the account and DN indexes of a million profiles are about 90 MB),
    /// at least the usual 32 MiB, at most 1 GiB.
    static func commitCacheKiB(profileRows: Int) -> Int {
        min(max(cacheKiB, profileRows / 8), 1 << 20)
    }

    /// Drops the secondary indexes of `profiles` and `changes` when both are
    /// empty (a first run) and returns the statements that rebuild them.
    ///
    /// A first run inserts 100,000s of rows; keeping the account and DN
    /// indexes and the change log's anchor index up to date row by row is a
    /// random walk through three B-trees (profiles go in key order, changes
    /// in report order), while `CREATE INDEX` afterwards sorts once and
    /// writes packed pages. Everything stays inside the run's transaction. The
    /// definitions come from the store itself, so they are rebuilt exactly as
    /// the schema has them.
    ///
    /// `profiles_state` stays (`keptIndexes`): it holds only profiles that
    /// are not active, a first run's excluded ones, so the inserts hardly
    /// touch it, and building it afterwards read the whole table once more
    /// (0.19-0.23 s at a million profiles).
    private static func dropIndexesOfEmptyTables(_ db: Database) throws -> [String] {
        let empty = try Bool.fetchOne(
            db, sql: "SELECT NOT EXISTS (SELECT 1 FROM profiles) AND NOT EXISTS (SELECT 1 FROM changes)") ?? false
        guard empty else { return [] }
        let indexes = try Row.fetchAll(
            db,
            sql: """
                SELECT name, sql FROM sqlite_schema
                WHERE type = 'index' AND tbl_name IN ('profiles', 'changes') AND sql IS NOT NULL
                ORDER BY name
                """)
        var dropped: [String] = []
        for index in indexes {
            let name: String = index[0]
            guard !keptIndexes.contains(name) else { continue }
            try db.execute(sql: "DROP INDEX \(name.quotedDatabaseIdentifier)")
            dropped.append(index[1])
        }
        return dropped
    }

    /// Indexes a first run keeps while it inserts (`dropIndexesOfEmptyTables`).
    static let keptIndexes: Set<String> = ["profiles_state"]

    // MARK: - Reading

    /// Every run, oldest first.
    public func runs() throws -> [RunRecord] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY id").map(Self.runRecord)
        }
    }

    /// One run's report as it was committed (the last run when `runID` is nil).
    public func report(runID: Int?) throws -> ChangeReport? {
        try database.read { db in
            let row: Row?
            if let runID {
                row = try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [runID])
            } else {
                row = try Row.fetchOne(db, sql: "SELECT * FROM runs ORDER BY id DESC LIMIT 1")
            }
            guard let row else { return nil }
            let record = try Self.runRecord(row)
            let catalogue = try StoreCatalogue.load(db)
            var logged: [(run: Int, seq: Int, change: ProfileChange)] = []
            let rows = try Row.fetchCursor(
                db, sql: "SELECT seq, connection, anchor, body FROM changes WHERE run_id = ? ORDER BY seq",
                arguments: [record.id])
            while let row = try rows.next() {
                logged.append(
                    (record.id, row[0], try StoredColumns.change(row[3], connection: row[1], anchor: row[2], catalogue)))
            }
            let kept = try KeptAdds.fetch(db, where: "created_run = ?", arguments: [record.id], catalogue: catalogue)
            let changes = KeptAdds.merge(logged, kept).map(\.change)
            let diagnostics = try JSONDecoder().decode([Diagnostic].self, from: Data((row["diagnostics"] as String).utf8))
            return ChangeReport(run: record, changes: changes, diagnostics: diagnostics)
        }
    }

    /// A profile as stored, with its state and provenance.
    public struct StoredProfile: Sendable {
        public var profile: Profile
        public var createdRun: Int
        public var updatedRun: Int
        public var stateRun: Int
        public var stateSince: String
    }

    /// Finds a profile by AccountName (case-insensitive), anchor, or DN.
    public func findProfile(_ query: String) throws -> StoredProfile? {
        try database.read { db in
            let catalogue = try StoreCatalogue.load(db)
            let row =
                try Row.fetchOne(
                    db, sql: "SELECT * FROM profiles WHERE lower(account) = lower(?) LIMIT 1", arguments: [query])
                ?? Row.fetchOne(db, sql: "SELECT * FROM profiles WHERE anchor = ? LIMIT 1", arguments: [query])
                ?? Row.fetchOne(
                    db, sql: "SELECT * FROM profiles WHERE dn_key = ? LIMIT 1", arguments: [query.lowercased()])
            return try row.map { try Self.storedProfile($0, catalogue) }
        }
    }

    /// Every change recorded for one profile, oldest first, with its run id.
    public func history(of key: ProfileKey) throws -> [(run: Int, change: ProfileChange)] {
        try database.read { db in
            let catalogue = try StoreCatalogue.load(db)
            let logged = try Row.fetchAll(
                db,
                sql: """
                    SELECT run_id, seq, connection, anchor, body FROM changes
                    WHERE connection = ? AND anchor = ? ORDER BY run_id, seq
                    """,
                arguments: [key.connection, key.anchor]
            ).map { row in
                (run: row[0] as Int, seq: row[1] as Int,
                 change: try StoredColumns.change(row[4], connection: row[2], anchor: row[3], catalogue))
            }
            let kept = try KeptAdds.fetch(
                db, where: "connection = ? AND anchor = ?", arguments: [key.connection, key.anchor], catalogue: catalogue)
            return KeptAdds.merge(logged, kept).map { ($0.run, $0.change) }
        }
    }

    /// Profiles in a state, in account order; all profiles when `states` is empty.
    public func profiles(in states: Set<ProfileState> = []) throws -> [StoredProfile] {
        try database.read { db in
            var sql = "SELECT * FROM profiles"
            if !states.isEmpty {
                sql += " WHERE \(Self.inactiveOnly(states))state IN ("
                    + states.map { "'\($0.rawValue)'" }.sorted().joined(separator: ",") + ")"
            }
            sql += " ORDER BY lower(account), connection, anchor"
            let catalogue = try StoreCatalogue.load(db)
            return try Row.fetchAll(db, sql: sql).map { try Self.storedProfile($0, catalogue) }
        }
    }

    /// Groups with their member keys, in DN order.
    public func groups() throws -> [(key: ProfileKey, dn: String, name: String, members: [String])] {
        try database.read { db in
            try Row.fetchAll(db, sql: "SELECT connection, anchor, dn, name, members FROM groups ORDER BY dn")
                .map { row in
                    (ProfileKey(connection: row[0], anchor: row[1]), row[2], row[3], Array(try StoredColumns.members(row[4])))
                }
        }
    }

    /// Deletes every profile marked for deletion or excluded (SharePoint's
    /// PurgeNonImportedObjects); returns how many. Needs the write lock.
    public func purgeNonImported() throws -> Int {
        try database.write { db in
            // `state <> 'active'`: the state index's own condition (`inactiveOnly`).
            let purged = "state <> 'active' AND state IN ('markedForDeletion', 'excluded')"
            // The change log keeps their history, adds included (`KeptAdds`).
            guard let connection = db.sqliteConnection else { throw StoreError.io("the store is closed") }
            var keptAdds = try KeptAddWriter(connection)
            try keptAdds.writeOutAll(where: purged)
            try db.execute(sql: "DELETE FROM profiles WHERE \(purged)")
            return db.changesCount
        }
    }

    /// `state <> 'active' AND ` when `states` has no active state: the
    /// term the state index's WHERE clause is, which SQLite needs to see
    /// in a query before it uses that index (`StoreSchema.leanIndexes`).
    static func inactiveOnly(_ states: Set<ProfileState>) -> String {
        states.contains(.active) ? "" : "state <> 'active' AND "
    }

    // MARK: - Row mapping

    /// ISO 8601 UTC with milliseconds, as the store keeps times.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    static func date(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text) ?? Date(timeIntervalSince1970: 0)
    }

    private static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    private static func runRecord(_ row: Row) throws -> RunRecord {
        let status = RunStatus(rawValue: row["status"]) ?? .completed
        return RunRecord(
            id: row["id"], kind: RunKind(rawValue: row["kind"]) ?? .full, dryRun: status == .dryRun,
            started: date(row["started"]), finished: date(row["finished"]), status: status,
            inputs: try decode([RunInput].self, row["inputs"]), summary: try decode(RunSummary.self, row["summary"]),
            notes: try decode([String].self, row["notes"]))
    }

    private static func storedProfile(_ row: Row, _ catalogue: StoreCatalogue) throws -> StoredProfile {
        let key = ProfileKey(connection: row["connection"], anchor: row["anchor"])
        let profile = Profile(
            key: key, account: row["account"], dn: row["dn"],
            state: ProfileState(rawValue: row["state"]) ?? .active,
            reason: (row["reason"] as String?).flatMap(ExclusionReason.init(rawValue:)),
            properties: try StoredColumns.properties(
                row["properties"], account: row["account"], dn: row["dn"], anchor: key.anchor, catalogue))
        return StoredProfile(
            profile: profile, createdRun: row["created_run"], updatedRun: row["updated_run"],
            stateRun: row["state_run"], stateSince: row["state_since"])
    }
}

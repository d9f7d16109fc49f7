import GRDB
import ProfileCore

/// A new profile's `add`, kept as the profile's own row instead of a row of
/// the change log, until the row is rewritten or deleted.
///
/// An add is the profile's properties, each from no value: on a first run
/// the change log held every profile a second time, one row per profile.
/// SQLite's work is per row (a smaller body did not make the commit faster),
/// so the row itself is what is saved: the SQLite shell copied a 100k
/// store's rows and built its indexes in 1.02 s without the add rows against
/// 1.36 s with them (`Benchmarks/store-floor.sh`, medians of three).
///
/// `profiles.added_seq` is the add's place in its run's changes (`seq`; the
/// run is `created_run`). Before the commit rewrites a row that keeps an
/// add, and before `purge` deletes one, the add is written out as the
/// change row it stands for (`KeptAddWriter`, `StoredChange.keptAdd`), and
/// the statement that rewrites the row sets `added_seq` to NULL. Readers of
/// the change log merge the kept adds in (`ProfileStore.report`,
/// `ProfileStore.history`).
///
/// Written out by the store's own statements, one row at a time: a trigger
/// on the profiles' updates made SQLite keep a statement journal for every
/// upsert of a first run (a 16 KiB page copied per row: 436,119 `pwrite`
/// calls against 17,337, the commit 0.3-0.7 s slower), and so did an
/// `INSERT … SELECT` per rewritten profile of a drifted run (58,324 writes
/// to the journal's temporary file).
enum KeptAdds {
    /// Which of `result`'s changes its profile writes keep (`ProfileWrite.addedAt`), and how many.
    ///
    /// A write's add is kept only when it is a new profile's add made of a
    /// property list (`PropertyChanges(adding:)`, as the engine makes it);
    /// any other change at that place goes into the change log as usual.
    static func positions(in result: RunResult) -> (kept: [Bool], count: Int) {
        var kept = [Bool](repeating: false, count: result.changes.count)
        var count = 0
        result.profileWrites.withUnsafeBufferPointer { writes in
            result.changes.withUnsafeBufferPointer { changes in
                for write in writes.indices {
                    guard let position = writes[write].addedAt, changes.indices.contains(position),
                        changes[position].isAddOfPropertyList, !kept[position]
                    else { continue }
                    assert(changes[position].profile?.anchor == writes[write].profile.key.anchor)
                    assert(changes[position].profile?.dn == writes[write].profile.dn)
                    kept[position] = true
                    count += 1
                }
            }
        }
        return (kept, count)
    }

    /// Whether the store has kept adds at all: one opened for reading only
    /// may predate them (`StoreSchema.keptAdds`).
    static func stored(_ db: Database) throws -> Bool {
        try db.columns(in: "profiles").contains { $0.name == "added_seq" }
    }

    /// The adds the profile rows keep that match `condition` (SQL on
    /// `profiles`), as (run, seq, change).
    static func fetch(
        _ db: Database, where condition: String, arguments: StatementArguments, catalogue: StoreCatalogue
    ) throws -> [(run: Int, seq: Int, change: ProfileChange)] {
        guard try stored(db) else { return [] }
        let rows = try Row.fetchCursor(
            db,
            sql: """
                SELECT created_run, added_seq, connection, anchor, account, dn, properties FROM profiles
                WHERE added_seq IS NOT NULL AND \(condition)
                """,
            arguments: arguments)
        var adds: [(run: Int, seq: Int, change: ProfileChange)] = []
        while let row = try rows.next() {
            let ref = ProfileRef(connection: row[2], anchor: row[3], account: row[4], dn: row[5])
            let properties = try StoredColumns.properties(
                row[6], account: ref.account, dn: ref.dn, anchor: ref.anchor, catalogue)
            let changes = properties.map { PropertyChange(name: $0.name, old: [], new: $0.values, source: $0.source) }
            adds.append((row[0], row[1], .add(ref, properties: PropertyChanges(changes))))
        }
        return adds
    }

    /// `logged` (the change log's rows, in order) with `kept` merged in by
    /// (run, seq); a kept add whose place a logged row already holds is
    /// left out.
    static func merge(
        _ logged: [(run: Int, seq: Int, change: ProfileChange)], _ kept: [(run: Int, seq: Int, change: ProfileChange)]
    ) -> [(run: Int, seq: Int, change: ProfileChange)] {
        guard !kept.isEmpty else { return logged }
        let kept = kept.sorted { ($0.run, $0.seq) < ($1.run, $1.seq) }
        var merged: [(run: Int, seq: Int, change: ProfileChange)] = []
        merged.reserveCapacity(logged.count + kept.count)
        var next = 0
        for row in logged {
            while next < kept.count, (kept[next].run, kept[next].seq) <= (row.run, row.seq) {
                if (kept[next].run, kept[next].seq) != (row.run, row.seq) { merged.append(kept[next]) }
                next += 1
            }
            merged.append(row)
        }
        merged += kept[next...]
        return merged
    }
}

/// Writes kept adds out into the change log (`KeptAdds`), inside a write
/// transaction on `connection`.
struct KeptAddWriter: ~Copyable {
    private let connection: OpaquePointer
    private var lookup: RawQuery
    private var insert: RawStatement
    private var body = StoredBytesWriter(reservingCapacity: 4096)

    static let columns = "created_run, added_seq, account, dn, properties"

    init(_ connection: OpaquePointer) throws {
        let lookup = try RawQuery(
            connection,
            sql: "SELECT \(Self.columns) FROM profiles WHERE connection = ? AND anchor = ? AND added_seq IS NOT NULL")
        // `OR IGNORE`: a place in the change log already taken stays as it is.
        let insert = try RawStatement(
            connection,
            sql: "INSERT OR IGNORE INTO changes (run_id, seq, kind, connection, anchor, body) VALUES (?, ?, 'add', ?, ?, ?)")
        self.connection = connection
        self.lookup = lookup
        self.insert = insert
    }

    /// Writes out the add the row of `connection` and `anchor` keeps, if
    /// any: call before the row is rewritten (a lookup of its key, whose
    /// page the rewrite reads next).
    mutating func writeOut(connection: UnsafeRawBufferPointer, anchor: UnsafeRawBufferPointer) throws {
        lookup.bindStatic(connection, at: 1)
        lookup.bindStatic(anchor, at: 2)
        defer { lookup.reset() }
        guard try lookup.next() else { return }
        try Self.insertRow(of: lookup, connection: connection, anchor: anchor, into: &insert, body: &body)
    }

    /// Writes out the adds kept by every row that matches `condition` (SQL
    /// on `profiles`): call before those rows are deleted.
    mutating func writeOutAll(where condition: String) throws {
        let rows = try RawQuery(
            connection,
            sql: "SELECT \(Self.columns), connection, anchor FROM profiles WHERE added_seq IS NOT NULL AND \(condition)")
        while try rows.next() {
            try Self.insertRow(of: rows, connection: rows.bytes(5), anchor: rows.bytes(6), into: &insert, body: &body)
        }
    }

    /// Inserts the change row of the kept add `row` holds (`columns`).
    private static func insertRow(
        of row: borrowing RawQuery, connection: UnsafeRawBufferPointer, anchor: UnsafeRawBufferPointer,
        into insert: inout RawStatement, body: inout StoredBytesWriter
    ) throws {
        body.reset()
        try StoredChange.keptAdd(account: row.text(2) ?? "", dn: row.text(3) ?? "", properties: row.bytes(4), into: &body)
        insert.bind(1, row.int64(0))
        insert.bind(2, row.int64(1))
        insert.bindStaticText(3, connection)
        insert.bindStaticText(4, anchor)
        insert.bindStaticBlob(5, body.bytes)
        try insert.execute()
    }
}

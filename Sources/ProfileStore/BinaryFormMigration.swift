import Foundation
import GRDB
import ProfileCore

/// Moves a v1 store's rows into the v2 tables, turning its JSON columns
/// (profile properties, change bodies, group members) into their binary
/// forms, interning the names in its snapshots, and filling the catalogue. Runs inside the migration's transaction:
/// a store is converted whole or stays v1.
///
/// Rows keep their rowids, so lookups that stop at the first match of an
/// index (`show` by account or DN) find the same profile as before.
enum BinaryFormMigration {
    static func copy(_ db: Database) throws {
        var catalogue = try StoreCatalogue.load(db)
        var writer = StoredBytesWriter(reservingCapacity: 4096)
        var snapshot = StoredBytesWriter(reservingCapacity: 4096)

        let profiles = try Row.fetchCursor(
            db,
            sql: """
                SELECT rowid, connection, anchor, account, dn, dn_key, state, reason, properties, digest, snapshot,
                       created_run, updated_run, state_run, state_since
                FROM profiles ORDER BY rowid
                """)
        let insertProfile = try db.makeStatement(
            sql: """
                INSERT INTO profiles_v2 (rowid, connection, anchor, account, dn, dn_key, state, reason, properties,
                                         digest, snapshot, created_run, updated_run, state_run, state_since)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        while let row = try profiles.next() {
            writer.reset()
            StoredProperties.encode(
                PropertyList(try StoredJSON.decodeProperties(row[8])),
                context: StoredProperties.context(account: row[3], dn: row[4], anchor: row[2]), into: &writer,
                catalogue: &catalogue)
            try intern(snapshot: row[10], dn: row[4], into: &snapshot, catalogue: &catalogue)
            var values = Array(row.databaseValues)
            values[8] = Data(writer.bytes).databaseValue
            values[10] = Data(snapshot.bytes).databaseValue
            try insertProfile.execute(arguments: StatementArguments(values))
        }

        let groups = try Row.fetchCursor(
            db,
            sql: """
                SELECT rowid, connection, anchor, dn, name, members, digest, snapshot, updated_run
                FROM groups ORDER BY rowid
                """)
        let insertGroup = try db.makeStatement(
            sql: """
                INSERT INTO groups_v2 (rowid, connection, anchor, dn, name, members, digest, snapshot, updated_run)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        while let row = try groups.next() {
            writer.reset()
            StoredMembers.encode(try StoredJSON.decodeStrings(row[5]), into: &writer)
            try intern(snapshot: row[7], dn: row[3], into: &snapshot, catalogue: &catalogue)
            var values = Array(row.databaseValues)
            values[5] = Data(writer.bytes).databaseValue
            values[7] = Data(snapshot.bytes).databaseValue
            try insertGroup.execute(arguments: StatementArguments(values))
        }

        let changes = try Row.fetchCursor(
            db, sql: "SELECT rowid, run_id, seq, kind, connection, anchor, body FROM changes ORDER BY rowid")
        let insertChange = try db.makeStatement(
            sql: """
                INSERT INTO changes_v2 (rowid, run_id, seq, kind, connection, anchor, body)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        while let row = try changes.next() {
            writer.reset()
            StoredChange.encode(try StoredJSON.decodeChange(row[6]), into: &writer, catalogue: &catalogue)
            var values = Array(row.databaseValues)
            values[6] = Data(writer.bytes).databaseValue
            try insertChange.execute(arguments: StatementArguments(values))
        }

        for (id, text) in catalogue.added {
            try db.execute(sql: "INSERT INTO catalogue (id, text) VALUES (?, ?)", arguments: [id, text])
        }
    }

    private static func intern(
        snapshot value: DatabaseValue, dn: String, into writer: inout StoredBytesWriter, catalogue: inout StoreCatalogue
    ) throws {
        guard case .blob(let bytes) = value.storage else { throw StoreError.damaged("a snapshot stored as \(value)") }
        writer.reset()
        bytes.withUnsafeBytes { StoredSnapshot.encode($0, dn: dn, into: &writer, catalogue: &catalogue) }
    }
}

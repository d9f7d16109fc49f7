import Foundation
import ProfileCore
@testable import ProfileStore
import Testing
import TestSupport

/// A store written by the v1 schema (`fixtures/store-v1`, JSON columns) reads
/// the same through every store API before its migration to the binary
/// forms (read-only opens never migrate) and after it, and the migrated
/// store has exactly the schema of a new one.
@Suite struct StoreMigrationTests {
    static let sql = TestPaths.fixture("store-v1/contoso-v1.sql")

    /// A fresh copy of the v1 store.
    static func v1Store(in folder: TemporaryDirectory) throws -> String {
        let path = folder.url.appendingPathComponent("profiles.db").path
        try SQLiteFixture.create(path, sql: try String(contentsOf: sql, encoding: .utf8))
        return path
    }

    /// Everything the store's read APIs return, as text; compared as bytes,
    /// since `String ==` would accept a canonically equivalent spelling.
    static func everything(_ store: ProfileStore) throws -> [UInt8] {
        var lines: [String] = []
        func add(_ label: String, _ value: Any) { lines.append("\(label): \(value)") }
        for run in try store.runs() { add("run", run) }
        for id in [1, 2] {
            let report = try #require(try store.report(runID: id))
            add("report \(id)", report.run)
            for change in report.changes { add("change", change) }
            add("diagnostics", report.diagnostics)
        }
        let profiles = try store.profiles()
        #expect(profiles.count == 15)
        for stored in profiles {
            add("profile", stored.profile)
            add("standing", [stored.createdRun, stored.updatedRun, stored.stateRun])
            add("since", stored.stateSince)
            for (run, change) in try store.history(of: stored.profile.key) { add("history \(run)", change) }
            for query in [stored.profile.account.uppercased(), stored.profile.key.anchor, stored.profile.dn.lowercased()] {
                add("find \(query)", try store.findProfile(query)?.profile.key as Any)
            }
        }
        add("missing", try store.profiles(in: [.markedForDeletion, .excluded]).map(\.profile.key))
        for group in try store.groups() { add("group", group) }
        try store.walkProfiles { walk in try walk.forEach { add("walk", $0) } }

        let prior = try store.priorState()
        add("prior", [String(describing: prior.lastRunID), String(describing: prior.fingerprint), "\(prior.watermarks)"])
        for key in prior.profiles.keys.sorted() {
            let old = try #require(prior.profiles[key])
            add(
                "prior profile",
                [old.account, old.dn, old.state.rawValue, "\(old.reason as Any)", "\(old.digest)", "\(old.inputs as Any)"])
            // As properties: a list's labels are where it was read from (the
            // JSON's names, or the whole catalogue), not part of its content.
            add("prior properties", Array(try prior.loadProperties(key)))
        }
        for key in prior.groups.keys.sorted() { add("prior group", prior.groups[key] as Any) }
        for (key, snapshot) in try prior.loadSnapshots("contoso").decodedAll().sorted(by: { $0.0 < $1.0 }) {
            add("snapshot \(key.anchor)", snapshot)
        }
        return Array(lines.joined(separator: "\n").utf8)
    }

    @Test func aV1StoreReadsTheSameBeforeAndAfterItsMigration() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = try Self.v1Store(in: folder)

        let before = try Self.everything(try ProfileStore.openForReading(path: path))
        // Reading migrated nothing.
        #expect(try SQLiteFixture.rows(path, "SELECT count(*) FROM grdb_migrations") == [["1"]])

        let writer = try ProfileStore.openForWriting(path: path, purpose: "test")
        writer.close()
        let after = try Self.everything(try ProfileStore.openForReading(path: path))
        #expect(after == before)

        // Every converted column holds its binary form, and names are catalogued.
        #expect(try SQLiteFixture.rows(path, "SELECT count(*) FROM grdb_migrations") == [["5"]])
        #expect(try SQLiteFixture.rows(path, "SELECT DISTINCT typeof(properties) FROM profiles") == [["blob"]])
        #expect(try SQLiteFixture.rows(path, "SELECT DISTINCT typeof(body) FROM changes") == [["blob"]])
        #expect(try SQLiteFixture.rows(path, "SELECT DISTINCT typeof(members) FROM groups") == [["blob"]])
        #expect(
            try SQLiteFixture.rows(path, "SELECT DISTINCT hex(substr(snapshot, 1, 1)) FROM profiles") == [["01"]],
            "every v1 snapshot is interned")
        let names = try SQLiteFixture.rows(path, "SELECT text FROM catalogue").compactMap { $0[0] }
        #expect(names.contains("SPS-JobTitle") && names.contains("hr.JobTitle") && names.contains("samaccountname"))
        #expect(try SQLiteFixture.rows(path, "PRAGMA integrity_check") == [["ok"]])
        // The dropped v1 tables' pages went back to the file system.
        #expect(try SQLiteFixture.rows(path, "PRAGMA freelist_count") == [["0"]])
    }

    @Test func aMigratedStoreHasTheSchemaOfANewOne() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let migrated = try Self.v1Store(in: folder)
        try ProfileStore.openForWriting(path: migrated, purpose: "test").close()
        let new = folder.url.appendingPathComponent("new.db").path
        try ProfileStore.openForWriting(path: new, purpose: "test").close()
        let schema = "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name"
        #expect(try SQLiteFixture.rows(migrated, schema) == (try SQLiteFixture.rows(new, schema)))
        #expect(try SQLiteFixture.rows(new, "SELECT identifier FROM grdb_migrations ORDER BY identifier").count == 5)
    }

    /// A first run drops the secondary indexes and builds them after its
    /// rows (all but the state index, which it keeps up to date): the store
    /// ends with exactly a new store's schema, and every index holds every
    /// row (`integrity_check` compares them).
    @Test func aFirstRunLeavesEveryIndexOfANewStore() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let new = folder.url.appendingPathComponent("new.db").path
        try ProfileStore.openForWriting(path: new, purpose: "test").close()
        let path = folder.url.appendingPathComponent("profiles.db").path
        let store = try ProfileStore.openForWriting(path: path, purpose: "test")
        var result = ProfileStoreTests.sampleResult(runID: 1)
        var excluded = ProfileStoreTests.sampleResult(runID: 1, state: .excluded).profileWrites[0]
        excluded.profile.key.anchor = "c1a6e0f2-0000-4000-8000-000000000002"
        result.profileWrites.append(excluded)
        try store.commit(result)
        store.close()
        let schema = "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name"
        #expect(try SQLiteFixture.rows(path, schema) == (try SQLiteFixture.rows(new, schema)))
        #expect(try SQLiteFixture.rows(path, "PRAGMA integrity_check") == [["ok"]])
        // The commit does not check `changes.run_id` row by row; every change still names its run.
        #expect(try SQLiteFixture.rows(path, "PRAGMA foreign_key_check").isEmpty)
        // Each index answers for the rows it covers.
        let counts = [
            "profiles INDEXED BY profiles_state WHERE state <> 'active' AND state = 'excluded'": "1",
            "profiles INDEXED BY profiles_account WHERE lower(account) = lower('contoso\\JDOE')": "2",
            "profiles INDEXED BY profiles_dn WHERE dn_key = 'cn=jo doe,ou=staff,dc=contoso,dc=com'": "2",
            "changes INDEXED BY changes_anchor WHERE connection = 'contoso' AND anchor = 'c1a6e0f2-0000-4000-8000-000000000001'": "1",
        ]
        for (query, count) in counts {
            #expect(try SQLiteFixture.rows(path, "SELECT count(*) FROM \(query)") == [[count]], "\(query)")
        }
    }

    /// A run id a profile's properties cannot hold (past 32 bits) in a v1
    /// row is damage the migration reports, and it leaves the v1 store as
    /// it was, not a crash halfway.
    @Test func aV1RunPastThirtyTwoBitsIsRefusedAsDamage() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = try Self.v1Store(in: folder)
        try SQLiteFixture.execute(
            path,
            sql: """
                UPDATE profiles SET properties = replace(properties, '"run":2', '"run":4294967298')
                WHERE rowid = (SELECT min(rowid) FROM profiles WHERE properties LIKE '%"run":2%')
                """)
        #expect(try SQLiteFixture.rows(path, "SELECT count(*) FROM profiles WHERE properties LIKE '%4294967298%'") == [["1"]])
        #expect {
            try ProfileStore.openForWriting(path: path, purpose: "test").close()
        } throws: { error in
            "\(error)".contains("run 4294967298 out of range")
        }
        #expect(try SQLiteFixture.rows(path, "SELECT count(*) FROM grdb_migrations") == [["1"]])
        #expect(try SQLiteFixture.rows(path, "SELECT count(*) FROM profiles WHERE properties LIKE '%4294967298%'") == [["1"]])
    }

    /// A run committed into the migrated store reads back with the v1 rows around it.
    @Test func aMigratedStoreTakesTheNextRun() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = try Self.v1Store(in: folder)
        let store = try ProfileStore.openForWriting(path: path, purpose: "test")
        defer { store.close() }
        #expect(try store.nextRunID() == 3)
        let result = ProfileStoreTests.sampleResult(runID: 3)
        try store.commit(result)
        let report = try #require(try store.report(runID: 3))
        #expect(report.changes == result.changes)
        #expect(try store.report(runID: 2)?.changes.count == 9)
        let stored = try #require(try store.findProfile("contoso\\JDOE"))
        #expect(stored.profile.properties == result.profileWrites[0].profile.properties)
        #expect(try store.history(of: stored.profile.key).count == 1)
    }
}

/// The indexes of `StoreSchema.leanIndexes` answer as the NOCASE account
/// index, the whole state index and the change log's (connection, anchor)
/// index did: the same rows, in the same order, and SQLite picks them for
/// the store's queries.
@Suite struct LeanIndexTests {
    static let accounts = [
        "CONTOSO\\Zoë", "contoso\\ZOË", "contoso\\zoë", "CONTOSO\\abc", "contoso\\ABD", "Contoso\\ab", "contoso\\AB",
        "contoso\\a_b", "contoso\\A[b", "contoso\\ä", "contoso\\Ä", "",
    ]

    static func store(in folder: TemporaryDirectory) throws -> String {
        let path = folder.url.appendingPathComponent("profiles.db").path
        let store = try ProfileStore.openForWriting(path: path, purpose: "test")
        var result = ProfileStoreTests.sampleResult(runID: 1)
        let template = result.profileWrites[0]
        result.profileWrites = Self.accounts.enumerated().map { index, account in
            var write = template
            write.profile.key.anchor = "anchor-\(Self.accounts.count - index)"
            write.profile.account = account
            write.profile.state = [.active, .excluded, .markedForDeletion][index % 3]
            write.profile.reason = write.profile.state == .excluded ? .disabled : nil
            return write
        }
        try store.commit(result)
        store.close()
        return path
    }

    @Test func listsAndLookupsMatchTheNOCASEIndexes() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = try Self.store(in: folder)
        let reader = try ProfileStore.openForReading(path: path)
        let nocaseOrder = try SQLiteFixture.rows(
            path, "SELECT anchor FROM profiles ORDER BY account COLLATE NOCASE, connection, anchor"
        ).map { $0[0]! }
        #expect(try reader.profiles().map(\.profile.key.anchor) == nocaseOrder)
        for states: Set<ProfileState> in [[.excluded], [.markedForDeletion, .excluded], [.active, .excluded]] {
            let wanted = states.map { "'\($0.rawValue)'" }.sorted().joined(separator: ",")
            let expected = try SQLiteFixture.rows(
                path,
                "SELECT anchor FROM profiles WHERE state IN (\(wanted)) ORDER BY account COLLATE NOCASE, connection, anchor"
            ).map { $0[0]! }
            #expect(try reader.profiles(in: states).map(\.profile.key.anchor) == expected)
            var walked: [String] = []
            try reader.walkProfiles { try $0.forEach(in: states) { walked.append($0.key.anchor) } }
            #expect(walked == expected)
        }
        for query in Self.accounts + ["CONTOSO\\ABC", "contoso\\zoë ", "CONTOSO\\Ä", "contoso\\a%b"] {
            let expected = try SQLiteFixture.rows(
                path,
                "SELECT anchor FROM profiles WHERE account = '\(query.replacingOccurrences(of: "'", with: "''"))' COLLATE NOCASE ORDER BY rowid LIMIT 1"
            ).first?[0]
            #expect(try reader.findProfile(query)?.profile.key.anchor == expected ?? nil, "\(query)")
        }
    }

    /// The change log's index is keyed by the anchor alone: a profile's
    /// history still holds only its own connection's changes.
    @Test func aHistoryKeepsToItsConnection() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = folder.url.appendingPathComponent("profiles.db").path
        let store = try ProfileStore.openForWriting(path: path, purpose: "test")
        defer { store.close() }
        var result = ProfileStoreTests.sampleResult(runID: 1)
        var other = result.profileWrites[0]
        other.profile.key.connection = "fabrikam"
        result.profileWrites.append(other)
        let ref = ProfileRef(connection: "fabrikam", anchor: other.profile.key.anchor, account: "F\\x", dn: "CN=x")
        result.changes.append(.markForDeletion(ref))
        try store.commit(result)
        #expect(try store.history(of: other.profile.key).map(\.change) == [.markForDeletion(ref)])
        #expect(try store.history(of: result.profileWrites[0].profile.key).map(\.change) == [result.changes[0]])
    }

    @Test func theStoresQueriesUseTheIndexes() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = try Self.store(in: folder)
        func plan(_ sql: String) throws -> String {
            try SQLiteFixture.rows(path, "EXPLAIN QUERY PLAN " + sql).map { $0.compactMap { $0 }.joined(separator: " ") }
                .joined(separator: "\n")
        }
        #expect(try plan("SELECT * FROM profiles WHERE lower(account) = lower('x') LIMIT 1").contains("profiles_account"))
        #expect(
            try plan(
                "SELECT * FROM profiles WHERE \(ProfileStore.inactiveOnly([.excluded]))state IN ('excluded') ORDER BY lower(account), connection, anchor"
            ).contains("profiles_state"))
        #expect(ProfileStore.inactiveOnly([.active, .excluded]).isEmpty)
        #expect(
            try plan("SELECT run_id, body FROM changes WHERE connection = 'contoso' AND anchor = 'x' ORDER BY run_id, seq")
                .contains("changes_anchor"))
    }
}

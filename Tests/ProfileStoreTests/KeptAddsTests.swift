import Foundation
import ProfileCore
import ProfileStore
import Testing
import TestSupport

/// A new profile's add kept in its row (`ProfileWrite.addedAt`) reads back,
/// and is written out, exactly as the change row a store that logs every
/// add holds.
@Suite struct KeptAddsTests {
    static let connection = "contoso"

    static func profile(_ number: Int, title: String, run: Int) -> Profile {
        let anchor = "a\(number)"
        let account = "CONTOSO\\user\(number)"
        return Profile(
            key: ProfileKey(connection: connection, anchor: anchor), account: account,
            dn: "CN=User \(number),OU=Staff,DC=contoso,DC=com",
            properties: [
                ProfileProperty(name: "AccountName", values: [account], source: "contoso.sAMAccountName", run: run),
                ProfileProperty(name: "SPS-JobTitle", values: [title, "Ünïcode"], source: "hr.JobTitle", run: run),
                ProfileProperty(name: "SPS-DistinguishedName", values: ["CN=User \(number),OU=Staff,DC=contoso,DC=com"], source: "contoso.dn", run: run),
            ])
    }

    static func ref(_ profile: Profile) -> ProfileRef {
        ProfileRef(connection: connection, anchor: profile.key.anchor, account: profile.account, dn: profile.dn)
    }

    static func record(_ id: Int) -> RunRecord {
        RunRecord(
            id: id, kind: .full, dryRun: false, started: Date(timeIntervalSince1970: 1_700_000_000 + Double(id)),
            finished: Date(timeIntervalSince1970: 1_700_000_001 + Double(id)), status: .completed, inputs: [],
            summary: RunSummary(), notes: [])
    }

    static func write(_ profile: Profile, addedAt: Int? = nil) -> ProfileWrite {
        let snapshot = SourceSnapshot.encode(DirectoryEntry(dn: profile.dn, file: "a.ldif", line: 1, attributes: [:]))
        return ProfileWrite(
            profile: profile, digest: ContentDigest.of(profile, snapshot: snapshot), snapshot: EntrySnapshot(bytes: snapshot),
            addedAt: addedAt)
    }

    /// A first run: a membership, three new profiles' adds, an exclusion;
    /// the adds kept when `keep`, logged otherwise.
    static func firstRun(keep: Bool) -> RunResult {
        let profiles = (1...3).map { profile($0, title: "Engineer", run: 1) }
        var excluded = profile(4, title: "Former", run: 1)
        excluded.state = .excluded
        excluded.reason = .disabled
        let changes: [ProfileChange] =
            [.membership(group: "CN=G,DC=contoso,DC=com", added: [profiles[0].dn], removed: [])]
            + profiles.map { .add(ref($0), properties: PropertyChanges(adding: $0.properties)) }
            + [.exclude(ref(excluded), reason: .disabled)]
        return RunResult(
            record: record(1), fingerprint: "fp", watermarks: [:], changes: changes, diagnostics: [],
            profileWrites: profiles.enumerated().map { write($1, addedAt: keep ? $0 + 1 : nil) } + [write(excluded)],
            groupWrites: [], groupDeletes: [])
    }

    /// A second run: profile 2 gets a new title, profile 3 is marked for deletion.
    static func secondRun() -> RunResult {
        let updated = profile(2, title: "Lead", run: 2)
        var result = RunResult(
            record: record(2), fingerprint: "fp", watermarks: [:],
            changes: [
                .update(ref(updated), properties: [PropertyChange(name: "SPS-JobTitle", old: ["Engineer", "Ünïcode"], new: ["Lead", "Ünïcode"], source: "hr.JobTitle")]),
                .markForDeletion(ref(profile(3, title: "Engineer", run: 1))),
            ],
            diagnostics: [], profileWrites: [write(updated)], groupWrites: [], groupDeletes: [])
        result.stateUpdates = [StateUpdate(key: profile(3, title: "", run: 1).key, state: .markedForDeletion, reason: nil)]
        return result
    }

    /// Whether a change row of the logged store is one the other keeps: `seqs` by run.
    static func stillKept(_ seqs: [Int: [String]], _ row: [String?]) -> Bool {
        seqs.contains { run, kept in row[0] == String(run) && kept.contains(row[1] ?? "") }
    }

    static let changeRows = "SELECT run_id, seq, kind, connection, anchor, hex(body) FROM changes ORDER BY run_id, seq"

    /// Runs `steps` on a store that keeps adds and on one that logs them,
    /// and gives both stores' paths.
    static func withBothStores(_ steps: (ProfileStore, Bool) throws -> Void, check: (String, String) throws -> Void) throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        var paths: [String] = []
        for keep in [true, false] {
            let path = folder.url.appendingPathComponent(keep ? "kept.db" : "logged.db").path
            let store = try ProfileStore.openForWriting(path: path, purpose: "test")
            try steps(store, keep)
            store.close()
            paths.append(path)
        }
        try check(paths[0], paths[1])
    }

    @Test func aKeptAddHasNoChangeRowAndReadsBackInItsPlace() throws {
        try Self.withBothStores({ store, keep in try store.commit(Self.firstRun(keep: keep)) }) { kept, logged in
            #expect(
                try SQLiteFixture.rows(kept, "SELECT run_id, seq, kind FROM changes ORDER BY seq")
                    == [["1", "1", "membership"], ["1", "5", "exclude"]])
            #expect(
                try SQLiteFixture.rows(kept, "SELECT anchor, added_seq FROM profiles ORDER BY anchor")
                    == [["a1", "2"], ["a2", "3"], ["a3", "4"], ["a4", nil]])
            #expect(try SQLiteFixture.rows(logged, "SELECT count(*) FROM profiles WHERE added_seq IS NOT NULL") == [["0"]])
            let keptStore = try ProfileStore.openForReading(path: kept)
            let loggedStore = try ProfileStore.openForReading(path: logged)
            defer {
                keptStore.close()
                loggedStore.close()
            }
            let report = try #require(try keptStore.report(runID: 1))
            #expect(report.changes == Self.firstRun(keep: true).changes)
            #expect(report.changes == (try loggedStore.report(runID: 1))?.changes)
            let key = Self.profile(2, title: "", run: 1).key
            #expect(try keptStore.history(of: key).map(\.run) == [1])
            #expect(try keptStore.history(of: key).map(\.change) == (try loggedStore.history(of: key)).map(\.change))
        }
    }

    @Test func aRewrittenProfileWritesItsAddOutAsTheLoggedRow() throws {
        try Self.withBothStores({ store, keep in
            try store.commit(Self.firstRun(keep: keep))
            try store.commit(Self.secondRun())
        }) { kept, logged in
            // Profile 2 was rewritten: its add is a change row, byte for byte
            // the logged store's. Profile 3 only changed state: still kept.
            #expect(
                try SQLiteFixture.rows(kept, Self.changeRows)
                    == (try SQLiteFixture.rows(logged, Self.changeRows)).filter { !Self.stillKept([1: ["2", "4"]], $0) })
            #expect(
                try SQLiteFixture.rows(kept, "SELECT anchor, added_seq FROM profiles ORDER BY anchor")
                    == [["a1", "2"], ["a2", nil], ["a3", "4"], ["a4", nil]])
            let keptStore = try ProfileStore.openForReading(path: kept)
            let loggedStore = try ProfileStore.openForReading(path: logged)
            defer {
                keptStore.close()
                loggedStore.close()
            }
            for run in [1, 2] {
                #expect(try keptStore.report(runID: run)?.changes == (try loggedStore.report(runID: run))?.changes)
            }
            for number in 1...3 {
                let key = Self.profile(number, title: "", run: 1).key
                #expect(try keptStore.history(of: key).map(\.run) == (try loggedStore.history(of: key)).map(\.run))
                #expect(try keptStore.history(of: key).map(\.change) == (try loggedStore.history(of: key)).map(\.change))
            }
        }
    }

    @Test func aPurgedProfileWritesItsAddOut() throws {
        try Self.withBothStores({ store, keep in
            try store.commit(Self.firstRun(keep: keep))
            try store.commit(Self.secondRun())
            #expect(try store.purgeNonImported() == 2)
        }) { kept, logged in
            #expect(
                try SQLiteFixture.rows(kept, Self.changeRows)
                    == (try SQLiteFixture.rows(logged, Self.changeRows)).filter { !Self.stillKept([1: ["2"]], $0) })
            #expect(
                try SQLiteFixture.rows(kept, "SELECT anchor, added_seq FROM profiles ORDER BY anchor")
                    == [["a1", "2"], ["a2", nil]])
            let keptStore = try ProfileStore.openForReading(path: kept)
            defer { keptStore.close() }
            #expect(try keptStore.report(runID: 1)?.changes == Self.firstRun(keep: true).changes)
        }
    }

    /// An add the engine made from a list of changes rather than the
    /// profile's own properties is logged, whatever the write says.
    @Test func anAddNotMadeOfTheProfilesPropertiesIsLogged() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = folder.url.appendingPathComponent("profiles.db").path
        var result = Self.firstRun(keep: true)
        let added = Self.profile(1, title: "Engineer", run: 1)
        result.changes[1] = .add(
            Self.ref(added), properties: [PropertyChange(name: "AccountName", old: [], new: [added.account], source: "x")])
        let store = try ProfileStore.openForWriting(path: path, purpose: "test")
        try store.commit(result)
        store.close()
        #expect(
            try SQLiteFixture.rows(path, "SELECT seq, kind FROM changes ORDER BY seq")
                == [["1", "membership"], ["2", "add"], ["5", "exclude"]])
        #expect(try SQLiteFixture.rows(path, "SELECT anchor FROM profiles WHERE added_seq IS NOT NULL ORDER BY anchor") == [["a2"], ["a3"]])
        let reader = try ProfileStore.openForReading(path: path)
        defer { reader.close() }
        #expect(try reader.report(runID: 1)?.changes == result.changes)
    }
}

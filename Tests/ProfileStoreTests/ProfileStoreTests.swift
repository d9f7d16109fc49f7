import Foundation
import ProfileCore
import ProfileStore
import Testing
import TestSupport

@Suite struct ProfileStoreTests {
    static func sampleResult(runID: Int, title: String = "Engineer", state: ProfileState = .active) -> RunResult {
        let key = ProfileKey(connection: "contoso", anchor: "c1a6e0f2-0000-4000-8000-000000000001")
        var profile = Profile(
            key: key, account: "CONTOSO\\jdoe", dn: "CN=Jo Doe,OU=Staff,DC=contoso,DC=com", state: state,
            properties: [
                ProfileProperty(name: "AccountName", values: ["CONTOSO\\jdoe"], source: "contoso.sAMAccountName", run: runID),
                ProfileProperty(name: "SPS-JobTitle", values: [title], source: "hr.JobTitle", run: runID),
            ])
        if state == .excluded { profile.reason = .disabled }
        let snapshot = SourceSnapshot.encode(
            DirectoryEntry(dn: profile.dn, file: "a.ldif", line: 1, attributes: ["title": [.text(title)]]))
        let ref = ProfileRef(connection: "contoso", anchor: key.anchor, account: profile.account, dn: profile.dn)
        let record = RunRecord(
            id: runID, kind: .full, dryRun: false, started: Date(timeIntervalSince1970: 1_700_000_000),
            finished: Date(timeIntervalSince1970: 1_700_000_001), status: .completed,
            inputs: [RunInput(connection: "contoso", path: "a.ldif", size: 10, sha256: "ab", records: 1, skipped: 0)],
            summary: RunSummary(), notes: ["first"])
        return RunResult(
            record: record, fingerprint: "fp", watermarks: ["contoso": 42],
            changes: [
                .update(ref, properties: [PropertyChange(name: "SPS-JobTitle", old: ["Analyst"], new: [title], source: "hr.JobTitle")]),
                .membership(group: "CN=G,DC=contoso,DC=com", added: ["CN=Jo Doe,OU=Staff,DC=contoso,DC=com"], removed: []),
            ],
            diagnostics: [.warning("odd row", at: .init(file: "hr.csv", line: 3, column: 2))],
            profileWrites: [ProfileWrite(profile: profile, digest: ContentDigest.of(profile, snapshot: snapshot), snapshot: snapshot)],
            groupWrites: [GroupWrite(key: ProfileKey(connection: "contoso", anchor: "g1"), dn: "CN=G,DC=contoso,DC=com", name: "G", members: ["contoso/\(key.anchor)"], digest: 7, snapshot: [])],
            groupDeletes: [])
    }

    @Test func storeIsCreatedPrivateAndMigrated() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = folder.url.appendingPathComponent("profiles.db").path
        let store = try ProfileStore.openForWriting(path: path, purpose: "test")
        defer { store.close() }
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        #expect(try store.nextRunID() == 1)
        #expect(try store.priorState().lastRunID == nil)
    }

    @Test func secondWriterIsRefusedAndToldWhoHoldsTheLock() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = folder.url.appendingPathComponent("profiles.db").path
        let first = try ProfileStore.openForWriting(path: path, purpose: "profilesync sync")
        var refused: StoreLock.Busy?
        do {
            _ = try ProfileStore.openForWriting(path: path, purpose: "profilesync purge")
        } catch let busy as StoreLock.Busy {
            refused = busy
        }
        #expect(refused?.holder.contains("profilesync sync by pid \(getpid())") == true)
        first.close()
        let second = try ProfileStore.openForWriting(path: path, purpose: "again")
        second.close()
    }

    /// The rows' text columns reach the store as the run has them: an
    /// empty account stays empty (not NULL), a missing reason is NULL, a
    /// DN's key is its lowercased form beyond ASCII, and a membership
    /// change has no connection or anchor. (The commit's encoder copies
    /// these into its batches for the committing thread to bind.)
    @Test func everyTextColumnIsWrittenAsTheRunHasIt() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = folder.url.appendingPathComponent("profiles.db").path
        let store = try ProfileStore.openForWriting(path: path, purpose: "test")
        var result = Self.sampleResult(runID: 1)
        var empty = result.profileWrites[0]
        empty.profile.key.anchor = "a2"
        empty.profile.account = ""
        empty.profile.dn = "CN=Ängel Öz,OU=Staff,DC=contoso,DC=com"
        var excluded = Self.sampleResult(runID: 1, state: .excluded).profileWrites[0]
        excluded.profile.key.anchor = "a3"
        result.profileWrites += [empty, excluded]
        try store.commit(result)
        // A content-only rewrite binds its key from the same columns.
        var second = Self.sampleResult(runID: 2, title: "Architect")
        second.profileWrites[0].contentOnly = true
        try store.commit(second)
        store.close()
        #expect(
            try SQLiteFixture.rows(
                path, "SELECT connection, anchor, account, dn, dn_key, state, reason, updated_run FROM profiles ORDER BY anchor")
                == [
                    ["contoso", "a2", "", "CN=Ängel Öz,OU=Staff,DC=contoso,DC=com", "cn=ängel öz,ou=staff,dc=contoso,dc=com",
                     "active", nil, "1"],
                    ["contoso", "a3", "CONTOSO\\jdoe", "CN=Jo Doe,OU=Staff,DC=contoso,DC=com",
                     "cn=jo doe,ou=staff,dc=contoso,dc=com", "excluded", "disabled", "1"],
                    ["contoso", "c1a6e0f2-0000-4000-8000-000000000001", "CONTOSO\\jdoe", "CN=Jo Doe,OU=Staff,DC=contoso,DC=com",
                     "cn=jo doe,ou=staff,dc=contoso,dc=com", "active", nil, "2"],
                ])
        #expect(
            try SQLiteFixture.rows(path, "SELECT run_id, seq, kind, connection, anchor FROM changes ORDER BY run_id, seq")
                == [
                    ["1", "1", "update", "contoso", "c1a6e0f2-0000-4000-8000-000000000001"],
                    ["1", "2", "membership", nil, nil],
                    ["2", "1", "update", "contoso", "c1a6e0f2-0000-4000-8000-000000000001"],
                    ["2", "2", "membership", nil, nil],
                ])
    }

    /// A run whose own row cannot be written (written last, after its
    /// profiles, groups and changes) leaves the store as the run before
    /// left it, and the commit returns its error rather than waiting on
    /// its encoder.
    @Test func aRunWhoseRowCannotBeWrittenLeavesNothing() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = folder.url.appendingPathComponent("profiles.db").path
        let store = try ProfileStore.openForWriting(path: path, purpose: "test")
        try store.commit(Self.sampleResult(runID: 1))
        let before = try ["profiles", "groups", "changes", "runs"].map {
            try SQLiteFixture.rows(path, "SELECT * FROM \($0) ORDER BY rowid")
        }
        // Run 1 again: its row's id is taken.
        #expect(throws: (any Error).self) { try store.commit(Self.sampleResult(runID: 1, title: "Lead")) }
        store.close()
        let after = try ["profiles", "groups", "changes", "runs"].map {
            try SQLiteFixture.rows(path, "SELECT * FROM \($0) ORDER BY rowid")
        }
        #expect(after == before)
        #expect(try SQLiteFixture.rows(path, "SELECT count(*) FROM changes WHERE run_id = 1") == [["2"]])
    }

    @Test func committedRunReadsBackWhole() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = folder.url.appendingPathComponent("profiles.db").path
        let store = try ProfileStore.openForWriting(path: path, purpose: "test")
        let result = Self.sampleResult(runID: 1)
        try store.commit(result)
        store.close()

        let reader = try ProfileStore.openForReading(path: path)
        let report = try #require(try reader.report(runID: nil))
        #expect(report.run.id == 1)
        #expect(report.run.notes == ["first"])
        #expect(report.run.inputs == result.record.inputs)
        #expect(report.changes == result.changes)
        #expect(report.diagnostics == result.diagnostics)
        let stored = try #require(try reader.findProfile("contoso\\JDOE"))
        #expect(stored.profile.properties.map(\.values) == [["CONTOSO\\jdoe"], ["Engineer"]])
        #expect(try reader.findProfile("CN=JO DOE,OU=Staff,DC=contoso,DC=com")?.profile.key.anchor == result.profileWrites[0].profile.key.anchor)
        #expect(try reader.history(of: stored.profile.key).count == 1)
        let prior = try reader.priorState()
        #expect(prior.lastRunID == 1)
        #expect(prior.fingerprint == "fp")
        #expect(prior.watermarks == ["contoso": 42])
        #expect(prior.profiles[stored.profile.key]?.digest == result.profileWrites[0].digest)
        #expect(try prior.loadProperties(stored.profile.key).map(\.name) == ["AccountName", "SPS-JobTitle"])
        // A key the store lacks has none; the lookup after it (on the same
        // statement) still finds its row, values referring to the row's own
        // account read back whole, and an anchor differing only in case is another key.
        #expect(try prior.loadProperties(ProfileKey(connection: "contoso", anchor: "nobody")).isEmpty)
        #expect(try prior.loadProperties(ProfileKey(connection: "fabrikam", anchor: stored.profile.key.anchor)).isEmpty)
        #expect(
            try prior.loadProperties(ProfileKey(connection: "contoso", anchor: stored.profile.key.anchor.uppercased())).isEmpty)
        #expect(try prior.loadProperties(stored.profile.key).map(\.values) == [["CONTOSO\\jdoe"], ["Engineer"]])
        let snapshots = try prior.loadSnapshots("contoso").decodedAll()
        #expect(snapshots.count == 2)  // the profile and the group
        #expect(try reader.groups().first?.members == ["contoso/\(stored.profile.key.anchor)"])
    }

    /// Groups of many members fill the commit's batches by bytes before
    /// rows (a batch closes at 1 MiB): every group still reads back whole,
    /// in its place among the others.
    @Test func largeGroupsCommitInBatchesOfBytesAndReadBackWhole() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = folder.url.appendingPathComponent("profiles.db").path
        let store = try ProfileStore.openForWriting(path: path, purpose: "test")
        var result = Self.sampleResult(runID: 1)
        let sizes = [3, 40_000, 7, 25_000, 25_000, 1]  // 40,000 members are about 1.8 MB of keys
        result.groupWrites = sizes.enumerated().map { index, size in
            let dn = "CN=G\(index),DC=contoso,DC=com"
            let snapshot = EntrySnapshot(
                DirectoryEntry(
                    dn: dn, file: "a.ldif", line: 10 + index,
                    attributes: ["member": (0..<size).map { .text("CN=U\($0),OU=Staff,DC=contoso,DC=com") }]))
            return GroupWrite(
                key: ProfileKey(connection: "contoso", anchor: "g\(index)"), dn: dn, name: "G\(index)",
                members: (0..<size).map { "contoso/member-\(index)-\($0)" }, digest: UInt64(index), snapshot: snapshot)
        }
        try store.commit(result)
        store.close()

        let reader = try ProfileStore.openForReading(path: path)
        let groups = try reader.groups()
        #expect(groups.map(\.dn) == sizes.indices.map { "CN=G\($0),DC=contoso,DC=com" })
        for (index, group) in groups.enumerated() {
            #expect(group.members == (0..<sizes[index]).map { "contoso/member-\(index)-\($0)" })
        }
        let snapshots = try reader.priorState().loadSnapshots("contoso").decodedAll()
        #expect(snapshots.count == 1 + sizes.count)
        let largest = try #require(snapshots.first { $0.0.anchor == "g1" })
        #expect(SourceSnapshot.decode(largest.1)?.values(forKey: "member").count == 40_000)
    }

    @Test func purgeRemovesOnlyNonImportedProfiles() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = folder.url.appendingPathComponent("profiles.db").path
        let store = try ProfileStore.openForWriting(path: path, purpose: "test")
        defer { store.close() }
        try store.commit(Self.sampleResult(runID: 1, state: .excluded))
        #expect(try store.profiles(in: [.excluded]).count == 1)
        #expect(try store.purgeNonImported() == 1)
        #expect(try store.profiles().isEmpty)
    }

    /// The file format's write/read version bytes (offsets 18 and 19): 2 in WAL mode, 1 with a rollback journal.
    static func journalVersions(_ path: String) throws -> [UInt8] {
        let header = try Data(contentsOf: URL(fileURLWithPath: path)).prefix(20)
        return [header[18], header[19]]
    }

    /// A first run commits through a rollback journal (each page written once)
    /// and leaves the store in WAL, with no journal beside it; later runs commit through the WAL.
    @Test func theFirstRunLeavesTheStoreInWALWithoutAJournal() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = folder.url.appendingPathComponent("profiles.db").path
        let store = try ProfileStore.openForWriting(path: path, purpose: "test")
        defer { store.close() }
        #expect(try Self.journalVersions(path) == [2, 2])
        try store.commit(Self.sampleResult(runID: 1))
        #expect(try Self.journalVersions(path) == [2, 2])
        #expect(!FileManager.default.fileExists(atPath: path + "-journal"))
        try store.commit(Self.sampleResult(runID: 2, title: "Lead"))
        #expect(try Self.journalVersions(path) == [2, 2])
        let reader = try ProfileStore.openForReading(path: path)
        #expect(try reader.runs().map(\.id) == [1, 2])
        #expect(try reader.findProfile("CONTOSO\\jdoe")?.profile.properties.last?.values == ["Lead"])
    }

    /// A reader with the store open when the first run commits keeps it in WAL:
    /// the run commits all the same, and the reader then sees it.
    @Test func aFirstRunCommitsThroughTheWALWhileAReaderHasTheStoreOpen() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = folder.url.appendingPathComponent("profiles.db").path
        let store = try ProfileStore.openForWriting(path: path, purpose: "test")
        defer { store.close() }
        let reader = try ProfileStore.openForReading(path: path)
        #expect(try reader.runs().isEmpty)
        try store.commit(Self.sampleResult(runID: 1))
        #expect(try Self.journalVersions(path) == [2, 2])
        #expect(try reader.runs().map(\.id) == [1])
    }

    @Test func readingAMissingStoreSaysSo() {
        #expect(throws: StoreError.self) { try ProfileStore.openForReading(path: "/nonexistent/profiles.db") }
    }
}

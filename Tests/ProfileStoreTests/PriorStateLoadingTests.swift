import Foundation
import Synchronization
@testable import ProfileCore
import ProfileStore
import Testing
import TestSupport

/// Loading the prior state (profiles read on one core and indexed on the
/// other, in batches) and writing a changed profile's content alone.
@Suite struct PriorStateLoadingTests {
    static let anchorPrefix = "c1a6e0f2-0000-4000-8000-"

    static func profile(_ number: Int, state: ProfileState = .active, dn: String? = nil, title: String = "Engineer")
        -> Profile
    {
        let key = ProfileKey(connection: "contoso", anchor: anchorPrefix + String(format: "%012d", number))
        var profile = Profile(
            key: key, account: "CONTOSO\\user\(number)", dn: dn ?? "CN=User \(number),OU=Staff,DC=contoso,DC=com",
            state: state,
            properties: [
                ProfileProperty(name: "AccountName", values: ["CONTOSO\\user\(number)"], source: "contoso.sAMAccountName", run: 1),
                ProfileProperty(name: "SPS-JobTitle", values: [title], source: "hr.JobTitle", run: 1),
            ])
        if state == .excluded { profile.reason = .disabled }
        return profile
    }

    static func write(_ profile: Profile, contentOnly: Bool = false) -> ProfileWrite {
        let snapshot = SourceSnapshot.encode(
            DirectoryEntry(dn: profile.dn, file: "a.ldif", line: 1, attributes: ["title": [.text("x")]]))
        return ProfileWrite(
            profile: profile, digest: ContentDigest.of(profile, snapshot: snapshot), snapshot: EntrySnapshot(bytes: snapshot),
            contentOnly: contentOnly)
    }

    static func run(_ id: Int, writes: [ProfileWrite], groups: [GroupWrite] = []) -> RunResult {
        let record = RunRecord(
            id: id, kind: .full, dryRun: false, started: Date(timeIntervalSince1970: 1_700_000_000 + Double(id) * 86_400),
            finished: Date(timeIntervalSince1970: 1_700_000_001 + Double(id) * 86_400), status: .completed, inputs: [],
            summary: RunSummary(), notes: [])
        return RunResult(
            record: record, fingerprint: "fp", watermarks: [:], changes: [], diagnostics: [], profileWrites: writes,
            groupWrites: groups, groupDeletes: [])
    }

    static func storePath(_ folder: TemporaryDirectory) -> String {
        folder.url.appendingPathComponent("profiles.db").path
    }

    /// More profiles than three of the loader's batches, some excluded, and
    /// groups: every profile comes back with its digest, numbered densely.
    @Test func everyProfileIsLoadedAndNumberedOnce() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let store = try ProfileStore.openForWriting(path: Self.storePath(folder), purpose: "test")
        defer { store.close() }
        let count = 3 * 4096 + 17
        let writes = (0..<count).map { Self.write(Self.profile($0, state: $0 % 10 == 3 ? .excluded : .active)) }
        let members = (0..<50).map { "contoso/\(Self.anchorPrefix)\(String(format: "%012d", $0))" }
        let group = GroupWrite(
            key: ProfileKey(connection: "contoso", anchor: "g1"), dn: "CN=G,DC=contoso,DC=com", name: "G", members: members,
            digest: 7, snapshot: [])
        try store.commit(Self.run(1, writes: writes, groups: [group]))

        let prior = try store.priorState()
        #expect(prior.profiles.count == count)
        #expect(prior.profiles.all.map(\.ordinal) == Array(0..<count))
        #expect(prior.activeProfiles == writes.filter { $0.profile.state == .active }.count)
        for write in writes {
            let old = try #require(prior.profiles[write.profile.key])
            #expect(old.digest == write.digest)
            #expect(old.account == write.profile.account)
            #expect(old.dn == write.profile.dn)
            #expect(old.state == write.profile.state)
            #expect(old.reason == write.profile.reason)
        }
        #expect(prior.groups[group.key].map { Array($0.members) } == members)
        #expect(prior.groups[group.key]?.digest == 7)
    }

    /// The store binds text by length: a DN with a NUL byte reads back whole,
    /// so the next run does not see it move.
    /// A connection's snapshots come back in its key index's order (the
    /// anchors' bytes), profiles then groups, though the table is read in
    /// its own (insertion) order: the loader keeps the later of two stored
    /// entries with one DN, so the order is part of what an incremental run
    /// does. Another connection's rows, and profiles marked for deletion
    /// (gone from the directory), are left out.
    @Test func snapshotsComeInAnchorOrderWhateverOrderTheRowsWereWritten() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let store = try ProfileStore.openForWriting(path: Self.storePath(folder), purpose: "test")
        defer { store.close() }
        let numbers = [7, 3, 11, 0, 5]
        var writes = numbers.map { Self.write(Self.profile($0)) }
        var other = Self.write(Self.profile(1))
        other.profile.key.connection = "fabrikam"
        writes.insert(other, at: 2)
        writes.append(Self.write(Self.profile(9, state: .markedForDeletion)))
        let group = GroupWrite(
            key: ProfileKey(connection: "contoso", anchor: "0-group"), dn: "CN=G,DC=contoso,DC=com", name: "G",
            members: [], digest: 1, snapshot: [1, 2])
        try store.commit(Self.run(1, writes: writes, groups: [group]))
        let expected = numbers.sorted().map { Self.anchorPrefix + String(format: "%012d", $0) } + ["0-group"]
        let snapshots = try store.priorState().loadSnapshots("contoso").decodedAll()
        #expect(snapshots.map(\.0.anchor) == expected)
        #expect(snapshots.allSatisfy { $0.0.connection == "contoso" })
        // A run writes its rows in key order; a store written before that
        // has them in export order. Negated rowids read in reverse.
        try SQLiteFixture.execute(Self.storePath(folder), sql: "UPDATE profiles SET rowid = -rowid")
        let reversed = try store.priorState().loadSnapshots("contoso").decodedAll()
        #expect(reversed.map(\.0.anchor) == expected)
        #expect(zip(reversed, snapshots).allSatisfy { $0.1 == $1.1 })
    }

    /// The store lends each interned snapshot with its names as catalogue
    /// ids, and spelling that form out gives the bytes `bytes(at:)` makes:
    /// the DN from the row's column or from the snapshot itself (a group's
    /// differs from its row's). A snapshot kept verbatim is not lent.
    @Test func internedSnapshotsAreLentWithTheirNamesNumbered() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let store = try ProfileStore.openForWriting(path: Self.storePath(folder), purpose: "test")
        defer { store.close() }
        var writes = (0..<3).map { Self.write(Self.profile($0)) }
        let entry = DirectoryEntry(
            dn: "CN=Elsewhere,DC=contoso,DC=com", file: "a.ldif", line: 1,
            attributes: ["cn": [.text("G")], "member": [.text("CN=User 0"), .text("CN=User 1")], "objectguid": [.binary([1, 2])]])
        let group = GroupWrite(
            key: ProfileKey(connection: "contoso", anchor: "0-group"), dn: "CN=G,DC=contoso,DC=com", name: "G",
            members: [], digest: 1, snapshot: EntrySnapshot(entry))
        writes[1].snapshot = EntrySnapshot(bytes: [1, 2, 3])  // no layout the catalogue can intern
        try store.commit(Self.run(1, writes: writes, groups: [group]))
        let stored = try store.priorState().loadSnapshots("contoso")
        #expect(stored.count == 4)
        #expect(!stored.names.isEmpty)
        for index in 0..<stored.count {
            let spelled: [UInt8]? = stored.withNumbered(at: index) { numbered in
                var out: [UInt8] = []
                DirectoryEntry.appendVarint(UInt64(numbered.dn.utf8.count), to: &out)
                out += numbered.dn.utf8
                DirectoryEntry.appendVarint(numbered.count, to: &out)
                // Each attribute: its name's id, spelled; its values as they lie.
                let bytes = Array(numbered.attributes)
                var cursor = 0
                func varint() -> UInt64 { bytes.withUnsafeBufferPointer { DirectoryEntry.readVarint($0, &cursor)! } }
                for _ in 0..<numbered.count {
                    let name = stored.names[Int(varint()) - 1]
                    DirectoryEntry.appendVarint(UInt64(name.utf8.count), to: &out)
                    out += name.utf8
                    let start = cursor
                    for _ in 0..<varint() { cursor += Int(varint() >> 1) }
                    out += bytes[start..<cursor]
                }
                return out
            }
            if stored.keys[index] == writes[1].profile.key {
                #expect(spelled == nil)
            } else {
                #expect(spelled == (try stored.bytes(at: index)))
            }
        }
        let groupIndex = try #require(stored.keys.firstIndex(of: group.key))
        #expect(try stored.bytes(at: groupIndex) == SourceSnapshot.encode(entry))
    }

    @Test func textWithANulByteReadsBackWhole() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let store = try ProfileStore.openForWriting(path: Self.storePath(folder), purpose: "test")
        defer { store.close() }
        let profile = Self.profile(1, dn: "CN=Odd\u{0}Name,OU=Staff,DC=contoso,DC=com")
        try store.commit(Self.run(1, writes: [Self.write(profile)]))
        #expect(try store.priorState().profiles[profile.key]?.dn == profile.dn)
    }

    /// Group members that cannot be decoded fail the load with the store's
    /// error, however many profile batches are still being read (more than
    /// the hand-off holds: a reader left waiting would hang the load).
    @Test func damagedGroupMembersFailTheLoad() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = Self.storePath(folder)
        let store = try ProfileStore.openForWriting(path: path, purpose: "test")
        defer { store.close() }
        let group = GroupWrite(
            key: ProfileKey(connection: "contoso", anchor: "g1"), dn: "CN=G,DC=contoso,DC=com", name: "G",
            members: ["contoso/x"], digest: 7, snapshot: [])
        try store.commit(Self.run(1, writes: (0..<(70 * 4096)).map { Self.write(Self.profile($0)) }, groups: [group]))
        try SQLiteFixture.execute(path, sql: "UPDATE groups SET members = x'ff01'")
        // On a thread of its own, so a load that hangs fails the test instead.
        let outcome = Mutex<Result<PriorState, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread {
            let result = Result { try store.priorState() }
            outcome.withLock { $0 = result }
            done.signal()
        }.start()
        try #require(done.wait(timeout: .now() + 60) == .success, "the load did not end within a minute")
        #expect(throws: StoreError.self) { try outcome.withLock { $0 }?.get() }
    }

    /// What the store keeps of a profile, column by column.
    static func row(_ store: ProfileStore, _ account: String) throws -> String {
        let stored = try #require(try store.findProfile(account))
        return "\(stored.profile) \(stored.createdRun) \(stored.updatedRun) \(stored.stateRun) \(stored.stateSince)"
    }

    /// A changed profile's properties are read by the row the prior state
    /// read it from; a row that no longer holds that profile (never while a
    /// run holds the lock) is reported as damage, not read as its properties.
    @Test func propertiesAreReadFromTheProfilesOwnRow() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let store = try ProfileStore.openForWriting(path: Self.storePath(folder), purpose: "test")
        defer { store.close() }
        try store.commit(Self.run(1, writes: [Self.write(Self.profile(1)), Self.write(Self.profile(2, title: "Lead"))]))
        let prior = try store.priorState()
        #expect(try prior.loadProperties(Self.profile(1).key).last?.values == ["Engineer"])
        #expect(try prior.loadProperties(Self.profile(2).key).last?.values == ["Lead"])
        // The two rows swap anchors behind the prior state's back.
        try SQLiteFixture.execute(
            Self.storePath(folder),
            sql: """
                UPDATE profiles SET anchor = 'swap' WHERE anchor = '\(Self.profile(1).key.anchor)';
                UPDATE profiles SET anchor = '\(Self.profile(1).key.anchor)' WHERE anchor = '\(Self.profile(2).key.anchor)';
                UPDATE profiles SET anchor = '\(Self.profile(2).key.anchor)' WHERE anchor = 'swap';
                """)
        #expect(throws: StoreError.self) { try prior.loadProperties(Self.profile(1).key) }
    }

    /// Inputs and state updates are made between the profile rows, in key
    /// order: each row ends as its own writes say, whatever the order of the
    /// lists, and a profile whose inputs and state both change gets both.
    @Test func updatesMadeAmongTheProfileRowsEachReachTheirRow() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let store = try ProfileStore.openForWriting(path: Self.storePath(folder), purpose: "test")
        defer { store.close() }
        try store.commit(Self.run(1, writes: (0..<12).map { Self.write(Self.profile($0)) }))
        // Updates before the first profile row, between rows, and after the last.
        var second = Self.run(2, writes: [4, 1, 7].map { Self.write(Self.profile($0, title: "Lead")) })
        second.inputsUpdates = [10, 3, 0, 6, 9].map { InputsUpdate(key: Self.profile($0).key, inputs: UInt64(700 + $0)) }
        second.stateUpdates = [9, 2, 5, 8, 11].map { StateUpdate(key: Self.profile($0).key, state: .markedForDeletion, reason: nil) }
        try store.commit(second)
        let prior = try store.priorState()
        for number in 0..<12 {
            let key = Self.profile(number).key
            let stored = try #require(prior.profiles[key])
            let written = [4, 1, 7].contains(number)
            #expect(try prior.loadProperties(key).last?.values == [written ? "Lead" : "Engineer"], "\(number)")
            let inputs: UInt64? = [10, 3, 0, 6, 9].contains(number) ? UInt64(700 + number) : nil
            #expect(stored.inputs == inputs, "\(number)")
            #expect(stored.state == ([9, 2, 5, 8, 11].contains(number) ? .markedForDeletion : .active), "\(number)")
        }
    }

    /// A content-only write leaves the row exactly as the full upsert does:
    /// same properties, digest and standing, state history untouched.
    @Test func aContentOnlyWriteStoresWhatTheUpsertStores() throws {
        var rows: [String] = []
        for contentOnly in [false, true] {
            let folder = try TemporaryDirectory()
            defer { folder.cleanup() }
            let store = try ProfileStore.openForWriting(path: Self.storePath(folder), purpose: "test")
            defer { store.close() }
            try store.commit(Self.run(1, writes: [Self.write(Self.profile(1)), Self.write(Self.profile(2))]))
            try store.commit(
                Self.run(2, writes: [Self.write(Self.profile(1, title: "Lead"), contentOnly: contentOnly)]))
            let prior = try store.priorState()
            let key = Self.profile(1).key
            #expect(prior.profiles[key]?.digest == Self.write(Self.profile(1, title: "Lead")).digest)
            #expect(try prior.loadProperties(key).last?.values == ["Lead"])
            #expect(try store.findProfile("CONTOSO\\user1")?.profile.properties.last?.values == ["Lead"])
            rows.append(try Self.row(store, "CONTOSO\\user1") + " | " + Self.row(store, "CONTOSO\\user2"))
        }
        #expect(rows[0] == rows[1])
    }

    /// A content-only write for a profile the store lacks inserts it whole.
    @Test func aContentOnlyWriteOfAMissingProfileInsertsIt() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let store = try ProfileStore.openForWriting(path: Self.storePath(folder), purpose: "test")
        defer { store.close() }
        try store.commit(Self.run(1, writes: [Self.write(Self.profile(1))]))
        try store.commit(Self.run(2, writes: [Self.write(Self.profile(2), contentOnly: true)]))
        let stored = try #require(try store.findProfile("CONTOSO\\user2"))
        #expect(stored.createdRun == 2)
        #expect(stored.profile.dn == Self.profile(2).dn)
        #expect(try store.priorState().profiles.count == 2)
    }

    /// Stored properties read from many threads at once (a drifted run's
    /// build threads, each on a connection of its own) are each profile's
    /// own; the commit closes those connections, and reads after it open
    /// new ones and see what it wrote.
    @Test func propertiesReadFromManyThreadsAreEachProfilesOwn() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let store = try ProfileStore.openForWriting(path: Self.storePath(folder), purpose: "test")
        defer { store.close() }
        let numbers = Array(0..<200)
        try store.commit(Self.run(1, writes: numbers.map { Self.write(Self.profile($0, title: "Title \($0)")) }))
        let prior = try store.priorState()
        let misread = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for number in numbers {
                let properties = try? prior.loadProperties(Self.profile(number).key)
                if properties?.last?.values != ["Title \(number)"] || properties?.first?.values != ["CONTOSO\\user\(number)"] {
                    misread.withLock { $0 += 1 }
                }
            }
        }
        #expect(misread.withLock { $0 } == 0)
        try store.commit(Self.run(2, writes: [Self.write(Self.profile(5, title: "Lead"))]))
        #expect(try prior.loadProperties(Self.profile(5).key).last?.values == ["Lead"])
        #expect(try store.priorState().loadProperties(Self.profile(6).key).last?.values == ["Title 6"])
    }

    /// Reads of stored properties before a store's first run leave no
    /// connection open that would keep its commit in WAL: the first run
    /// still commits through a rollback journal, so the WAL holds none of it.
    @Test func readsBeforeTheFirstRunDoNotKeepItInTheWAL() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = Self.storePath(folder)
        let store = try ProfileStore.openForWriting(path: path, purpose: "test")
        defer { store.close() }
        #expect(try store.priorState().loadProperties(Self.profile(1).key).isEmpty)
        try store.commit(Self.run(1, writes: (0..<50).map { Self.write(Self.profile($0)) }))
        let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        #expect(wal == 0)
    }
}

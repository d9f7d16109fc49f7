import Foundation
import ProfileCore
import ProfileStore
import Testing
import TestSupport

/// A store with three committed runs, built through `ProfileStore.commit`
/// as `sync` would (so these tests do not depend on the engine):
/// 1. full: five profiles added, a group with two members;
/// 2. full: `back` marked for deletion;
/// 3. full: every change kind, with hostile and non-ASCII values.
enum FixtureStore {
    static let hostileMarkup = "<img src=x onerror=alert(1)>"
    static let hostileFormula = "=HYPERLINK(\"http://evil\",\"x\")"
    static let group = "CN=Staff,OU=Groups,DC=contoso,DC=com"
    static let groupKey = ProfileKey(connection: "contoso", anchor: "0b1c2d3e-0000-4000-8000-0000000000aa")

    static func ref(_ name: String, _ number: Int, ou: String = "Staff") -> ProfileRef {
        ProfileRef(
            connection: "contoso", anchor: "0b1c2d3e-0000-4000-8000-00000000000\(number)",
            account: "CONTOSO\\\(name.lowercased())", dn: "CN=\(name),OU=\(ou),DC=contoso,DC=com")
    }

    static let zoe = ProfileRef(
        connection: "contoso", anchor: "0b1c2d3e-0000-4000-8000-000000000001", account: "CONTOSO\\zoe",
        dn: "CN=Zoë Ångström,OU=Staff,DC=contoso,DC=com")
    static let mallory = ref("Mallory", 2)
    static let gone = ref("Gone", 3)
    static let disabled = ref("Disabled", 4)
    static let mover = ref("Mover", 5)
    static let moved = ref("Mover", 5, ou: "Sales")
    static let back = ref("Back", 6)

    static func properties(_ ref: ProfileRef, run: Int, _ extra: [(String, [String], String)] = [])
        -> [ProfileProperty]
    {
        [
            ProfileProperty(name: "AccountName", values: [ref.account], source: "contoso.sAMAccountName", run: 1),
            ProfileProperty(name: "SPS-DistinguishedName", values: [ref.dn], source: "contoso.dn", run: run),
        ] + extra.map { ProfileProperty(name: $0.0, values: $0.1, source: $0.2, run: run) }
    }

    static func added(_ ref: ProfileRef, _ properties: [ProfileProperty]) -> ProfileChange {
        .add(ref, properties: PropertyChanges(adding: PropertyList(properties)))
    }

    static func write(
        _ ref: ProfileRef, _ properties: [ProfileProperty], state: ProfileState = .active,
        reason: ExclusionReason? = nil
    ) -> ProfileWrite {
        let profile = Profile(
            key: ProfileKey(connection: ref.connection, anchor: ref.anchor), account: ref.account, dn: ref.dn,
            state: state, reason: reason, properties: properties)
        return ProfileWrite(profile: profile, digest: UInt64(truncatingIfNeeded: ref.anchor.hashValue), snapshot: [])
    }

    static func record(_ id: Int, _ summary: RunSummary, inputs: Int = 1) -> RunRecord {
        let started = Date(timeIntervalSince1970: 1_767_574_800 + Double(id - 1) * 86_400)  // 2026-01-05T01:00Z, daily
        return RunRecord(
            id: id, kind: .full, dryRun: false, started: started, finished: started.addingTimeInterval(2.5),
            status: .completed,
            inputs: (0..<inputs).map { index in
                RunInput(
                    connection: index == 0 ? "contoso" : "hr", path: index == 0 ? "exports/contoso.ldif" : "exports/hr.csv",
                    size: 2048, sha256: String(repeating: "ab", count: 32), records: 6, skipped: 0)
            },
            summary: summary)
    }

    static func summary(_ build: (inout RunSummary) -> Void) -> RunSummary {
        var summary = RunSummary()
        build(&summary)
        return summary
    }

    static func group(_ members: [ProfileRef], run: Int) -> GroupWrite {
        GroupWrite(
            key: groupKey, dn: group, name: "Staff", members: members.map { "contoso/\($0.anchor)" },
            digest: UInt64(run), snapshot: [])
    }

    static func result(_ record: RunRecord, changes: [ProfileChange], writes: [ProfileWrite], groups: [GroupWrite] = [])
        -> RunResult
    {
        RunResult(
            record: record, fingerprint: "fp", watermarks: [:], changes: changes, diagnostics: [],
            profileWrites: writes, groupWrites: groups, groupDeletes: [])
    }

    /// Creates the store at `path` with the three runs.
    static func create(at path: String) throws {
        let store = try ProfileStore.openForWriting(path: path, purpose: "test fixture")
        defer { store.close() }

        let first = [mallory, gone, disabled, mover, back]
        let firstProperties = first.map { properties($0, run: 1, [("Department", ["Sales"], "hr.Department")]) }
        try store.commit(
            result(
                record(1, summary { $0.added = 5; $0.groupsAdded = 1; $0.membershipsAdded = 2 }, inputs: 2),
                changes: zip(first, firstProperties).map { added($0, $1) }
                    + [.membership(group: group, added: [mallory.dn, gone.dn], removed: [])],
                writes: zip(first, firstProperties).map { write($0, $1) },
                groups: [Self.group([mallory, gone], run: 1)]))

        var second = result(
            record(2, summary { $0.unchanged = 4; $0.markedForDeletion = 1 }), changes: [.markForDeletion(back)],
            writes: [])
        second.stateUpdates = [StateUpdate(key: ProfileKey(connection: "contoso", anchor: back.anchor), state: .markedForDeletion, reason: nil)]
        try store.commit(second)

        let zoeProperties = properties(
            zoe, run: 3,
            [
                ("PreferredName", ["Zoë Ångström"], "contoso.displayName"),
                ("WorkPhone", ["+1 425 555 0100"], "contoso.telephoneNumber"),
                ("Skills", ["Swift", "LDAP"], "hr.Skills"),
            ])
        let malloryProperties = properties(
            mallory, run: 1,
            [
                ("PreferredName", [hostileMarkup], "contoso.displayName"),
                ("Department", [hostileFormula], "hr.Department"),
                ("CostCenter", ["-5"], "hr.CostCenter"),
                ("Office", ["@SUM(A1)"], "contoso.physicalDeliveryOfficeName"),
            ]).map { property in
                var property = property
                if property.name != "AccountName" && property.name != "SPS-DistinguishedName" { property.run = 3 }
                return property
            }
        var third = result(
            record(
                3,
                summary {
                    $0.added = 1; $0.updated = 1; $0.markedForDeletion = 1; $0.excluded = 1; $0.moved = 1
                    $0.restored = 1; $0.groupsUpdated = 1; $0.membershipsAdded = 1; $0.membershipsRemoved = 1
                }, inputs: 2),
            changes: [
                added(zoe, zoeProperties),
                .update(
                    mallory,
                    properties: [
                        PropertyChange(name: "PreferredName", old: [], new: [hostileMarkup], source: "contoso.displayName"),
                        PropertyChange(name: "Department", old: ["Sales"], new: [hostileFormula], source: "hr.Department"),
                        PropertyChange(name: "CostCenter", old: [], new: ["-5"], source: "hr.CostCenter"),
                        PropertyChange(name: "Office", old: [], new: ["@SUM(A1)"], source: "contoso.physicalDeliveryOfficeName"),
                    ]),
                .markForDeletion(gone),
                .exclude(disabled, reason: .disabled),
                .move(moved, oldDn: mover.dn, newDn: moved.dn),
                .restore(back),
                .membership(group: group, added: [zoe.dn], removed: [gone.dn]),
            ],
            writes: [
                write(zoe, zoeProperties), write(mallory, malloryProperties),
                write(disabled, firstProperties[2], state: .excluded, reason: .disabled),
                write(moved, properties(moved, run: 3, [("Department", ["Sales"], "hr.Department")])),
                write(back, firstProperties[4]),
            ],
            groups: [Self.group([mallory, zoe], run: 3)])
        third.stateUpdates = [StateUpdate(key: ProfileKey(connection: "contoso", anchor: gone.anchor), state: .markedForDeletion, reason: nil)]
        try store.commit(third)
    }

    /// A fresh folder holding `profiles.db` with the three runs.
    static func make() throws -> (folder: TemporaryDirectory, store: String) {
        let folder = try TemporaryDirectory()
        let path = folder.url.appendingPathComponent("profiles.db").path
        try create(at: path)
        return (folder, path)
    }
}

/// `runs`, `missing`, `show` and `purge` run as the built binary against a
/// fixture store, comparing whole outputs.
@Suite struct MaintenanceCommandTests {
    static let missingTable = """
        ACCOUNT           STATE              REASON    SINCE                     RUN  DN                                      ANCHOR
        CONTOSO\\disabled  excluded           disabled  2026-01-07T01:00:02.500Z    3  CN=Disabled,OU=Staff,DC=contoso,DC=com  0b1c2d3e-0000-4000-8000-000000000004
        CONTOSO\\gone      markedForDeletion            2026-01-07T01:00:02.500Z    3  CN=Gone,OU=Staff,DC=contoso,DC=com      0b1c2d3e-0000-4000-8000-000000000003

        """

    static let mallory = """
        CONTOSO\\mallory
          anchor      0b1c2d3e-0000-4000-8000-000000000002
          connection  contoso
          dn          CN=Mallory,OU=Staff,DC=contoso,DC=com
          state       active since 2026-01-05T01:00:02.500Z (run 1)
          created     run 1
          updated     run 3

        Properties (6)
          NAME                   VALUE                                  SOURCE                              RUN
          AccountName            CONTOSO\\mallory                        contoso.sAMAccountName                1
          SPS-DistinguishedName  CN=Mallory,OU=Staff,DC=contoso,DC=com  contoso.dn                            1
          PreferredName          <img src=x onerror=alert(1)>           contoso.displayName                   3
          Department             =HYPERLINK("http://evil","x")          hr.Department                         3
          CostCenter             -5                                     hr.CostCenter                         3
          Office                 @SUM(A1)                               contoso.physicalDeliveryOfficeName    3

        Member of (1)
          CN=Staff,OU=Groups,DC=contoso,DC=com

        """

    @Test func runsListsEveryRun() throws {
        let (folder, store) = try FixtureStore.make()
        defer { folder.cleanup() }
        let result = try ProfileSyncTool.run(["runs", "--store", store])
        #expect(result.status == 0)
        #expect(result.stderrText.isEmpty)
        #expect(
            result.stdoutText == """
                ID  KIND  STATUS     STARTED                   DURATION  INPUTS  ADDED  UPDATED  UNCHANGED  MARKED  EXCLUDED  RESTORED  MOVED  GROUPS  ERRORS
                 1  full  completed  2026-01-05T01:00:00.000Z   2.500 s       2      5        0          0       0         0         0      0       1       0
                 2  full  completed  2026-01-06T01:00:00.000Z   2.500 s       1      0        0          4       1         0         0      0       0       0
                 3  full  completed  2026-01-07T01:00:00.000Z   2.500 s       2      1        1          0       1         1         1      1       1       0

                """)
    }

    @Test func missingListsMarkedAndExcludedWithReasonAndSince() throws {
        let (folder, store) = try FixtureStore.make()
        defer { folder.cleanup() }
        let result = try ProfileSyncTool.run(["missing", "--store", store])
        #expect(result.status == 0)
        #expect(result.stdoutText == Self.missingTable)
    }

    @Test func showFindsAProfileByAccountAnchorOrDN() throws {
        let (folder, store) = try FixtureStore.make()
        defer { folder.cleanup() }
        for query in [
            "contoso\\MALLORY", "0b1c2d3e-0000-4000-8000-000000000002", "cn=mallory,ou=staff,dc=contoso,dc=com",
        ] {
            let result = try ProfileSyncTool.run(["show", "--store", store, query])
            #expect(result.status == 0, "\(query)")
            #expect(result.stdoutText == Self.mallory, "\(query)")
        }
    }

    @Test func showHistoryListsChangesRunByRun() throws {
        let (folder, store) = try FixtureStore.make()
        defer { folder.cleanup() }
        let result = try ProfileSyncTool.run(["show", "--store", store, "CONTOSO\\back", "--history"])
        #expect(result.status == 0)
        #expect(
            result.stdoutText == """
                CONTOSO\\back
                  anchor      0b1c2d3e-0000-4000-8000-000000000006
                  connection  contoso
                  dn          CN=Back,OU=Staff,DC=contoso,DC=com
                  state       active since 2026-01-07T01:00:02.500Z (run 3)
                  created     run 1
                  updated     run 3

                Properties (3)
                  NAME                   VALUE                               SOURCE                  RUN
                  AccountName            CONTOSO\\back                        contoso.sAMAccountName    1
                  SPS-DistinguishedName  CN=Back,OU=Staff,DC=contoso,DC=com  contoso.dn                1
                  Department             Sales                               hr.Department             1

                History (3 changes)
                  RUN  KIND             DETAILS
                    1  add              AccountName = CONTOSO\\back  [contoso.sAMAccountName]
                                        SPS-DistinguishedName = CN=Back,OU=Staff,DC=contoso,DC=com  [contoso.dn]
                                        Department = Sales  [hr.Department]
                    2  markForDeletion  marked for deletion
                    3  restore          restored

                """)
        let zoe = try ProfileSyncTool.run(["show", "--store", store, "CONTOSO\\zoe", "--history"])
        #expect(zoe.stdoutText.contains("""
              Skills                 Swift                                       hr.Skills                  3
                                     LDAP
            """))
        #expect(zoe.stdoutText.contains("History (1 change)\n  RUN  KIND  DETAILS\n    3  add   AccountName = CONTOSO\\zoe"))
    }

    @Test func showOfAnUnknownProfileFails() throws {
        let (folder, store) = try FixtureStore.make()
        defer { folder.cleanup() }
        let result = try ProfileSyncTool.run(["show", "--store", store, "CONTOSO\\nobody"])
        #expect(result.status == 1)
        #expect(result.stdoutText.isEmpty)
        #expect(result.stderrText == "show: no profile matches 'CONTOSO\\nobody' (as AccountName, anchor or DN) in \(store)\n")
    }

    @Test func purgeWithoutYesOnlySaysWhatItWouldDelete() throws {
        let (folder, store) = try FixtureStore.make()
        defer { folder.cleanup() }
        let result = try ProfileSyncTool.run(["purge", "--store", store])
        #expect(result.status == 0)
        #expect(
            result.stdoutText == "Would purge 2 profiles (1 marked for deletion, 1 excluded):\n" + Self.missingTable
                + "Nothing was deleted. Run again with --yes to delete them; this cannot be undone.\n")
        #expect(try ProfileSyncTool.run(["missing", "--store", store]).stdoutText == Self.missingTable)
    }

    @Test func purgeWithYesDeletesThemAndOnlyThem() throws {
        let (folder, store) = try FixtureStore.make()
        defer { folder.cleanup() }
        let result = try ProfileSyncTool.run(["purge", "--store", store, "--yes"])
        #expect(result.status == 0)
        #expect(result.stdoutText == "Purged 2 profiles (1 marked for deletion, 1 excluded).\n")
        let missing = try ProfileSyncTool.run(["missing", "--store", store])
        #expect(missing.stdoutText == "No profiles are marked for deletion or excluded.\n")
        #expect(try ProfileSyncTool.run(["show", "--store", store, "CONTOSO\\gone"]).status == 1)
        #expect(try ProfileSyncTool.run(["show", "--store", store, "CONTOSO\\mallory"]).status == 0)
        let reader = try ProfileStore.openForReading(path: store)
        #expect(try reader.profiles().map(\.profile.account) == [
            "CONTOSO\\back", "CONTOSO\\mallory", "CONTOSO\\mover", "CONTOSO\\zoe",
        ])
        let again = try ProfileSyncTool.run(["purge", "--store", store, "--yes"])
        #expect(again.stdoutText == "Purged 0 profiles (0 marked for deletion, 0 excluded).\n")
        #expect(try ProfileSyncTool.run(["purge", "--store", store]).stdoutText
            == "Nothing to purge: no profile is marked for deletion or excluded.\n")
    }

    @Test func purgeWhileARunHoldsTheStoreExitsFour() throws {
        let (folder, store) = try FixtureStore.make()
        defer { folder.cleanup() }
        let holder = try ProfileStore.openForWriting(path: store, purpose: "profilesync sync")
        let result = try ProfileSyncTool.run(["purge", "--store", store, "--yes"])
        holder.close()
        #expect(result.status == 4)
        #expect(result.stderrText.hasPrefix("purge: the store is in use by another run (profilesync sync by pid \(getpid()) "))
        #expect(try ProfileSyncTool.run(["missing", "--store", store]).stdoutText == Self.missingTable)
        // Once the run is over, the purge goes through.
        #expect(try ProfileSyncTool.run(["purge", "--store", store, "--yes"]).status == 0)
    }

    @Test func aMissingStoreOrOptionIsReported() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = folder.url.appendingPathComponent("none.db").path
        for command in [["runs"], ["missing"], ["show", "x"], ["purge"], ["purge", "--yes"]] {
            let result = try ProfileSyncTool.run(command + ["--store", path])
            #expect(result.status == 1, "\(command)")
            #expect(result.stderrText == "\(command[0]): no profile store at \(path) (run 'profilesync sync' first)\n")
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        let usage = try ProfileSyncTool.run(["runs"])
        #expect(usage.status == 2)
        #expect(usage.stderrText.contains("--store"))
    }

    @Test func configNamesTheStoreWhenStoreIsNotGiven() throws {
        let (folder, store) = try FixtureStore.make()
        defer { folder.cleanup() }
        let config = folder.url.appendingPathComponent("profilesync.yaml")
        try Data(
            """
            store: profiles.db
            connections:
              - name: contoso
                type: ldif
                files: [contoso.ldif]

            """.utf8
        ).write(to: config)
        // Run from elsewhere: the store path resolves against the configuration's folder.
        let byConfig = try ProfileSyncTool.run(["missing", "--config", config.path], in: URL(fileURLWithPath: "/"))
        #expect(byConfig.status == 0)
        #expect(byConfig.stdoutText == Self.missingTable)
        let other = folder.url.appendingPathComponent("other.db").path
        let storeWins = try ProfileSyncTool.run(["runs", "--config", config.path, "--store", other])
        #expect(storeWins.status == 1)
        #expect(storeWins.stderrText == "runs: no profile store at \(other) (run 'profilesync sync' first)\n")
        _ = store

        try Data("store: profiles.db\nstroe: x\n".utf8).write(to: config)
        let broken = try ProfileSyncTool.run(["runs", "--config", config.path])
        #expect(broken.status == 1)
        #expect(broken.stderrText.contains("runs: \(config.path):2:"))
        #expect(broken.stdoutText.isEmpty)
    }

    @Test func anEmptyStoreHasNoRuns() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let path = folder.url.appendingPathComponent("profiles.db").path
        try ProfileStore.openForWriting(path: path, purpose: "test").close()
        #expect(try ProfileSyncTool.run(["runs", "--store", path]).stdoutText == "No runs yet.\n")
        #expect(try ProfileSyncTool.run(["missing", "--store", path]).stdoutText
            == "No profiles are marked for deletion or excluded.\n")
    }
}

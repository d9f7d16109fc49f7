import Foundation
import Testing
import TestSupport

/// DESIGN §4.1 run semantics, end to end through the built tool.
@Suite struct SyncScenarioTests {
    static func staff() -> [SyncScenario.User] {
        [
            .init(number: 1, sam: "boss", title: "Director"),
            .init(number: 2, sam: "ann", title: "Analyst", manager: 1),
            .init(number: 3, sam: "bob", title: "Engineer", manager: 1),
            .init(number: 4, sam: "off", title: "Clerk", disabled: true),
            .init(number: 5, sam: "out", title: "Guest", ou: "OU=Guests"),
        ]
    }

    @Test func firstRunAddsInScopeUsersAndExcludesDisabledOnes() throws {
        var scenario = try SyncScenario(users: Self.staff())
        defer { scenario.folder.cleanup() }
        scenario.groupMembers = [1, 2]
        try scenario.writeExport()
        try scenario.writeConfig()
        let (result, report) = try scenario.sync()
        #expect(result.status == 0, "\(result.stderrText)")
        let json = try #require(report)
        #expect(json.run["kind"] as? String == "full")
        #expect(json.summary["added"] == 3)
        #expect(json.summary["excluded"] == 1)
        #expect(json.summary["groupsAdded"] == 1)
        #expect(json.summary["membershipsAdded"] == 2)
        #expect(json.changeLines == [
            "add EXAMPLE\\boss", "add EXAMPLE\\ann", "add EXAMPLE\\bob", "exclude EXAMPLE\\off disabled",
            "membership CN=Team,OU=Staff,DC=example,DC=com",
        ])
        let ann = try #require(json.changes.first { $0["account"] as? String == "EXAMPLE\\ann" })
        let properties = try #require(ann["properties"] as? [[String: Any]])
        #expect(properties.map { $0["name"] as? String } == ["AccountName", "Title", "Manager"])
        #expect(properties.last?["new"] as? String == "EXAMPLE\\boss")
        #expect(ann["anchor"] as? String == scenario.users[1].anchor)
    }

    /// A changed profile is diffed against its stored properties while the
    /// profiles are built, on every core; a stored profile that cannot be
    /// read still stops the run, naming it, and nothing is written.
    @Test func aChangedProfileWhoseStoredPropertiesAreDamagedStopsTheRun() throws {
        var scenario = try SyncScenario(users: Self.staff())
        defer { scenario.folder.cleanup() }
        try scenario.writeExport()
        try scenario.writeConfig()
        #expect(try scenario.sync().0.status == 0)
        try SQLiteFixture.execute(
            scenario.storePath, sql: "UPDATE profiles SET properties = x'09' WHERE account = 'EXAMPLE\\ann'")
        scenario.users[1].title = "Senior Analyst"
        scenario.users[2].title = "Lead Engineer"
        try scenario.writeExport()
        let (result, _) = try scenario.sync()
        #expect(result.status != 0)
        #expect(result.stderrText.contains("cannot read profile EXAMPLE\\ann from the store"), "\(result.stderrText)")
        #expect(!result.stderrText.contains("EXAMPLE\\bob from the store"))
        let runs = try SQLiteFixture.rows(scenario.storePath, "SELECT count(*) FROM runs")
        #expect(runs == [["1"]])
    }

    @Test func rerunningTheSameExportChangesNothing() throws {
        var scenario = try SyncScenario(users: Self.staff())
        defer { scenario.folder.cleanup() }
        scenario.groupMembers = [1, 2]
        try scenario.writeExport()
        try scenario.writeConfig()
        _ = try scenario.sync()
        let (result, report) = try scenario.sync()
        #expect(result.status == 0)
        let json = try #require(report)
        #expect(json.changes.isEmpty)
        #expect(json.summary["unchanged"] == 3)
        #expect(json.run["id"] as? Int == 2)
    }

    /// A change no property reads (here the flags of an account that stays
    /// enabled) is still a change to the entry's stored snapshot, which an
    /// incremental run applies its records to: the row is rewritten, and
    /// nothing is reported. The profile's digest holds the snapshot's.
    @Test func aChangeOnlyTheSnapshotHoldsIsStoredWithoutAReport() throws {
        let scenario = try SyncScenario(users: [
            .init(number: 1, sam: "ann", title: "Lead"), .init(number: 2, sam: "bob", title: "Engineer"),
        ])
        defer { scenario.folder.cleanup() }
        try scenario.writeExport()
        try scenario.writeConfig()
        _ = try scenario.sync()
        let query = "SELECT account, hex(snapshot), updated_run FROM profiles ORDER BY account"
        let before = try SQLiteFixture.rows(scenario.storePath, query)

        let ann = scenario.userRecord(scenario.users[0], usn: 1000)
        let dontExpirePassword = ann.replacingOccurrences(of: "userAccountControl: 512", with: "userAccountControl: 66048")
        #expect(dontExpirePassword != ann)
        try scenario.write("version: 1\n\n" + dontExpirePassword + scenario.userRecord(scenario.users[1], usn: 1001), to: "export.ldif")
        let (result, report) = try scenario.sync()
        #expect(result.status == 0, "\(result.stderrText)")
        let json = try #require(report)
        #expect(json.changes.isEmpty)
        #expect(json.summary["unchanged"] == 2)
        let after = try SQLiteFixture.rows(scenario.storePath, query)
        #expect(after.count == 2 && before.count == 2)
        #expect(after[0][0] == "EXAMPLE\\ann" && after[0][1] != before[0][1] && after[0][2] == "2", "\(after)")
        #expect(after[1] == before[1])
    }

    @Test func changedExportReportsUpdatesMovesMarksAndRestores() throws {
        var scenario = try SyncScenario(users: Self.staff())
        defer { scenario.folder.cleanup() }
        try scenario.writeExport()
        try scenario.writeConfig()
        _ = try scenario.sync()

        scenario.users[1].title = "Senior Analyst"            // ann: update
        scenario.users[2].ou = "OU=Lab,OU=Staff"              // bob: move, still in scope
        let boss = scenario.users.remove(at: 0)               // boss: gone
        try scenario.writeExport()
        let (second, report) = try scenario.sync()
        #expect(second.status == 0, "\(second.stderrText)")
        let json = try #require(report)
        #expect(json.changeLines == [
            "update EXAMPLE\\ann Title:Senior Analyst,Manager:-", "move EXAMPLE\\bob", "update EXAMPLE\\bob Manager:-",
            "markForDeletion EXAMPLE\\boss",
        ])
        let move = try #require(json.changes.first { $0["kind"] as? String == "move" })
        #expect(move["newDn"] as? String == "CN=User 3,OU=Lab,OU=Staff,DC=example,DC=com")

        scenario.users.insert(boss, at: 0)                    // boss comes back
        try scenario.writeExport()
        let (_, third) = try scenario.sync()
        let restored = try #require(third)
        #expect(restored.changeLines.first == "restore EXAMPLE\\boss")
        #expect(restored.summary["restored"] == 1)
    }

    @Test func dryRunReportsButCommitsNothing() throws {
        let scenario = try SyncScenario(users: Self.staff())
        defer { scenario.folder.cleanup() }
        try scenario.writeExport()
        try scenario.writeConfig()
        let (dry, report) = try scenario.sync(["--dry-run"])
        #expect(dry.status == 0)
        #expect(report?.summary["added"] == 3)
        #expect(report?.run["dryRun"] as? Bool == true)
        let (_, real) = try scenario.sync()
        #expect(real?.summary["added"] == 3)  // nothing was there yet
        #expect(real?.run["id"] as? Int == 1)
    }

    @Test func deletionThresholdStopsTheRunAndWritesNothing() throws {
        var scenario = try SyncScenario(users: Self.staff())
        defer { scenario.folder.cleanup() }
        try scenario.writeExport()
        try scenario.writeConfig(threshold: "1")
        _ = try scenario.sync()
        scenario.users.removeFirst(3)  // boss, ann, bob gone: 3 marks > 1
        try scenario.writeExport()
        let (stopped, report) = try scenario.sync()
        #expect(stopped.status == 3)
        #expect(report?.run["status"] as? String == "stoppedByThreshold")
        #expect(report?.summary["markedForDeletion"] == 3)
        // Nothing was written: the store's last run is still the first.
        let runs = try ProfileSyncTool.run(["report", "--store", scenario.storePath, "--format", "json"])
        #expect(runs.status == 0, "\(runs.stderrText)")
        let last = try JSONSerialization.jsonObject(with: runs.stdout) as? [String: Any]
        #expect((last?["run"] as? [String: Any])?["id"] as? Int == 1)
        let (forced, forcedReport) = try scenario.sync(["--force-deletes"])
        #expect(forced.status == 0)
        #expect(forcedReport?.summary["markedForDeletion"] == 3)
        #expect(forcedReport?.run["id"] as? Int == 2)
    }

    @Test func percentThresholdCountsActiveProfiles() throws {
        var scenario = try SyncScenario(users: Self.staff())
        defer { scenario.folder.cleanup() }
        try scenario.writeExport()
        try scenario.writeConfig(threshold: "\"50%\"")
        _ = try scenario.sync()
        scenario.users.removeFirst(1)  // 1 of 3 active: 33% ≤ 50%
        try scenario.writeExport()
        #expect(try scenario.sync().0.status == 0)
        scenario.users.removeFirst(2)  // 2 of 2 remaining active: 100% > 50%
        try scenario.writeExport()
        #expect(try scenario.sync().0.status == 3)
    }

    @Test func incrementalDeltaAppliesChangeRecordsAndSkipsOldEntries() throws {
        let scenario = try SyncScenario(users: Self.staff())
        defer { scenario.folder.cleanup() }
        try scenario.writeExport(usnBase: 1000)
        try scenario.writeConfig(files: ["export.ldif"])
        _ = try scenario.sync()
        let ann = scenario.users[1]
        let bob = scenario.users[2]
        var old = scenario.users[0]
        old.title = "Changed but old"
        try scenario.write(
            """
            version: 1

            dn: \(ann.dn)
            changetype: modify
            replace: title
            title: Lead Analyst
            -

            dn: \(bob.dn)
            changetype: delete

            \(scenario.userRecord(old, usn: 999))
            """, to: "delta.ldif")
        try scenario.writeConfig(files: ["delta.ldif"])
        let (result, report) = try scenario.sync(["--incremental"])
        #expect(result.status == 0, "\(result.stderrText)")
        let json = try #require(report)
        #expect(json.run["kind"] as? String == "incremental")
        #expect(json.changeLines == ["update EXAMPLE\\ann Title:Lead Analyst", "markForDeletion EXAMPLE\\bob"])
        let notes = json.run["notes"] as? [String] ?? []
        #expect(notes.contains { $0.contains("watermark") })
    }

    /// In a delta, absence means nothing (DESIGN §4.1): a profile a full run
    /// marked for deletion stays marked through an incremental run that does
    /// not name it, and one whose entry the delta brings back is restored.
    /// The store keeps a marked profile's last snapshot; it is not part of the
    /// directory an incremental run starts from.
    @Test func aMarkedProfileStaysMarkedUntilADeltaBringsItBack() throws {
        var scenario = try SyncScenario(users: Self.staff())
        defer { scenario.folder.cleanup() }
        try scenario.writeExport(usnBase: 1000)
        try scenario.writeConfig(files: ["export.ldif"])
        _ = try scenario.sync()
        let boss = scenario.users.remove(at: 0)
        try scenario.writeExport(usnBase: 2000)
        let (_, marking) = try scenario.sync()
        #expect(try #require(marking).changeLines.contains("markForDeletion EXAMPLE\\boss"))

        try scenario.write("version: 1\n", to: "empty.ldif")
        try scenario.writeConfig(files: ["empty.ldif"])
        let (quiet, nothing) = try scenario.sync(["--incremental"])
        #expect(quiet.status == 0, "\(quiet.stderrText)")
        let empty = try #require(nothing)
        #expect(empty.changeLines == [])
        #expect(empty.summary["restored"] == 0)

        // A modify names an entry the directory no longer has: ignored, said so.
        try scenario.write(
            "version: 1\n\ndn: \(boss.dn)\nchangetype: modify\nreplace: title\ntitle: Back?\n-\n", to: "modify.ldif")
        try scenario.writeConfig(files: ["modify.ldif"])
        let (_, modified) = try scenario.sync(["--incremental"])
        let ignored = try #require(modified)
        #expect(ignored.changeLines == [])
        let diagnostics = ignored["diagnostics"] as? [[String: Any]] ?? []
        #expect(diagnostics.contains { ($0["message"] as? String) == "modify of an unknown entry '\(boss.dn)' is ignored" })

        try scenario.write("version: 1\n\n" + scenario.userRecord(boss, usn: 3000), to: "back.ldif")
        try scenario.writeConfig(files: ["back.ldif"])
        let (_, back) = try scenario.sync(["--incremental"])
        #expect(try #require(back).changeLines.first == "restore EXAMPLE\\boss")
    }

    /// An incremental run decodes the stored snapshots it starts from on
    /// every core, after the store has read them: one the store cannot
    /// read still stops the run, saying so, and nothing is written.
    @Test func anIncrementalRunFromADamagedSnapshotStopsAndWritesNothing() throws {
        let scenario = try SyncScenario(users: Self.staff())
        defer { scenario.folder.cleanup() }
        try scenario.writeExport(usnBase: 1000)
        try scenario.writeConfig(files: ["export.ldif"])
        #expect(try scenario.sync().0.status == 0)
        // Form 7: neither of the two the store writes.
        try SQLiteFixture.execute(
            scenario.storePath, sql: "UPDATE profiles SET snapshot = x'0701' WHERE account = 'EXAMPLE\\bob'")
        try scenario.write("version: 1\n", to: "empty.ldif")
        try scenario.writeConfig(files: ["empty.ldif"])
        let (result, _) = try scenario.sync(["--incremental"])
        #expect(result.status != 0)
        #expect(
            result.stderrText.contains("cannot read the store's snapshots: the profile store is damaged: stored snapshot: unknown form 7"),
            "\(result.stderrText)")
        #expect(try SQLiteFixture.rows(scenario.storePath, "SELECT count(*) FROM runs") == [["1"]])
    }

    @Test func incrementalOnAnEmptyStoreRunsFullAndSaysSo() throws {
        let scenario = try SyncScenario(users: Self.staff())
        defer { scenario.folder.cleanup() }
        try scenario.writeExport()
        try scenario.writeConfig()
        let (_, report) = try scenario.sync(["--incremental"])
        #expect(report?.run["kind"] as? String == "full")
        #expect((report?.run["notes"] as? [String])?.contains { $0.contains("first run") } == true)
    }

    @Test func changedMappingsForceAFullRun() throws {
        let scenario = try SyncScenario(users: Self.staff())
        defer { scenario.folder.cleanup() }
        try scenario.writeExport()
        try scenario.writeConfig()
        _ = try scenario.sync()
        try scenario.writeConfig(extra: "  Name: example.cn\n")
        let (_, report) = try scenario.sync(["--incremental"])
        let json = try #require(report)
        #expect(json.run["kind"] as? String == "full")
        #expect(json.summary["updated"] == 3)
        #expect((json.run["notes"] as? [String])?.contains { $0.contains("changed since the last run") } == true)
    }

    @Test func aSecondRunIsRefusedWhileTheStoreIsLocked() throws {
        let scenario = try SyncScenario(users: Self.staff())
        defer { scenario.folder.cleanup() }
        try scenario.writeExport()
        try scenario.writeConfig()
        _ = try scenario.sync()
        // Another process holds the run lock (flock(1) takes the same kind of lock).
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = [scenario.storePath + ".lock", "sleep", "10"]
        try holder.run()
        defer { holder.terminate() }
        Thread.sleep(forTimeInterval: 0.3)
        let (busy, _) = try scenario.sync()
        #expect(busy.status == 4)
        #expect(busy.stderrText.contains("in use"))
    }

    @Test func badConfigurationNamesFileLineAndKey() throws {
        let scenario = try SyncScenario(users: Self.staff())
        defer { scenario.folder.cleanup() }
        try scenario.writeExport()
        try scenario.write("store: profiles.db\nconnections: []\nproperty: {}\n", to: "profilesync.yaml")
        let (result, _) = try scenario.sync()
        #expect(result.status == 1)
        #expect(result.stderrText.contains("profilesync.yaml:3:1: error:"))
        #expect(result.stderrText.contains("property"))
    }
    /// Classification end to end: a filter with LDAP_MATCHING_RULE_IN_CHAIN
    /// follows nested groups built from the export's group entries, an entry
    /// without an anchor is reported at its line and skipped, and profiles,
    /// groups and managers are still named from the entries around it.
    @Test func inChainFilterFollowsNestedGroupsAndAnAnchorlessEntryIsSkipped() throws {
        let users: [SyncScenario.User] = [
            .init(number: 1, sam: "boss", title: "Director"),
            .init(number: 2, sam: "ann", title: "Analyst", manager: 1),
            .init(number: 3, sam: "bob", title: "Engineer", manager: 1),
        ]
        let scenario = try SyncScenario(users: users)
        defer { scenario.folder.cleanup() }
        // The anchor is cn (objectGUID would fall back to the DN): Nobody has none.
        let text =
            scenario.exportHeader(users) + """
                dn: CN=Nobody,OU=Staff,DC=example,DC=com
                changetype: add
                objectClass: user
                sAMAccountName: nobody


                """
            + SyncScenario.groupRecord(
                cn: "Team", guid: Array(repeating: 0xEE, count: 16),
                members: [users[0].dn, "CN=USER 2,ou=staff,dc=example,dc=com"])
            + SyncScenario.groupRecord(
                cn: "All", guid: Array(repeating: 0xEF, count: 16), members: ["CN=Team,OU=Staff,DC=example,DC=com"])
        try scenario.write(text, to: "export.ldif")
        try scenario.writeConfig()
        var config = try String(contentsOf: URL(fileURLWithPath: scenario.configPath), encoding: .utf8)
        config = config.replacingOccurrences(
            of: "    excludeDisabled: true\n",
            with: """
                    excludeDisabled: true
                    anchor: cn
                    filter: "(memberOf:1.2.840.113556.1.4.1941:=CN=All,OU=Staff,DC=example,DC=com)"
                    groups: true

                """)
        try scenario.write(config, to: "profilesync.yaml")
        let (result, report) = try scenario.sync()
        #expect(result.status == 0, "\(result.stderrText)")
        let json = try #require(report)
        let line = text.components(separatedBy: "\n").firstIndex(of: "dn: CN=Nobody,OU=Staff,DC=example,DC=com").map { $0 + 1 }
        let diagnostics = json["diagnostics"] as? [[String: Any]] ?? []
        #expect(diagnostics.contains {
            $0["message"] as? String == "entry 'CN=Nobody,OU=Staff,DC=example,DC=com' has no cn (the anchor); skipped"
                && $0["line"] as? Int == line
        }, "\(diagnostics)")
        // Boss and Ann are in All through Team; Bob is in no group, so out of scope.
        #expect(json.changeLines == [
            "add EXAMPLE\\boss", "add EXAMPLE\\ann", "exclude EXAMPLE\\bob scope",
            "membership CN=All,OU=Staff,DC=example,DC=com", "membership CN=Team,OU=Staff,DC=example,DC=com",
        ])
        let ann = try #require(json.changes.first { $0["account"] as? String == "EXAMPLE\\ann" })
        let manager = (ann["properties"] as? [[String: Any]])?.first { $0["name"] as? String == "Manager" }
        #expect(manager?["new"] as? String == "EXAMPLE\\boss")
        let team = try #require(json.changes.first { $0["group"] as? String == "CN=Team,OU=Staff,DC=example,DC=com" })
        // A member named in another spelling of its DN is reported by its entry's DN.
        #expect(team["added"] as? [String] == ["CN=User 1,OU=Staff,DC=example,DC=com", "CN=User 2,OU=Staff,DC=example,DC=com"])
    }

    /// Members are named by what the run knows of them and listed once each:
    /// an entry of the run by its own DN (whatever spelling the group uses),
    /// a DN no entry has as written, an entry the run leaves out (outside
    /// the containers, never stored) by its key; a member lost since the
    /// last run by the DN the store had.
    @Test func groupMembersAreNamedByWhatTheRunKnowsAndListedOnce() throws {
        // Off is disabled (excluded, but a profile); Out is outside the containers.
        var users = Self.staff()
        let scenario = try SyncScenario(users: users)
        defer { scenario.folder.cleanup() }
        let ghost = "CN=Ghost,OU=Staff,DC=example,DC=com"
        func export(team members: [String]) -> String {
            var text =
                scenario.exportHeader(users)
                + SyncScenario.groupRecord(cn: "Sub", guid: Array(repeating: 0xED, count: 16), members: [])
                + SyncScenario.groupRecord(cn: "Team", guid: Array(repeating: 0xEE, count: 16), members: members)
            // More groups than chunks of work, so that groups which share a
            // member are resolved one after the other in the same chunk.
            for club in 1...20 {
                text += SyncScenario.groupRecord(
                    cn: "Club \(club)", guid: [UInt8(club)] + Array(repeating: 0xEC, count: 15), members: [users[1].dn])
            }
            return text
        }
        try scenario.write(
            export(team: [
                users[0].dn, "cn=user 1,ou=staff,dc=example,dc=com", ghost, "cn=ghost,ou=staff,dc=example,dc=com", ghost,
                users[4].dn, users[3].dn, "CN=Sub,OU=Staff,DC=example,DC=com",
            ]), to: "export.ldif")
        try scenario.writeConfig()
        var config = try String(contentsOf: URL(fileURLWithPath: scenario.configPath), encoding: .utf8)
        config = config.replacingOccurrences(of: "    excludeDisabled: true\n", with: "    excludeDisabled: true\n    groups: true\n")
        try scenario.write(config, to: "profilesync.yaml")

        let (first, report) = try scenario.sync()
        #expect(first.status == 0, "\(first.stderrText)")
        let json = try #require(report)
        let team = try #require(json.changes.first { $0["group"] as? String == "CN=Team,OU=Staff,DC=example,DC=com" })
        // A DN no entry has is a member per spelling (its key is the DN as
        // written); an entry is one member whichever way it is spelled.
        #expect(
            team["added"] as? [String] == [
                users[0].dn, ghost, "cn=ghost,ou=staff,dc=example,dc=com", "example/\(users[4].anchor)", users[3].dn,
                "CN=Sub,OU=Staff,DC=example,DC=com",
            ])
        #expect(json.summary["membershipsAdded"] == 26)
        let clubs = json.changes.filter { ($0["group"] as? String)?.hasPrefix("CN=Club ") == true }
        #expect(clubs.count == 20)
        #expect(clubs.allSatisfy { $0["added"] as? [String] == [users[1].dn] }, "\(clubs)")

        // Boss and the ghost leave, Ann joins; Boss's entry is gone from the export too.
        users.remove(at: 0)
        try scenario.write(
            export(team: [
                users[0].dn, "cn=ghost,ou=staff,dc=example,dc=com", users[3].dn, users[2].dn,
                "CN=Sub,OU=Staff,DC=example,DC=com",
            ]),
            to: "export.ldif")
        let (second, next) = try scenario.sync()
        #expect(second.status == 0, "\(second.stderrText)")
        let nextJSON = try #require(next)
        let changed = try #require(nextJSON.changes.first { $0["group"] as? String == "CN=Team,OU=Staff,DC=example,DC=com" })
        #expect(changed["added"] as? [String] == [users[0].dn])
        #expect(changed["removed"] as? [String] == [Self.staff()[0].dn, ghost])
    }
}

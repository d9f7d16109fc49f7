import Foundation
import Testing
import TestSupport

/// A stored profile whose inputs match its recorded input digest is not
/// built again. What a build reads besides its own entry must still reach
/// it, and skipping must change nothing a full build would not.
@Suite struct UnchangedInputsTests {
    static func inputs(_ scenario: SyncScenario) throws -> [[String?]] {
        try SQLiteFixture.rows(scenario.storePath, "SELECT account, inputs, updated_run FROM profiles ORDER BY account")
    }

    /// Bob's entry names Ann as his manager and does not change: her new
    /// account, then her absence, must still reach his profile.
    @Test func aRenamedOrVanishedManagerReachesTheProfilesThatNameHer() throws {
        var scenario = try SyncScenario(users: [
            .init(number: 1, sam: "ann", title: "Lead"), .init(number: 2, sam: "bob", title: "Engineer", manager: 1),
        ])
        defer { scenario.folder.cleanup() }
        try scenario.writeExport()
        try scenario.writeConfig(threshold: "100%")
        _ = try scenario.sync()

        scenario.users[0].sam = "anna"
        try scenario.writeExport()
        let (renamed, renamedReport) = try scenario.sync()
        #expect(renamed.status == 0, "\(renamed.stderrText)")
        let managers = BusinessJoinTests.newValues(try #require(renamedReport), ["Manager"])
        #expect(managers["EXAMPLE\\bob"] == ["Manager": ["EXAMPLE\\anna"]])

        // Ann leaves; Bob's entry still names her DN.
        try scenario.write(scenario.exportHeader([scenario.users[1]]), to: "export.ldif")
        let (gone, goneReport) = try scenario.sync()
        #expect(gone.status == 0, "\(gone.stderrText)")
        let report = try #require(goneReport)
        #expect(report.changeLines.contains("update EXAMPLE\\bob Manager:-"), "\(report.changeLines)")
        #expect(report.summary["markedForDeletion"] == 1)
    }

    /// A rerun of the same export rewrites no profile and records no new
    /// input digest: every profile is skipped.
    @Test func aRerunRewritesNothing() throws {
        let scenario = try SyncScenario(users: [
            .init(number: 1, sam: "ann", title: "Lead"), .init(number: 2, sam: "bob", title: "Engineer", manager: 1),
            .init(number: 3, sam: "cy", title: "Clerk", disabled: true),
        ])
        defer { scenario.folder.cleanup() }
        try scenario.writeExport()
        try scenario.writeConfig()
        _ = try scenario.sync()
        let first = try Self.inputs(scenario)
        #expect(first.count == 3)
        #expect(first.allSatisfy { $0[1] != nil && $0[2] == "1" })
        let (result, report) = try scenario.sync()
        #expect(result.status == 0)
        #expect(try #require(report).changes.isEmpty)
        #expect(try Self.inputs(scenario) == first)
    }

    /// A build that reports problems records no input digest: the next run
    /// builds it again and reports the same problems, without a change.
    @Test func problemsAreReportedOnEveryRun() throws {
        let scenario = try SyncScenario(users: BusinessJoinTests.staff())
        defer { scenario.folder.cleanup() }
        try scenario.writeExport()
        try BusinessJoinTests.writeHR(scenario, rows: [
            "E1,,Clerk,12,2020-01-01,,,Redmond,false", "E2,Sales,Clerk,CC-2,2020-01-01,,,Redmond,false",
        ])
        try scenario.writeConfig(extra: """
              EmployeeId: example.employeeID
              Level: { from: [hr.CostCenter, example.employeeID], type: integer }

            """)
        try BusinessJoinTests.addHRConnection(to: scenario)
        var runs: [[String]] = []
        for _ in 0..<2 {
            let (result, report) = try scenario.sync()
            #expect(result.status == 0, "\(result.stderrText)")
            let json = try #require(report)
            runs.append((json["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String })
            if runs.count == 2 { #expect(json.changes.isEmpty) }
        }
        #expect(runs[0] == ["EXAMPLE\\bob: Level: hr.CostCenter: 'CC-2' is not an integer",
                            "EXAMPLE\\bob: Level: example.employeeID: 'E2' is not an integer"])
        #expect(runs[1] == runs[0])
        #expect(try Self.inputs(scenario).map { $0[1] == nil } == [false, true])
    }

    /// HR fields no property reads are not inputs; a field that is read but
    /// converts to the same value is, and changes only the recorded digest,
    /// not the run the profile was last updated in.
    @Test func fieldsNoPropertyShowsRewriteNoProfile() throws {
        let scenario = try SyncScenario(users: BusinessJoinTests.staff())
        defer { scenario.folder.cleanup() }
        try scenario.writeExport()
        try BusinessJoinTests.writeHR(scenario, rows: [
            "E1,Sales,Clerk,12,2020-01-01,,,Redmond,false", "E2,Sales,Clerk,7,2020-01-01,,,Redmond,false",
        ])
        try scenario.writeConfig(extra: """
              EmployeeId: example.employeeID
              Department: hr.Department
              Level: { from: hr.CostCenter, type: integer }

            """)
        try BusinessJoinTests.addHRConnection(to: scenario)
        _ = try scenario.sync()
        let first = try Self.inputs(scenario)

        // Another office and title for both: no property reads them.
        try BusinessJoinTests.writeHRRows(scenario, rows: [
            "E1,Sales,Manager,12,2020-01-01,,,Oslo,false", "E2,Sales,Manager,7,2020-01-01,,,Oslo,false",
        ])
        let (unread, unreadReport) = try scenario.sync()
        #expect(unread.status == 0, "\(unread.stderrText)")
        #expect(try #require(unreadReport).changes.isEmpty)
        #expect(try Self.inputs(scenario) == first)

        // Bob's level read as "07": the same integer.
        try BusinessJoinTests.writeHRRows(scenario, rows: [
            "E1,Sales,Manager,12,2020-01-01,,,Oslo,false", "E2,Sales,Manager,07,2020-01-01,,,Oslo,false",
        ])
        let (same, sameReport) = try scenario.sync()
        #expect(same.status == 0, "\(same.stderrText)")
        #expect(try #require(sameReport).changes.isEmpty)
        let after = try Self.inputs(scenario)
        #expect(after[0] == first[0])
        #expect(after[1][0] == "EXAMPLE\\bob" && after[1][1] != first[1][1] && after[1][2] == "1")
    }

    /// A store whose profiles have no input digest (written before they were
    /// recorded), or digests made another way (an earlier
    /// `ProfileBuilder.inputRevision`: none of them can match), is built
    /// once, reports nothing and rewrites no profile: only the digests are
    /// recorded, and the run after it skips every profile.
    @Test(arguments: ["UPDATE profiles SET inputs = NULL", "UPDATE profiles SET inputs = inputs + 1"])
    func digestsNotRecordedOrOfAnotherRevisionAreBuiltOnceAndOnlyRecorded(tampering: String) throws {
        let scenario = try SyncScenario(users: [
            .init(number: 1, sam: "ann", title: "Lead"), .init(number: 2, sam: "bob", title: "Engineer", manager: 1),
        ])
        defer { scenario.folder.cleanup() }
        try scenario.writeExport()
        try scenario.writeConfig()
        _ = try scenario.sync()
        let first = try Self.inputs(scenario)
        try SQLiteFixture.execute(scenario.storePath, sql: tampering)
        #expect(try Self.inputs(scenario) != first)
        let (result, report) = try scenario.sync()
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(try #require(report).changes.isEmpty)
        #expect(try Self.inputs(scenario) == first)
        let (rerun, rerunReport) = try scenario.sync()
        #expect(rerun.status == 0)
        #expect(try #require(rerunReport).changes.isEmpty)
        #expect(try Self.inputs(scenario) == first)
    }
}

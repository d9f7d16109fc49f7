import Foundation
import Testing
import TestSupport

/// Issue #7 item 3 (DESIGN §4.1): a run that would mark more profiles for
/// deletion than `deletion.threshold` stops with exit 3 and writes nothing to
/// the store, yet its report (every format) shows what it would have marked;
/// `--force-deletes` applies it. SyncScenarioTests covers the basic stop and
/// ContosoSyncTests the Contoso day two; these pin the boundaries and the
/// "store unchanged" promise byte for byte.
@Suite struct ReliabilityThresholdTests {
    /// Ten active users in scope (plus one disabled), numbered 1…11.
    static func staff() -> [SyncScenario.User] {
        (1...10).map { SyncScenario.User(number: $0, sam: "u\($0)", title: "Title \($0)") }
            + [SyncScenario.User(number: 11, sam: "off", title: "Off", disabled: true)]
    }

    /// A committed first run, then an export without the users numbered `removed`.
    static func scenario(threshold: String, removing removed: ClosedRange<Int>) throws -> SyncScenario {
        var scenario = try SyncScenario(users: staff())
        try scenario.writeExport()
        try scenario.writeConfig(threshold: threshold)
        let (first, _) = try scenario.sync()
        #expect(first.status == 0, "\(first.stderrText)")
        scenario.users.removeAll { removed.contains($0.number) }
        try scenario.writeExport()
        return scenario
    }

    static func reading(_ scenario: SyncScenario) throws -> StoreReading { try StoreReading.of(scenario.storePath) }

    @Test(arguments: [
        // (threshold, users removed, stops?) — count: at most N; percent of the 10 active, rounded down.
        ("3", 1...3, false), ("3", 1...4, true), ("0", 1...1, true),
        ("\"30%\"", 1...3, false), ("\"30%\"", 1...4, true), ("\"25%\"", 1...3, true), ("\"100%\"", 1...10, false),
    ])
    func thresholdBoundary(threshold: String, removed: ClosedRange<Int>, stops: Bool) throws {
        let scenario = try Self.scenario(threshold: threshold, removing: removed)
        defer { scenario.folder.cleanup() }
        let before = try Self.reading(scenario)
        let (result, report) = try scenario.sync()
        let json = try #require(report, "no report: \(result.stderrText)")
        #expect(json.summary["markedForDeletion"] == removed.count)
        if stops {
            #expect(result.status == 3, "\(result.stderrText)")
            #expect(json.run["status"] as? String == "stoppedByThreshold")
            #expect(try Self.reading(scenario) == before, "a stopped run changed the store")
        } else {
            #expect(result.status == 0, "\(result.stderrText)")
            #expect(json.run["status"] as? String == "completed")
            #expect(try Self.reading(scenario) != before)
        }
    }

    @Test func aStoppedRunWritesNothingButReportsWhatItWouldMarkInEveryFormat() throws {
        var scenario = try Self.scenario(threshold: "2", removing: 1...3)
        defer { scenario.folder.cleanup() }
        scenario.users[0].title = "Promoted"  // u4: an update the stopped run must not apply either
        try scenario.writeExport()
        let before = try Self.reading(scenario)
        let storeBytes = try Data(contentsOf: URL(fileURLWithPath: scenario.storePath))

        let formats = ["txt", "json", "csv", "html", "ldif"]
        let reports = formats.map { scenario.root.appendingPathComponent("stopped.\($0)") }
        let stopped = try Reliability.run(
            ["sync", "--config", scenario.configPath] + reports.flatMap { ["--report", $0.path] })
        #expect(stopped.status == 3, "\(stopped)")
        #expect(stopped.exitedNormally)
        #expect(stopped.stdoutText.contains("stopped") || stopped.stderrText.contains("stopped"))

        // The store is exactly as it was: same readings, same bytes, no new run.
        #expect(try Self.reading(scenario) == before)
        #expect(try Data(contentsOf: URL(fileURLWithPath: scenario.storePath)) == storeBytes)

        // Every report names the run as stopped and lists the three would-be marks.
        let gone = ["EXAMPLE\\u1", "EXAMPLE\\u2", "EXAMPLE\\u3"]
        for (format, url) in zip(formats, reports) {
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(try Reliability.mode(url.path) == 0o600, "\(format) report is not private")
            switch format {
            case "json":
                let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
                #expect(json.run["status"] as? String == "stoppedByThreshold")
                let marks = json.changes.filter { $0["kind"] as? String == "markForDeletion" }.compactMap { $0["account"] as? String }
                #expect(marks.sorted() == gone)
                #expect(json.changeLines.contains("update EXAMPLE\\u4 Title:Promoted"))
            case "ldif":
                // Change records that would bring a directory in line: the marked profiles' DNs.
                for number in 1...3 { #expect(text.contains("CN=User \(number),OU=Staff"), "ldif misses u\(number)") }
            case "csv":
                // One row per change (csexportanalyzer style): the marks are rows; the status is in the other formats.
                for account in gone { #expect(text.contains("2,markForDeletion,") && text.contains(account), "csv misses \(account)") }
            default:
                #expect(text.localizedCaseInsensitiveContains("stopped"), "\(format) report does not say it stopped")
                for account in gone { #expect(text.contains(account), "\(format) report misses \(account)") }
            }
        }

        // --force-deletes applies exactly that run.
        let (forced, forcedReport) = try scenario.sync(["--force-deletes"])
        #expect(forced.status == 0, "\(forced.stderrText)")
        let json = try #require(forcedReport)
        #expect(json.run["id"] as? Int == 2)
        #expect(json.run["status"] as? String == "completed")
        #expect(json.summary["markedForDeletion"] == 3)
        let missing = try Reliability.run(["missing", "--store", scenario.storePath])
        for account in gone { #expect(missing.stdoutText.contains(account)) }
        let show = try Reliability.run(["show", "--store", scenario.storePath, "EXAMPLE\\u4"])
        #expect(show.stdoutText.contains("Promoted"))
    }

    @Test func aStoppedDryRunAlsoExitsThreeAndAnIncrementalDeltaCountsDeletes() throws {
        let scenario = try Self.scenario(threshold: "1", removing: 1...2)
        defer { scenario.folder.cleanup() }
        let (dry, dryReport) = try scenario.sync(["--dry-run"])
        #expect(dry.status == 3)
        #expect(dryReport?.run["status"] as? String == "stoppedByThreshold")

        // Deletes in a delta count against the threshold too.
        try scenario.writeExport()  // restore nothing: write a delta deleting two users
        let before = try Self.reading(scenario)
        try scenario.write(
            """
            version: 1

            dn: \(scenario.users[0].dn)
            changetype: delete

            dn: \(scenario.users[1].dn)
            changetype: delete

            """, to: "delta.ldif")
        try scenario.writeConfig(files: ["delta.ldif"], threshold: "1")
        let (delta, deltaReport) = try scenario.sync(["--incremental"])
        #expect(delta.status == 3, "\(delta.stderrText)")
        #expect(deltaReport?.run["kind"] as? String == "incremental")
        #expect(deltaReport?.summary["markedForDeletion"] == 2)
        #expect(try Self.reading(scenario) == before)
    }
}

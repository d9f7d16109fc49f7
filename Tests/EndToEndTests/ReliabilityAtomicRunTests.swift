import Foundation
import Testing
import TestSupport

/// Issue #7 item 1 (DESIGN §4.1, §6): a run commits whole or not at all.
///
/// A real `sync` on a large generated export is killed with SIGKILL while it is
/// inside its commit stage (known from `--timings`: the line of the stage before
/// `commit` has been printed, the `commit` line not yet). Afterwards the store must
/// read exactly as the last committed run left it, no report or report temporary
/// may exist, and the next run must succeed.
@Suite(.serialized) struct ReliabilityAtomicRunTests {
    /// A private folder with its own configuration over the shared large export.
    struct Workspace {
        let folder: TemporaryDirectory
        let large: LargeExport
        var root: URL { folder.url }
        var config: String { root.appendingPathComponent("profilesync.yaml").path }
        var store: String { root.appendingPathComponent("profiles.db").path }

        init(snapshot: String, withBaseRun: Bool) throws {
            large = try LargeExport.shared.get()
            folder = try TemporaryDirectory(prefix: "profilesync-atomic")
            try LargeExport.writeConfig(in: folder.url, snapshot: snapshot, root: large.root, newProperty: withBaseRun)
            if withBaseRun { try large.copyBaseStore(to: folder.url) }
        }

        /// Starts `sync --timings` with a JSON report and kills it once it is inside the commit stage.
        /// Returns the killed run's outcome.
        func killDuringCommit() throws -> BoundedOutcome {
            let stages = large.stages
            let commit = try #require(stages.firstIndex(of: "commit"), "sync --timings names no commit stage: \(stages)")
            try #require(commit > 0)
            let beforeCommit = stages[commit - 1]
            let child = try ChildRun([
                "sync", "--config", config, "--quiet", "--timings",
                "--report", root.appendingPathComponent("killed.json").path,
            ])
            // The stage before `commit` is printed when `commit` begins.
            let reached = Reliability.poll(timeout: 240) {
                !child.isRunning || LargeExport.stageLines(child.stderrSoFar).contains(beforeCommit)
            }
            // A short pause puts the kill well inside the transaction (a commit
            // that writes every profile lasts 0.2-0.5 s in a debug build since
            // the store's binary forms) rather than at its door.
            usleep(50_000)
            let outcome = child.kill9()
            #expect(reached, "the run never reached its commit stage: \(outcome)")
            #expect(outcome.signalled && outcome.status == SIGKILL, "the run was not killed mid-run: \(outcome)")
            let finishedStages = LargeExport.stageLines(outcome.stderrText)
            #expect(finishedStages.contains(beforeCommit))
            #expect(!finishedStages.contains("commit"), "the commit finished before the kill; the test proved nothing")
            return outcome
        }

        /// No report and no report temporary (`.killed.json.<pid>.tmp`) was left behind.
        func expectNoReportLeftovers() {
            #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("killed.json").path))
            #expect(Reliability.files(in: root, containing: ".tmp") == [])
        }
    }

    @Test func aKilledFirstRunLeavesAStoreWithNoRunsThatTheNextRunFills() throws {
        let workspace = try Workspace(snapshot: "", withBaseRun: false)
        defer { workspace.folder.cleanup() }

        _ = try workspace.killDuringCommit()
        workspace.expectNoReportLeftovers()

        // Nothing was committed: the store opens, has no runs and no profiles.
        let runs = try Reliability.run(["runs", "--store", workspace.store])
        #expect(runs.status == 0, "\(runs)")
        #expect(!runs.stdoutText.contains("full"), "a run was recorded: \(runs.stdoutText)")
        let report = try Reliability.run(["report", "--store", workspace.store])
        #expect(report.status == 1 && report.stderrText.contains("has no runs yet"), "\(report)")
        let export = try Reliability.run(["export", "--store", workspace.store, "--format", "jsonl", "--include-marked"])
        #expect(export.status == 0, "\(export)")
        #expect(export.stdout.isEmpty, "profiles were stored by a killed run")

        // The next run succeeds as a first run.
        let next = try Reliability.run(["sync", "--config", workspace.config, "--quiet"], timeout: 240)
        #expect(next.status == 0, "\(next)")
        let after = try Reliability.run(["report", "--store", workspace.store, "--format", "json"])
        let json = try JSONSerialization.jsonObject(with: after.stdout) as? [String: Any]
        #expect(json?.run["id"] as? Int == 1)
        #expect(json?.run["kind"] as? String == "full")
        #expect((json?.summary["added"] ?? 0) > LargeExport.users / 2)
    }

    @Test func aKilledSecondRunLeavesTheFirstRunExactlyAndTheNextRunDoesWhatItWould() throws {
        let workspace = try Workspace(snapshot: "next/", withBaseRun: true)
        defer { workspace.folder.cleanup() }
        let before = try StoreReading.of(workspace.store)
        #expect(before.runs.hasPrefix("exit 0") && before.report.hasPrefix("exit 0") && before.export.hasPrefix("exit 0"))
        #expect(before.export.count > 1_000_000)

        // What run 2 would do, computed without committing.
        let dry = workspace.root.appendingPathComponent("dry.json")
        let dryRun = try Reliability.run(
            ["sync", "--config", workspace.config, "--quiet", "--dry-run", "--report", dry.path], timeout: 240)
        #expect(dryRun.status == 0, "\(dryRun)")
        #expect(try StoreReading.of(workspace.store) == before, "a dry run changed the store")

        _ = try workspace.killDuringCommit()
        workspace.expectNoReportLeftovers()

        // The store reads exactly as run 1 left it.
        let after = try StoreReading.of(workspace.store)
        #expect(after.runs == before.runs)
        #expect(after.report == before.report)
        #expect(after.export == before.export)
        #expect(after.missing == before.missing)

        // The next run succeeds and does exactly what the killed one would have done.
        let real = workspace.root.appendingPathComponent("real.json")
        let next = try Reliability.run(
            ["sync", "--config", workspace.config, "--quiet", "--report", real.path], timeout: 240)
        #expect(next.status == 0, "\(next)")
        let expected = try Self.comparable(Data(contentsOf: dry), dryRun: true)
        let actual = try Self.comparable(Data(contentsOf: real), dryRun: false)
        #expect(actual == expected)
        #expect(actual.contains("\"id\":2"))
        #expect(actual.contains("\"kind\":\"update\""))
    }

    /// A report with times removed and the dry-run flags normalised, key-sorted.
    static func comparable(_ data: Data, dryRun: Bool) throws -> String {
        var json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var run = json.run
        run["started"] = nil
        run["finished"] = nil
        run["dryRun"] = nil
        if dryRun { run["status"] = "completed" }
        json["run"] = run
        return String(decoding: try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]), as: UTF8.self)
    }
}

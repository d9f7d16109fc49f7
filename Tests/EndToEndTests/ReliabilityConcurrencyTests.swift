import Foundation
import Testing
import TestSupport

/// Issue #7 item 2 (DESIGN §4.1, §5): one run at a time, readers never wait.
///
/// While a real `sync` runs on a large store, a second `sync` and `purge --yes`
/// are refused at once (exit 4) naming the holder (the running sync's pid), and
/// the read-only commands (`runs`, `report`, `show`, `export`, `missing`) keep
/// answering with the last committed run, also while the run is inside its
/// commit transaction (WAL).
@Suite(.serialized) struct ReliabilityConcurrencyTests {
    @Test func aRunningSyncRefusesOtherWritersAtOnceAndReadersKeepWorking() throws {
        let large = try LargeExport.shared.get()
        let folder = try TemporaryDirectory(prefix: "profilesync-concurrency")
        defer { folder.cleanup() }
        try LargeExport.writeConfig(in: folder.url, snapshot: "next/", root: large.root, newProperty: true)
        try large.copyBaseStore(to: folder.url)
        let config = folder.url.appendingPathComponent("profilesync.yaml").path
        let store = folder.url.appendingPathComponent("profiles.db").path
        let before = try StoreReading.of(store)
        let account = try #require(Self.firstAccount(in: before.export))

        let child = try ChildRun(["sync", "--config", config, "--quiet", "--timings"])
        // The run holds the store once its lock file names it.
        let lockPath = store + ".lock"
        let holding = Reliability.poll(timeout: 60) {
            ((try? String(contentsOfFile: lockPath, encoding: .utf8)) ?? "").contains("pid \(child.pid)")
        }
        try #require(holding, "the sync never took the lock: \(child.wait(timeout: 1))")
        #expect(try Reliability.mode(lockPath) == 0o600)

        // A second writer is refused at once, and told who holds the store.
        for arguments in [["sync", "--config", config, "--quiet"], ["purge", "--store", store, "--yes"]] {
            let refused = try Reliability.run(arguments, timeout: 30)
            #expect(refused.status == 4, "\(arguments[0]): \(refused)")
            #expect(refused.elapsed < 3, "\(arguments[0]) waited \(refused.elapsed) s")
            #expect(refused.stderrText.contains("in use by another run"), "\(refused)")
            #expect(refused.stderrText.contains("profilesync sync by pid \(child.pid)"), "\(refused)")
        }

        // Readers answer with run 1 while the run computes…
        let during = try StoreReading.of(store)
        #expect(during == before)
        let show = try Reliability.run(["show", "--store", store, account])
        #expect(show.status == 0, "\(show)")
        #expect(show.stdoutText.contains(account))
        #expect(child.isRunning, "the sync ended before the readers finished; nothing was proved")

        // …and while it is inside its commit transaction.
        let stages = large.stages
        let commit = try #require(stages.firstIndex(of: "commit"))
        let inCommit = Reliability.poll(timeout: 240) {
            !child.isRunning || LargeExport.stageLines(child.stderrSoFar).contains(stages[commit - 1])
        }
        #expect(inCommit)
        let runs = try Reliability.run(["runs", "--store", store], timeout: 10)
        let report = try Reliability.run(["report", "--store", store, "--format", "json"], timeout: 10)
        let stillCommitting = !LargeExport.stageLines(child.stderrSoFar).contains("commit")
        #expect(runs.status == 0 && report.status == 0, "\(runs) \(report)")
        if stillCommitting {
            #expect("exit 0\n" + runs.stdoutText == before.runs)
            #expect("exit 0\n" + report.stdoutText == before.report)
        }

        // The run itself completes normally, and only then do writers get the store.
        let finished = child.wait(timeout: 240)
        #expect(finished.status == 0 && finished.exitedNormally, "\(finished)")
        #expect(((try? String(contentsOfFile: lockPath, encoding: .utf8)) ?? "").isEmpty, "lock file not cleared")
        let purge = try Reliability.run(["purge", "--store", store, "--yes"], timeout: 60)
        #expect(purge.status == 0, "\(purge)")
        let after = try Reliability.run(["report", "--store", store, "--format", "json"])
        let json = try JSONSerialization.jsonObject(with: after.stdout) as? [String: Any]
        #expect(json?.run["id"] as? Int == 2)
    }

    @Test func aLockHeldByAnotherProcessRefusesSyncAndPurgeButNotReaders() throws {
        let scenario = try SyncScenario(users: SyncScenarioTests.staff())
        defer { scenario.folder.cleanup() }
        try scenario.writeExport()
        try scenario.writeConfig()
        #expect(try scenario.sync().0.status == 0)

        // Someone else holds the lock and says who it is, as a run does.
        let lockPath = scenario.storePath + ".lock"
        try "profilesync sync by pid 4242 on elsewhere since 2026-01-01T00:00:00Z\n"
            .write(toFile: lockPath, atomically: false, encoding: .utf8)
        // This test process takes the lock: flock(2) locks conflict between open files, even in one process.
        let holder = open(lockPath, O_RDWR)
        try #require(holder >= 0)
        defer { close(holder) }
        try #require(flock(holder, LOCK_EX | LOCK_NB) == 0)

        for arguments in [
            ["sync", "--config", scenario.configPath, "--quiet"],
            ["purge", "--store", scenario.storePath, "--yes"],
        ] {
            let refused = try Reliability.run(arguments, timeout: 30)
            #expect(refused.status == 4, "\(arguments): \(refused)")
            #expect(refused.elapsed < 3)
            #expect(refused.stderrText.contains("pid 4242 on elsewhere"), "\(refused)")
        }
        for arguments in [
            ["runs"], ["report", "--format", "json"], ["export", "--format", "csv"], ["missing"], ["show", "EXAMPLE\\ann"],
            ["purge"],  // without --yes only lists, and needs no lock
        ] {
            let reader = try Reliability.run(arguments + ["--store", scenario.storePath], timeout: 30)
            #expect(reader.status == 0, "\(arguments): \(reader)")
        }
        let runs = try Reliability.run(["report", "--store", scenario.storePath, "--format", "json"])
        let json = try JSONSerialization.jsonObject(with: runs.stdout) as? [String: Any]
        #expect(json?.run["id"] as? Int == 1)
    }

    /// The AccountName of the first profile in a `StoreReading` JSON Lines export.
    static func firstAccount(in export: String) -> String? {
        for line in export.split(separator: "\n") where line.hasPrefix("{") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
            if let account = object["account"] as? String { return account }
        }
        return nil
    }
}

import Foundation
import Testing
import TestSupport

/// `sync` builds profiles a window of candidates at a time
/// (`PROFILESYNC_BUILD_WINDOW`); where the windows fall must not show in
/// anything it writes.
@Suite struct BuildWindowTests {
    /// The first run's and the drifted run's reports, and the store's export
    /// after them, from a fresh store, with times masked.
    private func outputs(of out: URL, in folder: URL, environment: [String: String]) throws -> [String] {
        for file in ["profiles.db", "profiles.db-wal", "profiles.db-shm", "profiles.db-journal"] {
            try? FileManager.default.removeItem(at: out.appendingPathComponent(file))
        }
        var texts: [String] = []
        for (name, config) in [("first", "profilesync.yaml"), ("next", "next/profilesync.yaml")] {
            let report = folder.appendingPathComponent("\(name).json")
            let run = try ProfileSyncTool.run(
                ["sync", "--config", out.appendingPathComponent(config).path, "--quiet", "--report", report.path],
                environment: environment)
            #expect(run.status == 0, "\(run.stderrText)")
            texts.append(String(decoding: try Data(contentsOf: report), as: UTF8.self))
        }
        let export = try ProfileSyncTool.run(
            ["export", "--config", out.appendingPathComponent("profilesync.yaml").path, "--format", "jsonl", "--include-marked"],
            environment: environment)
        #expect(export.status == 0, "\(export.stderrText)")
        texts.append(export.stdoutText)
        let time = try Regex(#"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z"#)
        return texts.map { $0.replacing(time, with: "T") }
    }

    @Test func windowsOfAnySizeWriteTheSameReportsAndStore() throws {
        let generated = try GeneratedDrift(prefix: "build-window", users: 800, seed: 5)
        defer { generated.folder.cleanup() }
        let (folder, out) = (generated.folder, generated.out)

        let whole = try outputs(of: out, in: folder.url, environment: [:])
        #expect(whole[0].contains(#""kind":"add""#))
        #expect(whole[1].contains(#""kind":"update""#) && whole[1].contains(#""kind":"markForDeletion""#))
        // Windows of 7 and of 1: new, changed, unchanged and vanished
        // profiles fall on both sides of many window edges.
        for window in ["7", "1"] {
            let windowed = try outputs(of: out, in: folder.url, environment: ["PROFILESYNC_BUILD_WINDOW": window])
            #expect(windowed.count == whole.count)
            let names = ["first run's report", "drifted run's report", "export"]
            for index in whole.indices {
                // Compared first: a whole report in the failure message says nothing.
                let same = whole[index] == windowed[index]
                #expect(same, "window \(window): the \(names[index]) differs")
            }
        }
    }
}

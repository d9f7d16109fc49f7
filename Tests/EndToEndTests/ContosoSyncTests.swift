import Foundation
import Testing
import TestSupport

/// The Contoso sample end to end: whole JSON reports compared with
/// `fixtures/contoso/expected/*.json`. Only what differs from machine to
/// machine is normalised: run times and the temporary folder in paths.
///
/// `PROFILESYNC_UPDATE_EXPECTED=1 swift test --filter ContosoSyncTests`
/// rewrites the expected files; review their diff before committing.
@Suite(.serialized) struct ContosoSyncTests {
    /// A private copy of the sample, so the store lands in a temporary folder.
    struct Workspace {
        let folder: TemporaryDirectory
        var root: URL { folder.url }

        init() throws {
            folder = try TemporaryDirectory(prefix: "contoso")
            let source = TestPaths.fixture("contoso")
            for item in ["exports", "models", "hr.csv", "profilesync.yaml", "profilesync-next.yaml", "profilesync-delta.yaml"] {
                try FileManager.default.copyItem(
                    at: source.appendingPathComponent(item), to: folder.url.appendingPathComponent(item))
            }
        }

        func sync(_ config: String, _ extra: [String] = []) throws -> (ToolResult, String) {
            let report = root.appendingPathComponent("report.json")
            try? FileManager.default.removeItem(at: report)
            let result = try ProfileSyncTool.run(
                ["sync", "--config", root.appendingPathComponent(config).path, "--report", report.path, "--quiet"] + extra)
            let data = (try? Data(contentsOf: report)) ?? Data()
            return (result, try normalized(data))
        }

        /// Pretty, key-sorted JSON with times blanked and the workspace folder removed from paths.
        func normalized(_ data: Data) throws -> String {
            guard !data.isEmpty, var json = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { return "" }
            if var run = json["run"] as? [String: Any] {
                run["started"] = "<time>"
                run["finished"] = "<time>"
                json["run"] = run
            }
            let text = String(decoding: try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
            return text.replacingOccurrences(of: root.path + "/", with: "") + "\n"
        }
    }

    static func expected(_ name: String, _ actual: String) throws -> String {
        let url = TestPaths.fixture("contoso/expected/\(name)")
        if ProcessInfo.processInfo.environment["PROFILESYNC_UPDATE_EXPECTED"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
        }
        return try String(contentsOf: url, encoding: .utf8)
    }

    @Test func dayOneFullImportThenANoChangeRerun() throws {
        let workspace = try Workspace()
        defer { workspace.folder.cleanup() }
        let (first, report) = try workspace.sync("profilesync.yaml")
        #expect(first.status == 0, "\(first.stderrText)")
        #expect(report == (try Self.expected("day1.json", report)))
        let (second, rerun) = try workspace.sync("profilesync.yaml")
        #expect(second.status == 0)
        #expect(rerun == (try Self.expected("day1-rerun.json", rerun)))
    }

    @Test func dayTwoReportsExactlyTheKnownChanges() throws {
        let workspace = try Workspace()
        defer { workspace.folder.cleanup() }
        _ = try workspace.sync("profilesync.yaml")
        let (result, report) = try workspace.sync("profilesync-next.yaml")
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(report == (try Self.expected("day2.json", report)))
    }

    @Test func incrementalDeltaAppliesChangeRecords() throws {
        let workspace = try Workspace()
        defer { workspace.folder.cleanup() }
        _ = try workspace.sync("profilesync.yaml")
        let (result, report) = try workspace.sync("profilesync-delta.yaml", ["--incremental"])
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(report == (try Self.expected("delta.json", report)))
    }

    @Test func dryRunOfDayTwoChangesNothing() throws {
        let workspace = try Workspace()
        defer { workspace.folder.cleanup() }
        _ = try workspace.sync("profilesync.yaml")
        let (dry, dryReport) = try workspace.sync("profilesync-next.yaml", ["--dry-run"])
        #expect(dry.status == 0)
        // The same changes as the real day two, flagged as a dry run with the same run id.
        let real = try Self.expected("day2.json", "")
        #expect(dryReport.replacingOccurrences(of: "\"dryRun\" : true", with: "\"dryRun\" : false")
            .replacingOccurrences(of: "\"status\" : \"dryRun\"", with: "\"status\" : \"completed\"") == real)
        let (_, after) = try workspace.sync("profilesync-next.yaml")
        #expect(after == real)
    }

    @Test func thresholdZeroStopsDayTwo() throws {
        let workspace = try Workspace()
        defer { workspace.folder.cleanup() }
        _ = try workspace.sync("profilesync.yaml")
        let config = workspace.root.appendingPathComponent("profilesync-next.yaml")
        let text = try String(contentsOf: config, encoding: .utf8).replacingOccurrences(of: "threshold: 5", with: "threshold: 0")
        try text.write(to: config, atomically: true, encoding: .utf8)
        let (stopped, report) = try workspace.sync("profilesync-next.yaml")
        #expect(stopped.status == 3)
        #expect(report.contains("\"status\" : \"stoppedByThreshold\""))
        #expect(report.contains("\"markedForDeletion\" : 1"))
        // Nothing was written: the next real run still sees every change.
        try String(contentsOf: config, encoding: .utf8).replacingOccurrences(of: "threshold: 0", with: "threshold: 5")
            .write(to: config, atomically: true, encoding: .utf8)
        let (_, after) = try workspace.sync("profilesync-next.yaml")
        #expect(after == (try Self.expected("day2.json", "")))
    }
}

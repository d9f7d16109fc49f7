import Foundation
import Testing
import TestSupport

/// A store written by the v1 tool (`fixtures/store-v1`: two Contoso runs,
/// JSON columns) upgraded by this one: every read-only command prints, byte
/// for byte, what the v1 tool printed from it, before the upgrade (they never
/// migrate) and after it (any writing open migrates; a dry run is enough),
/// and the next run reports exactly what the v1 tool's next run reported.
@Suite(.serialized) struct StoreUpgradeTests {
    static let expected = TestPaths.fixture("store-v1/expected")

    /// The Contoso sample with the v1 store as its `profiles.db`.
    struct Workspace {
        let folder: TemporaryDirectory
        var root: URL { folder.url }
        var store: String { root.appendingPathComponent("profiles.db").path }

        init() throws {
            folder = try TemporaryDirectory(prefix: "store-upgrade")
            let source = TestPaths.fixture("contoso")
            for item in ["exports", "models", "hr.csv", "profilesync.yaml", "profilesync-delta.yaml"] {
                try FileManager.default.copyItem(
                    at: source.appendingPathComponent(item), to: root.appendingPathComponent(item))
            }
            let sql = try String(contentsOf: TestPaths.fixture("store-v1/contoso-v1.sql"), encoding: .utf8)
            try SQLiteFixture.create(store, sql: sql)
            // Private, as the v1 tool created it: the upgrade (which vacuums) must keep it so.
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: store)
        }

        func tool(_ arguments: [String]) throws -> ToolResult {
            try ProfileSyncTool.run(arguments)
        }

        /// Each read-only command's output next to the v1 tool's (`expected/<file>`).
        func readOnlyOutputs() throws -> [(file: String, actual: Data)] {
            let commands: [(String, [String])] = [
                ("report-run1.json", ["report", "--run", "1", "--format", "json"]),
                ("report-run2.json", ["report", "--run", "2", "--format", "json"]),
                ("report-run2.csv", ["report", "--run", "2", "--format", "csv"]),
                ("report-run2.txt", ["report", "--run", "2", "--format", "text"]),
                ("report-run2.ldif", ["report", "--run", "2", "--format", "ldif"]),
                ("export.jsonl", ["export", "--format", "jsonl", "--include-marked"]),
                ("export.csv", ["export", "--format", "csv", "--include-marked"]),
                ("export.ldif", ["export", "--format", "ldif", "--include-marked"]),
                ("show-iito.txt", ["show", "CONTOSO\\iito", "--history"]),
                ("show-ffoster.txt", ["show", "CONTOSO\\ffoster", "--history"]),
                ("show-zangstrom.txt", ["show", "cn=zoë ångström,ou=research,ou=staff,dc=contoso,dc=com", "--history"]),
                ("runs.txt", ["runs"]),
                ("missing.txt", ["missing"]),
            ]
            return try commands.map { file, arguments in
                let result = try tool(Array(arguments.prefix(1)) + ["--store", store] + arguments.dropFirst())
                #expect(result.status == 0, "\(arguments): \(result.stderrText)")
                return (file, result.stdout)
            }
        }

        func expectReadOnlyOutputsOfTheV1Tool(_ stage: String) throws {
            for (file, actual) in try readOnlyOutputs() {
                let wanted = try Data(contentsOf: StoreUpgradeTests.expected.appendingPathComponent(file))
                #expect(actual == wanted, "\(stage): \(file) differs from what the v1 tool printed")
            }
        }

        /// A run's JSON report with its times blanked and `folder` removed from input paths.
        static func comparable(_ data: Data, folder: String) throws -> String {
            var json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            var run = try #require(json["run"] as? [String: Any])
            run["started"] = nil
            run["finished"] = nil
            json["run"] = run
            let text = String(decoding: try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
            return text.replacingOccurrences(of: folder, with: "")
        }

        /// Runs `sync` with `arguments` and compares its report with the v1 tool's `expected/<file>` (made in `v1Folder`).
        func expectNextRunAsTheV1Tool(_ arguments: [String], file: String, v1Folder: String) throws {
            let report = root.appendingPathComponent("run3.json")
            let result = try tool(["sync"] + arguments + ["--quiet", "--report", report.path])
            #expect(result.status == 0, "\(result.stderrText)")
            let actual = try Self.comparable(try Data(contentsOf: report), folder: root.path + "/")
            let wanted = try Self.comparable(
                try Data(contentsOf: StoreUpgradeTests.expected.appendingPathComponent(file)), folder: v1Folder)
            #expect(actual == wanted)
            #expect(actual.contains("\"id\":3"))
        }
    }

    @Test func readOnlyCommandsPrintWhatTheV1ToolPrintedBeforeAndAfterTheUpgrade() throws {
        let workspace = try Workspace()
        defer { workspace.folder.cleanup() }
        try workspace.expectReadOnlyOutputsOfTheV1Tool("before the upgrade")
        #expect(try SQLiteFixture.rows(workspace.store, "SELECT typeof(properties) FROM profiles LIMIT 1") == [["text"]])

        let dryRun = try workspace.tool(["sync", "--config", workspace.root.appendingPathComponent("profilesync.yaml").path, "--dry-run", "--quiet"])
        #expect(dryRun.status == 0, "\(dryRun.stderrText)")
        #expect(try SQLiteFixture.rows(workspace.store, "SELECT DISTINCT typeof(properties) FROM profiles") == [["blob"]])
        #expect(try Reliability.mode(workspace.store) == 0o600)
        try workspace.expectReadOnlyOutputsOfTheV1Tool("after the upgrade")
    }

    @Test func theFirstRunOnAnUpgradedStoreReportsWhatTheV1ToolReported() throws {
        let workspace = try Workspace()
        defer { workspace.folder.cleanup() }
        try workspace.expectNextRunAsTheV1Tool(
            ["--config", workspace.root.appendingPathComponent("profilesync.yaml").path], file: "run3-day1.json",
            v1Folder: "/tmp/cv1-day1/")
    }

    /// Stored digests made by another algorithm (the FNV-1a of builds before
    /// the word-at-a-time digest), content and input digests alike: the next
    /// run finds none of them equal, builds every profile, reports no change
    /// for those whose content is the same, and rewrites their rows with
    /// current digests; the run after that rewrites nothing.
    @Test func digestsOfAnotherAlgorithmAreReplacedWithoutReportingChanges() throws {
        let workspace = try Workspace()
        defer { workspace.folder.cleanup() }
        try FileManager.default.removeItem(atPath: workspace.store)
        let config = workspace.root.appendingPathComponent("profilesync.yaml").path
        func sync(_ run: Int) throws -> [String: Any] {
            let report = workspace.root.appendingPathComponent("run\(run).json")
            let result = try workspace.tool(["sync", "--config", config, "--full", "--quiet", "--report", report.path])
            #expect(result.status == 0, "\(result.stderrText)")
            let json = try JSONSerialization.jsonObject(with: try Data(contentsOf: report)) as? [String: Any]
            return try #require(json?["summary"] as? [String: Any])
        }
        _ = try sync(1)
        let digests = "SELECT anchor, digest, inputs FROM profiles ORDER BY anchor"
        let current = try SQLiteFixture.rows(workspace.store, digests)
        let groupDigests = "SELECT anchor, digest FROM groups ORDER BY anchor"
        let currentGroups = try SQLiteFixture.rows(workspace.store, groupDigests)
        #expect(!current.isEmpty && !currentGroups.isEmpty)
        try SQLiteFixture.execute(
            workspace.store,
            sql: """
                UPDATE profiles SET digest = (digest | 1) - (digest & 1), inputs = (inputs | 1) - (inputs & 1);
                UPDATE groups SET digest = (digest | 1) - (digest & 1);
                """)

        let second = try sync(2)
        for key in ["added", "updated", "moved", "restored", "excluded", "markedForDeletion", "groupsAdded", "groupsUpdated",
                    "membershipsAdded", "membershipsRemoved"] {
            #expect(second[key] as? Int == 0, "\(key): \(second[key] ?? "none")")
        }
        let active = try SQLiteFixture.rows(workspace.store, "SELECT count(*) FROM profiles WHERE state = 'active'")[0][0]
            .flatMap { Int($0) }
        #expect((active ?? 0) > 0 && second["unchanged"] as? Int == active)
        #expect(try SQLiteFixture.rows(workspace.store, digests) == current)
        #expect(try SQLiteFixture.rows(workspace.store, groupDigests) == currentGroups)
        #expect(try SQLiteFixture.rows(workspace.store, "SELECT DISTINCT updated_run FROM profiles") == [["2"]])

        _ = try sync(3)
        #expect(try SQLiteFixture.rows(workspace.store, "SELECT DISTINCT updated_run FROM profiles") == [["2"]])
    }

    @Test func anIncrementalRunOnAnUpgradedStorePatchesItsSnapshotsAsTheV1ToolDid() throws {
        let workspace = try Workspace()
        defer { workspace.folder.cleanup() }
        try workspace.expectNextRunAsTheV1Tool(
            ["--config", workspace.root.appendingPathComponent("profilesync-delta.yaml").path, "--incremental"],
            file: "run3-delta.json", v1Folder: "/tmp/cv1-delta/")
    }
}

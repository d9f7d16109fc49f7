import Foundation
import Testing
import TestSupport

@Suite struct ScheduleCommandTests {
    @Test func printsDueTimesCrontabAndSystemdUnits() throws {
        let result = try ProfileSyncTool.run(
            ["schedule", "--config", TestPaths.fixture("contoso/profilesync.yaml").path, "--count", "2"],
            environment: ["TZ": "UTC"])
        #expect(result.status == 0, "\(result.stderrText)")
        let lines = result.stdoutText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "schedule: Daily at 01:00:00")
        #expect(lines[2].hasSuffix(" 01:00:00 UTC") && lines[3].hasSuffix(" 01:00:00 UTC"))
        #expect(lines.contains { $0.hasPrefix("0 1 * * * ") && $0.hasSuffix("--if-due --quiet") })
        #expect(lines.contains("OnCalendar=*-*-* 01:00:00"))
        #expect(lines.contains("WantedBy=timers.target"))
    }

    @Test func ifDueRunsOnceThenWaitsForTheNextDueTime() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        for item in ["exports", "models", "hr.csv", "profilesync.yaml"] {
            try FileManager.default.copyItem(
                at: TestPaths.fixture("contoso").appendingPathComponent(item), to: folder.url.appendingPathComponent(item))
        }
        let config = folder.url.appendingPathComponent("profilesync.yaml").path
        let first = try ProfileSyncTool.run(["sync", "--config", config, "--if-due", "--quiet"])
        #expect(first.status == 0, "\(first.stderrText)")
        #expect(first.stdoutText.isEmpty)
        let second = try ProfileSyncTool.run(["sync", "--config", config, "--if-due"])
        #expect(second.status == 0)
        #expect(second.stdoutText.hasPrefix("not due: 'Daily at 01:00:00' next falls due at "))
        let runs = try ProfileSyncTool.run(["runs", "--config", config])
        #expect(runs.stdoutText.split(separator: "\n").filter { $0.contains("full") }.count == 1)
    }

    @Test func badScheduleIsLocated() throws {
        let folder = try TemporaryDirectory()
        defer { folder.cleanup() }
        let config = folder.url.appendingPathComponent("p.yaml")
        try """
            store: p.db
            connections:
              - { name: c, type: ldif, files: [a.ldif] }
            schedule: "Daily at 25:00:00"
            """.write(to: config, atomically: true, encoding: .utf8)
        let result = try ProfileSyncTool.run(["schedule", "--config", config.path])
        #expect(result.status == 1)
        #expect(result.stderrText.contains("p.yaml:4:"))
        #expect(result.stderrText.contains("error: schedule:"))
        let check = try ProfileSyncTool.run(["check", "--config", config.path])
        #expect(check.status == 1)
        #expect(check.stderrText.contains("p.yaml:4:"))
    }
}

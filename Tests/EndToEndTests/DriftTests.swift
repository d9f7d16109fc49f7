import Foundation
import Testing
import TestSupport

/// Issue #4's acceptance check: on a generated export with known drift, the
/// second run's report lists exactly those changes, no more.
@Suite struct DriftTests {
    @Test func reportListsExactlyTheGeneratedDrift() throws {
        let generated = try GeneratedDrift(prefix: "drift", users: 3200, seed: 11)
        defer { generated.folder.cleanup() }
        let (folder, out) = (generated.folder, generated.out)
        let first = try ProfileSyncTool.run(["sync", "--config", out.appendingPathComponent("profilesync.yaml").path, "--quiet"])
        #expect(first.status == 0, "\(first.stderrText)")
        let reportURL = folder.url.appendingPathComponent("next.json")
        let second = try ProfileSyncTool.run([
            "sync", "--config", out.appendingPathComponent("next/profilesync.yaml").path, "--quiet", "--report", reportURL.path,
        ])
        #expect(second.status == 0, "\(second.stderrText)")

        let drift = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("drift.json"))) as? [String: Any])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: reportURL)) as? [String: Any])
        let users = try #require(drift["users"] as? [[String: Any]])
        let changes = try #require(report["changes"] as? [[String: Any]])

        // Which report kinds each drift kind may produce.
        let allowed: [String: Set<String>] = [
            "add": ["add"], "remove": ["markForDeletion"], "move": ["move", "update"], "disable": ["exclude"],
            "update": ["update"],
        ]
        var expected: [String: Set<String>] = [:]
        for user in users {
            let anchor = try #require(user["anchor"] as? String)
            let kind = try #require(user["kind"] as? String)
            expected[anchor, default: []].formUnion(try #require(allowed[kind]))
        }
        var reported: [String: Set<String>] = [:]
        for change in changes where change["kind"] as? String != "membership" {
            reported[change["anchor"] as? String ?? "", default: []].insert(change["kind"] as? String ?? "")
        }
        #expect(Set(reported.keys) == Set(expected.keys), "profiles changed beyond (or short of) the drift")
        for (anchor, kinds) in reported {
            #expect(kinds.isSubset(of: expected[anchor] ?? []), "\(anchor): \(kinds) not in \(expected[anchor] ?? [])")
        }
        let disabled = changes.filter { $0["kind"] as? String == "exclude" }
        #expect(disabled.allSatisfy { $0["reason"] as? String == "disabled" })

        // Group memberships: exactly the generated adds and removes.
        let groups = try #require(drift["groups"] as? [[String: Any]])
        var expectedGroups: [String: [Set<String>]] = [:]
        for group in groups {
            expectedGroups[group["group"] as? String ?? ""] = [
                Set(group["added"] as? [String] ?? []), Set(group["removed"] as? [String] ?? []),
            ]
        }
        var reportedGroups: [String: [Set<String>]] = [:]
        for change in changes where change["kind"] as? String == "membership" {
            reportedGroups[change["group"] as? String ?? ""] = [
                Set(change["added"] as? [String] ?? []), Set(change["removed"] as? [String] ?? []),
            ]
        }
        #expect(reportedGroups == expectedGroups)

        // Contractors' HR rows are reported as joining no profile.
        let diagnostics = report["diagnostics"] as? [[String: Any]] ?? []
        let unmatched = Set(diagnostics.compactMap { diagnostic -> String? in
            guard let message = diagnostic["message"] as? String, message.contains("joins no profile") else { return nil }
            return message.split(separator: "'").dropFirst().first.map(String.init)
        })
        let contractors = Set(drift["unmatchedHRRows"] as? [String] ?? [])
        #expect(!contractors.isEmpty)
        #expect(contractors.isSubset(of: unmatched))
    }
}

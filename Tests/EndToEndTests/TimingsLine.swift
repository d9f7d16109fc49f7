import Foundation
import Testing
import TestSupport

/// The first line starting with `prefix` that `sync --timings` prints on
/// the Contoso fixtures in a process started with `environment`.
func syncTimingsLine(startingWith prefix: String, environment: [String: String]) throws -> String {
    let workspace = try ContosoSyncTests.Workspace()
    defer { workspace.folder.cleanup() }
    let result = try ProfileSyncTool.run(
        ["sync", "--config", workspace.root.appendingPathComponent("profilesync.yaml").path, "--quiet", "--timings"],
        environment: environment)
    #expect(result.status == 0, "\(result.stderrText)")
    return result.stderrText.split(separator: "\n").first { $0.hasPrefix(prefix) }.map(String.init) ?? ""
}

import Foundation
import Testing
import TestSupport

/// A generated export with a drifted second snapshot (`profilesync generate
/// --drift`), in a temporary folder: `out` holds the configuration, the
/// export and `next/`.
struct GeneratedDrift {
    let folder: TemporaryDirectory
    let out: URL

    init(prefix: String, users: Int, seed: Int, drift: String = "0.02") throws {
        folder = try TemporaryDirectory(prefix: prefix)
        out = folder.url.appendingPathComponent("demo")
        let generated = try ProfileSyncTool.run(
            ["generate", "--users", String(users), "--out", out.path, "--seed", String(seed), "--drift", drift])
        #expect(generated.status == 0, "\(generated.stderrText)")
    }
}

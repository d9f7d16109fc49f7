import Foundation
import Testing
import TestSupport

/// `sync`'s progress line: drawn on a terminal for every stage, the commit
/// counting its rows; never drawn into a log or a pipe.
@Suite struct SyncProgressTests {
    /// The lines a terminal was shown, each redraw on its own line.
    static func drawn(_ text: String) -> [String] {
        // By scalars: "\r\n" is one Character, which equals neither.
        text.replacingOccurrences(of: "\u{1B}[K", with: "")
            .components(separatedBy: CharacterSet(charactersIn: "\r\n")).filter { !$0.isEmpty }
    }

    static func quoted(_ word: String) -> String { "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// A first `sync --full` of the Contoso sample, with `extra`, on a
    /// terminal (`script`, util-linux): what the terminal was shown.
    static func syncOnATerminal(_ extra: [String] = []) throws -> [String] {
        let script = URL(fileURLWithPath: "/usr/bin/script")
        try #require(FileManager.default.isExecutableFile(atPath: script.path), "script(1) runs the sync on a terminal")
        let workspace = try ContosoSyncTests.Workspace()
        defer { workspace.folder.cleanup() }
        let command = ([
            ProfileSyncTool.executable.path, "sync", "--config", workspace.root.appendingPathComponent("profilesync.yaml").path,
            "--full",
        ] + extra).map(Self.quoted).joined(separator: " ")
        let outcome = try ChildRun(["-qfec", command, "/dev/null"], executable: script).wait(timeout: 120)
        #expect(outcome.exitedNormally && outcome.status == 0, "\(outcome)")
        return drawn(outcome.stdoutText)
    }

    /// Each stage shows by name until it counts, the commit counts the rows
    /// it writes, a first run says it builds the store's indexes, and the
    /// summary follows.
    @Test func aTerminalIsShownEveryStageAndTheCommit() throws {
        let lines = try Self.syncOnATerminal()
        for stage in ["open store and load prior state…", "classify and scope…", "groups and memberships…", "indexing the store…"] {
            #expect(lines.contains(stage), "\(stage) in \(lines)")
        }
        // The sample's 14 profile rows, 4 groups and 7 changes (the 11 adds
        // are kept in their profiles' rows), reported at the last.
        #expect(lines.contains("writing the store: 25 records"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("run 1 (full): committed") }, "\(lines)")
    }

    /// With `--timings` on a terminal, each stage's timing is a line of its
    /// own, not written after the progress text that was showing.
    @Test func timingsOnATerminalKeepTheirOwnLines() throws {
        let lines = try Self.syncOnATerminal(["--timings"])
        let timed = lines.filter { $0.contains("timing: ") }
        #expect(timed.count >= 10, "\(lines)")
        #expect(timed.allSatisfy { $0.hasPrefix("timing: ") }, "\(timed)")
        #expect(lines.contains("writing the store: 25 records"), "\(lines)")
    }

    /// Not a terminal: no progress at all, so logs hold no carriage returns.
    @Test func aLogIsShownNoProgress() throws {
        let workspace = try ContosoSyncTests.Workspace()
        defer { workspace.folder.cleanup() }
        let outcome = try Reliability.run(["sync", "--config", workspace.root.appendingPathComponent("profilesync.yaml").path, "--full"])
        #expect(outcome.exitedNormally && outcome.status == 0, "\(outcome)")
        #expect(!outcome.stderrText.contains("\r") && !outcome.stdoutText.contains("\r"))
        #expect(!outcome.stderrText.contains("writing the store"))
        #expect(outcome.stdoutText.contains("run 1 (full): committed"))
    }
}

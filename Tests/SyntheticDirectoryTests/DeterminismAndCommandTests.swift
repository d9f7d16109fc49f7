import Foundation
import Testing
import TestSupport
import SyntheticDirectory

@Suite struct DeterminismAndCommandTests {
    private func generate(seed: UInt64, into directory: URL) throws -> [String] {
        let generator = try SyntheticDirectoryGenerator(options: GeneratorOptions(userCount: 1_600, seed: seed, drift: 0.05))
        _ = try generator.generate(into: directory)
        return generator.plannedFiles
    }

    @Test func sameSeedGivesByteIdenticalFiles() throws {
        let a = try TemporaryDirectory(prefix: "determinism-a"), b = try TemporaryDirectory(prefix: "determinism-b")
        let c = try TemporaryDirectory(prefix: "determinism-c")
        defer { a.cleanup(); b.cleanup(); c.cleanup() }
        let files = try generate(seed: 99, into: a.url)
        _ = try generate(seed: 99, into: b.url)
        _ = try generate(seed: 100, into: c.url)
        #expect(files.count == 9)
        for file in files {
            let first = try Data(contentsOf: a.url.appendingPathComponent(file))
            #expect(!first.isEmpty, "\(file)")
            #expect(first == (try Data(contentsOf: b.url.appendingPathComponent(file))), "\(file) differs")
        }
        #expect(try Data(contentsOf: a.url.appendingPathComponent("contoso.ldif"))
            != Data(contentsOf: c.url.appendingPathComponent("contoso.ldif")))
    }

    @Test func commandWritesQuietlyAndRefusesToOverwrite() throws {
        let directory = try TemporaryDirectory(prefix: "generate-cli")
        defer { directory.cleanup() }
        let out = directory.url.appendingPathComponent("data").path
        let first = try ProfileSyncTool.run(["generate", "--users", "40", "--out", out, "--seed", "5", "--drift", "0.1"])
        #expect(first.status == 0, "\(first.stderrText)")
        #expect(first.stdout.isEmpty)
        let lines = first.stderrText.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("contoso.ldif") == true && lines.first?.contains(" s") == true)
        for file in ["contoso.ldif", "hr.csv", "models/hr.bdcm", "profilesync.yaml", "next/contoso.ldif", "next/hr.csv", "delta.ldif", "drift.json"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file)")
        }
        let again = try ProfileSyncTool.run(["generate", "--users", "40", "--out", out])
        #expect(again.status == 1)
        #expect(again.stderrText.contains("--force"))
        let forced = try ProfileSyncTool.run(["generate", "--users", "40", "--out", out, "--force", "--domain", "fabrikam.com"])
        #expect(forced.status == 0, "\(forced.stderrText)")
        #expect(FileManager.default.fileExists(atPath: out + "/fabrikam.ldif"))
    }

    @Test func badArgumentsAreUsageErrors() throws {
        for arguments in [["--users", "0"], ["--users", "5", "--drift", "0.5"], ["--users", "5", "--domain", "nodots"]] {
            let result = try ProfileSyncTool.run(["generate", "--out", "/tmp/never-written"] + arguments)
            #expect(result.status == 2, "\(arguments)")
        }
    }
}

import Foundation
import Testing
import TestSupport

/// How a bounded child run of `profilesync` ended.
struct BoundedOutcome: CustomStringConvertible {
    var status: Int32
    /// True when the process died of a signal (a crash: SIGSEGV, SIGILL, SIGABRT…, or our SIGKILL).
    var signalled: Bool
    /// True when it was still running at the deadline (a hang) and was killed.
    var timedOut: Bool
    var elapsed: TimeInterval
    var stdout: Data
    var stderr: Data

    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    /// Ended on its own with an exit code (not a crash, not a hang).
    var exitedNormally: Bool { !signalled && !timedOut }

    var description: String {
        let how = timedOut ? "timed out" : signalled ? "killed by signal \(status)" : "exit \(status)"
        return "\(how) after \(String(format: "%.2f", elapsed)) s; stderr: \(stderrText.prefix(2000))"
    }
}

/// A `profilesync` child process the test can watch while it runs, kill and time.
/// Output goes to files (not pipes), so a chatty child can never stall.
final class ChildRun: @unchecked Sendable {
    let process = Process()
    private let outURL: URL
    private let errURL: URL
    private let started = Date()

    /// Runs `executable` (the built `profilesync` unless another is given) with `arguments`.
    init(_ arguments: [String], in directory: URL? = nil, executable: URL = ProfileSyncTool.executable) throws {
        let scratch = FileManager.default.temporaryDirectory
        outURL = scratch.appendingPathComponent("profilesync-child-out-\(UUID().uuidString)")
        errURL = scratch.appendingPathComponent("profilesync-child-err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        try process.run()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: outURL)
        try? FileManager.default.removeItem(at: errURL)
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }
    /// What the child has written to stderr so far.
    var stderrSoFar: String { (try? String(contentsOf: errURL, encoding: .utf8)) ?? "" }

    /// Waits up to `timeout` seconds for the child to end; kills it (SIGKILL) when it does not.
    func wait(timeout: TimeInterval) -> BoundedOutcome {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        let timedOut = process.isRunning
        if timedOut { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return BoundedOutcome(
            status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
            timedOut: timedOut, elapsed: Date().timeIntervalSince(started),
            stdout: (try? Data(contentsOf: outURL)) ?? Data(), stderr: (try? Data(contentsOf: errURL)) ?? Data())
    }

    /// `kill -9` now, and waits for the child to be gone.
    func kill9() -> BoundedOutcome {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        return wait(timeout: 30)
    }
}

enum Reliability {
    /// Runs `profilesync` with a deadline: a hang becomes `timedOut`, never a stuck test.
    static func run(_ arguments: [String], in directory: URL? = nil, timeout: TimeInterval = 60) throws -> BoundedOutcome {
        try ChildRun(arguments, in: directory).wait(timeout: timeout)
    }

    /// Polls `condition` every 10 ms until it holds or `timeout` passes; returns whether it held.
    static func poll(timeout: TimeInterval, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }

    /// The permission bits of a file (`0o600` for a private one).
    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return ((attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1) & 0o777
    }

    /// Whether `needle` occurs anywhere in `haystack` (byte search).
    static func contains(_ haystack: Data, _ needle: Data) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        return haystack.range(of: needle) != nil
    }

    /// Files in `folder` whose name contains `fragment` (e.g. report temporaries `.report.json.<pid>.tmp`).
    static func files(in folder: URL, containing fragment: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.contains(fragment) }
    }
}

/// A large generated export (`profilesync generate`), made once per test process
/// and shared: the base snapshot, a drifted second snapshot, and a store holding
/// one committed full run of the base snapshot (run 1), which tests copy.
///
/// The size makes a debug-build run last several seconds, long enough to be
/// caught mid-run; every file is removed when the test process exits. At
/// 3,000 users the engine had become fast enough (a debug-build drifted run
/// with a new property in under a second) for a sync to finish before the
/// concurrency test's readers did; at 20,000 the same run takes about 7 s.
final class LargeExport: Sendable {
    static let users = 20_000
    static let shared: Result<LargeExport, ToolFailure> = {
        do {
            return .success(try LargeExport())
        } catch let failure as ToolFailure {
            return .failure(failure)
        } catch {
            return .failure(ToolFailure(description: "\(error)"))
        }
    }()

    struct ToolFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// The generated folder: contoso.ldif, hr.csv, models/, next/ (drifted snapshot).
    let root: URL
    /// The stages `sync --timings` prints, in order (learned from a small run).
    let stages: [String]

    private init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("profilesync-large-\(UUID().uuidString)")
        LargeExportCleanup.register(root.path)
        let generated = try Reliability.run(
            ["generate", "--users", String(Self.users), "--drift", "0.01", "--out", root.path], timeout: 300)
        guard generated.status == 0, generated.exitedNormally else {
            throw ToolFailure(description: "generate failed: \(generated)")
        }
        // A committed base run (run 1), made with the same configuration the tests use.
        let base = root.appendingPathComponent("base")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        try Self.writeConfig(in: base, snapshot: "", root: root)
        let first = try Reliability.run(
            ["sync", "--config", base.appendingPathComponent("profilesync.yaml").path, "--quiet"], timeout: 300)
        guard first.status == 0, first.exitedNormally else { throw ToolFailure(description: "base sync failed: \(first)") }

        // The stage names, from a small generated export.
        let small = root.appendingPathComponent("small")
        let generatedSmall = try Reliability.run(["generate", "--users", "30", "--out", small.path])
        guard generatedSmall.status == 0 else { throw ToolFailure(description: "generate failed: \(generatedSmall)") }
        let timed = try Reliability.run(
            ["sync", "--config", small.appendingPathComponent("profilesync.yaml").path, "--quiet", "--timings"])
        guard timed.status == 0 else { throw ToolFailure(description: "small sync failed: \(timed)") }
        stages = Self.stageLines(timed.stderrText)
    }

    /// The `timing:` stage names in `stderr`, in order (without the final `total`).
    static func stageLines(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("timing: ") else { return nil }
            let rest = line.dropFirst("timing: ".count)
            let name = rest.prefix(34).trimmingCharacters(in: .whitespaces)
            return name == "total" ? nil : name
        }
    }

    /// The stored committed base store (run 1) — copy it with `copyBaseStore(to:)`.
    var baseStore: URL { root.appendingPathComponent("base/profiles.db") }

    /// Writes `profilesync.yaml` into `folder`, syncing the base snapshot (`snapshot: ""`)
    /// or the drifted one (`snapshot: "next/"`) into `folder/profiles.db`. With
    /// `newProperty`, every profile gains a property (`Name` from `cn`), so the run
    /// updates every profile and its commit is as heavy as a first run's.
    static func writeConfig(in folder: URL, snapshot: String, root: URL, newProperty: Bool = false) throws {
        let template = try String(contentsOf: root.appendingPathComponent("profilesync.yaml"), encoding: .utf8)
        var lines: [String] = []
        for line in template.split(separator: "\n", omittingEmptySubsequences: false) {
            let text = String(line)
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed == "properties:" && newProperty {
                lines.append(text)
                lines.append("  Name: contoso.cn")
            } else if trimmed.hasPrefix("store:") {
                lines.append("store: profiles.db")
            } else if trimmed.hasPrefix("files: [") {
                let name = trimmed.dropFirst("files: [".count).dropLast()
                lines.append(text.replacingOccurrences(of: trimmed, with: "files: [\(root.path)/\(snapshot)\(name)]"))
            } else if trimmed.hasPrefix("file: ") || trimmed.hasPrefix("model: ") {
                let key = trimmed.hasPrefix("file: ") ? "file: " : "model: "
                let name = trimmed.dropFirst(key.count)
                let prefix = key == "file: " ? snapshot : ""
                lines.append(text.replacingOccurrences(of: trimmed, with: "\(key)\(root.path)/\(prefix)\(name)"))
            } else {
                lines.append(text)
            }
        }
        try lines.joined(separator: "\n").write(
            to: folder.appendingPathComponent("profilesync.yaml"), atomically: true, encoding: .utf8)
    }

    /// Copies the committed base store into `folder` as `profiles.db`.
    func copyBaseStore(to folder: URL) throws {
        try FileManager.default.copyItem(at: baseStore, to: folder.appendingPathComponent("profiles.db"))
    }
}

/// Removes the shared large export when the test process ends.
enum LargeExportCleanup {
    nonisolated(unsafe) private static var paths: [String] = []
    private static let lock = NSLock()

    static func register(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        if paths.isEmpty {
            atexit {
                for path in LargeExportCleanup.paths { try? FileManager.default.removeItem(atPath: path) }
            }
        }
        paths.append(path)
    }
}

/// What a store looks like from the outside, through the read-only commands:
/// the run list, the last run's JSON report, every profile (including marked ones)
/// and the non-imported list. Two equal snapshots mean the store reads the same.
struct StoreReading: Equatable {
    var runs: String
    var report: String
    var export: String
    var missing: String

    /// The run list and every profile only: enough to see that a run left no trace, at half the cost.
    static func quick(_ store: String) throws -> StoreReading {
        try of(store, commands: [["runs"], ["export", "--format", "jsonl", "--include-marked"]])
    }

    static func of(_ store: String) throws -> StoreReading {
        try of(store, commands: [
            ["runs"], ["report", "--format", "json"], ["export", "--format", "jsonl", "--include-marked"], ["missing"],
        ])
    }

    private static func of(_ store: String, commands: [[String]]) throws -> StoreReading {
        func read(_ arguments: [String]) throws -> String {
            let outcome = try Reliability.run(arguments + ["--store", store], timeout: 120)
            // `report` on a store without runs fails (exit 1) by design; keep what it said.
            return "exit \(outcome.status)\n" + outcome.stdoutText + (outcome.status == 0 ? "" : outcome.stderrText)
        }
        var readings: [String: String] = [:]
        for command in commands { readings[command[0]] = try read(command) }
        return StoreReading(
            runs: readings["runs"] ?? "", report: readings["report"] ?? "", export: readings["export"] ?? "",
            missing: readings["missing"] ?? "")
    }
}

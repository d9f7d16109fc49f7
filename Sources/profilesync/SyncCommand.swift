import ArgumentParser
import Diagnostics
import Foundation
import ProfileCore
import ProfileStore
import Reports

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Import the configured exports into the profile store and report what changed.",
        discussion: """
            A run reads every connection, computes each profile, compares it with the store \
            and commits all changes in one transaction (or none: --dry-run, or the deletion \
            threshold). Exit codes: 0 done, 1 error, 2 usage, 3 stopped by the deletion \
            threshold, 4 another run holds the store.
            """)

    @Option(name: .long, help: "The configuration file (profilesync.yaml).")
    var config: String

    @Flag(name: .long, help: "Treat the directory files as complete exports (the default).")
    var full = false

    @Flag(name: .long, help: "Treat the directory files as deltas since the last run.")
    var incremental = false

    @Flag(name: .customLong("dry-run"), help: "Compute and report everything, commit nothing.")
    var dryRun = false

    @Flag(name: .customLong("force-deletes"), help: "Apply a run even when it marks more profiles than the deletion threshold.")
    var forceDeletes = false

    @Flag(name: .long, help: "Stop at the first input error (exit 1) instead of skipping the bad record.")
    var strict = false

    @Option(name: .long, help: "Write the change report to FILE; the format follows the extension (.json). Repeatable.")
    var report: [String] = []

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        if full && incremental { throw ValidationError("--full and --incremental exclude each other.") }
        for path in report {
            let ext = URL(fileURLWithPath: path).pathExtension
            guard let format = ReportFormat(fileExtension: ext) else {
                throw ValidationError("--report \(path): unknown extension '.\(ext)'; use .json.")
            }
            guard format == .json else {
                throw ValidationError("--report \(path): only JSON reports (.json) are supported by this build.")
            }
        }
    }

    func run() throws {
        let configuration = try ConfigurationLoading.load(config)
        let progress = ProgressReporter(quiet: quiet)
        let store: ProfileStore
        do {
            store = try ProfileStore.openForWriting(path: configuration.store, purpose: "profilesync sync")
        } catch let busy as StoreLock.Busy {
            throw ToolExit(.storeBusy, "profilesync: \(busy)")
        } catch {
            throw ToolExit(.failure, "profilesync: \(configuration.store): \(error)")
        }
        defer { store.close() }

        var options = SyncOptions(requestedKind: incremental ? .incremental : (full ? .full : nil))
        options.dryRun = dryRun
        options.forceDeletes = forceDeletes
        options.policy = strict ? .strict : .lenient
        options.progress = { phase, count in progress.update(phase, count) }

        let outcome: SyncOutcome
        do {
            let prior = try store.priorState()
            let runID = try store.nextRunID()
            outcome = try SyncEngine(configuration: configuration).run(prior: prior, runID: runID, options: options)
        } catch let diagnostic as Diagnostic {
            progress.finish()
            Console.diagnostic(diagnostic)
            throw ToolExit(.failure)
        }
        progress.finish()

        let result = outcome.result
        if !outcome.thresholdExceeded && !dryRun {
            do {
                try store.commit(result)
            } catch {
                throw ToolExit(.failure, "profilesync: committing run \(result.record.id) failed, nothing was written: \(error)")
            }
        }
        for path in report {
            do {
                try ReportFile.write(result.report.renderJSON(), to: path)
            } catch {
                throw ToolExit(.failure, "profilesync: \(error.localizedDescription)")
            }
        }
        if !quiet {
            RunSummaryPrinter.printDiagnostics(result.diagnostics, limit: 20)
            print(RunSummaryPrinter.render(result.record), terminator: "")
        }
        if outcome.thresholdExceeded { throw ToolExit(.deletionThreshold) }
        if strict && result.record.summary.errors > 0 { throw ToolExit(.failure) }
    }
}

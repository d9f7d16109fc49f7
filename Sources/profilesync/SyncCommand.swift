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

    @Flag(name: .customLong("if-due"), help: "Run only when the configuration's schedule has a due time since the last run; otherwise print a note and exit 0.")
    var ifDue = false

    @Flag(name: .long, help: "Stop at the first input error (exit 1) instead of skipping the bad record.")
    var strict = false

    @Option(name: .long, help: "Write the change report to FILE; the format follows the extension (.txt .json .csv .html .ldif). Repeatable.")
    var report: [String] = []

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    @Flag(name: .long, help: "Print how long each stage of the run took, on stderr.")
    var timings = false

    func validate() throws {
        if full && incremental { throw ValidationError("--full and --incremental exclude each other.") }
        for path in report {
            let ext = URL(fileURLWithPath: path).pathExtension
            guard ReportFormat(fileExtension: ext) != nil else {
                throw ValidationError("--report \(path): unknown extension '.\(ext)'; use .txt, .json, .csv, .html or .ldif.")
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

        if ifDue {
            let schedule = try ScheduleLoading.schedule(of: configuration)
            let lastRun = try store.runs().last?.started
            let now = Date()
            if !schedule.isDue(lastRun: lastRun, now: now) {
                let next = schedule.nextRuns(after: lastRun ?? now, count: 1).first
                let when = next.map { ISO8601DateFormatter().string(from: $0) } ?? "never"
                if !quiet { print("not due: '\(schedule.text)' next falls due at \(when); nothing done") }
                return
            }
        }

        var options = SyncOptions(requestedKind: incremental ? .incremental : (full ? .full : nil))
        options.dryRun = dryRun
        options.forceDeletes = forceDeletes
        options.policy = strict ? .strict : .lenient
        options.progress = { step in progress.update(step) }
        let stageClock = StageClock(enabled: timings)
        if timings {
            Console.error("timing: huge pages: " + HugePages.describe(HugePages.current()))
            Console.error("timing: heap growth: " + HeapGrowth.applied)
        }
        // A stage that counts nothing (classifying, joining, groups) shows
        // its name until it does or the next begins. The line is cleared
        // first: `--timings` prints the stage that ended, on a line of its own.
        options.stage = { name in
            progress.finish()
            stageClock.begin(name)
            progress.update(SyncProgress(phase: name, records: 0))
        }
        options.keepWorkingData = { ExitTimeRelease.keep($0) }
        // Begun here, not by the engine: the store is read before it runs.
        let opening = "open store and load prior state"
        stageClock.begin(opening)
        progress.update(SyncProgress(phase: opening, records: 0))

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
        stageClock.begin("commit")
        // Write the reports into their temporary files on the other core
        // while this one commits; they replace their targets only after the
        // commit succeeded (a failed commit leaves no report behind).
        // Yielding: the committing thread is the one everything waits for,
        // and the commit's encoder shares the other core; rendered at normal
        // priority the report took turns with both. Yielding, it fills the
        // time a core would idle (the index builds at the end of a first
        // run): the commit of a 100k first run took 1.00-1.06 s against
        // 1.10-1.26 s in six alternating pairs.
        let reportPaths = report
        let rendering = BackgroundTask(priority: .yielding) { () -> [Result<ReportSink, any Error>] in
            reportPaths.map { path in
                Result {
                    let format = ReportFormat(fileExtension: URL(fileURLWithPath: path).pathExtension) ?? .json
                    let sink = try ReportSink(.file(path))
                    try result.report.write(format, options: ReportRenderOptions(), to: sink)
                    try sink.sync()
                    return sink
                }
            }
        }
        if !outcome.thresholdExceeded && !dryRun {
            do {
                try store.commit(result, progress: { progress.update($0) })
                progress.finish()
            } catch {
                progress.finish()
                // Dropping the unfinished reports removes their temporary files.
                _ = try? rendering.wait()
                throw ToolExit(.failure, "profilesync: \(store.path): committing run \(result.record.id) failed, nothing was written: \(error)")
            }
        }
        stageClock.begin("write reports")
        let rendered = (try? rendering.wait()) ?? []
        for written in rendered {
            do {
                try written.get().finish()
            } catch {
                throw ToolExit(.failure, "profilesync: \(error.localizedDescription)")
            }
        }
        stageClock.finish()
        ExitTimeRelease.keep(outcome)
        if !quiet {
            RunSummaryPrinter.printDiagnostics(result.diagnostics, limit: 20)
            print(RunSummaryPrinter.render(result.record), terminator: "")
        } else {
            // --quiet prints nothing but errors: a skipped record is one.
            RunSummaryPrinter.printDiagnostics(result.diagnostics.filter { $0.severity == .error }, limit: 20)
        }
        if outcome.thresholdExceeded { throw ToolExit(.deletionThreshold) }
        if strict && result.record.summary.errors > 0 { throw ToolExit(.failure) }
    }
}

import ArgumentParser
import Foundation

/// `profilesync`: offline user-profile synchronization from directory exports.
@main
struct ProfileSyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profilesync",
        abstract: "Offline user-profile synchronization from LDIF, CSV and BDC model files.",
        discussion: """
            Imports directory exports (LDIF), supplements them with business data (CSV \
            described by BDC models), keeps a SQLite profile store and reports every change.
            """,
        version: ProfileSyncVersion.current,
        subcommands: [SyncCommand.self, InspectCommand.self, CheckCommand.self, ReportCommand.self, ShowCommand.self, ExportCommand.self, RunsCommand.self, MissingCommand.self, PurgeCommand.self, ScheduleCommand.self, GenerateCommand.self]
    )

    /// Runs the tool with DESIGN §5's exit codes: 0 done, 1 error, 2 usage,
    /// 3 stopped by the deletion threshold, 4 store busy. ArgumentParser's own
    /// usage code (64) becomes 2.
    static func main() {
        // Before anything is allocated: the restart replaces this process.
        if CommandLine.arguments.dropFirst().first == "sync" { HugePages.restartIfAsked() }
        // Before any thread of the run makes its heap.
        HeapGrowth.apply()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let exit as ToolExit {
            if !exit.message.isEmpty { Console.error(exit.message) }
            Foundation.exit(exit.code.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                exit(withError: error)
            }
            if code == .validationFailure {
                Console.error(fullMessage(for: error))
                Foundation.exit(ToolExitCode.usage.rawValue)
            }
            exit(withError: error)
        }
    }
}

enum ProfileSyncVersion {
    static let current = "0.1.0"
}

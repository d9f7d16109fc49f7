import ArgumentParser
import ProfileStore
import Reports

/// `profilesync runs`: the run history.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List the runs recorded in the store: kind, status, times, inputs and counts.")

    @OptionGroup var location: StoreLocation

    func run() throws {
        let store = try location.openForReading(command: "runs")
        let runs = try StoreLocation.reporting("runs") { try store.runs() }
        try ReportOutput.standardOutput.write(
            RunHistoryTable(runs: runs).renderText(options: StoreLocation.renderOptions(for: .standardOutput)))
    }
}

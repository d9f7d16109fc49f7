import ArgumentParser
import ProfileStore
import Reports

extension ReportFormat: ExpressibleByArgument {}

/// `profilesync report`: a committed run's change report in any format.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the change report of a run (the last one by default) as text, JSON, CSV, HTML or LDIF.",
        discussion: """
            text: summary table, then changes grouped by kind (colour on a terminal unless NO_COLOR is set). \
            json: DESIGN §5.2. csv: one row per property change (run, kind, anchor, account, dn, property, \
            old, new, source), formulas neutralised. html: one self-contained page with a chart and \
            filterable tables. ldif: the change records that would bring a directory in line with the store. \
            With --output, the file is written atomically with mode 0600.
            """)

    @OptionGroup var location: StoreLocation

    @Option(name: .customLong("run"), help: ArgumentHelp("The run to report (default: the last run).", valueName: "N"))
    var runID: Int?

    @Option(help: ArgumentHelp("The report format.", valueName: "FORMAT"))
    var format: ReportFormat = .text

    @Option(help: ArgumentHelp("Write to FILE (atomically, mode 0600) instead of stdout.", valueName: "FILE"))
    var output: String?

    func run() throws {
        let store = try location.openForReading(command: "report")
        let destination = ReportOutput(path: output)
        let bytes = try StoreLocation.reporting("report") {
            guard let report = try store.report(runID: runID) else {
                if let runID { throw ToolExit(.failure, "report: no run \(runID) in \(store.path)") }
                throw ToolExit(.failure, "report: \(store.path) has no runs yet")
            }
            return report.render(format, options: StoreLocation.renderOptions(for: destination))
        }
        try StoreLocation.reporting("report") { try destination.write(bytes) }
    }
}

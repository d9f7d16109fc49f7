import Diagnostics
import Foundation
import ProfileCore

/// The short summary `sync` prints: one line for the run, then counts per kind.
enum RunSummaryPrinter {
    static func render(_ record: RunRecord) -> String {
        let seconds = record.finished.timeIntervalSince(record.started)
        let status: String
        switch record.status {
        case .completed: status = "committed"
        case .dryRun: status = "dry run, nothing written"
        case .stoppedByThreshold: status = "stopped by the deletion threshold, nothing written"
        case .failed: status = "failed"
        }
        var text = "run \(record.id) (\(record.kind.rawValue)): \(status) in \(String(format: "%.2f", seconds)) s\n"
        for note in record.notes { text += "note: \(note)\n" }
        let width = record.summary.fields.map(\.0.count).max() ?? 0
        for (name, value) in record.summary.fields {
            text += "  " + name.padding(toLength: width, withPad: " ", startingAt: 0) + "  \(value)\n"
        }
        return text
    }

    /// Prints the first `limit` diagnostics to stderr and says how many more the report holds.
    static func printDiagnostics(_ diagnostics: [Diagnostic], limit: Int) {
        for diagnostic in diagnostics.prefix(limit) { Console.diagnostic(diagnostic) }
        if diagnostics.count > limit {
            Console.error("… and \(diagnostics.count - limit) more diagnostics (see the report)")
        }
    }
}

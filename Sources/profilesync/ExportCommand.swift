import ArgumentParser
import ProfileCore
import ProfileStore
import Reports

extension ProfileExportFormat: ExpressibleByArgument {}

/// `profilesync export`: every profile with every property.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the store's active profiles with all their properties as JSON Lines, CSV or LDIF.",
        discussion: """
            jsonl: one object per profile {"anchor","connection","account","dn","state",("reason"),\
            "properties":{name: value or [values]}}. csv: account, anchor, dn, state, then one column \
            per property, several values joined with "; ", formulas neutralised. ldif: one content \
            record per profile. --include-marked adds the profiles marked for deletion or excluded.
            """)

    @OptionGroup var location: StoreLocation

    @Option(help: ArgumentHelp("The export format.", valueName: "FORMAT"))
    var format: ProfileExportFormat

    @Flag(help: "Also export profiles marked for deletion or excluded (with their state).")
    var includeMarked = false

    @Option(help: ArgumentHelp("Write to FILE (atomically, mode 0600) instead of stdout.", valueName: "FILE"))
    var output: String?

    func run() throws {
        let store = try location.openForReading(command: "export")
        let states: Set<ProfileState> = includeMarked ? [] : [.active]
        let destination = ReportOutput(path: output)
        try StoreLocation.reporting("export") {
            let sink = try ReportSink(destination)
            // One read transaction: the CSV columns and rows come from the same store state.
            try store.walkProfiles { walk in
                var names = ProfileExportWriter.PropertyNames()
                if format == .csv { try walk.forEach(in: states) { names.collect(from: $0) } }
                var writer = ProfileExportWriter(format: format, propertyNames: names.names)
                try walk.forEach(in: states) { profile in
                    writer.append(profile)
                    if writer.pendingByteCount >= 1 << 20 { try sink.write(writer.takeBytes()) }
                }
                try sink.write(writer.takeBytes())
            }
            try sink.finish()
        }
    }
}

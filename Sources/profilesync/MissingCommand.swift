import ArgumentParser
import ProfileStore
import Reports

/// `profilesync missing`: profiles marked for deletion or excluded
/// (SharePoint's GetNonImportedObjects).
struct MissingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "missing",
        abstract: "List profiles marked for deletion or excluded, with the reason and since when.",
        discussion: """
            These are SharePoint's non-imported objects: profiles absent from the last full \
            export (or deleted in a delta), and profiles filtered out (disabled, filtered, scope). \
            Remove them for good with 'profilesync purge --yes'.
            """)

    @OptionGroup var location: StoreLocation

    func run() throws {
        let store = try location.openForReading(command: "missing")
        let profiles = try StoreLocation.reporting("missing") {
            try store.profiles(in: [.markedForDeletion, .excluded]).map(ProfileStanding.init)
        }
        try ReportOutput.standardOutput.write(
            NonImportedList(profiles: profiles).renderText(options: StoreLocation.renderOptions(for: .standardOutput)))
    }
}

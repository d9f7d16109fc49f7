import ArgumentParser
import ProfileStore
import Reports

/// `profilesync purge --yes`: deletes the non-imported profiles for good
/// (SharePoint's PurgeNonImportedObjects).
struct PurgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Delete the profiles marked for deletion or excluded (irreversible; needs --yes).",
        discussion: """
            Without --yes, lists what would be purged and changes nothing. With --yes, takes \
            the store's run lock (exit code 4 when a run holds it), deletes those profiles \
            and prints how many. Their change history stays in the run log.
            """)

    @OptionGroup var location: StoreLocation

    @Flag(help: "Really delete them. Without it, only list what would be deleted.")
    var yes = false

    func run() throws {
        let output = ReportOutput.standardOutput
        let options = StoreLocation.renderOptions(for: output)
        guard yes else {
            let store = try location.openForReading(command: "purge")
            let list = try StoreLocation.reporting("purge") {
                NonImportedList(profiles: try store.profiles(in: [.markedForDeletion, .excluded]).map(ProfileStanding.init))
            }
            if list.profiles.isEmpty {
                try output.write(Array("Nothing to purge: no profile is marked for deletion or excluded.\n".utf8))
                return
            }
            try output.write(Array("Would purge \(list.countText):\n".utf8))
            try output.write(list.renderText(options: options))
            try output.write(Array("Nothing was deleted. Run again with --yes to delete them; this cannot be undone.\n".utf8))
            return
        }

        let path = try location.path(command: "purge")
        // Opening for writing would create a missing store; purging one is a mistake worth reporting.
        _ = try location.openForReading(command: "purge")
        let store: ProfileStore
        do {
            store = try ProfileStore.openForWriting(path: path, purpose: "profilesync purge")
        } catch let busy as StoreLock.Busy {
            throw ToolExit(.storeBusy, "purge: \(busy)")
        } catch {
            throw ToolExit(.failure, "purge: cannot open the profile store \(path): \(error)")
        }
        defer { store.close() }
        let message = try StoreLocation.reporting("purge") {
            let list = NonImportedList(
                profiles: try store.profiles(in: [.markedForDeletion, .excluded]).map(ProfileStanding.init))
            let purged = try store.purgeNonImported()
            return purged == list.profiles.count ? "Purged \(list.countText).\n" : "Purged \(purged) profiles.\n"
        }
        try output.write(Array(message.utf8))
    }
}

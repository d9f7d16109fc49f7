import ArgumentParser
import ProfileCore
import ProfileStore
import Reports

/// `profilesync show ACCOUNT`: one profile with where each value came from.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one profile: each value with its source and run; --history lists its changes.",
        discussion: """
            ACCOUNT is an AccountName (DOMAIN\\user, case-insensitive), an anchor \
            (objectGUID string, entryUUID or DN, as configured), or a distinguished name. \
            Exit code 1 when no profile matches.
            """)

    @OptionGroup var location: StoreLocation

    @Argument(help: ArgumentHelp("AccountName, anchor or DN of the profile.", valueName: "ACCOUNT"))
    var account: String

    @Flag(help: "Also list every change of the profile, run by run.")
    var history = false

    func run() throws {
        let store = try location.openForReading(command: "show")
        let bytes = try StoreLocation.reporting("show") {
            guard let stored = try store.findProfile(account) else {
                throw ToolExit(
                    .failure, "show: no profile matches '\(account)' (as AccountName, anchor or DN) in \(store.path)")
            }
            let key = stored.profile.key
            let member = "\(key.connection)/\(key.anchor)"
            let groups = try store.groups().filter { $0.members.contains(member) }.map(\.dn)
            let changes = history ? try store.history(of: key) : nil
            let sheet = ProfileSheet(standing: ProfileStanding(stored), groups: groups, history: changes)
            return sheet.renderText(options: StoreLocation.renderOptions(for: .standardOutput))
        }
        try ReportOutput.standardOutput.write(bytes)
    }
}

extension ProfileStanding {
    /// The store's view of a profile, as the report types take it.
    init(_ stored: ProfileStore.StoredProfile) {
        self.init(
            profile: stored.profile, createdRun: stored.createdRun, updatedRun: stored.updatedRun,
            stateRun: stored.stateRun, stateSince: stored.stateSince)
    }
}

import ProfileCore

/// Profiles marked for deletion or excluded, for `profilesync missing` and
/// `purge` (SharePoint's GetNonImportedObjects): state, reason, since when.
public struct NonImportedList: Sendable {
    public var profiles: [ProfileStanding]

    public init(profiles: [ProfileStanding]) {
        self.profiles = profiles
    }

    /// How many are marked for deletion and how many excluded.
    public var counts: (markedForDeletion: Int, excluded: Int) {
        let marked = profiles.count { $0.profile.state == .markedForDeletion }
        return (marked, profiles.count { $0.profile.state == .excluded })
    }

    /// `2 profiles (1 marked for deletion, 1 excluded)`.
    public var countText: String {
        let (marked, excluded) = counts
        let noun = profiles.count == 1 ? "profile" : "profiles"
        return "\(profiles.count) \(noun) (\(marked) marked for deletion, \(excluded) excluded)"
    }

    /// An aligned table, or a line saying there is nothing to list.
    public func renderText(options: ReportRenderOptions = .init()) -> [UInt8] {
        guard !profiles.isEmpty else {
            return Array("No profiles are marked for deletion or excluded.\n".utf8)
        }
        let style = TerminalStyle(enabled: options.color)
        var table = TextTable(alignments: [.left, .left, .left, .left, .right, .left, .left])
        table.append(["ACCOUNT", "STATE", "REASON", "SINCE", "RUN", "DN", "ANCHOR"].map { .init($0, .dim) })
        for standing in profiles {
            let profile = standing.profile
            table.append([
                .init(profile.account, .bold), .init(profile.state.rawValue, .red),
                .init(profile.reason?.rawValue ?? ""), .init(standing.stateSince), .init(String(standing.stateRun)),
                .init(profile.dn), .init(profile.key.anchor, .dim),
            ])
        }
        return Array((table.lines(style: style).joined(separator: "\n") + "\n").utf8)
    }
}

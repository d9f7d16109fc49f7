import ProfileCore

/// One profile for `profilesync show`: identity, state and since when, each
/// property with its values, its source and the run that set it, the groups
/// it belongs to, and optionally its history run by run.
public struct ProfileSheet: Sendable {
    public var standing: ProfileStanding
    /// DNs of the groups the profile is a member of.
    public var groups: [String]
    /// Every change of the profile with its run, oldest first; nil when not asked for.
    public var history: [(run: Int, change: ProfileChange)]?

    public init(standing: ProfileStanding, groups: [String], history: [(run: Int, change: ProfileChange)]?) {
        self.standing = standing
        self.groups = groups
        self.history = history
    }

    /// The sheet as text for a terminal; colour only when `options.color`.
    public func renderText(options: ReportRenderOptions = .init()) -> [UInt8] {
        let style = TerminalStyle(enabled: options.color)
        let profile = standing.profile
        var lines: [String] = [style.apply(.bold, TerminalText.printable(profile.account))]
        var identity = TextTable()
        identity.append([.init("anchor"), .init(profile.key.anchor)])
        identity.append([.init("connection"), .init(profile.key.connection)])
        identity.append([.init("dn"), .init(profile.dn)])
        let stateAttribute: TerminalStyle.Attribute = profile.state == .active ? .green : .red
        identity.append([
            .init("state"),
            .init("\(standing.stateText) since \(standing.stateSince) (run \(standing.stateRun))", stateAttribute),
        ])
        identity.append([.init("created"), .init("run \(standing.createdRun)")])
        identity.append([.init("updated"), .init("run \(standing.updatedRun)")])
        lines += identity.lines(indent: "  ", style: style)

        lines.append("")
        lines.append(style.apply(.bold, "Properties (\(profile.properties.count))"))
        var properties = TextTable(alignments: [.left, .left, .left, .right])
        properties.append(["NAME", "VALUE", "SOURCE", "RUN"].map { .init($0, .dim) })
        for property in profile.properties {
            let values = property.values.isEmpty ? [""] : property.values
            properties.append([
                .init(property.name), .init(values[0]), .init(property.source, .dim), .init(String(property.run)),
            ])
            // Further values of a multi-valued property go on lines of their own.
            for value in values.dropFirst() {
                properties.append([.init(""), .init(value)])
            }
        }
        lines += properties.lines(indent: "  ", style: style)

        if !groups.isEmpty {
            lines.append("")
            lines.append(style.apply(.bold, "Member of (\(groups.count))"))
            lines += groups.map { "  " + TerminalText.printable($0) }
        }

        if let history {
            lines.append("")
            lines.append(style.apply(.bold, "History (\(history.count) \(history.count == 1 ? "change" : "changes"))"))
            var table = TextTable(alignments: [.right, .left, .left])
            table.append(["RUN", "KIND", "DETAILS"].map { .init($0, .dim) })
            for (run, change) in history {
                for (index, detail) in Self.details(of: change).enumerated() {
                    table.append([
                        .init(index == 0 ? String(run) : ""), .init(index == 0 ? change.kind : "", .bold),
                        .init(detail),
                    ])
                }
            }
            lines += table.lines(indent: "  ", style: style)
        }
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// What a change did, one line per changed property.
    static func details(of change: ProfileChange) -> [String] {
        func values(_ values: [String]) -> String {
            values.isEmpty ? "(none)" : values.joined(separator: "; ")
        }
        switch change {
        case .add(_, let properties):
            return properties.isEmpty ? ["added"] : properties.map { "\($0.name) = \(values($0.new))  [\($0.source)]" }
        case .update(_, let properties):
            return properties.isEmpty
                ? ["updated"]
                : properties.map { "\($0.name): \(values($0.old)) → \(values($0.new))  [\($0.source)]" }
        case .markForDeletion: return ["marked for deletion"]
        case .exclude(_, let reason): return ["excluded: \(reason.rawValue)"]
        case .move(_, let oldDn, let newDn): return ["\(oldDn) → \(newDn)"]
        case .restore: return ["restored"]
        case .membership(let group, let added, let removed):
            return added.map { "\(group): + \($0)" } + removed.map { "\(group): - \($0)" }
        }
    }
}

import ProfileCore

/// The run history for `profilesync runs`: one aligned row per run.
public struct RunHistoryTable: Sendable {
    public var runs: [RunRecord]

    public init(runs: [RunRecord]) {
        self.runs = runs
    }

    /// The table as text; "No runs yet." for an empty store.
    public func renderText(options: ReportRenderOptions = .init()) -> [UInt8] {
        guard !runs.isEmpty else { return Array("No runs yet.\n".utf8) }
        let style = TerminalStyle(enabled: options.color)
        var table = TextTable(alignments: [.right, .left, .left, .left, .right] + Array(repeating: .right, count: 10))
        table.append(
            [
                "ID", "KIND", "STATUS", "STARTED", "DURATION", "INPUTS", "ADDED", "UPDATED", "UNCHANGED", "MARKED",
                "EXCLUDED", "RESTORED", "MOVED", "GROUPS", "ERRORS",
            ].map { .init($0, .dim) })
        for run in runs {
            let summary = run.summary
            let statusAttribute: TerminalStyle.Attribute? =
                switch run.status {
                case .completed: nil
                case .dryRun: .yellow
                case .stoppedByThreshold, .failed: .red
                }
            table.append([
                .init(String(run.id)), .init(run.kind.rawValue), .init(run.status.rawValue, statusAttribute),
                .init(ChangeReport.timestamp(run.started)),
                .init(HumanReadable.duration(from: run.started, to: run.finished)), .init(String(run.inputs.count)),
                .init(String(summary.added)), .init(String(summary.updated)), .init(String(summary.unchanged)),
                .init(String(summary.markedForDeletion)), .init(String(summary.excluded)),
                .init(String(summary.restored)), .init(String(summary.moved)),
                .init(String(summary.groupsAdded + summary.groupsUpdated)),
                .init(String(summary.errors), summary.errors > 0 ? .red : nil),
            ])
        }
        return Array((table.lines(style: style).joined(separator: "\n") + "\n").utf8)
    }
}

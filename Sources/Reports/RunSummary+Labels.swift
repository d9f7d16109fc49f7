import ProfileCore

extension RunSummary {
    /// The summary counts with a label for people, in DESIGN §5.2 order;
    /// `name` is the JSON key.
    var labeledFields: [(name: String, label: String, value: Int)] {
        fields.map { name, value in (name, Self.label(for: name), value) }
    }

    private static func label(for name: String) -> String {
        switch name {
        case "added": "Added"
        case "updated": "Updated"
        case "unchanged": "Unchanged"
        case "markedForDeletion": "Marked for deletion"
        case "restored": "Restored"
        case "excluded": "Excluded"
        case "moved": "Moved"
        case "groupsAdded": "Groups added"
        case "groupsUpdated": "Groups updated"
        case "membershipsAdded": "Memberships added"
        case "membershipsRemoved": "Memberships removed"
        case "unmatchedRows": "Unmatched rows"
        case "errors": "Errors"
        default: name
        }
    }

    /// The colour a non-zero count is shown in, for counts that call for attention.
    static func attribute(for name: String) -> TerminalStyle.Attribute? {
        switch name {
        case "added", "restored", "groupsAdded", "membershipsAdded": .green
        case "updated", "moved", "groupsUpdated": .yellow
        case "markedForDeletion", "excluded", "membershipsRemoved", "errors": .red
        case "unmatchedRows": .magenta
        default: nil
        }
    }
}

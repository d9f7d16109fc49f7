import ProfileCore

/// The groups a person-readable report (text, HTML) shows changes in: one
/// per `kind`, in the order an administrator reads them the morning after.
enum ChangeSection: String, CaseIterable, Sendable {
    case add, update, markForDeletion, exclude, move, restore, membership

    /// The section heading.
    var title: String {
        switch self {
        case .add: "Added"
        case .update: "Updated"
        case .markForDeletion: "Marked for deletion"
        case .exclude: "Excluded"
        case .move: "Moved"
        case .restore: "Restored"
        case .membership: "Group memberships"
        }
    }

    /// The section a change belongs to (its `kind`).
    init(_ change: ProfileChange) {
        switch change {
        case .add: self = .add
        case .update: self = .update
        case .markForDeletion: self = .markForDeletion
        case .exclude: self = .exclude
        case .move: self = .move
        case .restore: self = .restore
        case .membership: self = .membership
        }
    }

    /// The non-empty sections of `changes`, in section order, each with its
    /// changes in report order.
    static func grouped(_ changes: [ProfileChange]) -> [(section: ChangeSection, changes: [ProfileChange])] {
        var buckets: [ChangeSection: [ProfileChange]] = [:]
        for change in changes { buckets[ChangeSection(change), default: []].append(change) }
        return allCases.compactMap { section in
            buckets[section].map { (section, $0) }
        }
    }
}

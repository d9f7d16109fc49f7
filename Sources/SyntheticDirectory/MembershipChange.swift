/// A person joining or leaving a group between the two snapshots.
struct MembershipChange: Sendable, Equatable {
    let group: Int
    let person: Int
    let added: Bool

    /// Every membership difference, by group then person. Only people drift
    /// flagged can differ, so only they are compared.
    static func all(from baseline: Snapshot, to next: Snapshot) -> [MembershipChange] {
        var changes: [MembershipChange] = []
        var before: [Int] = [], after: [Int] = []
        for person in 0..<next.personCount where !next.flags(person).isEmpty {
            if baseline.isPresent(person) {
                GroupCatalog.groups(of: person, in: baseline, into: &before)
            } else {
                before.removeAll()
            }
            if next.isPresent(person) {
                GroupCatalog.groups(of: person, in: next, into: &after)
            } else {
                after.removeAll()
            }
            for group in before where !after.contains(group) {
                changes.append(MembershipChange(group: group, person: person, added: false))
            }
            for group in after where !before.contains(group) {
                changes.append(MembershipChange(group: group, person: person, added: true))
            }
        }
        return changes.sorted { ($0.group, $0.person) < ($1.group, $1.person) }
    }
}

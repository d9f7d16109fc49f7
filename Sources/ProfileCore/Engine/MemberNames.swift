/// How a run names group members in its reports: by the DN this run has
/// for the member, else the store's, else by its member key (an entry the
/// run leaves out, which the store never had).
///
/// A member is found by its position among the run's classified entries
/// (`SyncEngine`), or by its key as the store keeps it (`connection/anchor`,
/// or `dn:` and a DN that no entry has).
struct MemberNames: Sendable {
    /// Member key to position among the classified entries; only filled
    /// when the store has groups, whose lost members are named by key.
    let positionByMemberKey: [String: Int32]
    /// Whether the classified entry at a position became a candidate or a group.
    let listed: [Bool]
    /// Each classified entry's connection and position in its connection's entries.
    let classified: [(connection: Int, entry: Int)]
    let entryLists: [[DirectoryEntry]]
    /// Each classified entry's member key.
    let memberKeys: [String]
    let prior: PriorState

    /// A member's name by its key.
    func name(_ key: String) -> String {
        if key.hasPrefix("dn:") { return String(key.dropFirst(3)) }
        if let position = positionByMemberKey[key] { return name(position: Int(position)) }
        return priorName(key) ?? key
    }

    /// `name(_:)` of the classified entry at `position`, whose key names it
    /// alone (anchors are unique within a connection, and connection names
    /// have no "/"): `positionByMemberKey` maps that key to `position`.
    func name(position: Int) -> String {
        if listed[position] {
            let (connection, entry) = classified[position]
            return entryLists[connection][entry].dn
        }
        return priorName(memberKeys[position]) ?? memberKeys[position]
    }

    /// A member a group lost, named as the group knew it: by its DN before this run.
    func formerName(_ key: String) -> String {
        priorName(key) ?? name(key)
    }

    private func priorName(_ key: String) -> String? {
        guard let slash = key.firstIndex(of: "/") else { return nil }
        let profileKey = ProfileKey(connection: String(key[..<slash]), anchor: String(key[key.index(after: slash)...]))
        return prior.profiles[profileKey]?.dn ?? prior.groups[profileKey]?.dn
    }
}

import Foundation

/// Group membership of one export, nested groups included, for the in-chain
/// matching rule and for group reports.
///
/// Immutable once built; building is linear in the memberships. Transitive
/// questions are answered by walking the graph once per *target* and
/// memoising the result: an in-chain filter names one group, so over a
/// million users the walk happens once and each user costs a set probe per
/// direct group. Walks keep a visited set, so groups that contain each other
/// terminate (and a group in a cycle is its own nested member). Nothing is
/// precomputed per group, so a deep nesting chain cannot make the build
/// quadratic.
public final class MembershipGraph: @unchecked Sendable {
    // @unchecked: every stored property is immutable except `memo`, which is
    // only touched under `lock`.

    /// Node ids by normalized DN (the `DistinguishedName` hash).
    private let ids: [DistinguishedName: Int]
    /// Node ids by DN text exactly as written in the export, which lets the
    /// common case (a `memberOf` value spelled like the group's own DN) skip
    /// DN parsing.
    private let writtenIDs: [String: Int]
    private let dns: [DistinguishedName]
    /// Groups that directly contain each node.
    private let parents: [[Int]]
    /// Direct members of each node that are themselves groups.
    private let childGroups: [[Int]]
    private let isGroup: [Bool]

    private let lock = NSLock()
    /// Per group: the groups nested in it at any depth (memoised walks).
    private var nestedMemo: [Int: Set<Int>] = [:]
    /// Per node: the groups containing it at any depth (memoised walks).
    private var containingMemo: [Int: Set<Int>] = [:]

    /// Accumulates groups and members, then builds the graph.
    public struct Builder: Sendable {
        private var groups: [DistinguishedName: [DistinguishedName]] = [:]
        private var order: [DistinguishedName] = []

        public init() {}

        /// Adds `group` (it is a group even with no members) and its members.
        public mutating func addGroup(_ group: DistinguishedName, members: [DistinguishedName]) {
            if groups[group] == nil {
                order.append(group)
                groups[group] = members
            } else {
                groups[group]!.append(contentsOf: members)
            }
        }

        /// Adds one member to `group`.
        public mutating func addMember(_ member: DistinguishedName, toGroup group: DistinguishedName) {
            addGroup(group, members: [member])
        }

        public func build() -> MembershipGraph {
            MembershipGraph(groups: order.map { (dn: $0, members: groups[$0]!) })
        }
    }

    /// Builds the graph of `groups`, each with its direct members (users or
    /// groups). A group listed twice has the union of its member lists.
    public init(groups: [(dn: DistinguishedName, members: [DistinguishedName])]) {
        var ids: [DistinguishedName: Int] = [:]
        var writtenIDs: [String: Int] = [:]
        var dns: [DistinguishedName] = []
        // Arrays, not sets: most nodes are users in a handful of groups, and a
        // set per node would dominate building a graph of a million members.
        var parentLists: [[Int]] = []
        var isGroup: [Bool] = []
        let capacity = groups.count + groups.reduce(0) { $0 + $1.members.count }
        ids.reserveCapacity(capacity)
        writtenIDs.reserveCapacity(capacity)

        // One hash per lookup-or-insert: `&dictionary[key, default: new]`
        // inserts through the modify accessor only when the key is missing.
        // String hashing dominates building a graph of a million members.
        func node(_ dn: DistinguishedName) -> Int {
            let new = dns.count
            var id = new
            Self.read(&ids[dn, default: new]) { id = $0 }
            if id == new {
                dns.append(dn)
                parentLists.append([])
                isGroup.append(false)
            }
            Self.read(&writtenIDs[dn.description, default: id]) { _ in }
            return id
        }

        for (group, members) in groups {
            let groupID = node(group)
            isGroup[groupID] = true
            for member in members {
                parentLists[node(member)].append(groupID)
            }
        }

        let parents = parentLists.map { list in
            list.count < 2 ? list : Array(Set(list)).sorted()
        }
        var childGroups = [[Int]](repeating: [], count: dns.count)
        for (member, groupsOfMember) in parents.enumerated() where isGroup[member] {
            for group in groupsOfMember { childGroups[group].append(member) }
        }
        self.ids = ids
        self.writtenIDs = writtenIDs
        self.dns = dns
        self.parents = parents
        self.childGroups = childGroups
        self.isGroup = isGroup
    }

    private static func read(_ value: inout Int, _ body: (Int) -> Void) { body(value) }

    /// Every node reachable from `start` (excluding `start` unless a cycle
    /// leads back to it) along `edges`; iterative, so nesting depth is no issue.
    private static func reachable(from start: Int, along edges: [[Int]]) -> Set<Int> {
        var seen = Set<Int>()
        var pending = edges[start]
        while let node = pending.popLast() {
            if seen.insert(node).inserted { pending.append(contentsOf: edges[node]) }
        }
        return seen
    }

    /// The groups nested in `group`, at any depth.
    private func nested(in group: Int) -> Set<Int> {
        lock.lock()
        defer { lock.unlock() }
        if let known = nestedMemo[group] { return known }
        let result = Self.reachable(from: group, along: childGroups)
        nestedMemo[group] = result
        return result
    }

    /// The groups that contain `member`, at any depth.
    private func containing(_ member: Int) -> Set<Int> {
        lock.lock()
        defer { lock.unlock() }
        if let known = containingMemo[member] { return known }
        let result = Self.reachable(from: member, along: parents)
        containingMemo[member] = result
        return result
    }

    /// Every group in the graph.
    public var groups: [DistinguishedName] {
        dns.indices.filter { isGroup[$0] }.map { dns[$0] }
    }

    /// Whether `member` is in `group`: directly, or also through nested groups
    /// when `transitively`.
    public func isMember(
        _ member: DistinguishedName, ofGroup group: DistinguishedName, transitively: Bool
    ) -> Bool {
        guard let memberID = ids[member], let groupID = ids[group] else { return false }
        return isMember(memberID, ofGroup: groupID, transitively: transitively)
    }

    /// The groups that contain `member`: directly, or also through nested
    /// groups when `transitively`.
    public func groups(containing member: DistinguishedName, transitively: Bool) -> Set<DistinguishedName> {
        guard let memberID = ids[member] else { return [] }
        let found = transitively ? containing(memberID) : Set(parents[memberID])
        return Set(found.map { dns[$0] })
    }

    // MARK: Node-level access for filter evaluation

    /// The node of a DN known to the graph.
    func node(of dn: DistinguishedName) -> Int? { ids[dn] }

    /// The node of DN text, trying the text as written before parsing it.
    func node(ofText text: String) -> Int? {
        if let id = writtenIDs[text] { return id }
        guard let dn = try? DistinguishedName(text) else { return nil }
        return ids[dn]
    }

    /// Whether node `member` is in node `group`. Transitively, the walk goes
    /// down from the group (memoised per group: a memberOf in-chain filter
    /// names one group and asks about every user).
    func isMember(_ member: Int, ofGroup group: Int, transitively: Bool) -> Bool {
        let direct = parents[member]
        if direct.contains(group) { return true }
        guard transitively, isGroup[group] else { return false }
        let inside = nested(in: group)
        return direct.contains { inside.contains($0) }
    }

    /// Whether node `member` is in node `group` at any depth, walking up from
    /// the member (memoised per member: a member in-chain filter names one
    /// member and asks about every group).
    func isNestedMember(_ member: Int, ofGroup group: Int) -> Bool {
        parents[member].contains(group) || containing(member).contains(group)
    }
}

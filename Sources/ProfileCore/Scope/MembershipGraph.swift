/// Group membership of one export, nested groups included, for the in-chain
/// matching rule and for group reports.
///
/// Immutable once built. Transitive memberships of every group are computed
/// once, at build time, over the strongly connected components of the
/// "is a member of" graph, so groups that contain each other are handled and
/// each query is a dictionary lookup plus a set probe per direct group: a
/// filter with an in-chain clause over a million users stays linear.
public final class MembershipGraph: Sendable {
    /// Node ids by normalized DN (the `DistinguishedName` hash).
    private let ids: [DistinguishedName: Int]
    /// Node ids by DN text exactly as written in the export, which lets the
    /// common case (a `memberOf` value spelled like the group's own DN) skip
    /// DN parsing.
    private let writtenIDs: [String: Int]
    private let dns: [DistinguishedName]
    /// Groups that directly contain each node.
    private let parents: [[Int]]
    /// For group nodes, the component they belong to; -1 for plain members.
    private let component: [Int]
    /// Per component: every group that contains its groups, directly or not.
    private let ancestors: [Set<Int>]

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
        let (component, ancestors) = Self.closures(parents: parents, isGroup: isGroup)
        self.ids = ids
        self.writtenIDs = writtenIDs
        self.dns = dns
        self.parents = parents
        self.component = component
        self.ancestors = ancestors
    }

    private static func read(_ value: inout Int, _ body: (Int) -> Void) { body(value) }

    /// Tarjan's algorithm, iterative (nesting can be deep), over group nodes
    /// with edges member → containing group. Components come out after every
    /// component they reach, so each one's ancestors are the union of its
    /// outside parents and their (already final) ancestors.
    private static func closures(parents: [[Int]], isGroup: [Bool]) -> ([Int], [Set<Int>]) {
        let count = parents.count
        var order = [Int](repeating: -1, count: count)
        var low = [Int](repeating: 0, count: count)
        var onStack = [Bool](repeating: false, count: count)
        var component = [Int](repeating: -1, count: count)
        var ancestors: [Set<Int>] = []
        var stack: [Int] = []
        var counter = 0

        for root in 0..<count where isGroup[root] && order[root] == -1 {
            var work: [(node: Int, next: Int)] = []
            func visit(_ node: Int) {
                order[node] = counter
                low[node] = counter
                counter += 1
                stack.append(node)
                onStack[node] = true
                work.append((node, 0))
            }
            visit(root)
            while let (node, next) = work.last {
                if next < parents[node].count {
                    work[work.count - 1].next += 1
                    let parent = parents[node][next]
                    if order[parent] == -1 {
                        visit(parent)
                    } else if onStack[parent] {
                        low[node] = min(low[node], order[parent])
                    }
                    continue
                }
                work.removeLast()
                if let caller = work.last { low[caller.node] = min(low[caller.node], low[node]) }
                guard low[node] == order[node] else { continue }

                var members: [Int] = []
                var popped: Int
                repeat {
                    popped = stack.removeLast()
                    onStack[popped] = false
                    members.append(popped)
                } while popped != node
                let id = ancestors.count
                for member in members { component[member] = id }
                var closure = Set<Int>()
                for member in members {
                    for parent in parents[member] where component[parent] != id {
                        closure.insert(parent)
                        closure.formUnion(ancestors[component[parent]])
                    }
                }
                // Groups in a cycle (or containing themselves) are their own
                // nested members.
                if members.count > 1 || parents[node].contains(node) {
                    closure.formUnion(members)
                }
                ancestors.append(closure)
            }
        }
        return (component, ancestors)
    }

    /// Every group in the graph.
    public var groups: [DistinguishedName] {
        dns.indices.filter { component[$0] >= 0 }.map { dns[$0] }
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
        var result = Set<DistinguishedName>()
        for parent in parents[memberID] {
            result.insert(dns[parent])
            if transitively {
                for ancestor in ancestors[component[parent]] { result.insert(dns[ancestor]) }
            }
        }
        return result
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

    func isMember(_ member: Int, ofGroup group: Int, transitively: Bool) -> Bool {
        if component[member] >= 0 && transitively {
            return ancestors[component[member]].contains(group)
        }
        for parent in parents[member] {
            if parent == group { return true }
            if transitively && ancestors[component[parent]].contains(group) { return true }
        }
        return false
    }
}

import Diagnostics

/// A directory connection's scope rules, compiled once per run (DESIGN §3):
/// containers, `excludeDisabled`, the LDAP `filter` and the exclusion rules.
public struct ConnectionScope: Sendable {
    public let containers: ContainerScope
    public let filter: LDAPFilter?
    public let excludeDisabled: Bool
    public let userExclusions: ExclusionSet
    public let groupExclusions: ExclusionSet
    // Compiled once: each entry compiled the rules again (folded values,
    // parsed integers) before testing them.
    private let userExclusionRules: ExclusionSet.Evaluator
    private let groupExclusionRules: ExclusionSet.Evaluator

    /// Compiles a connection's scope; a bad container DN, filter or rule is
    /// a located diagnostic.
    public init(_ connection: DirectoryConnectionConfig, file: String) throws(Diagnostic) {
        do {
            containers = try ContainerScope(containers: connection.containers)
        } catch {
            throw .error(
                "connection '\(connection.name)': containers: \(error)",
                at: connection.location)
        }
        if let text = connection.filter {
            do {
                filter = try LDAPFilter(text)
            } catch {
                var location = connection.filterLocation ?? connection.location
                if location.column != nil { location.column = (location.column ?? 1) + error.column }
                throw .error("connection '\(connection.name)': filter: \(error.message) (column \(error.column) of the filter)", at: location)
            }
        } else {
            filter = nil
        }
        excludeDisabled = connection.excludeDisabled
        userExclusions = connection.userExclusions
        groupExclusions = connection.groupExclusions
        userExclusionRules = ExclusionSet.Evaluator(connection.userExclusions)
        groupExclusionRules = ExclusionSet.Evaluator(connection.groupExclusions)
        do {
            try userExclusions.validate()
            try groupExclusions.validate()
        } catch {
            throw .error("connection '\(connection.name)': exclusions: \(error)", at: connection.location)
        }
    }

    private static let userAccountControl = AttributeKey("useraccountcontrol")

    /// Decides a user entry's fate. Order matters for the reported reason:
    /// containers first (never in scope), then disabled, then the LDAP
    /// filter, then the exclusion rules.
    ///
    /// The entry's DN is parsed only when it is not plain
    /// (`ContainerScope.contains(dnText:)`); one that does not parse is
    /// outside any containers there are.
    public func decide(user entry: DirectoryEntry, context: FilterContext) -> ScopeDecision {
        switch containers.contains(dnText: entry.dn) {
        case false?: return .outsideContainers
        case nil where !containers.includesEverything: return .outsideContainers
        default: break
        }
        if excludeDisabled, let flags = entry.values(for: Self.userAccountControl).first?.integer, flags & 0x2 != 0 {
            return .excluded(.disabled)
        }
        if let filter, !filter.matches(entry, context: context) { return .excluded(.scope) }
        if userExclusionRules.excludes(entry) { return .excluded(.filtered) }
        return .inScope
    }

    /// Whether a group is imported: inside the containers and not excluded
    /// (a DN that does not parse is not held against the group).
    public func includes(group entry: DirectoryEntry) -> Bool {
        if containers.contains(dnText: entry.dn) == false { return false }
        return !groupExclusionRules.excludes(entry)
    }
}

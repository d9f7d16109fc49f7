/// A connection's `containers:` (DESIGN §3): the OUs to import, each with its
/// whole subtree. An empty list means everything.
///
/// Containers are parsed as DNs, so matching is case-insensitive, ignores
/// spacing, understands escapes, and only ever matches at RDN boundaries:
/// `OU=Staff,DC=contoso,DC=com` contains neither `CN=x,OU=Staff2,DC=contoso,DC=com`
/// nor `CN=x,OU=Staff\,Old,DC=contoso,DC=com`.
public struct ContainerScope: Sendable {
    /// The containers, with any container inside another one dropped.
    public let containers: [DistinguishedName]

    /// Parses each container; the error names the container that failed.
    public init(containers: [String]) throws(ContainerScopeError) {
        var parsed: [DistinguishedName] = []
        for (position, text) in containers.enumerated() {
            do {
                parsed.append(try DistinguishedName(text))
            } catch {
                throw ContainerScopeError(
                    index: position, container: text, column: error.column, message: error.message)
            }
        }
        self.init(parsed)
    }

    /// A scope of already-parsed containers.
    public init(_ containers: [DistinguishedName]) {
        // A container inside another adds nothing; dropping it keeps the
        // per-entry work to the distinct subtrees.
        var kept: [DistinguishedName] = []
        for candidate in containers.sorted(by: { $0.rdns.count < $1.rdns.count })
        where !kept.contains(where: { candidate.isDescendant(of: $0, orSelf: true) }) {
            kept.append(candidate)
        }
        self.containers = kept
    }

    /// Whether every DN is in scope (no containers, or the root among them).
    public var includesEverything: Bool {
        containers.isEmpty || containers.contains(where: \.isEmpty)
    }

    /// Whether `dn` is one of the containers or lies below one.
    public func contains(_ dn: DistinguishedName) -> Bool {
        if containers.isEmpty { return true }
        for container in containers where dn.isDescendant(of: container, orSelf: true) {
            return true
        }
        return false
    }
}

/// A container that is not a valid DN: which one (0-based), and where in it.
public struct ContainerScopeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The container's 0-based position in the list.
    public var index: Int
    /// The container as written.
    public var container: String
    /// The 1-based column (UTF-8 bytes) of the problem within the container.
    public var column: Int
    public var message: String

    public init(index: Int, container: String, column: Int, message: String) {
        self.index = index
        self.container = container
        self.column = column
        self.message = message
    }

    public var description: String {
        "container \(index + 1) '\(container)', column \(column): \(message)"
    }
}

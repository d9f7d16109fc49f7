/// What a directory entry is, judged by its objectClass values.
public enum ObjectKind: Sendable, Hashable {
    /// A person that gets a profile (AD `user`, OpenLDAP `inetOrgPerson`/`person`).
    case user
    /// A group: stored with its members, no profile.
    case group
    /// Anything else (computers, contacts, OUs, containers): counted, not imported.
    case other

    private static let groupClasses: Set<String> = ["group", "groupofnames", "groupofuniquenames", "posixgroup"]
    private static let userClasses: Set<String> = ["user", "inetorgperson", "person", "organizationalperson"]
    // AD computers and contacts also carry person-ish classes; they are not users.
    private static let notUserClasses: Set<String> = ["computer", "contact", "msds-managedserviceaccount"]

    public init(_ entry: DirectoryEntry) {
        var isUser = false
        var isGroup = false
        var excluded = false
        for value in entry.values(forKey: "objectclass") {
            guard let name = value.text?.lowercased() else { continue }
            if Self.groupClasses.contains(name) { isGroup = true }
            if Self.userClasses.contains(name) { isUser = true }
            if Self.notUserClasses.contains(name) { excluded = true }
        }
        if isGroup {
            self = .group
        } else if isUser && !excluded {
            self = .user
        } else {
            self = .other
        }
    }
}

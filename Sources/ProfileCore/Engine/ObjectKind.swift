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

    /// The same names as bytes, for values compared without making strings.
    private static let groupNames = groupClasses.map { Array($0.utf8) }
    private static let userNames = userClasses.map { Array($0.utf8) }
    private static let notUserNames = notUserClasses.map { Array($0.utf8) }
    private static let objectClass = AttributeKey("objectclass")

    /// The kind `entry`'s object classes make it. Borrowed: classification
    /// asks it of every entry of an export, and an initializer's argument is
    /// otherwise owned, a copy of the entry for each.
    public init(_ entry: borrowing DirectoryEntry) {
        var isUser = false
        var isGroup = false
        var excluded = false
        // Compared as bytes: a string, its lowercased copy and three set
        // lookups per value were 8,000 instructions an entry. Non-ASCII
        // values take the string path (Unicode lowercasing). The tables are
        // read once here: each read of a static in the loop was a call
        // (swift_once), 24 an entry.
        let (groupNames, userNames, notUserNames) = (Self.groupNames, Self.userNames, Self.notUserNames)
        entry.values(for: Self.objectClass).forEachEncoded { bytes, isText in
            guard isText else { return }
            let ascii = bytes.allSatisfy { $0 < 0x80 }
            func any(_ names: [[UInt8]], _ set: @autoclosure () -> Set<String>) -> Bool {
                if ascii { return names.contains { CaseFold.equals(ascii: bytes, lowercased: $0) } }
                return set().contains(String(decoding: bytes, as: UTF8.self).lowercased())
            }
            if any(groupNames, Self.groupClasses) { isGroup = true }
            if any(userNames, Self.userClasses) { isUser = true }
            if any(notUserNames, Self.notUserClasses) { excluded = true }
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

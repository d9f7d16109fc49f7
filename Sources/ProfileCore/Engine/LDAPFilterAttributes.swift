/// The attribute names an LDAP filter string mentions, found by a light scan
/// (`(name=`, `(name>=`, `(name:rule:=` …). A superset is harmless: it only
/// decides which attributes a run keeps in memory and in snapshots.
enum LDAPFilterAttributes {
    static func keys(in filter: String) -> Set<String> {
        var keys: Set<String> = []
        var name = ""
        var collecting = false
        for character in filter {
            if character == "(" {
                name = ""
                collecting = true
            } else if collecting {
                if character == "=" || character == "~" || character == "<" || character == ">" || character == ":" {
                    if !name.isEmpty { keys.insert(DirectoryEntry.key(name)) }
                    collecting = false
                } else if character == "&" || character == "|" || character == "!" || character == ")" {
                    collecting = false
                } else {
                    name.append(character)
                }
            }
        }
        return keys
    }
}

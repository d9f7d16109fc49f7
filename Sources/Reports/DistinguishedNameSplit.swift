/// Splitting a DN (RFC 4514) into its first RDN and its parent, for the
/// `newrdn` and `newsuperior` of a `moddn` record.
enum DistinguishedNameSplit {
    /// `("CN=Mover", "OU=Sales,DC=contoso,DC=com")` for
    /// `CN=Mover,OU=Sales,DC=contoso,DC=com`; the parent is nil for a
    /// one-RDN DN. A comma escaped with `\` or inside a quoted value (RFC
    /// 1779, still written by some tools) does not split; spaces around the
    /// separator are dropped.
    static func firstRDN(of dn: String) -> (rdn: String, parent: String?) {
        var escaped = false
        var quoted = false
        for index in dn.indices {
            let character = dn[index]
            if escaped {
                escaped = false
                continue
            }
            switch character {
            case "\\": escaped = true
            case "\"": quoted.toggle()
            case "," where !quoted, ";" where !quoted:
                let rdn = String(dn[..<index])
                let parent = dn[dn.index(after: index)...].drop { $0 == " " }
                return (trimmingTrailingSpaces(rdn), parent.isEmpty ? nil : String(parent))
            default: break
            }
        }
        return (dn, nil)
    }

    /// Drops unescaped trailing spaces (`CN=a\ ` keeps its escaped space).
    private static func trimmingTrailingSpaces(_ text: String) -> String {
        var result = Substring(text)
        while result.hasSuffix(" ") && !result.dropLast().hasSuffix("\\") { result = result.dropLast() }
        return String(result)
    }
}

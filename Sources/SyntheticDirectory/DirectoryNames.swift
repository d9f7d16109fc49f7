/// The names derived from the domain's DNS name: the DC= suffix, the NetBIOS
/// account domain, and the distinguished names of the containers.
struct DirectoryNames: Sendable {
    /// `contoso.com`.
    let dnsName: String
    /// `DC=contoso,DC=com`.
    let base: String
    /// `CONTOSO`: the account domain (first label, upper case, at most 15 characters as NetBIOS allows).
    let netBIOS: String
    /// `contoso`: names the LDIF file and the directory connection.
    let stem: String

    init(domain: String) {
        dnsName = domain.lowercased()
        let labels = dnsName.split(separator: ".").map(String.init)
        base = labels.map { "DC=" + $0 }.joined(separator: ",")
        stem = labels[0]
        netBIOS = String(labels[0].uppercased().prefix(15))
    }

    var staffContainer: String { "OU=Staff," + base }
    var contractorsContainer: String { "OU=Contractors," + base }
    var disabledContainer: String { "OU=Disabled Accounts," + base }
    var serviceContainer: String { "OU=Service Accounts," + base }
    var groupsContainer: String { "OU=Groups," + base }
    var deletedObjects: String { "CN=Deleted Objects," + base }
    var personCategory: String { "CN=Person,CN=Schema,CN=Configuration," + base }
    var groupCategory: String { "CN=Group,CN=Schema,CN=Configuration," + base }

    /// The parent container of a person: `OU=<Dept>,OU=Staff,…`, Contractors or Disabled Accounts.
    func container(_ container: OrgTree.Container, department: Int) -> String {
        switch container {
        case .staff: "OU=" + Self.escape(OrgCatalog.departments[department].name) + "," + staffContainer
        case .contractor: contractorsContainer
        case .disabled: disabledContainer
        }
    }

    /// Escapes an RDN value as RFC 4514 requires.
    static func escape(_ value: String) -> String {
        // Generated names almost never need escaping: skip the scalar walk for them.
        let utf8 = value.utf8
        if let first = utf8.first, let last = utf8.last, first != UInt8(ascii: "#"), first != 0x20, last != 0x20,
            !utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "\"")
                || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
                || $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: "=") })
        {
            return value
        }
        var out = ""
        let scalars = Array(value.unicodeScalars)
        for (offset, scalar) in scalars.enumerated() {
            switch scalar {
            case ",", "+", "\"", "\\", "<", ">", ";", "=":
                out.append("\\")
            case "#" where offset == 0, " " where offset == 0 || offset == scalars.count - 1:
                out.append("\\")
            default:
                break
            }
            out.unicodeScalars.append(scalar)
        }
        return out
    }
}

import ProfileCore

/// libFuzzer entry point: parses the input as an LDAP filter (RFC 4515) and,
/// when it parses, evaluates it against a small entry — with and without a
/// membership graph, so the in-chain matching rule's graph walk runs too.
/// Non-UTF-8 input is repaired the way `String(decoding:)` does: the filter
/// text the tool sees always comes from a decoded configuration file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    guard let filter = try? LDAPFilter(text) else { return 0 }
    _ = filter.description
    _ = filter.matches(FuzzEntry.entry)
    _ = filter.matches(FuzzEntry.entry, context: FuzzEntry.context)
    // The printed form must parse again: configurations are echoed in
    // diagnostics and fingerprints, and a printer/parser mismatch would surface there.
    _ = try? LDAPFilter(filter.description)
    return 0
}

/// The fixed entry and groups every input is evaluated against; built once.
enum FuzzEntry {
    static let entry = DirectoryEntry(
        dn: "CN=Ada Lovelace,OU=Staff,DC=contoso,DC=com", file: "fuzz.ldif", line: 1,
        attributes: [
            "objectclass": [.text("top"), .text("person"), .text("user")],
            "cn": [.text("Ada Lovelace")],
            "mail": [.text("ada@contoso.com")],
            "department": [.text("Engineering")],
            "useraccountcontrol": [.text("512")],
            "employeeid": [.text("00042")],
            "whencreated": [.text("20240101120000.0Z")],
            "objectguid": [.binary([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10])],
            "memberof": [.text("CN=Engineers,OU=Groups,DC=contoso,DC=com")],
            "displayname": [.text("Ada Lovelace (Ünïcödé)")],
        ])

    static let context: FilterContext = {
        // A cycle on purpose: in-chain evaluation must terminate on one.
        let engineers = try! DistinguishedName("CN=Engineers,OU=Groups,DC=contoso,DC=com")
        let staff = try! DistinguishedName("CN=Staff,OU=Groups,DC=contoso,DC=com")
        let ada = try! DistinguishedName("CN=Ada Lovelace,OU=Staff,DC=contoso,DC=com")
        let graph = MembershipGraph(groups: [
            (dn: engineers, members: [ada, staff]),
            (dn: staff, members: [engineers]),
        ])
        return FilterContext(membership: graph)
    }()
}

import ProfileCore
import TestSupport
import Testing

/// A `DirectoryEntry` reads some filter items in place (its stored bytes);
/// any other `AttributeSource` goes through `values(of:)`. Random entries
/// and filters: both must decide every filter alike.
struct LDAPFilterInPlaceTests {
    /// Values that exercise the in-place path and each way out of it:
    /// ASCII in any case, non-ASCII (the Kelvin sign lowercases to an ASCII
    /// "k"), DNs, empty text.
    static let texts = [
        "user", "User", "USER", "person", "svc-backup", "SVC-Mail", "svc", "Kate", "\u{212A}ate", "Łukasz", "łukasz",
        "CN=Kate,OU=Staff,DC=contoso,DC=com", "cn=kate, ou=staff, dc=contoso, dc=com", "", "a*b", "x=y",
    ]
    static let binaries: [[UInt8]] = [[0x75, 0x73, 0x65, 0x72], [0xFF, 0x00], []]
    static let keys = ["objectClass", "sAMAccountName", "cn", "manager", "objectCategory", "distinguishedName"]
    static let filters = [
        "(objectClass=user)", "(objectclass=USER)", "(cn=kate)", "(cn=\u{212A}ATE)", "(cn=łukasz)", "(cn=)",
        "(!(sAMAccountName=svc-*))", "(sAMAccountName=*mail)", "(cn=*at*)", "(cn=ł*)", "(cn=a\\2ab)",
        "(manager=CN=Kate,OU=Staff,DC=contoso,DC=com)", "(manager=cn=kate,ou=staff,dc=contoso,dc=com)",
        "(objectCategory=person)", "(distinguishedName=CN=X,DC=example,DC=com)", "(distinguishedName=*)",
        "(cn=*)", "(sAMAccountName=*)", "(objectClass=\\ff\\00)", "(objectClass=\\75\\73\\65\\72)",
        "(&(objectClass=user)(!(sAMAccountName=svc-*)))", "(|(cn=kate)(objectCategory=*))",
    ]

    @Test func inPlaceAgreesWithValues() throws {
        var rng = SeededGenerator(seed: 41)
        let compiled = try Self.filters.map { try LDAPFilter($0) }
        for round in 0..<400 {
            var text: [String: [String]] = [:]
            var binary: [String: [[UInt8]]] = [:]
            var attributes: [String: [AttributeValue]] = [:]
            for key in Self.keys where Bool.random(using: &rng) {
                for _ in 0..<Int.random(in: 0..<4, using: &rng) {
                    if Int.random(in: 0..<5, using: &rng) == 0 {
                        let value = Self.binaries.randomElement(using: &rng)!
                        binary[key, default: []].append(value)
                        attributes[key, default: []].append(.binary(value))
                    } else {
                        let value = Self.texts.randomElement(using: &rng)!
                        text[key, default: []].append(value)
                        attributes[key, default: []].append(.text(value))
                    }
                }
            }
            let dn = round % 3 == 0 ? "CN=X,DC=example,DC=com" : "CN=Y,DC=example,DC=com"
            let entry = DirectoryEntry(dn: dn, file: "f.ldif", line: round, attributes: attributes)
            // Values in the same order per key: text first, then binary, in both.
            let reference = ScopeTestEntry(dn: dn, text, binary: binary)
            let ordered = DirectoryEntry(
                dn: dn, file: "f.ldif", line: round,
                attributes: Dictionary(uniqueKeysWithValues: Set(text.keys).union(binary.keys).map { key in
                    (key, (text[key] ?? []).map(AttributeValue.text) + (binary[key] ?? []).map(AttributeValue.binary))
                }))
            for (filter, written) in zip(compiled, Self.filters) {
                #expect(filter.matches(ordered) == filter.matches(reference), "\(written), round \(round)")
                #expect(filter.matches(entry) == filter.matches(reference), "\(written), round \(round)")
            }
        }
    }
}

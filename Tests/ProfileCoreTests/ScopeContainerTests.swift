import Testing
import TestSupport

@testable import ProfileCore

@Suite struct ContainerScopeTests {
    let scope: ContainerScope

    init() throws {
        scope = try ContainerScope(containers: ["OU=Staff,DC=contoso,DC=com", "ou=Admins , dc=contoso, dc=com"])
    }

    @Test(arguments: [
        ("CN=Jo,OU=Staff,DC=contoso,DC=com", true),
        ("OU=Staff,DC=contoso,DC=com", true),
        ("CN=Jo,OU=Paris,OU=Staff,DC=Contoso,DC=COM", true),
        ("cn=jo, ou=staff, dc=contoso, dc=com", true),
        ("CN=Jo,OU=Admins,DC=contoso,DC=com", true),
        ("CN=Jo,OU=Staff2,DC=contoso,DC=com", false),
        ("CN=Jo,OU=MyStaff,DC=contoso,DC=com", false),
        ("CN=x,OU=Staff\\,Old,DC=contoso,DC=com", false),
        // Text suffix traps: the container's text ends these DNs, but not at an RDN boundary.
        ("CN=x,OU=Old\\,OU=Staff,DC=contoso,DC=com", false),
        ("CN=x,XOU=Staff,DC=contoso,DC=com", false),
        ("CN=OU=Staff\\,DC=contoso\\,DC=com,DC=fabrikam,DC=com", false),
        ("CN=Jo,OU=Staff,DC=contoso,DC=org", false),
        ("DC=contoso,DC=com", false),
        ("CN=Jo,OU=Staff,DC=contoso,DC=com,DC=extra", false),
    ])
    func containment(dn: String, expected: Bool) throws {
        #expect(scope.contains(try DistinguishedName(dn)) == expected)
        #expect(scope.contains(dnText: dn) == expected)
    }

    /// The text path skips parsing plain DNs: for any text it must answer
    /// as parsing does (nil for what does not parse). Random DNs from pieces
    /// that plain DNs avoid (escapes, spaces at the edges, `+`, `#`, quotes,
    /// non-ASCII, OID types, empty values) and from plain ones.
    @Test(arguments: 0..<20)
    func textContainmentMatchesParsedContainment(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let types = ["CN", "cn", "OU", "Ou", "DC", "dc", "uid", "2.5.4.3", "x-y", "", "1a"]
        let values = [
            "Staff", "STAFF", "staff", "contoso", "Contoso", "com", "COM", "Jo", "Jo Doe", "Admins", "Paris",
            "Staff\\,Old", "Old\\,OU=Staff", " Staff", "Staff ", "#04024869", "Jo+UID=42", "\"Jo\"", "Zo\u{EB}",
            "a;b", "a<b", "a=b", "", "x\\2Cy", "Staff2",
            // Non-ASCII: names, case that folds (É, the Kelvin sign to k),
            // and spaces only the parser trims (no-break, ideographic).
            "Zo\u{EB} Ruiz", "\u{C9}quipe", "\u{E9}quipe", "\u{212A}ontoso", "\u{A0}Staff", "Staff\u{3000}",
        ]
        let separators = [",", ",", ",", ", ", " ,", ";"]
        let scopes = [
            scope,
            try ContainerScope(containers: ["OU=Staff\\,Old,DC=contoso,DC=com"]),
            try ContainerScope(containers: ["DC=com"]),
            try ContainerScope(containers: [""]),
            try ContainerScope(containers: ["CN=Jo+UID=42,OU=Staff,DC=contoso,DC=com", "OU=Paris,DC=contoso,DC=com"]),
            try ContainerScope(containers: ["OU=\u{C9}quipe,DC=contoso,DC=com", "DC=kontoso"]),
        ]
        for _ in 0..<300 {
            var text = ""
            for index in 0..<(1 + Int(random.next() % 5)) {
                if index > 0 { text += separators[Int(random.next() % UInt64(separators.count))] }
                text += types[Int(random.next() % UInt64(types.count))] + "="
                text += values[Int(random.next() % UInt64(values.count))]
            }
            switch random.next() % 8 {
            case 0, 1: text += ",OU=Staff,DC=contoso,DC=com"
            case 2: text += ",OU=\u{E9}QUIPE,DC=contoso,DC=com"
            case 3: text += ",DC=\u{212A}ontoso"
            default: break
            }
            for scope in scopes {
                let parsed = (try? DistinguishedName(text)).map { scope.contains($0) }
                #expect(scope.contains(dnText: text) == parsed, "\(text) in \(scope.containers.map(\.description))")
            }
        }
    }

    @Test(arguments: [
        ("CN=Jo Doe,OU=Staff,DC=contoso,DC=com", true), ("CN=Jo-Doe,OU=x.y,DC=a-b", true),
        ("CN=Jo\\,Doe,DC=com", false), ("CN= Jo,DC=com", false), ("CN=Jo ,DC=com", false), ("CN=Jo, DC=com", false),
        ("CN=Jo+UID=1,DC=com", false), ("CN=#04,DC=com", false), ("2.5.4.3=Jo,DC=com", false), ("CN=,DC=com", false),
        ("CN=Zo\u{EB},DC=com", false), ("CN=Jo,DC=com,", false), ("", false), ("CN=a=b", false),
    ])
    func plainDNs(text: String, plain: Bool) {
        let answer = text.utf8.withContiguousStorageIfAvailable { ContainerScope.lastNonASCIIInPlain($0) == -1 }
        #expect(answer == plain)
    }

    @Test func emptyListContainsEverything() throws {
        let all = try ContainerScope(containers: [])
        #expect(all.includesEverything)
        #expect(all.contains(try DistinguishedName("CN=x,DC=anything")))
        #expect(!scope.includesEverything)
    }

    @Test func nestedContainersCollapse() throws {
        let nested = try ContainerScope(containers: ["OU=Paris,OU=Staff,DC=com", "OU=Staff,DC=com", "ou=staff,dc=com"])
        #expect(nested.containers == [try DistinguishedName("OU=Staff,DC=com")])
    }

    @Test func badContainerNamesItsIndexAndColumn() {
        #expect(throws: ContainerScopeError(index: 1, container: "OU=Staff,", column: 9, message: "expected an RDN after ','")) {
            try ContainerScope(containers: ["DC=com", "OU=Staff,"])
        }
    }

    @Test func nonASCIIContainersFoldCase() throws {
        let scope = try ContainerScope(containers: ["OU=Çà Paris,DC=com"])
        #expect(scope.contains(try DistinguishedName("CN=x,ou=çÀ paris,dc=COM")))
        #expect(scope.contains(try DistinguishedName("CN=x,OU=\\C3\\87\\C3\\A0 Paris,DC=com")))
        #expect(!scope.contains(try DistinguishedName("CN=x,OU=Ca Paris,DC=com")))
    }
}

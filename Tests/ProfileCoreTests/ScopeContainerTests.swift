import ProfileCore
import Testing

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

import ProfileCore
import Testing

@Suite struct LDAPFilterEvaluationTests {
    static let babs = ScopeTestEntry(
        dn: "CN=Babs Jensen,OU=Staff,DC=contoso,DC=com",
        [
            "objectClass": ["top", "person", "organizationalPerson", "user"],
            "objectCategory": ["CN=Person,CN=Schema,CN=Configuration,DC=contoso,DC=com"],
            "cn": ["Babs Jensen"], "sn": ["Jensen"], "o": ["University of Michigan"],
            "sAMAccountName": ["bjensen"], "userAccountControl": ["512"], "uSNChanged": ["1200"],
            "manager": ["CN=Jo\\, Smith,OU=Staff,DC=contoso,DC=com"],
            "description": ["Parens R Us (for all your parenthetical needs)"],
            "filename": ["C:\\MyFile"], "equation": ["E=mc2"], "title": ["Lučić"], "mail": ["Babs@Contoso.com"],
        ],
        binary: ["objectGUID": [[0xFF, 0xFE, 0x00, 0x04]], "bin": [[0, 0, 0, 4]]])

    static func matches(_ filter: String, _ entry: ScopeTestEntry = babs) throws -> Bool {
        try LDAPFilter(filter).matches(entry)
    }

    @Test(arguments: [
        ("(cn=Babs Jensen)", true), ("(cn=babs jensen)", true), ("(CN=BABS JENSEN)", true), ("(cn=Babs)", false),
        ("(!(cn=Tim Howes))", true), ("(!(cn=Babs Jensen))", false),
        ("(&(objectClass=Person)(|(sn=Jensen)(cn=Babs J*)))", true),
        ("(&(objectClass=Person)(|(sn=Smith)(cn=Babs J*)))", true),
        ("(&(objectClass=Person)(|(sn=Smith)(cn=Tim*)))", false),
        ("(o=univ*of*mich*)", true), ("(o=univ*mich*of*)", false), ("(o=*Michigan)", true), ("(o=*Mich)", false),
        ("(o=University*)", true), ("(o=Un*ty*ty*)", false), ("(o=*sity of*)", true),
        ("(seeAlso=)", false), ("(seeAlso=*)", false), ("(!(seeAlso=*))", true),
        ("(description=Parens R Us \\28for all your parenthetical needs\\29)", true),
        ("(cn=*\\2A*)", false), ("(filename=C:\\5cMyFile)", true), ("(filename=C:\\5cmyfile)", true),
        ("(bin=\\00\\00\\00\\04)", true), ("(bin=\\00\\00\\00\\05)", false),
        ("(objectGUID=\\ff\\fe\\00\\04)", true), ("(objectGUID=\\FF\\FE\\00\\04)", true), ("(objectGUID=\\ff\\fe)", false),
        ("(title=Lu\\c4\\8di\\c4\\87)", true), ("(title=LUČIĆ)", true), ("(title=luč*)", true), ("(title=*ĆX)", false),
        ("(objectClass=user)", true), ("(objectClass=computer)", false), ("(objectclass=*)", true),
        ("(objectCategory=person)", true), ("(objectCategory=Person)", true), ("(objectCategory=group)", false),
        ("(objectCategory=CN=Person,CN=Schema,CN=Configuration,DC=contoso,DC=com)", true),
        ("(manager=cn=jo\\5c2c smith, ou=staff,dc=contoso,dc=com)", true),
        ("(manager=CN=Jo\\5c, Smith,OU=Staff,DC=contoso,DC=com)", true),
        ("(manager=CN=Jo Smith,OU=Staff,DC=contoso,DC=com)", false),
        ("(manager=CN = Jo\\5c, Smith , OU=Staff,DC=contoso,DC=com)", true),
        ("(manager=CN=Jo\\5c, Smith,OU=Staff2,DC=contoso,DC=com)", false),
        ("(distinguishedName=cn=babs jensen,ou=staff,dc=contoso,dc=com)", true),
        // A lone "x=y" is text, not a DN: spacing still matters.
        ("(equation=e=mc2)", true), ("(equation=e = mc2)", false),
        ("(&)", true), ("(|)", false), ("(!(&))", false), ("(!(|))", true),
        ("(mail~=babs @ contoso.com)", true), ("(mail~=bab@contoso.com)", false),
        ("(mail~=babs@contoso.com.au)", false), ("(mail~=babs)", false), ("(title~=lu čić)", true),
        ("(sAMAccountName=svc-*)", false), ("(&(objectClass=user)(!(sAMAccountName=svc-*)))", true),
    ])
    func rfcAndADSemantics(filter: String, expected: Bool) throws {
        #expect(try Self.matches(filter) == expected, "\(filter)")
    }

    @Test(arguments: [
        ("(userAccountControl>=500)", true), ("(userAccountControl>=512)", true), ("(userAccountControl>=513)", false),
        ("(userAccountControl<=600)", true), ("(userAccountControl<=99)", false),
        // Numeric, not lexicographic: "1200" >= "900" although "1" < "9".
        ("(uSNChanged>=900)", true), ("(uSNChanged<=900)", false),
        // Text on either side: case-insensitive lexicographic order.
        ("(sn>=j)", true), ("(sn>=JF)", false), ("(sn<=JENSEN)", true), ("(sn<=jen)", false),
    ])
    func ordering(filter: String, expected: Bool) throws {
        #expect(try Self.matches(filter) == expected, "\(filter)")
    }

    @Test(arguments: [
        // 512 = normal account; 514 = 512 | ACCOUNTDISABLE (2).
        ("512", "(userAccountControl:1.2.840.113556.1.4.803:=2)", false),
        ("514", "(userAccountControl:1.2.840.113556.1.4.803:=2)", true),
        ("514", "(!(userAccountControl:1.2.840.113556.1.4.803:=2))", false),
        ("514", "(userAccountControl:1.2.840.113556.1.4.803:=514)", true),
        ("514", "(userAccountControl:1.2.840.113556.1.4.803:=515)", false),
        ("512", "(userAccountControl:1.2.840.113556.1.4.804:=3)", false),
        ("514", "(userAccountControl:1.2.840.113556.1.4.804:=3)", true),
        ("66048", "(userAccountControl:1.2.840.113556.1.4.803:=65536)", true),
        ("garbage", "(userAccountControl:1.2.840.113556.1.4.804:=2)", false),
    ])
    func bitRulesOnUserAccountControl(value: String, filter: String, expected: Bool) throws {
        let entry = ScopeTestEntry(dn: "CN=u,DC=com", ["userAccountControl": [value]])
        #expect(try Self.matches(filter, entry) == expected)
    }

    @Test func bitRulesUse32BitPatternsForNegativeGroupTypes() throws {
        // A global security group: groupType 0x80000002, exported signed.
        let group = ScopeTestEntry(dn: "CN=g,DC=com", ["groupType": ["-2147483646"]])
        #expect(try Self.matches("(groupType:1.2.840.113556.1.4.803:=2147483648)", group))
        #expect(try Self.matches("(groupType:1.2.840.113556.1.4.803:=-2147483648)", group))
        #expect(try Self.matches("(groupType:1.2.840.113556.1.4.803:=2)", group))
        #expect(try !Self.matches("(groupType:1.2.840.113556.1.4.803:=4)", group))
    }

    @Test func absentAttributeSatisfiesOnlyNegations() throws {
        let bare = ScopeTestEntry(dn: "CN=x,DC=com")
        for filter in ["(cn=x)", "(cn=*)", "(cn=x*)", "(cn>=a)", "(cn<=z)", "(cn~=x)", "(uac:1.2.840.113556.1.4.803:=0)"] {
            #expect(try !Self.matches(filter, bare), "\(filter)")
            #expect(try Self.matches("(!\(filter))", bare), "(!\(filter))")
        }
    }

    @Test func anyValueOfAMultiValuedAttributeMatches() throws {
        let entry = ScopeTestEntry(["proxyAddresses": ["smtp:a@x.com", "SMTP:Jo@Contoso.com", "x500:/o=x"]])
        #expect(try Self.matches("(proxyAddresses=SMTP:jo@contoso.com)", entry))
        #expect(try Self.matches("(proxyAddresses=x500:*)", entry))
        #expect(try !Self.matches("(proxyAddresses=sip:*)", entry))
    }
}

import ProfileCore
import Testing

@Suite struct DistinguishedNameTests {
    @Test func escapedCommaAndSpacingAndCaseCompareEqual() throws {
        let written = try DistinguishedName("CN=Jo\\, Smith,OU=Staff,DC=Contoso,DC=com")
        let other = try DistinguishedName("cn=jo\\2C smith, ou=staff,dc=contoso,dc=com")
        #expect(written == other)
        #expect(written.hashValue == other.hashValue)
        #expect(written.normalized == "cn=jo\\, smith,ou=staff,dc=contoso,dc=com")
        #expect(written.rdns.count == 4)
        #expect(written.rdns[0].value == "Jo, Smith")
        #expect(written.rdnString == "CN=Jo\\, Smith")
        #expect(written.description == "CN=Jo\\, Smith,OU=Staff,DC=Contoso,DC=com")
    }

    @Test func differentValuesDiffer() throws {
        #expect(try DistinguishedName("CN=Jo,OU=Staff") != DistinguishedName("CN=Jo,OU=Staff2"))
        #expect(try DistinguishedName("CN=Jo\\,OU=Staff") != DistinguishedName("CN=Jo,OU=Staff"))
        #expect(try DistinguishedName("CN=Jo\\,OU=Staff").rdns.count == 1)
    }

    @Test func spacesAroundSeparatorsAreInsignificant() throws {
        let dn = try DistinguishedName("  CN = Jo Smith ,  OU=Staff + L=Paris ;DC=com  ")
        #expect(dn.rdns.map(\.value) == ["Jo Smith", "Staff", "com"])
        #expect(dn.rdns[0].written == "CN = Jo Smith")
        #expect(dn == (try DistinguishedName("cn=jo smith,l=paris+ou=staff,dc=com")))
    }

    @Test func multiValuedRDNIsASetOfPairs() throws {
        let dn = try DistinguishedName("CN=Jo+UID=42,DC=com")
        #expect(dn.rdns[0].components.map(\.type) == ["CN", "UID"])
        #expect(dn.rdns[0].components.map(\.value) == ["Jo", "42"])
        #expect(dn == (try DistinguishedName("uid=42+cn=JO,dc=COM")))
        #expect(dn != (try DistinguishedName("CN=Jo,DC=com")))
        #expect(try DistinguishedName("CN=a\\+b,DC=com").rdns[0].components.count == 1)
    }

    @Test func hexEscapesDecodeUTF8() throws {
        let dn = try DistinguishedName("CN=Lu\\C4\\8Di\\C4\\87,DC=com")
        #expect(dn.rdns[0].value == "Lučić")
        #expect(dn == (try DistinguishedName("CN=LUČIĆ,DC=com")))
        #expect(throws: DNParseError(column: 4, message: "the escaped value is not valid UTF-8")) {
            try DistinguishedName("CN=\\C4,DC=com")
        }
    }

    @Test(arguments: [
        ("CN=a\\,b", "a,b"), ("CN=a\\+b", "a+b"), ("CN=a\\\"b", "a\"b"), ("CN=a\\\\b", "a\\b"),
        ("CN=a\\<b\\>", "a<b>"), ("CN=a\\;b", "a;b"), ("CN=a\\=b", "a=b"), ("CN=\\#a", "#a"),
        ("CN=\\ a\\ ", " a "), ("CN=a  ", "a"), ("CN=a\\20\\20", "a  "), ("CN=", ""),
        ("CN=\"Smith, Jo\"", "Smith, Jo"),
    ])
    func valueEscapes(text: String, value: String) throws {
        #expect(try DistinguishedName(text).rdns[0].value == value)
    }

    @Test func hexBERValueIsKeptAsWritten() throws {
        let dn = try DistinguishedName("1.3.6.1.4.1.1466.0=#04024869,DC=com")
        #expect(dn.rdns[0].components[0].isHexEncoded)
        #expect(dn.rdns[0].value == "#04024869")
        #expect(dn.rdns[0].type == "1.3.6.1.4.1.1466.0")
        // A literal "#" (escaped) is a different value from the BER form.
        #expect(dn != (try DistinguishedName("1.3.6.1.4.1.1466.0=\\#04024869,DC=com")))
        #expect(throws: DNParseError.self) { try DistinguishedName("CN=#0402486,DC=com") }
    }

    @Test func escapedLeadingAndTrailingSpacesAreTrimmedForComparison() throws {
        #expect(try DistinguishedName("CN=\\ Jo\\ ,DC=com") == DistinguishedName("CN=Jo,DC=com"))
    }

    @Test(arguments: [
        ("CN=a,", 5, "expected an RDN after ','"),
        ("=a", 1, "expected an attribute type, found '='"),
        ("CN a", 4, "expected '=' after attribute type 'CN', found 'a'"),
        ("CN=a\\x", 5, nil as String?),
        ("CN=a\\", 5, "'\\' at the end of the DN"),
        ("CN=\"abc", 4, "unterminated quoted value"),
        ("-CN=a", 1, "invalid attribute type '-CN'"),
        ("CN=a,,DC=b", 6, "expected an attribute type, found ','"),
    ])
    func malformedDNsReportTheColumn(text: String, column: Int, message: String?) {
        do {
            _ = try DistinguishedName(text)
            Issue.record("\(text) parsed")
        } catch {
            #expect(error.column == column)
            if let message { #expect(error.message == message) }
        }
    }

    @Test func rootAndParents() throws {
        let dn = try DistinguishedName("CN=Jo,OU=Staff,DC=com")
        #expect(dn.parent == (try DistinguishedName("OU=Staff,DC=com")))
        #expect(dn.parent?.parent?.parent == DistinguishedName.root)
        #expect(DistinguishedName.root.parent == nil)
        #expect(try DistinguishedName("  ").isEmpty)
    }

    @Test func descendants() throws {
        let staff = try DistinguishedName("OU=Staff,DC=contoso,DC=com")
        #expect(try DistinguishedName("CN=Jo,ou=STAFF, dc=contoso,dc=com").isDescendant(of: staff))
        #expect(try DistinguishedName("CN=Jo,OU=Team,OU=Staff,DC=contoso,DC=com").isDescendant(of: staff))
        #expect(!staff.isDescendant(of: staff))
        #expect(staff.isDescendant(of: staff, orSelf: true))
        #expect(try !DistinguishedName("CN=Jo,OU=Staff2,DC=contoso,DC=com").isDescendant(of: staff))
        #expect(try !DistinguishedName("CN=Jo,OU=Old\\,OU=Staff,DC=contoso,DC=com")
            .isDescendant(of: try DistinguishedName("OU=Old,OU=Staff,DC=contoso,DC=com"), orSelf: true))
        #expect(try !DistinguishedName("OU=Staff,DC=com").isDescendant(of: staff, orSelf: true))
        #expect(staff.isDescendant(of: .root))
    }

    @Test func modrdnAndMove() throws {
        let dn = try DistinguishedName("CN=Al,OU=Staff,DC=com")
        let renamed = dn.replacingRDN(with: try RDN("CN=Alan"))
        #expect(renamed.description == "CN=Alan,OU=Staff,DC=com")
        let moved = dn.moving(newRDN: RDN(type: "CN", value: "Al, Jr"), newSuperior: try DistinguishedName("OU=Former,DC=com"))
        #expect(moved.description == "CN=Al\\, Jr,OU=Former,DC=com")
        #expect(moved.rdns[0].value == "Al, Jr")
        #expect(moved == (try DistinguishedName("cn=al\\2c jr,ou=former,dc=com")))
        #expect(dn.moving(newRDN: try RDN("CN=B"), newSuperior: nil) == (try DistinguishedName("CN=B,OU=Staff,DC=com")))
        #expect(throws: DNParseError.self) { try RDN("CN=a,DC=b") }
    }

    @Test(arguments: [
        ("Jo, Smith", "Jo\\, Smith"), ("#1", "\\#1"), (" a ", "\\ a\\ "), ("a#b c", "a#b c"),
        ("a+b;c<d>e\"f\\g", "a\\+b\\;c\\<d\\>e\\\"f\\\\g"), ("nul\u{0}", "nul\\00"), ("Lučić", "Lučić"),
    ])
    func escapeValue(raw: String, escaped: String) throws {
        #expect(DistinguishedName.escapeValue(raw) == escaped)
        // Escaping then parsing gives the value back.
        #expect(try DistinguishedName("CN=" + escaped).rdns[0].value == raw)
    }
}

import ProfileCore
import Testing

@Suite struct LDAPFilterParserTests {
    /// RFC 4515 §4 examples, and their canonical text.
    @Test(arguments: [
        ("(cn=Babs Jensen)", "(cn=Babs Jensen)"),
        ("(!(cn=Tim Howes))", "(!(cn=Tim Howes))"),
        ("(&(objectClass=Person)(|(sn=Jensen)(cn=Babs J*)))", "(&(objectClass=Person)(|(sn=Jensen)(cn=Babs J*)))"),
        ("(o=univ*of*mich*)", "(o=univ*of*mich*)"),
        ("(seeAlso=)", "(seeAlso=)"),
        ("(o=Parens R Us \\28for all your parenthetical needs\\29)", "(o=Parens R Us \\28for all your parenthetical needs\\29)"),
        ("(cn=*\\2A*)", "(cn=*\\2a*)"),
        ("(filename=C:\\5cMyFile)", "(filename=C:\\5cMyFile)"),
        ("(bin=\\00\\00\\00\\04)", "(bin=\\00\\00\\00\\04)"),
        ("(sn=Lu\\c4\\8di\\c4\\87)", "(sn=Lučić)"),
        ("(1.3.6.1.4.1.1466.0=\\04\\02\\48\\69)", "(1.3.6.1.4.1.1466.0=\\04\\02Hi)"),
        ("  ( & (a=1) ( b=2) )  ", "(&(a=1)(b=2))"),
        // Inside an item, spaces belong to the value.
        ("(b= 2 )", "(b= 2 )"),
        ("(&)", "(&)"), ("(|)", "(|)"),
        ("objectClass=user", "(objectClass=user)"),
        ("(cn=*)", "(cn=*)"),
        ("(cn>=a)", "(cn>=a)"), ("(cn<=a)", "(cn<=a)"), ("(cn~=a b)", "(cn~=a b)"),
        ("(userAccountControl:1.2.840.113556.1.4.803:=2)", "(userAccountControl:1.2.840.113556.1.4.803:=2)"),
        ("(cn=\\*literal\\(\\)\\\\)", "(cn=\\2aliteral\\28\\29\\5c)"),
        ("(objectGUID=\\ff\\fe)", "(objectGUID=\\ff\\fe)"),
        ("(userCertificate;binary=*)", "(userCertificate;binary=*)"),
    ])
    func canonicalText(text: String, canonical: String) throws {
        let filter = try LDAPFilter(text)
        #expect(filter.description == canonical)
        // The canonical text is itself a filter with the same canonical text.
        #expect(try LDAPFilter(canonical).description == canonical)
    }

    @Test(arguments: [
        ("", 1, "empty filter"),
        ("   ", 4, "empty filter"),
        ("(cn=a", 6, "missing ')' for the '(' at column 1"),
        ("(&(cn=a)(sn=b)", 15, "missing ')' for the '(' at column 1"),
        ("(cn=a))", 7, "unexpected ')' after the end of the filter"),
        ("(cn=a)(sn=b)", 7, "unexpected '(' after the end of the filter"),
        ("(cn=a) x", 8, "unexpected 'x' after the end of the filter"),
        ("(=a)", 2, "missing attribute name before '='"),
        ("(cn=a\\zz)", 6, "invalid escape; write '\\' followed by two hex digits"),
        ("(cn=a\\4)", 6, "invalid escape; write '\\' followed by two hex digits"),
        ("(cn=a\\", 6, "'\\' at the end of the filter"),
        ("(cn=a(b)", 6, "unescaped '(' in a value; write \\28"),
        ("(cn>=a*)", 7, "unescaped '*' in a value; write \\2a"),
        ("(cn!a)", 4, "expected '=', '~=', '>=', '<=' or ':' after 'cn', found '!'"),
        ("(cn~a)", 4, "expected '=' after '~'"),
        ("(!(a=1)(b=2))", 8, "'!' at column 2 takes exactly one filter"),
        ("(!)", 3, "'!' needs one filter in parentheses, found ')'"),
        ("(&(a=1)x)", 8, "expected '(' or ')' in a filter list, found 'x'"),
        ("(cn:caseExactMatch:=Fred Flintstone)", 5, nil),
        ("(sn:dn:2.4.6.8.10:=Barney Rubble)", 5, "the ':dn' flag (matching RDN values) is not supported: it needs a live directory"),
        ("(:1.2.840.113556.1.4.803:=2)", 2, "an extensible match needs an attribute name before ':'"),
        ("(uac:1.2.840.113556.1.4.803:=two)", 30, "the bit matching rule needs an integer value"),
        ("(uac:1.2.840.113556.1.4.803=2)", 28, nil),
        ("(memberOf:1.2.840.113556.1.4.1941:=Sales)", 36, "the in-chain matching rule needs a DN value"),
        ("(-cn=a)", 2, "invalid attribute name '-cn'"),
        ("(c.n=a)", 2, "invalid attribute name 'c.n'"),
        ("(cn;=a)", 2, "invalid attribute name 'cn;'"),
        ("((cn=a))", 2, "missing attribute name before '('"),
    ] as [(String, Int, String?)])
    func malformedFiltersReportTheColumn(text: String, column: Int, message: String?) {
        do {
            let filter = try LDAPFilter(text)
            Issue.record("\(text) parsed as \(filter)")
        } catch {
            #expect(error.column == column, "\(text): \(error)")
            if let message { #expect(error.message == message, "\(text)") }
        }
    }

    @Test func unsupportedRuleSaysWhatIsSupported() {
        #expect {
            try LDAPFilter("(cn:caseExactMatch:=Fred Flintstone)")
        } throws: { error in
            let error = error as! LDAPFilterError
            return error.message.hasPrefix("unsupported matching rule 'caseExactMatch'")
                && error.message.contains("1.2.840.113556.1.4.1941")
        }
    }

    @Test func columnsCountUTF8Bytes() {
        // "é" is two bytes, so the bad escape after it is at byte column 7.
        #expect(throws: LDAPFilterError(column: 7, message: "invalid escape; write '\\' followed by two hex digits")) {
            try LDAPFilter("(cn=é\\q)")
        }
    }
}

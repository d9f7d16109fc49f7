import ProfileCore
import Testing

@Suite struct ExpressionStringFunctionTests {
    @Test(arguments: [
        (#"Trim("  a b  ")"#, ExpressionValue.string("a b")),
        (#"LCase("ÅBC")"#, .string("åbc")),
        (#"UCase("straße")"#, .string("STRASSE")),
        (#"PCase("jean-luc  O'NEIL")"#, .string("Jean-luc  O'neil")),
        (#"Left("Zoë Ångström", 3)"#, .string("Zoë")),
        (#"Left("abc", 10)"#, .string("abc")),
        (#"Left("abc", -1)"#, .string("")),
        (#"Right("abcdef", 2)"#, .string("ef")),
        (#"Right("ab", 5)"#, .string("ab")),
        (#"Mid("abcdef", 2, 3)"#, .string("bcd")),
        (#"Mid("abcdef", 5, 10)"#, .string("ef")),
        (#"Mid("abc", 9, 1)"#, .string("")),
        (#"Len("Zoë")"#, .integer(3)),
        (#"Len(12345)"#, .integer(5)),
        (#"InStr("abcabc", "c")"#, .integer(3)),
        (#"InStr("abcabc", "c", 4)"#, .integer(6)),
        (#"InStr("abc", "x")"#, .integer(0)),
        (#"InStr("abc", "B")"#, .integer(0)),
        (#"InStr("abc", "B", 1, "TextCompare")"#, .integer(2)),
        (#"InStr("abc", "c", 9)"#, .integer(0)),
        (#"Replace("a.b.c", ".", "")"#, .string("abc")),
        (#"Replace("aAa", "a", "x")"#, .string("xAx")),
        (#"ReplaceChars("a b,c:d", "\s:_,\,:;,\::=")"#, .string("a_b;c=d")),
        (#"ReplaceChars("Zoë", "ë:e, Z : z")"#, .string("zoe")),
        (#"ReplaceChars("a-b", "-:")"#, .string("ab")),
        (#"Word("The quick brown fox", 3, " ")"#, .string("brown")),
        (#"Word("This,string!has&many separators", 3, ",!&#")"#, .string("has")),
        (#"Word("a;;b", 2, ";")"#, .string("b")),
        (#"Word("a b", 5, " ")"#, .string("")),
        (#"Word("a b", 0, " ")"#, .string("")),
        (#"NormalizeDiacritics("Zoë Ångström")"#, .string("Zoe Angstrom")),
        (#"NormalizeDiacritics("Søren Weiß Æsir Łódź Þór œuvre")"#, .string("Soren Weiss AEsir Lodz THor oeuvre")),
    ])
    func strings(text: String, expected: ExpressionValue) throws {
        #expect(try expressionValue(text) == expected)
    }

    @Test func scalarFunctionsApplyPerValue() throws {
        let attributes: [String: [AttributeValue]] = ["otherMobile": [.text(" 1 "), .text("2 ")]]
        #expect(try expressionValue("Trim([otherMobile])", attributes) == .list([.string("1"), .string("2")]))
        #expect(try expressionValue(#"Left(UCase([otherMobile]), 2)"#, attributes) == .list([.string(" 1"), .string("2 ")]))
        #expect(try expressionValue("Trim([missing])", attributes) == .null)
        #expect(try expressionValue("Trim([x])", ["x": [.text("\u{A0}\t a\tb \r\n")]]) == .string("a\tb"))
    }

    @Test func midWithStartBelowOneWarns() throws {
        let result = try evaluateExpression(#"Mid("abc", 0, 1)"#)
        #expect(result.value == .null)
        #expect(result.warnings == ["Mid at column 1: start 0 must be 1 or more"])
    }

    @Test func literalReplacementMapIsCheckedAtParseTime() {
        #expect(expressionError(#"ReplaceChars("abc", "ab:x")"#)
            == ExpressionError(column: 21, message: "ReplaceChars: replacement map entry 'ab:x' is not 'c:replacement'"))
    }

    @Test func computedReplacementMapIsCheckedPerProfile() throws {
        #expect(try expressionValue(#"ReplaceChars("a-b", [map])"#, ["map": [.text("-:+")]]) == .string("a+b"))
        let result = try evaluateExpression(#"ReplaceChars("abc", [map])"#, ["map": [.text("ab:x")]])
        #expect(result.value == .null)
        #expect(result.warnings == ["ReplaceChars at column 1: replacement map entry 'ab:x' is not 'c:replacement'"])
    }

    @Test func computedDateFormats() throws {
        let attributes: [String: [AttributeValue]] = ["in": [.text("dd.MM.yyyy")], "out": [.text("yyyy-MM-dd")]]
        #expect(try expressionValue(#"FormatDateTime("31.12.2025", [in], [out])"#, attributes) == .string("2025-12-31"))
        #expect(try expressionValue(#"FormatDateTime("31.12.2025", [in], "yyyy")"#, attributes) == .string("2025"))
        #expect(try expressionValue(#"FormatDateTime("2025", "yyyy", [out])"#, attributes) == .string("2025-01-01"))
    }
}

@Suite struct ExpressionCollectionFunctionTests {
    let proxies: [String: [AttributeValue]] = [
        "proxyAddresses": [.text("smtp:jd@contoso.net"), .text("SMTP:John.Doe@contoso.com"), .text("X500:/o=x"), .text("smtp:jd@contoso.net")]
    ]

    @Test func splitAndJoin() throws {
        #expect(try expressionValue(#"Split("a;b;;c", ";")"#) == .list([.string("a"), .string("b"), .string(""), .string("c")]))
        #expect(try expressionValue(#"Join(",", Split("a;b", ";"), "c", Nothing)"#) == .string("a,b,c"))
        #expect(try expressionValue(#"Join("; ", [proxyAddresses])"#, proxies)
            == .string("smtp:jd@contoso.net; SMTP:John.Doe@contoso.com; X500:/o=x; smtp:jd@contoso.net"))
        #expect(try expressionValue(#"Join(",", [missing])"#) == .null)
        #expect(try expressionValue(#"Split([missing], ",")"#) == .null)
    }

    @Test func itemCountContains() throws {
        #expect(try expressionValue("Item([proxyAddresses], 2)", proxies) == .string("SMTP:John.Doe@contoso.com"))
        #expect(try expressionValue("Count([proxyAddresses])", proxies) == .integer(4))
        #expect(try expressionValue("Count([missing])") == .integer(0))
        #expect(try expressionValue(#"Count("one")"#) == .integer(1))
        #expect(try expressionValue(#"Contains([proxyAddresses], "x500:")"#, proxies) == .integer(3))
        #expect(try expressionValue(#"Contains([proxyAddresses], "x500:", "CaseSensitive")"#, proxies) == .integer(0))
        #expect(try expressionValue(#"Contains([proxyAddresses], "sip:")"#, proxies) == .integer(0))
        #expect(try expressionValue(#"IIF(Contains([proxyAddresses], "SMTP:"), "yes", "no")"#, proxies) == .string("yes"))
    }

    @Test func itemOutOfRangeIsNullWithWarning() throws {
        let result = try evaluateExpression("Item([proxyAddresses], 9)", proxies)
        #expect(result.value == .null)
        #expect(result.warnings == ["Item at column 1: index 9 is out of range 1...4"])
    }

    @Test func removeDuplicatesAndPrimarySmtp() throws {
        #expect(try expressionValue("Count(RemoveDuplicates([proxyAddresses]))", proxies) == .integer(3))
        #expect(try expressionValue("PrimarySmtp([proxyAddresses])", proxies) == .string("John.Doe@contoso.com"))
        #expect(try expressionValue(#"PrimarySmtp("smtp:a@b.c")"#) == .null)
        #expect(try expressionValue(#"PrimarySmtp("SMTP:a@b.c")"#) == .string("a@b.c"))
    }

    @Test func coalesceIsLazyAndSkipsEmpty() throws {
        #expect(try expressionValue(#"Coalesce([missing], "", [mail], "x")"#, ["mail": [.text("m@x")]]) == .string("m@x"))
        #expect(try expressionValue(#"Coalesce([missing], "")"#) == .null)
        // The unused branch's runtime failure is never evaluated.
        #expect(try evaluateExpression(#"Coalesce("a", CNum("x"))"#).warnings.isEmpty)
    }

    @Test func iifSwitchPresence() throws {
        #expect(try expressionValue(#"IIF(IsPresent([mail]), [mail], "none")"#) == .string("none"))
        #expect(try expressionValue(#"IIF(IsNullOrEmpty([mail]), "empty", "set")"#, ["mail": [.text("")]]) == .string("empty"))
        #expect(try expressionValue(#"IsPresent([proxyAddresses])"#, proxies) == .boolean(true))
        #expect(try evaluateExpression(#"IIF(true, "a", CNum("x"))"#).warnings.isEmpty)
        let sw = #"Switch([c], "Other", "US", "United States", "DE", "Germany")"#
        #expect(try expressionValue(sw, ["c": [.text("de")]]) == .string("Germany"))
        #expect(try expressionValue(sw, ["c": [.text("FR")]]) == .string("Other"))
        #expect(try expressionValue(sw, ["c": [.text("US"), .text("DE")]]) == .list([.string("United States"), .string("Germany")]))
    }
}

@Suite struct ExpressionConversionFunctionTests {
    @Test(arguments: [
        (#"IsBitSet(514, 2)"#, ExpressionValue.boolean(true)),
        (#"IsBitSet(512, 2)"#, .boolean(false)),
        (#"IsBitSet(15, 4)"#, .boolean(true)),
        (#"IsBitSet(15, 0)"#, .boolean(false)),
        (#"IsBitSet(5, 6)"#, .boolean(false)),
        (#"BitAnd(514, 2)"#, .integer(2)),
        (#"BitAnd("66048", 65536)"#, .integer(65536)),
        (#"CNum("42")"#, .integer(42)),
        (#"CNum(" -3.5 ")"#, .double(-3.5)),
        (#"CNum(7)"#, .integer(7)),
        (#"CStr(42)"#, .string("42")),
        (#"CStr(2.0)"#, .string("2")),
        (#"CStr(2.25)"#, .string("2.25")),
        (#"CStr(1 = 1)"#, .string("True")),
        (#"DateFromNum(133500000000000000)"#, .string("2024-01-17T21:20:00Z")),
        (#"DateFromNum("128271382742968750")"#, .string("2007-06-24T05:57:54Z")),
        (#"DateFromNum(116444736000000000)"#, .string("1970-01-01T00:00:00Z")),
        (#"DateFromNum(0)"#, .null),
        (#"DateFromNum(9223372036854775807)"#, .null),
        (#"CDate("2024-01-15")"#, .string("2024-01-15T00:00:00Z")),
        (#"CDate("2024-01-15T09:30:00+01:00")"#, .string("2024-01-15T08:30:00Z")),
        (#"CDate("20240115093000.0Z")"#, .string("2024-01-15T09:30:00Z")),
        (#"CDate("2024-02-29 23:59:59Z")"#, .string("2024-02-29T23:59:59Z")),
        (#"FormatDateTime("20240115093000.0Z", "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")"#, .string("2024-01-15")),
        (#"FormatDateTime("15/01/2024", "dd/MM/yyyy", "yyyyMMddHHmmss.fZ")"#, .string("20240115000000.0Z")),
        (#"FormatDateTime(DateFromNum(133500000000000000), "yyyy-MM-ddTHH:mm:ssZ", "dddd d MMMM yy, H:mm")"#,
         .string("Wednesday 17 January 24, 21:20")),
        (#"FormatDateTime("3 Feb 99", "d MMM yy", "'Year' yyyy")"#, .string("Year 1999")),
        (#"ConvertFromBase64("Wm/Dqw==")"#, .string("Zoë")),
        (#"ConvertFromBase64("SABpAA==", "Unicode")"#, .string("Hi")),
    ])
    func conversions(text: String, expected: ExpressionValue) throws {
        #expect(try expressionValue(text) == expected)
    }

    @Test(arguments: [
        (#"CNum("abc")"#, "CNum at column 1: 'abc' is not a number"),
        (#"CNum("nan")"#, "CNum at column 1: 'nan' is not a number"),
        (#"CDate("2023-02-29")"#, "CDate at column 1: '2023-02-29' is not a date"),
        (#"FormatDateTime("2024-13-01", "yyyy-MM-dd", "yyyy")"#, "FormatDateTime at column 1: '2024-13-01' is not a valid date"),
        (#"FormatDateTime("2024/01/01", "yyyy-MM-dd", "yyyy")"#, "FormatDateTime at column 1: '2024/01/01' does not match the date format"),
        (#"ConvertFromBase64("***")"#, "ConvertFromBase64 at column 1: '***' is not valid base64"),
        (#"ConvertFromBase64("/w==")"#, "ConvertFromBase64 at column 1: decoded bytes are not valid UTF8 text"),
        (#"BitAnd("x", 1)"#, "BitAnd at column 1: 'x' is not an integer"),
        (#"Left("abc", 1.5)"#, "Left at column 1: 1.5 is not an integer"),
    ])
    func runtimeFailuresAreNullWithWarning(text: String, warning: String) throws {
        let result = try evaluateExpression(text)
        #expect(result.value == .null)
        #expect(result.warnings == [warning])
    }
}

@Suite struct ExpressionDirectoryFunctionTests {
    let dn = #"CN=Doe\, John,OU=Atlanta,OU=GA,OU=US,DC=contoso,DC=com"#

    @Test func dnComponents() throws {
        let attributes: [String: [AttributeValue]] = ["dn": [.text(dn)]]
        #expect(try expressionValue("DNComponent([dn], 1)", attributes) == .string("Doe, John"))
        #expect(try expressionValue("DNComponent([dn], 2)", attributes) == .string("Atlanta"))
        #expect(try expressionValue("DNComponent([dn], 9)", attributes) == .null)
        #expect(try expressionValue("DNComponentRev([dn], 3)", attributes) == .string("US"))
        #expect(try expressionValue(#"DNComponentRev([dn], 1, "DC")"#, attributes) == .string("US"))
        #expect(try expressionValue(#"DNComponent("cn=A\2C B , ou=X", 1)"#) == .string("A, B"))
        let malformed = try evaluateExpression(#"DNComponent("just text", 1)"#)
        #expect(malformed.value == .null)
        #expect(malformed.warnings == ["DNComponent at column 1: 'just text' is not a distinguished name"])
    }

    @Test func escapeDNComponent() throws {
        #expect(try expressionValue(#"EscapeDNComponent("CN=" & "Doe, John")"#) == .string(#"CN=Doe\, John"#))
        #expect(try expressionValue(##"EscapeDNComponent("#1 <a+b>; \ ")"##) == .string(##"\#1 \<a\+b\>\; \\\ "##))
        #expect(try expressionValue(#"EscapeDNComponent(" lead")"#) == .string(#"\ lead"#))
        #expect(try expressionValue(#"EscapeDNComponent("say ""x""")"#) == .string(#"say \"x\""#))
    }

    @Test func guidAndSid() throws {
        let guid: [UInt8] = [0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF]
        #expect(try expressionValue("StringFromGuid([objectGUID])", ["objectGUID": [.binary(guid)]])
            == .string("00112233-4455-6677-8899-aabbccddeeff"))
        let sid: [UInt8] = [1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 220, 244, 220, 59, 131, 61, 43, 70, 130, 139, 166, 40, 0, 2, 0, 0]
        #expect(try expressionValue("StringFromSid([objectSid])", ["objectSid": [.binary(sid)]])
            == .string("S-1-5-21-1004336348-1177238915-682003330-512"))
        let builtinAdministrators: [UInt8] = [1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 32, 2, 0, 0]
        #expect(try expressionValue("StringFromSid([s])", ["s": [.binary(builtinAdministrators)]]) == .string("S-1-5-32-544"))
        // 16 ASCII bytes arrive as text and still format.
        #expect(try expressionValue(#"StringFromGuid("ABCDEFGHIJKLMNOP")"#) == .string("44434241-4645-4847-494a-4b4c4d4e4f50"))
        let short = try evaluateExpression("StringFromGuid([g])", ["g": [.binary([1, 2, 3])]])
        #expect(short.value == .null)
        #expect(short.warnings == ["StringFromGuid at column 1: a GUID has 16 bytes, not 3"])
        let badSid = try evaluateExpression("StringFromSid([s])", ["s": [.binary([1, 2, 0, 0, 0, 0, 0, 5])]])
        #expect(badSid.warnings == ["StringFromSid at column 1: 8 bytes are not a binary SID"])
    }
}

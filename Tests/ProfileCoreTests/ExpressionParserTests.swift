import ProfileCore
import Testing

@Suite struct ExpressionParserTests {
    @Test func collectsReferencesOnceInOrder() throws {
        let expression = try Expression(#"IIF(IsPresent([contoso.mail]), [contoso.mail], [proxyAddresses] & [msDS-cloudExtensionAttribute1;binary])"#)
        #expect(expression.references == [
            AttributeReference(connection: "contoso", attribute: "mail"),
            AttributeReference(connection: nil, attribute: "proxyAddresses"),
            AttributeReference(connection: nil, attribute: "msDS-cloudExtensionAttribute1;binary"),
        ])
        #expect(expression.text.hasPrefix("IIF("))
    }

    @Test func referenceWithSpacesAndDots() throws {
        let expression = try Expression("[ hr.Hire Date ] & [hr.a.b]")
        #expect(expression.references == [
            AttributeReference(connection: "hr", attribute: "Hire Date"),
            AttributeReference(connection: "hr", attribute: "a.b"),
        ])
    }

    @Test func literals() throws {
        #expect(try expressionValue(#""say ""hi""""#) == .string(#"say "hi""#))
        #expect(try expressionValue(#""CONTOSO\" & "jdoe""#) == .string(#"CONTOSO\jdoe"#))
        #expect(try expressionValue("42") == .integer(42))
        #expect(try expressionValue("-7") == .integer(-7))
        #expect(try expressionValue("2.5") == .double(2.5))
        #expect(try expressionValue("9223372036854775807") == .integer(.max))
        #expect(try expressionValue("TRUE") == .boolean(true))
        #expect(try expressionValue("false") == .boolean(false))
        #expect(try expressionValue("Null") == .null)
        #expect(try expressionValue("Nothing") == .null)
    }

    @Test func functionNamesAreCaseInsensitive() throws {
        #expect(try expressionValue(#"ucase("a") & UCASE("b") & UCase("c")"#) == .string("ABC"))
    }

    @Test func precedence() throws {
        // & binds tighter than comparison, comparison tighter than &&, && tighter than ||.
        #expect(try expressionValue(#""a" & "b" = "ab""#) == .boolean(true))
        #expect(try expressionValue(#"true || false && false"#) == .boolean(true))
        #expect(try expressionValue(#"(true || false) && false"#) == .boolean(false))
        #expect(try expressionValue(#"!false && 1 = 1"#) == .boolean(true))
        #expect(try expressionValue(#"!(1 = 1)"#) == .boolean(false))
        // ! binds tighter than &: (!true) & "x".
        #expect(try expressionValue(#"!true & "x""#) == .string("Falsex"))
    }

    @Test(arguments: [
        ("", 1, "empty expression"),
        ("   ", 1, "empty expression"),
        (#"Foo([a])"#, 1, "unknown function 'Foo'"),
        (#"LCase("a", "b")"#, 1, "LCase takes 1 argument, not 2"),
        (#"  Left("a")"#, 3, "Left takes 2 arguments, not 1"),
        (#"Switch([a], "d", "k", "v", "k2")"#, 1, "Switch takes a source, a default and key/value pairs; a key has no value"),
        (#""abc"#, 1, "unterminated string literal"),
        (#"LCase("x" & "abc)"#, 13, "unterminated string literal"),
        ("[mail", 1, "unterminated attribute reference '['"),
        ("mail", 1, "unknown name 'mail' (attribute references are written in brackets, e.g. [mail])"),
        ("[]", 1, "empty attribute reference '[]'"),
        ("[.mail]", 1, "attribute reference '[.mail]' needs both a connection and an attribute around '.'"),
        ("(1 = 1", 1, "'(' is never closed"),
        (#"LCase("a""#, 6, "'(' of LCase is never closed"),
        ("1 = 1)", 6, "unexpected ')' without a matching '('"),
        (#""a" "b""#, 5, "unexpected a string after the end of the expression"),
        ("1 = ", 5, "expression ends where a value was expected"),
        (#"LCase("a" "b")"#, 11, "expected ',' or ')' in LCase(…), found a string"),
        ("1 | 2", 3, "expected '||', found a single '|'"),
        ("1 # 2", 3, "unexpected character '#'"),
        ("99999999999999999999", 1, "number 99999999999999999999 is out of range"),
        ("- [a]", 1, "'-' must be followed by a number"),
        ("[a] & ]", 7, "unexpected ']' without a matching '['"),
    ])
    func parseErrors(text: String, column: Int, message: String) {
        #expect(expressionError(text) == ExpressionError(column: column, message: message))
    }

    @Test func columnsCountCharactersNotBytes() {
        #expect(expressionError(#""Zoë" & Nope()"#)?.column == 9)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let text = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        #expect(expressionError(text)?.message == "expression is nested too deeply")
        let nested = String(repeating: "(", count: 50) + "1" + String(repeating: ")", count: 50)
        #expect(expressionError(nested) == nil)
    }
}

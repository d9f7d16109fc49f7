import ProfileCore
import Testing

@Suite struct ExpressionEvaluationTests {
    @Test func attributeReferencesByValueCount() throws {
        let attributes: [String: [AttributeValue]] = [
            "one": [.text("a")], "two": [.text("a"), .text("b")], "contoso.bin": [.binary([0xFF, 0x00])],
        ]
        #expect(try expressionValue("[missing]", attributes) == .null)
        #expect(try expressionValue("[one]", attributes) == .string("a"))
        #expect(try expressionValue("[two]", attributes) == .list([.string("a"), .string("b")]))
        #expect(try expressionValue("[contoso.bin]", attributes) == .bytes([0xFF, 0x00]))
        #expect(try evaluateExpression("[contoso.bin]", attributes).strings == ["/wA="])
    }

    @Test func contextFromAnAttributeSource() throws {
        struct Entry: AttributeSource {
            var distinguishedName: String? { nil }
            func values(of attribute: String) -> [AttributeValue] {
                attribute.lowercased() == "mail" ? [.text("A@X")] : []
            }
        }
        let result = try Expression("LCase([contoso.mail])").evaluate(in: ExpressionContext(source: Entry()))
        #expect(result.value == .string("a@x"))
    }

    @Test func concatenation() throws {
        #expect(try expressionValue(#""CONTOSO\" & [sam]"#, ["sam": [.text("jdoe")]]) == .string(#"CONTOSO\jdoe"#))
        #expect(try expressionValue(#""a" & [missing] & 1 & 2.5 & true"#) == .string("a12.5True"))
        #expect(try expressionValue(#"[two] & "@x""#, ["two": [.text("a"), .text("b")]])
            == .list([.string("a@x"), .string("b@x")]))
    }

    @Test(arguments: [
        (#"1 = 1"#, true), (#"1 == 1.0"#, true), (#"1 <> 2"#, true), (#"1 != 1"#, false),
        (#""10" = 10"#, true), (#""abc" = "ABC""#, true), (#""a" < "b""#, true), (#"2 < 10"#, true),
        (#""2" < "10""#, false), (#"3 >= 3"#, true), (#"3 > 3"#, false), (#"2.5 <= 2"#, false),
        (#"Nothing = Nothing"#, true), (#"Nothing = """#, false), (#"Nothing < 1"#, false),
        (#"true = "TRUE""#, true), (#"9223372036854775807 > 9223372036854775806"#, true),
    ])
    func comparisons(text: String, expected: Bool) throws {
        #expect(try expressionValue(text) == .boolean(expected))
    }

    @Test func comparisonsWithListsAreExistential() throws {
        let attributes: [String: [AttributeValue]] = ["objectClass": [.text("top"), .text("person"), .text("user")]]
        #expect(try expressionValue(#"[objectClass] = "User""#, attributes) == .boolean(true))
        #expect(try expressionValue(#"[objectClass] <> "user""#, attributes) == .boolean(false))
        #expect(try expressionValue(#"[objectClass] = "computer""#, attributes) == .boolean(false))
    }

    @Test func truthiness() throws {
        #expect(try expressionValue(#"IIF("True", 1, 2)"#) == .integer(1))
        #expect(try expressionValue(#"IIF("yes", 1, 2)"#) == .integer(2))
        #expect(try expressionValue(#"IIF(0, 1, 2)"#) == .integer(2))
        #expect(try expressionValue(#"IIF(Nothing, 1, 2)"#) == .integer(2))
        #expect(try expressionValue(#"!Nothing"#) == .boolean(true))
        #expect(try expressionValue(#"IsBitSet([uac], 2) || false"#, ["uac": [.text("514")]]) == .boolean(true))
    }

    @Test func resultStrings() throws {
        #expect(try evaluateExpression("[missing]").strings == [])
        #expect(try evaluateExpression("3").strings == ["3"])
        #expect(try evaluateExpression("1 = 2").strings == ["False"])
        #expect(try evaluateExpression(#"Split("a,b", ",")"#).strings == ["a", "b"])
        #expect(ExpressionValue.list([.string("a"), .null, .list([.integer(1)])]).stringForm == "a; 1")
        #expect(ExpressionValue.double(1e20).stringForm == "1e+20")
    }

    @Test func warningsCollectAndDoNotStopEvaluation() throws {
        let result = try evaluateExpression(#"Join(",", CNum("a"), "ok", Item(Split("x", ","), 5))"#)
        #expect(result.value == .string("ok"))
        #expect(result.warnings == [
            "CNum at column 11: 'a' is not a number",
            "Item at column 28: index 5 is out of range 1...1",
        ])
    }

    @Test func parsedOnceEvaluatedManyTimes() throws {
        let expression = try Expression(#"IIF(IsPresent([mail]), LCase([mail]), PrimarySmtp([proxyAddresses]))"#)
        for index in 0..<1000 {
            let mail = "User\(index)@Contoso.com"
            let result = expression.evaluate(in: ExpressionContext { reference in
                reference.attribute == "mail" && index % 2 == 0 ? [.text(mail)]
                    : reference.attribute == "proxyAddresses" ? [.text("SMTP:" + mail)] : []
            })
            #expect(result.strings == [index % 2 == 0 ? mail.lowercased() : mail])
        }
    }
}

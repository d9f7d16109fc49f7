import ProfileCore
import Testing

@Suite struct ExclusionSetTests {
    static let entry = ScopeTestEntry(
        dn: "CN=T-Jo,OU=Staff,DC=com",
        [
            "sAMAccountName": ["T-Jo"], "userAccountControl": ["514"],
            "proxyAddresses": ["smtp:jo@old.com", "SMTP:Jo@Contoso.com"],
            "employeeID": ["00042"], "title": ["Lučić"],
        ],
        binary: ["objectGUID": [[0xFF, 0x01]]])

    static func excludes(_ attribute: String, _ operation: ExclusionOperator, _ value: String?) -> Bool {
        ExclusionSet(rules: [ExclusionRule(attribute: attribute, operator: operation, value: value)])
            .excludes(entry)
    }

    @Test(arguments: [
        ("sAMAccountName", ExclusionOperator.present, nil, true), ("mail", .present, nil, false),
        ("mail", .notPresent, nil, true), ("sAMAccountName", .notPresent, nil, false),
        ("samaccountname", .equals, "t-jo", true), ("sAMAccountName", .equals, "T-J", false),
        ("sAMAccountName", .notEquals, "T-J", true), ("sAMAccountName", .notEquals, "t-JO", false),
        ("sAMAccountName", .startsWith, "t-", true), ("sAMAccountName", .startsWith, "jo", false),
        ("sAMAccountName", .notStartsWith, "jo", true), ("sAMAccountName", .notStartsWith, "T-", false),
        ("sAMAccountName", .endsWith, "JO", true), ("sAMAccountName", .endsWith, "T", false),
        ("sAMAccountName", .notEndsWith, "T", true), ("sAMAccountName", .notEndsWith, "o", false),
        ("sAMAccountName", .contains, "-j", true), ("sAMAccountName", .contains, "x", false),
        ("sAMAccountName", .notContains, "x", true), ("sAMAccountName", .notContains, "-J", false),
        ("title", .equals, "LUČIĆ", true), ("title", .startsWith, "luČ", true), ("title", .endsWith, "IĆ", true),
        // Any value: one of the proxy addresses ends with contoso.com.
        ("proxyAddresses", .endsWith, "@contoso.com", true), ("proxyAddresses", .notEndsWith, "@contoso.com", false),
        ("proxyAddresses", .startsWith, "SMTP:", true), ("proxyAddresses", .notStartsWith, "x500:", true),
        ("userAccountControl", .lessThan, "515", true), ("userAccountControl", .lessThan, "514", false),
        ("userAccountControl", .lessOrEqual, "514", true), ("userAccountControl", .lessOrEqual, "513", false),
        ("userAccountControl", .greaterThan, "513", true), ("userAccountControl", .greaterThan, "514", false),
        ("userAccountControl", .greaterOrEqual, "514", true), ("userAccountControl", .greaterOrEqual, "0x203", false),
        ("employeeID", .greaterThan, "41", true), ("employeeID", .equals, "42", false),
        ("userAccountControl", .bitOn, "2", true), ("userAccountControl", .bitOn, "0x2", true),
        ("userAccountControl", .bitOn, "3", false), ("userAccountControl", .bitOff, "1", true),
        ("userAccountControl", .bitOff, "2", false), ("userAccountControl", .bitOn, "0x202", true),
        ("sAMAccountName", .greaterThan, "0", false),
        ("objectGUID", .equals, "\u{FF}", false),
    ] as [(String, ExclusionOperator, String?, Bool)])
    func operatorsOnPresentAttributes(attribute: String, operation: ExclusionOperator, value: String?, expected: Bool) {
        #expect(Self.excludes(attribute, operation, value) == expected, "\(attribute) \(operation) \(value ?? "")")
    }

    /// A missing attribute matches no positive operator; the `not…` string
    /// operators and `notPresent` are true.
    @Test(arguments: ExclusionOperator.allCases)
    func absentAttribute(operation: ExclusionOperator) {
        let value: String? = operation.isUnary ? nil : (operation.isNumeric ? "0" : "")
        let expected: Bool
        switch operation {
        case .notPresent, .notEquals, .notStartsWith, .notEndsWith, .notContains: expected = true
        default: expected = false
        }
        #expect(Self.excludes("department", operation, value) == expected)
    }

    @Test func anyIsOrAllIsAndEmptyExcludesNothing() {
        let tPrefix = ExclusionRule(attribute: "sAMAccountName", operator: .startsWith, value: "T-")
        let disabled = ExclusionRule(attribute: "userAccountControl", operator: .bitOn, value: "2")
        let hasMail = ExclusionRule(attribute: "mail", operator: .present, value: nil)
        #expect(ExclusionSet(match: .any, rules: [hasMail, tPrefix]).excludes(Self.entry))
        #expect(!ExclusionSet(match: .all, rules: [hasMail, tPrefix]).excludes(Self.entry))
        #expect(ExclusionSet(match: .all, rules: [disabled, tPrefix]).excludes(Self.entry))
        #expect(!ExclusionSet(match: .any, rules: [hasMail]).excludes(Self.entry))
        #expect(!ExclusionSet(match: .any, rules: []).excludes(Self.entry))
        #expect(!ExclusionSet(match: .all, rules: []).excludes(Self.entry))
    }

    @Test func evaluatorMatchesTheConvenienceMethod() {
        let set = ExclusionSet(match: .any, rules: [
            ExclusionRule(attribute: "userAccountControl", operator: .bitOn, value: "2"),
        ])
        let evaluator = ExclusionSet.Evaluator(set)
        let enabled = ScopeTestEntry(["userAccountControl": ["512"]])
        #expect(evaluator.excludes(Self.entry))
        #expect(!evaluator.excludes(enabled))
        #expect(set.excludes(Self.entry) && !set.excludes(enabled))
    }

    @Test func validation() throws {
        func validate(_ rule: ExclusionRule) throws(ExclusionRuleError) {
            try ExclusionSet(rules: [ExclusionRule(attribute: "cn", operator: .present, value: nil), rule]).validate()
        }
        try validate(ExclusionRule(attribute: "uac", operator: .bitOn, value: "0x2"))
        try validate(ExclusionRule(attribute: "uac", operator: .lessThan, value: "-5"))
        try validate(ExclusionRule(attribute: "cn", operator: .equals, value: ""))
        #expect(throws: ExclusionRuleError(index: 1, attribute: "mail", message: "'present' takes no value")) {
            try validate(ExclusionRule(attribute: "mail", operator: .present, value: "x"))
        }
        #expect(throws: ExclusionRuleError(index: 1, attribute: "cn", message: "'startsWith' needs a value")) {
            try validate(ExclusionRule(attribute: "cn", operator: .startsWith, value: nil))
        }
        #expect(throws: ExclusionRuleError(index: 1, attribute: "uac", message: "'bitOn' needs an integer value, not 'two'")) {
            try validate(ExclusionRule(attribute: "uac", operator: .bitOn, value: "two"))
        }
        #expect(throws: ExclusionRuleError(index: 1, attribute: "uac", message: "'greaterThan' needs an integer value, not '0xZZ'")) {
            try validate(ExclusionRule(attribute: "uac", operator: .greaterThan, value: "0xZZ"))
        }
        #expect(throws: ExclusionRuleError(index: 1, attribute: " ", message: "the rule has no attribute")) {
            try validate(ExclusionRule(attribute: " ", operator: .present, value: nil))
        }
    }
}

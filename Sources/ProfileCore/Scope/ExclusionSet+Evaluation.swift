extension ExclusionSet {
    /// Whether the rules exclude `entry` (SharePoint 2013 connection
    /// exclusion filters, DESIGN §3): `any` ORs the rules, `all` ANDs them,
    /// and an empty set excludes nothing.
    ///
    /// A rule looks at every value of its attribute (case-insensitive name):
    /// - `present` / `notPresent`: the attribute has a value / has none;
    /// - `equals`, `startsWith`, `endsWith`, `contains`: SOME text value
    ///   satisfies it, ignoring case;
    /// - `notEquals`, `notStartsWith`, `notEndsWith`, `notContains`: NO text
    ///   value satisfies the positive form, so they are true for an absent
    ///   attribute;
    /// - `lessThan`, `lessOrEqual`, `greaterThan`, `greaterOrEqual`: SOME value
    ///   is a decimal integer that compares so;
    /// - `bitOn` / `bitOff`: SOME integer value has all mask bits set / none.
    ///
    /// Positive operators (everything but `notPresent` and the `not…` string
    /// operators) are false for an absent attribute, as in SharePoint. A rule
    /// whose value does not validate matches nothing; call `validate()` first.
    public func excludes(_ entry: some AttributeSource) -> Bool {
        Evaluator(self).excludes(entry)
    }

    /// Checks every rule: an attribute name; no value for `present` and
    /// `notPresent`; a value for the others; an integer value (decimal or
    /// `0x` hexadecimal) for the numeric operators.
    public func validate() throws(ExclusionRuleError) {
        for (index, rule) in rules.enumerated() {
            func fail(_ message: String) -> ExclusionRuleError {
                ExclusionRuleError(index: index, attribute: rule.attribute, message: message)
            }
            if rule.attribute.trimmingSpaces().isEmpty { throw fail("the rule has no attribute") }
            if rule.operator.isUnary {
                if rule.value != nil { throw fail("'\(rule.operator.rawValue)' takes no value") }
                continue
            }
            guard let value = rule.value else { throw fail("'\(rule.operator.rawValue)' needs a value") }
            if rule.operator.isNumeric, IntegerText.decimalOrHex(value) == nil {
                throw fail("'\(rule.operator.rawValue)' needs an integer value, not '\(value)'")
            }
        }
    }

    /// An exclusion set compiled for evaluation over many entries: values
    /// folded and integers parsed once.
    public struct Evaluator: Sendable {
        private struct CompiledRule: Sendable {
            let attribute: String
            let `operator`: ExclusionOperator
            let pattern: CaseFold.Pattern?
            let integer: Int64?

            /// The same rule with another operator: the positive form of a `not…` rule.
            func with(_ operation: ExclusionOperator) -> CompiledRule {
                CompiledRule(attribute: attribute, operator: operation, pattern: pattern, integer: integer)
            }
        }

        private let match: ExclusionSet.Match
        private let rules: [CompiledRule]

        public init(_ set: ExclusionSet) {
            match = set.match
            rules = set.rules.map { rule in
                CompiledRule(
                    attribute: rule.attribute.lowercased(),
                    operator: rule.operator,
                    pattern: rule.value.map { CaseFold.Pattern($0) },
                    integer: rule.value.flatMap { IntegerText.decimalOrHex($0) })
            }
        }

        /// Whether the set excludes `entry`; see `ExclusionSet.excludes(_:)`.
        public func excludes(_ entry: some AttributeSource) -> Bool {
            if rules.isEmpty { return false }
            switch match {
            case .any:
                for rule in rules where Self.matches(rule, entry.values(of: rule.attribute)) { return true }
                return false
            case .all:
                for rule in rules where !Self.matches(rule, entry.values(of: rule.attribute)) { return false }
                return true
            }
        }

        private static func matches(_ rule: CompiledRule, _ values: [AttributeValue]) -> Bool {
            switch rule.operator {
            case .present: return !values.isEmpty
            case .notPresent: return values.isEmpty
            case .equals, .startsWith, .endsWith, .contains:
                return anyText(values, rule)
            case .notEquals: return !anyText(values, rule.with(.equals))
            case .notStartsWith: return !anyText(values, rule.with(.startsWith))
            case .notEndsWith: return !anyText(values, rule.with(.endsWith))
            case .notContains: return !anyText(values, rule.with(.contains))
            case .lessThan, .lessOrEqual, .greaterThan, .greaterOrEqual, .bitOn, .bitOff:
                guard let operand = rule.integer else { return false }
                return values.contains { value in
                    guard case .text(let text) = value, let number = IntegerText.decimal(text) else {
                        return false
                    }
                    switch rule.operator {
                    case .lessThan: return number < operand
                    case .lessOrEqual: return number <= operand
                    case .greaterThan: return number > operand
                    case .greaterOrEqual: return number >= operand
                    case .bitOn: return number & operand == operand
                    default: return number & operand == 0
                    }
                }
            }
        }

        /// Whether some text value satisfies the positive string operator.
        private static func anyText(_ values: [AttributeValue], _ rule: CompiledRule) -> Bool {
            guard let pattern = rule.pattern else { return false }
            return values.contains { value in
                guard case .text(let text) = value else { return false }
                switch rule.operator {
                case .equals:
                    return CaseFold.equals(text, pattern)
                default:
                    return CaseFold.withFoldedUTF8(text) { utf8, fold in
                        Self.textMatches(utf8, pattern.bytes, rule.operator, fold: fold)
                    }
                }
            }
        }

        private static func textMatches(
            _ value: UnsafeBufferPointer<UInt8>, _ piece: [UInt8], _ operation: ExclusionOperator, fold: Bool
        ) -> Bool {
            guard value.count >= piece.count else { return false }
            func matches(at offset: Int) -> Bool {
                for position in 0..<piece.count {
                    let own = value[offset + position]
                    if (fold ? CaseFold.lower(own) : own) != piece[position] { return false }
                }
                return true
            }
            switch operation {
            case .startsWith: return matches(at: 0)
            case .endsWith: return matches(at: value.count - piece.count)
            default:
                for offset in 0...(value.count - piece.count) where matches(at: offset) { return true }
                return false
            }
        }
    }
}

/// SharePoint 2013 connection exclusion-filter operators (DESIGN §3).
///
/// String operators compare case-insensitively; the rest compare integers.
public enum ExclusionOperator: String, Sendable, Hashable, CaseIterable, Codable {
    case present, notPresent
    case equals, notEquals
    case startsWith, notStartsWith
    case endsWith, notEndsWith
    case contains, notContains
    case lessThan, lessOrEqual, greaterThan, greaterOrEqual
    case bitOn, bitOff

    /// Whether the operator takes no value (`present`, `notPresent`).
    public var isUnary: Bool { self == .present || self == .notPresent }

    /// Whether the operator compares integers rather than strings.
    public var isNumeric: Bool {
        switch self {
        case .lessThan, .lessOrEqual, .greaterThan, .greaterOrEqual, .bitOn, .bitOff: true
        default: false
        }
    }
}

/// One exclusion rule: `attribute operator value`.
public struct ExclusionRule: Sendable, Hashable, Codable {
    public var attribute: String
    public var `operator`: ExclusionOperator
    /// The comparison value as written; nil for unary operators.
    public var value: String?

    public init(attribute: String, operator: ExclusionOperator, value: String?) {
        self.attribute = attribute
        self.operator = `operator`
        self.value = value
    }
}

/// A set of rules combined with OR (`any`) or AND (`all`). An empty set excludes nothing.
public struct ExclusionSet: Sendable, Hashable, Codable {
    public enum Match: String, Sendable, Hashable, Codable { case any, all }

    public var match: Match
    public var rules: [ExclusionRule]

    public init(match: Match = .any, rules: [ExclusionRule] = []) {
        self.match = match
        self.rules = rules
    }
}

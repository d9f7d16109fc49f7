/// Every function an expression may call, resolved from its name at parse
/// time so evaluation never looks a name up.
enum ExpressionFunction: String, CaseIterable, Sendable {
    case trim = "Trim", lCase = "LCase", uCase = "UCase", pCase = "PCase"
    case left = "Left", right = "Right", mid = "Mid", len = "Len", inStr = "InStr"
    case replace = "Replace", replaceChars = "ReplaceChars", word = "Word"
    case normalizeDiacritics = "NormalizeDiacritics"
    case split = "Split", join = "Join", item = "Item", count = "Count"
    case contains = "Contains", removeDuplicates = "RemoveDuplicates"
    case coalesce = "Coalesce", primarySmtp = "PrimarySmtp"
    case iif = "IIF", `switch` = "Switch", isPresent = "IsPresent", isNullOrEmpty = "IsNullOrEmpty"
    case isBitSet = "IsBitSet", bitAnd = "BitAnd"
    case dnComponent = "DNComponent", dnComponentRev = "DNComponentRev"
    case escapeDNComponent = "EscapeDNComponent"
    case stringFromGuid = "StringFromGuid", stringFromSid = "StringFromSid"
    case dateFromNum = "DateFromNum", formatDateTime = "FormatDateTime", cDate = "CDate"
    case cNum = "CNum", cStr = "CStr", convertFromBase64 = "ConvertFromBase64"

    /// Names are matched case-insensitively.
    static let byLowercasedName: [String: ExpressionFunction] = Dictionary(
        uniqueKeysWithValues: allCases.map { ($0.rawValue.lowercased(), $0) })

    var name: String { rawValue }

    /// How many arguments a call may have.
    var arity: ClosedRange<Int> {
        switch self {
        case .trim, .lCase, .uCase, .pCase, .len, .normalizeDiacritics, .count,
            .removeDuplicates, .primarySmtp, .isPresent, .isNullOrEmpty, .escapeDNComponent,
            .stringFromGuid, .stringFromSid, .dateFromNum, .cDate, .cNum, .cStr:
            1...1
        case .left, .right, .split, .item, .isBitSet, .bitAnd, .dnComponent, .replaceChars:
            2...2
        case .mid, .replace, .word, .iif, .formatDateTime:
            3...3
        case .inStr: 2...4
        case .contains, .dnComponentRev: 2...3
        case .convertFromBase64: 1...2
        case .join: 2...Int.max
        case .coalesce: 1...Int.max
        case .switch: 4...Int.max
        }
    }

    /// Scalar functions apply to each value of a multi-valued first argument;
    /// list functions see the whole list.
    var mapsOverFirstArgument: Bool {
        switch self {
        case .split, .join, .item, .count, .contains, .removeDuplicates, .coalesce,
            .primarySmtp, .iif, .isPresent, .isNullOrEmpty:
            false
        default:
            true
        }
    }

    /// The argument counts a call is checked against, in words.
    var arityDescription: String {
        let range = arity
        if range.upperBound == Int.max { return "at least \(range.lowerBound) arguments" }
        if range.lowerBound == range.upperBound {
            return range.lowerBound == 1 ? "1 argument" : "\(range.lowerBound) arguments"
        }
        return "\(range.lowerBound) to \(range.upperBound) arguments"
    }
}

/// Work that a call's literal arguments let the parser do once instead of
/// per profile: a `ReplaceChars` map, `FormatDateTime` patterns. A malformed
/// literal map is then a configuration error with its column, not a warning
/// on every profile.
enum PreparedCall: Sendable {
    case replacementTable([Character: String])
    case dateFormats(input: DateTimePattern?, output: DateTimePattern?)

    /// Prepares `function`'s literal arguments; `columns` are where each
    /// argument starts.
    static func prepare(
        _ function: ExpressionFunction, _ arguments: [ExpressionNode], columns: [Int]
    ) throws(ExpressionError) -> PreparedCall? {
        switch function {
        case .replaceChars:
            guard case .literal(.string(let map)) = arguments[1] else { return nil }
            do {
                return .replacementTable(try ExpressionFunctions.replacementTable(map))
            } catch {
                throw ExpressionError(column: columns[1], message: "ReplaceChars: \(error.message)")
            }
        case .formatDateTime:
            let input: DateTimePattern? =
                if case .literal(.string(let pattern)) = arguments[1] { DateTimePattern(pattern) } else { nil }
            let output: DateTimePattern? =
                if case .literal(.string(let pattern)) = arguments[2] { DateTimePattern(pattern) } else { nil }
            return input == nil && output == nil ? nil : .dateFormats(input: input, output: output)
        default:
            return nil
        }
    }
}

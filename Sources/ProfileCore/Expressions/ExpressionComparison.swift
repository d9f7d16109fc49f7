import Foundation

/// How `=` `<>` `<` `<=` `>` `>=` compare two values.
///
/// - Numbers compare numerically (integers exactly); text that reads as a
///   number compares numerically with a number, so `[employeeType] = 1` works
///   on directory text.
/// - Text compares case-insensitively, like directory attribute matching and
///   the exclusion operators of DESIGN §3.
/// - null equals only null and is neither less nor greater than anything.
/// - A list on either side: `=` and the orderings hold when they hold for any
///   element; `<>` holds when `=` does not.
enum ExpressionComparison {
    static func holds(_ comparison: ComparisonOperator, _ left: ExpressionValue, _ right: ExpressionValue) -> Bool {
        switch comparison {
        case .equal: return equal(left, right)
        case .notEqual: return !equal(left, right)
        case .less: return ordered(left, right) { $0 < 0 }
        case .lessOrEqual: return ordered(left, right) { $0 <= 0 }
        case .greater: return ordered(left, right) { $0 > 0 }
        case .greaterOrEqual: return ordered(left, right) { $0 >= 0 }
        }
    }

    static func equal(_ left: ExpressionValue, _ right: ExpressionValue) -> Bool {
        if case .list(let items) = left { return items.contains { equal($0, right) } }
        if case .list(let items) = right { return items.contains { equal(left, $0) } }
        switch (left, right) {
        case (.null, .null): return true
        case (.null, _), (_, .null): return false
        case (.bytes(let a), .bytes(let b)): return a == b
        default: return order(left, right) == 0
        }
    }

    private static func ordered(_ left: ExpressionValue, _ right: ExpressionValue, _ test: (Int) -> Bool) -> Bool {
        if case .list(let items) = left { return items.contains { ordered($0, right, test) } }
        if case .list(let items) = right { return items.contains { ordered(left, $0, test) } }
        guard let result = order(left, right) else { return false }
        return test(result)
    }

    /// -1, 0 or 1; nil when either side is null.
    private static func order(_ left: ExpressionValue, _ right: ExpressionValue) -> Int? {
        if case .null = left { return nil }
        if case .null = right { return nil }
        if let a = number(left, other: right), let b = number(right, other: left) {
            switch (a, b) {
            case (.integer(let x), .integer(let y)): return x < y ? -1 : (x == y ? 0 : 1)
            default:
                let x = a.double, y = b.double
                return x < y ? -1 : (x == y ? 0 : 1)
            }
        }
        let a = (left.stringForm ?? "").lowercased()
        let b = (right.stringForm ?? "").lowercased()
        return a < b ? -1 : (a == b ? 0 : 1)
    }

    private enum Number {
        case integer(Int64), double(Double)
        var double: Double {
            switch self {
            case .integer(let value): Double(value)
            case .double(let value): value
            }
        }
    }

    /// A numeric reading of `value` when the comparison is numeric: numbers
    /// always, text only when the other side is a number.
    private static func number(_ value: ExpressionValue, other: ExpressionValue) -> Number? {
        switch value {
        case .integer(let number): return .integer(number)
        case .double(let number): return .double(number)
        case .string(let text):
            switch other {
            case .integer, .double:
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                if let number = Int64(trimmed) { return .integer(number) }
                if let number = Double(trimmed), number.isFinite { return .double(number) }
                return nil
            default: return nil
            }
        default: return nil
        }
    }
}

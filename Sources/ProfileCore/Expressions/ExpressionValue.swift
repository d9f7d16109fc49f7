import Foundation

/// A value an expression computes.
///
/// Integers stay exact (`Int64`); only literals with a decimal point and
/// `CNum` of such text become `double`. Dates have no case of their own: date
/// functions produce ISO 8601 UTC text (`2024-01-15T09:30:00Z`) so that they
/// flow into profile properties unchanged.
public enum ExpressionValue: Sendable, Hashable {
    /// No value: an absent attribute, `Nothing`, or a failed call.
    case null
    case string(String)
    /// Integer literals, counts, positions, bit operations: exact.
    case integer(Int64)
    /// Decimal literals and `CNum` of decimal text.
    case double(Double)
    case boolean(Bool)
    /// Binary attribute values (objectGUID, objectSid, thumbnailPhoto).
    case bytes([UInt8])
    /// A multi-valued attribute or a list function's result.
    case list([ExpressionValue])

    /// Binary attribute values become `.bytes`, text becomes `.string`.
    public init(_ attribute: AttributeValue) {
        switch attribute {
        case .text(let text): self = .string(text)
        case .binary(let bytes): self = .bytes(bytes)
        }
    }

    /// How an attribute reference reads its values: nothing is `.null`, one
    /// value is that value, several are a `.list`.
    init(_ values: [AttributeValue]) {
        switch values.count {
        case 0: self = .null
        case 1: self = ExpressionValue(values[0])
        default: self = .list(values.map(ExpressionValue.init))
        }
    }

    /// The textual form a profile property receives; nil for `.null`.
    /// Integers and integral doubles print without a fraction, booleans as
    /// .NET does ("True"/"False", like Entra), bytes as base64, lists as their
    /// non-null elements joined with "; " (use `Join` to choose a separator).
    public var stringForm: String? {
        switch self {
        case .null: nil
        case .string(let text): text
        case .integer(let number): String(number)
        case .double(let number): Self.format(number)
        case .boolean(let flag): flag ? "True" : "False"
        case .bytes(let bytes): Data(bytes).base64EncodedString()
        case .list(let items): items.compactMap(\.stringForm).joined(separator: "; ")
        }
    }

    /// The non-null scalar values, nested lists flattened.
    public var flattened: [ExpressionValue] {
        switch self {
        case .null: []
        case .list(let items): items.flatMap(\.flattened)
        default: [self]
        }
    }

    /// Null, the empty string, the empty byte string or a list of such:
    /// what `IsNullOrEmpty` and `Coalesce` skip.
    var isNullOrEmpty: Bool {
        switch self {
        case .null: true
        case .string(let text): text.isEmpty
        case .bytes(let bytes): bytes.isEmpty
        case .list(let items): items.allSatisfy(\.isNullOrEmpty)
        case .integer, .double, .boolean: false
        }
    }

    /// How conditions (`IIF`, `&&`, `||`, `!`) read a value: booleans as they
    /// are, numbers when non-zero, text when it says "true" (any case) or is a
    /// non-zero number, a list when any element is true; null is false.
    var isTrue: Bool {
        switch self {
        case .null, .bytes: return false
        case .boolean(let flag): return flag
        case .integer(let number): return number != 0
        case .double(let number): return number != 0 && !number.isNaN
        case .string(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.caseInsensitiveCompare("true") == .orderedSame { return true }
            if let number = Int64(trimmed) { return number != 0 }
            return false
        case .list(let items): return items.contains(where: \.isTrue)
        }
    }

    /// Doubles with an integral value print as integers ("3", not "3.0").
    static func format(_ number: Double) -> String {
        if number.isFinite, number == number.rounded(), abs(number) < 1e15 {
            return String(Int64(number))
        }
        return number.description
    }
}

import Foundation

/// Functions that see a multi-valued attribute as a whole. A single value
/// counts as a one-element list, null as the empty list.
extension ExpressionFunctions {
    /// `Split(text, separator)`: the pieces between separators, empty pieces
    /// kept; a multi-valued input splits every value into one list.
    static func split(_ value: ExpressionValue, _ separator: ExpressionValue) -> ExpressionValue {
        guard let separator = separator.stringForm, !separator.isEmpty else { return value }
        let pieces = value.flattened.flatMap { item -> [ExpressionValue] in
            (item.stringForm ?? "").components(separatedBy: separator).map(ExpressionValue.string)
        }
        return pieces.isEmpty ? .null : .list(pieces)
    }

    /// `Join(separator, value, …)` (Entra order): every non-null value of
    /// every argument, lists flattened, joined by the separator. Null when
    /// there is nothing to join.
    static func join(_ values: [ExpressionValue]) -> ExpressionValue {
        let separator = values[0].stringForm ?? ""
        let parts = values.dropFirst().flatMap(\.flattened).compactMap(\.stringForm)
        return parts.isEmpty ? .null : .string(parts.joined(separator: separator))
    }

    /// `Item(list, index)`: the 1-based element; out of range is a warning.
    static func item(_ value: ExpressionValue, _ index: Int64) throws(ExpressionFailure) -> ExpressionValue {
        let items = value.flattened
        guard index >= 1, index <= items.count else {
            throw ExpressionFailure(message: "index \(index) is out of range 1...\(items.count)")
        }
        return items[Int(index - 1)]
    }

    /// `Contains(list, text[, "CaseSensitive"])`, Entra Connect style: the
    /// 1-based index of the first value containing `text`, 0 when none does
    /// (so `Contains(…) > 0` and `IIF(Contains(…), …)` both read naturally).
    /// Case-insensitive unless the third argument is "CaseSensitive".
    static func contains(_ values: [ExpressionValue]) throws(ExpressionFailure) -> ExpressionValue {
        let find = try text(values[1])
        var options: String.CompareOptions = [.caseInsensitive]
        if values.count > 2 {
            switch try text(values[2]).lowercased() {
            case "casesensitive": options = []
            case "caseinsensitive": break
            case let other: throw ExpressionFailure(message: "unknown case mode '\(other)' (use CaseSensitive or CaseInsensitive)")
            }
        }
        for (offset, item) in values[0].flattened.enumerated() {
            guard let text = item.stringForm else { continue }
            if find.isEmpty || text.range(of: find, options: options) != nil {
                return .integer(Int64(offset + 1))
            }
        }
        return .integer(0)
    }

    /// Keeps the first occurrence of each value (exact comparison), in order.
    static func removeDuplicates(_ value: ExpressionValue) -> ExpressionValue {
        guard case .list = value else { return value }
        var seen: Set<ExpressionValue> = []
        return .list(value.flattened.filter { seen.insert($0).inserted })
    }

    /// The primary SMTP address of a `proxyAddresses` list: the value whose
    /// prefix is upper-case `SMTP:` (Exchange's rule: lower-case `smtp:` marks
    /// secondary addresses), prefix removed. Null when there is none.
    static func primarySmtp(_ value: ExpressionValue) -> ExpressionValue {
        for item in value.flattened {
            guard case .string(let text) = item, text.hasPrefix("SMTP:") else { continue }
            return .string(String(text.dropFirst(5)))
        }
        return .null
    }
}

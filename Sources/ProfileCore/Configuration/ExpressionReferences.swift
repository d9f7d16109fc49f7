import Foundation

/// Finds the attribute references (`[conn.attr]`, `[attr]`) in an expression's
/// text without parsing it, so the loader can refuse secrets and unknown
/// connections before the expression parser (owned by the engine) runs.
enum ExpressionReferences {
    /// The text inside each `[…]` outside string literals, trimmed, in order.
    ///
    /// Literals may be quoted with `"` or `'`; a doubled quote inside one is
    /// an escaped quote and does not end it.
    static func scan(_ expression: String) -> [String] {
        var references: [String] = []
        var quote: Character?
        var current: String?
        var characters = expression.makeIterator()
        var pending: Character?
        while let character = pending ?? characters.next() {
            pending = nil
            if let open = quote {
                if character == open {
                    let next = characters.next()
                    if next != open {
                        quote = nil
                        pending = next
                    }
                }
                continue
            }
            if current != nil {
                if character == "]" {
                    references.append(current!.trimmingCharacters(in: .whitespaces))
                    current = nil
                } else {
                    current!.append(character)
                }
                continue
            }
            switch character {
            case "\"", "'": quote = character
            case "[": current = ""
            default: break
            }
        }
        return references
    }
}

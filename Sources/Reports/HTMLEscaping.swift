/// Escaping text for HTML element content and quoted attribute values.
///
/// Every value from an export or the store goes through here before it is
/// placed in a page: all five of `& < > " '` are replaced, so the same
/// escaped text is inert in element content and in single- or double-quoted
/// attributes. Controls other than tab, LF and CR (HTML parse errors, and
/// NUL is dropped by browsers in surprising ways) and the non-characters
/// U+FFFE and U+FFFF (not allowed in XML) become U+FFFD.
enum HTMLEscaping {
    static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { replacement(for: $0) != nil }) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            if let replacement = replacement(for: scalar) {
                result += replacement
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func replacement(for scalar: Unicode.Scalar) -> String? {
        switch scalar.value {
        case 0x26: "&amp;"
        case 0x3C: "&lt;"
        case 0x3E: "&gt;"
        case 0x22: "&quot;"
        case 0x27: "&#39;"
        case 0x09, 0x0A, 0x0D: nil
        case 0x00...0x1F, 0x7F, 0xFFFE, 0xFFFF: "\u{FFFD}"
        default: nil
        }
    }
}

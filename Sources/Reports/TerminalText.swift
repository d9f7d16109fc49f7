/// Making directory values safe and measurable on a terminal.
///
/// Values come from exports that anyone in the directory can influence (a
/// display name is user-editable in many tenants), so a value must never
/// smuggle an escape sequence, a carriage return or a line break into text
/// output: those could recolour, overwrite or forge report lines.
enum TerminalText {
    /// `text` with control characters written as visible escapes (`\n`, `\t`,
    /// `\r`, ESC as `\e`, others as `\xHH` or `\u{H}`). A value without
    /// controls is returned as it is (`CONTOSO\jdoe` stays readable); in one
    /// with controls, backslashes are doubled so the escapes are unambiguous.
    static func printable(_ text: String) -> String {
        if isPlainASCII(text) { return text }
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{1B}": result += "\\e"
            default:
                if isControl(scalar) {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    result += scalar.value <= 0xFF
                        ? "\\x" + String(repeating: "0", count: max(0, 2 - hex.count)) + hex
                        : "\\u{" + hex + "}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// Printable ASCII only: nothing to escape, one column per byte. Most
    /// directory values are, and this check is far cheaper than walking
    /// grapheme clusters.
    private static func isPlainASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    /// C0 and C1 controls, DEL, and the bidirectional overrides and isolates
    /// that can make a terminal show text in a different order than it is
    /// (the "Trojan Source" trick).
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// Columns `text` takes on a terminal: combining marks and zero-width
    /// characters take none, East Asian wide and fullwidth characters and
    /// emoji take two, everything else one.
    static func width(_ text: String) -> Int {
        if isPlainASCII(text) { return text.utf8.count }
        var total = 0
        for character in text {
            total += width(of: character)
        }
        return total
    }

    private static func width(of character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if character.unicodeScalars.count == 1 && isZeroWidth(first) { return 0 }
        if isWide(first) || first.properties.isEmojiPresentation { return 2 }
        return 1
    }

    private static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return true
        default: return scalar.value == 0x200B
        }
    }

    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}

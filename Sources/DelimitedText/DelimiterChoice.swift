/// Which byte separates fields: detected from the header line, or fixed.
public enum DelimiterChoice: Sendable, Hashable {
    /// Detect `,` `;` tab or `|` from the first record (see `DelimiterDetection`).
    case auto
    /// Always this byte (an ASCII character other than quote, CR or LF).
    case byte(UInt8)

    /// The delimiters `auto` chooses between, in the order that breaks ties.
    public static let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: "\t"), UInt8(ascii: ";"), UInt8(ascii: "|")]

    /// Parses a configuration value: `auto`, a single character (`,` `;` `|`
    /// or a real tab), the escape `\t`, or the names `comma`, `semicolon`,
    /// `tab`, `pipe`. Quote, CR, LF and non-ASCII characters are refused
    /// because they cannot separate fields in RFC 4180 text.
    public init?(_ text: String) {
        switch text.lowercased() {
        case "auto", "": self = .auto
        case "\\t", "tab": self = .byte(0x09)
        case "comma": self = .byte(UInt8(ascii: ","))
        case "semicolon": self = .byte(UInt8(ascii: ";"))
        case "pipe": self = .byte(UInt8(ascii: "|"))
        default:
            let utf8 = Array(text.utf8)
            guard utf8.count == 1, utf8[0] < 0x80, utf8[0] != UInt8(ascii: "\""),
                utf8[0] != 0x0A, utf8[0] != 0x0D
            else { return nil }
            self = .byte(utf8[0])
        }
    }

    /// How a delimiter byte is written in configuration and reports (`\t` for tab).
    public static func displayName(of delimiter: UInt8) -> String {
        delimiter == 0x09 ? "\\t" : String(UnicodeScalar(delimiter))
    }
}

/// The character encodings a delimited-text file may be read in.
///
/// `auto` trusts a byte-order mark when there is one and otherwise assumes
/// UTF-8; Windows-1252 has no signature, so it is only used when asked for.
public enum TextEncoding: String, Sendable, Hashable, CaseIterable {
    case auto
    case utf8 = "utf-8"
    case utf16le = "utf-16le"
    case utf16be = "utf-16be"
    case windows1252 = "windows-1252"

    /// Parses a configuration spelling: the raw values plus common aliases
    /// (`utf8`, `utf-16-le`, `cp1252`, `latin1`-style names people copy from tools).
    public init?(name: String) {
        let folded = String(name.lowercased().map { $0 == "_" ? "-" : $0 })
        if let exact = TextEncoding(rawValue: folded) {
            self = exact
            return
        }
        switch folded {
        case "utf8": self = .utf8
        case "utf16le", "utf-16-le", "unicode": self = .utf16le
        case "utf16be", "utf-16-be": self = .utf16be
        case "cp1252", "windows1252", "win-1252", "ansi": self = .windows1252
        default: return nil
        }
    }

    /// The encoding a byte-order mark at the start of `prefix` announces, and
    /// the mark's length; nil when `prefix` starts with no known mark.
    public static func byteOrderMark(in prefix: some Collection<UInt8>) -> (encoding: TextEncoding, length: Int)? {
        let bytes = Array(prefix.prefix(3))
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { return (.utf8, 3) }
        if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE { return (.utf16le, 2) }
        if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF { return (.utf16be, 2) }
        return nil
    }
}

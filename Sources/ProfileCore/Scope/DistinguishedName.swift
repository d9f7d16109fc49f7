/// A distinguished name (RFC 4514): a sequence of RDNs, most specific first.
///
/// Equality and hashing use `normalized`, so `CN=Jo\, Smith,OU=Staff,DC=Contoso`
/// equals `cn=jo\2C smith, ou=staff,dc=contoso`. The written text is kept for
/// display (`description`).
public struct DistinguishedName: Hashable, Sendable, CustomStringConvertible {
    /// The RDNs, most specific first (`CN=Jo` before `DC=com`).
    public let rdns: [RDN]
    /// The comparison key: types lowercased, values unescaped, trimmed and
    /// lowercased, then re-escaped per RFC 4514 and joined with `,`.
    public let normalized: String
    /// UTF-8 offset in `normalized` where each RDN starts: ancestor tests
    /// compare a suffix of bytes that begins at an RDN boundary, never inside
    /// an escaped `\,`.
    private let rdnOffsets: [Int]
    private let written: String

    /// Parses `text`; the empty string is the root DN (no RDNs).
    public init(_ text: String) throws(DNParseError) {
        let rdns = try DistinguishedNameParser.parse(text)
        self.init(rdns: rdns, written: String(text.trimmingSpaces()))
    }

    /// A DN of `rdns`, written with `,` between them.
    public init(rdns: [RDN]) {
        self.init(rdns: rdns, written: rdns.map(\.written).joined(separator: ","))
    }

    private init(rdns: [RDN], written: String) {
        self.rdns = rdns
        self.written = written
        var normalized = ""
        var offsets: [Int] = []
        offsets.reserveCapacity(rdns.count)
        for (position, rdn) in rdns.enumerated() {
            if position > 0 { normalized += "," }
            offsets.append(normalized.utf8.count)
            normalized += rdn.normalized
        }
        self.normalized = normalized
        self.rdnOffsets = offsets
    }

    /// The root DN, which has no RDNs and contains every other DN.
    public static let root = DistinguishedName(rdns: [])

    /// Whether this is the root DN.
    public var isEmpty: Bool { rdns.isEmpty }

    /// The DN without its first RDN; the root for a one-RDN DN, nil for the root.
    public var parent: DistinguishedName? {
        guard !rdns.isEmpty else { return nil }
        return DistinguishedName(rdns: Array(rdns.dropFirst()))
    }

    /// Whether this DN lies in the subtree of `ancestor` (strictly below it,
    /// or also equal to it when `orSelf`).
    public func isDescendant(of ancestor: DistinguishedName, orSelf: Bool = false) -> Bool {
        let depth = ancestor.rdns.count
        if depth > rdns.count || (!orSelf && depth == rdns.count) { return false }
        if depth == 0 { return true }
        let start = rdnOffsets[rdns.count - depth]
        let suffix = normalized.utf8.dropFirst(start)
        return suffix.count == ancestor.normalized.utf8.count
            && suffix.elementsEqual(ancestor.normalized.utf8)
    }

    /// The first RDN as written (`CN=Jo\, Smith`); empty for the root.
    public var rdnString: String { rdns.first?.written ?? "" }

    /// The DN with its first RDN replaced (an LDIF `modrdn` without a new superior).
    public func replacingRDN(with newRDN: RDN) -> DistinguishedName {
        DistinguishedName(rdns: [newRDN] + rdns.dropFirst())
    }

    /// The DN after an LDIF `modrdn`/`moddn`: `newRDN` under `newSuperior`,
    /// or under the current parent when `newSuperior` is nil.
    public func moving(newRDN: RDN, newSuperior: DistinguishedName?) -> DistinguishedName {
        guard let newSuperior else { return replacingRDN(with: newRDN) }
        return DistinguishedName(rdns: [newRDN] + newSuperior.rdns)
    }

    /// Escapes an attribute value for use in a DN string (RFC 4514 §2.4):
    /// `"` `+` `,` `;` `<` `>` `\` everywhere, `#` and space at the start,
    /// space at the end, and NUL as `\00`.
    public static func escapeValue(_ value: String) -> String {
        // Most values need no escaping; check bytes before building a new string.
        let utf8 = value.utf8
        let needsEscaping =
            utf8.first == 0x23 || utf8.first == 0x20 || utf8.last == 0x20
            || utf8.contains { byte in
                switch byte {
                case 0x22, 0x2B, 0x2C, 0x3B, 0x3C, 0x3E, 0x5C, 0x00: true
                default: false
                }
            }
        if !needsEscaping { return value }
        let scalars = Array(value.unicodeScalars)
        var result = ""
        result.unicodeScalars.reserveCapacity(scalars.count)
        for (position, scalar) in scalars.enumerated() {
            switch scalar {
            case "\"", "+", ",", ";", "<", ">", "\\":
                result.unicodeScalars.append("\\")
                result.unicodeScalars.append(scalar)
            case "#" where position == 0:
                result += "\\#"
            case " " where position == 0 || position == scalars.count - 1:
                result += "\\ "
            case "\u{0}":
                result += "\\00"
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    public static func == (lhs: DistinguishedName, rhs: DistinguishedName) -> Bool {
        lhs.normalized == rhs.normalized
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(normalized) }

    /// The DN as written (trimmed), or composed from its RDNs when built.
    public var description: String { written }

    /// Whether two DN strings could compare differently as DNs than as
    /// case-insensitive text: only escapes, quotes, `+`, `;`, `#` values and
    /// spaces next to a separator (or at either end) make normalization do more
    /// than lowercasing. Spaces inside a value (`CN=Jo Smith`) do not.
    static func needsParsingToCompare(_ text: some StringProtocol) -> Bool {
        var previous: UInt8 = 0x2C  // as if preceded by a separator: a leading space counts
        for byte in text.utf8 {
            switch byte {
            case 0x5C, 0x22, 0x2B, 0x3B, 0x23, 0x3C, 0x3E, 0x09, 0x0A, 0x0D: return true
            case 0x20 where previous == 0x2C || previous == 0x3D: return true
            case 0x2C where previous == 0x20: return true
            case 0x3D where previous == 0x20: return true
            default: break
            }
            previous = byte
        }
        return previous == 0x20
    }
}

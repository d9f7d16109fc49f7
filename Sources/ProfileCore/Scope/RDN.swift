/// One relative distinguished name: one or more `type=value` pairs joined by
/// `+` (a multi-valued RDN such as `CN=Jo+UID=42`).
///
/// Two RDNs are equal when their normalized forms are: attribute types
/// compared case-insensitively, values unescaped, trimmed and compared
/// case-insensitively, and the pairs of a multi-valued RDN in any order.
public struct RDN: Hashable, Sendable, CustomStringConvertible {
    /// One `type=value` pair of an RDN.
    public struct Component: Hashable, Sendable {
        /// The attribute type as written (`CN`, `ou`, `2.5.4.3`).
        public let type: String
        /// The value, unescaped; for the hex-BER form, the `#…` text as written.
        public let value: String
        /// Whether the value was written in the `#hex` BER form.
        public let isHexEncoded: Bool

        /// A pair with a plain string value (escaped when written out).
        public init(type: String, value: String) {
            self.init(type: type, value: value, isHexEncoded: false)
        }

        init(type: String, value: String, isHexEncoded: Bool) {
            self.type = type
            self.value = value
            self.isHexEncoded = isHexEncoded
        }

        /// `type=value` in the comparison form.
        var normalized: String {
            let folded: String
            if isHexEncoded {
                folded = value.lowercased()
            } else {
                folded = DistinguishedName.escapeValue(
                    String(value.lowercased().trimmingSpaces()))
            }
            return type.lowercased() + "=" + folded
        }

        /// `type=value` as it would be written (value escaped per RFC 4514).
        var written: String {
            type + "=" + (isHexEncoded ? value : DistinguishedName.escapeValue(value))
        }
    }

    /// The pairs, in written order.
    public let components: [Component]
    /// The RDN as written, escapes included (`CN=Jo\, Smith`).
    public let written: String
    /// The comparison form (`cn=jo\, smith`).
    public let normalized: String

    /// The first pair's attribute type.
    public var type: String { components[0].type }
    /// The first pair's unescaped value.
    public var value: String { components[0].value }

    /// A single-valued RDN; the value is escaped when written.
    public init(type: String, value: String) {
        self.init(components: [Component(type: type, value: value)])
    }

    /// An RDN of the given pairs; `components` must not be empty.
    public init(components: [Component]) {
        precondition(!components.isEmpty, "an RDN has at least one type=value pair")
        self.init(components: components, written: components.map(\.written).joined(separator: "+"))
    }

    /// Parses one RDN (the `newrdn` of an LDIF modrdn record).
    public init(_ text: String) throws(DNParseError) {
        let rdns = try DistinguishedNameParser.parse(text)
        guard rdns.count == 1 else {
            throw DNParseError(
                column: 1,
                message: rdns.isEmpty ? "empty RDN" : "expected one RDN, found \(rdns.count)")
        }
        self = rdns[0]
    }

    init(components: [Component], written: String) {
        self.components = components
        self.written = written
        if components.count == 1 {
            normalized = components[0].normalized
        } else {
            // The pairs of a multi-valued RDN form a set.
            normalized = components.map(\.normalized).sorted().joined(separator: "+")
        }
    }

    public static func == (lhs: RDN, rhs: RDN) -> Bool { lhs.normalized == rhs.normalized }
    public func hash(into hasher: inout Hasher) { hasher.combine(normalized) }

    public var description: String { written }
}

extension String {
    /// The text without leading and trailing whitespace.
    func trimmingSpaces() -> Substring {
        // Fast path: nothing to trim when both ends are visible ASCII.
        if let first = utf8.first, let last = utf8.last, first > 0x20, first < 0x80, last > 0x20, last < 0x80 {
            return self[...]
        }
        var start = startIndex, end = endIndex
        while start < end, self[start].isWhitespace { start = index(after: start) }
        while end > start, self[index(before: end)].isWhitespace { end = index(before: end) }
        return self[start..<end]
    }
}

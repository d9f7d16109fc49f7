/// A connection's `containers:` (DESIGN §3): the OUs to import, each with its
/// whole subtree. An empty list means everything.
///
/// Containers are parsed as DNs, so matching is case-insensitive, ignores
/// spacing, understands escapes, and only ever matches at RDN boundaries:
/// `OU=Staff,DC=contoso,DC=com` contains neither `CN=x,OU=Staff2,DC=contoso,DC=com`
/// nor `CN=x,OU=Staff\,Old,DC=contoso,DC=com`.
public struct ContainerScope: Sendable {
    /// The containers, with any container inside another one dropped.
    public let containers: [DistinguishedName]

    /// Parses each container; the error names the container that failed.
    public init(containers: [String]) throws(ContainerScopeError) {
        var parsed: [DistinguishedName] = []
        for (position, text) in containers.enumerated() {
            do {
                parsed.append(try DistinguishedName(text))
            } catch {
                throw ContainerScopeError(
                    index: position, container: text, column: error.column, message: error.message)
            }
        }
        self.init(parsed)
    }

    /// A scope of already-parsed containers.
    public init(_ containers: [DistinguishedName]) {
        // A container inside another adds nothing; dropping it keeps the
        // per-entry work to the distinct subtrees.
        var kept: [DistinguishedName] = []
        for candidate in containers.sorted(by: { $0.rdns.count < $1.rdns.count })
        where !kept.contains(where: { candidate.isDescendant(of: $0, orSelf: true) }) {
            kept.append(candidate)
        }
        self.containers = kept
    }

    /// Whether every DN is in scope (no containers, or the root among them).
    public var includesEverything: Bool {
        containers.isEmpty || containers.contains(where: \.isEmpty)
    }

    /// Whether `dn` is one of the containers or lies below one.
    public func contains(_ dn: DistinguishedName) -> Bool {
        if containers.isEmpty { return true }
        for container in containers where dn.isDescendant(of: container, orSelf: true) {
            return true
        }
        return false
    }

    /// Whether the DN written as `text` is one of the containers or lies
    /// below one; nil when `text` is not a valid DN and there are containers
    /// (without any, every entry is in scope and no DN is parsed).
    ///
    /// Exactly `contains(DistinguishedName(text))`, without parsing the DN
    /// when it is plain: `type=value` pairs joined by commas, with no
    /// character that escaping, trimming or multi-valued RDNs would give a
    /// meaning to. Such a DN's comparison form is its text lowercased, with
    /// an RDN starting after every comma, so it lies in a container exactly
    /// when that text equals the container's form or ends with a comma and
    /// it. Parsing every user's DN was a tenth of a first run's instructions.
    ///
    /// Values may hold non-ASCII text (a user's name) as long as the part
    /// compared with a container, and its comma, is ASCII: only RDNs within
    /// a container's length of the end are compared, and case-folding
    /// non-ASCII text (or trimming its spaces) needs the parser. Parsing the
    /// 5% of generated users with such names cost 40,000 instructions each.
    public func contains(dnText text: String) -> Bool? {
        if containers.isEmpty { return true }
        let fast: Bool?? = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            guard let lastNonASCII = Self.lastNonASCIIInPlain(bytes) else { return nil }
            for container in containers {
                let form = container.normalized
                // The compared bytes, with the comma before them, must be
                // ASCII. (An ASCII tail never equals a form past ASCII:
                // lowercasing keeps ASCII ASCII.)
                if lastNonASCII >= 0, lastNonASCII >= bytes.count - form.utf8.count - 1 { return nil }
                if Self.lowercased(bytes, endsAtBoundaryWith: form) { return true }
            }
            return false
        }
        if let fast, let fast { return fast }
        guard let dn = try? DistinguishedName(text) else { return nil }
        return contains(dn)
    }

    /// For text shaped `type=value(,type=value)*`, with types
    /// `[A-Za-z][A-Za-z0-9-]*` and values of printable ASCII other than
    /// `"#+,;<=>\` or of bytes past ASCII, neither starting nor ending with
    /// a space: the position of the last byte past ASCII (-1 for none, a
    /// plain DN); nil for text not so shaped.
    static func lastNonASCIIInPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var position = 0
        let count = bytes.count
        var lastNonASCII = -1
        guard count > 0 else { return nil }
        while true {
            // The type.
            guard position < count, Self.isLetter(bytes[position]) else { return nil }
            position += 1
            while position < count, Self.isLetter(bytes[position]) || Self.isDigit(bytes[position]) || bytes[position] == 0x2D {
                position += 1
            }
            guard position < count, bytes[position] == 0x3D else { return nil }
            position += 1
            // The value.
            let start = position
            while position < count, bytes[position] != 0x2C {
                switch bytes[position] {
                case 0x20...0x7E:
                    switch bytes[position] {
                    case 0x22, 0x23, 0x2B, 0x3B, 0x3C, 0x3D, 0x3E, 0x5C: return nil
                    default: break
                    }
                case 0x80...: lastNonASCII = position
                default: return nil
                }
                position += 1
            }
            guard position > start, bytes[start] != 0x20, bytes[position - 1] != 0x20 else { return nil }
            if position == count { return lastNonASCII }
            position += 1  // the comma
        }
    }

    /// Whether `bytes`, ASCII-lowercased, equal `form` or end with a comma
    /// and `form` (the root's empty form contains everything).
    static func lowercased(_ bytes: UnsafeBufferPointer<UInt8>, endsAtBoundaryWith form: String) -> Bool {
        let matched: Bool? = form.utf8.withContiguousStorageIfAvailable { form in
            guard !form.isEmpty else { return true }  // the root contains every DN
            guard form.count <= bytes.count else { return false }
            let offset = bytes.count - form.count
            if offset > 0 && bytes[offset - 1] != 0x2C { return false }
            for index in 0..<form.count {
                var byte = bytes[offset + index]
                if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
                if byte != form[index] { return false }
            }
            return true
        }
        if let matched { return matched }
        return lowercased(bytes, endsAtBoundaryWith: String(decoding: Array(form.utf8), as: UTF8.self))
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}

/// A container that is not a valid DN: which one (0-based), and where in it.
public struct ContainerScopeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The container's 0-based position in the list.
    public var index: Int
    /// The container as written.
    public var container: String
    /// The 1-based column (UTF-8 bytes) of the problem within the container.
    public var column: Int
    public var message: String

    public init(index: Int, container: String, column: Int, message: String) {
        self.index = index
        self.container = container
        self.column = column
        self.message = message
    }

    public var description: String {
        "container \(index + 1) '\(container)', column \(column): \(message)"
    }
}

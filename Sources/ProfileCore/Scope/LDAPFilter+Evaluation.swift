extension LDAPFilter {
    /// Whether `entry` satisfies the filter, the way Active Directory decides:
    ///
    /// - attribute names are case-insensitive; an item is true when ANY value
    ///   of the attribute satisfies it; an absent attribute satisfies nothing
    ///   but `!`(…) of it (two-valued logic, as AD answers for known attributes);
    /// - text compares case-insensitively (AD's case-ignore default); binary
    ///   values (objectGUID) compare byte for byte with `\xx`-escaped values;
    /// - `>=` / `<=` compare numerically when both sides are integers, else as
    ///   case-insensitive text;
    /// - `~=` is case-insensitive equality after removing all spaces;
    /// - a value that is a DN also matches a differently written form of the
    ///   same DN (spacing, case, escapes);
    /// - `objectCategory=person` matches `CN=Person,CN=Schema,…` (AD's shorthand:
    ///   the first RDN's value);
    /// - `distinguishedName` falls back to the entry's own DN when the entry has
    ///   no such attribute.
    public func matches(_ entry: some AttributeSource, context: FilterContext = FilterContext()) -> Bool {
        root.matches(entry, context)
    }
}

extension LDAPFilter.Node {
    func matches(_ entry: some AttributeSource, _ context: FilterContext) -> Bool {
        switch self {
        case .and(let nodes):
            for node in nodes where !node.matches(entry, context) { return false }
            return true
        case .or(let nodes):
            for node in nodes where node.matches(entry, context) { return true }
            return false
        case .not(let node):
            return !node.matches(entry, context)
        case .present(let attribute):
            if let entry = entry as? DirectoryEntry, attribute.key != "distinguishedname" {
                return !entry.values(for: attribute.lookup).isEmpty
            }
            return !Self.values(of: attribute, in: entry).isEmpty
        case .equality(let attribute, let value):
            if let entry = entry as? DirectoryEntry, let matched = Self.equalityInPlace(entry, attribute, value) {
                return matched
            }
            return Self.equality(Self.values(of: attribute, in: entry), value, attribute: attribute)
        case .substrings(let attribute, let pieces):
            if let entry = entry as? DirectoryEntry, let matched = Self.substringsInPlace(entry, attribute, pieces) {
                return matched
            }
            return Self.values(of: attribute, in: entry).contains { Self.substrings($0, pieces) }
        case .greaterOrEqual(let attribute, let value):
            return Self.values(of: attribute, in: entry).contains { Self.compare($0, value) >= 0 }
        case .lessOrEqual(let attribute, let value):
            return Self.values(of: attribute, in: entry).contains { Self.compare($0, value) <= 0 }
        case .approx(let attribute, let pattern, _):
            return Self.values(of: attribute, in: entry).contains {
                guard let text = $0.text else { return false }
                return CaseFold.equalsIgnoringSpaces(text, pattern)
            }
        case .bitAnd(let attribute, let mask, _):
            return Self.values(of: attribute, in: entry).contains {
                guard let integer = Self.integer($0) else { return false }
                return Self.bits(integer, mask) { $0 & $1 == $1 }
            }
        case .bitOr(let attribute, let mask, _):
            return Self.values(of: attribute, in: entry).contains {
                guard let integer = Self.integer($0) else { return false }
                return Self.bits(integer, mask) { $0 & $1 != 0 }
            }
        case .inChain(let attribute, let value):
            return Self.inChain(entry, attribute, value, context.membership)
        }
    }

    private static func values(of attribute: LDAPFilter.Attribute, in entry: some AttributeSource) -> [AttributeValue] {
        let values = entry.values(of: attribute.key)
        if values.isEmpty, attribute.key == "distinguishedname", let dn = entry.distinguishedName {
            return [.text(dn)]
        }
        return values
    }

    private static func integer(_ value: AttributeValue) -> Int64? {
        guard case .text(let text) = value else { return nil }
        return IntegerText.decimal(text)
    }

    /// Applies a bit test the way AD does for 32-bit flag attributes: when both
    /// numbers fit in 32 bits (signed or unsigned), compare the low 32 bits, so
    /// `groupType` stored as -2147483646 has bit 2147483648 set.
    private static func bits(_ value: Int64, _ mask: Int64, _ test: (UInt64, UInt64) -> Bool) -> Bool {
        func fits32(_ number: Int64) -> Bool { number >= Int64(Int32.min) && number <= Int64(UInt32.max) }
        if fits32(value) && fits32(mask) {
            return test(UInt64(UInt32(truncatingIfNeeded: value)), UInt64(UInt32(truncatingIfNeeded: mask)))
        }
        return test(UInt64(bitPattern: value), UInt64(bitPattern: mask))
    }

    // MARK: In place

    // A directory entry's values read where they are stored, for the usual
    // filter (`(objectClass=user)`, `(!(sAMAccountName=svc-*))`): making an
    // array of values, a string per value, and freeing them took about
    // 6,000 instructions an entry. Only ASCII text takes this path, and no
    // comparison that could need more (a DN, objectCategory's shorthand,
    // distinguishedName's fallback to the entry's own DN); nil sends the
    // node to the path that makes values.

    /// `equality` on `entry`'s stored values; nil when it cannot tell.
    private static func equalityInPlace(
        _ entry: DirectoryEntry, _ attribute: LDAPFilter.Attribute, _ value: LDAPFilter.Value
    ) -> Bool? {
        guard let pattern = value.pattern, pattern.isASCII, !value.comparesAsDN,
            attribute.key != "objectcategory", attribute.key != "distinguishedname"
        else { return nil }
        var result: Bool? = false
        entry.values(for: attribute.lookup).forEachEncoded { bytes, isText in
            guard result == false else { return }
            guard isText else {
                if bytes.elementsEqual(value.bytes) { result = true }
                return
            }
            // A non-ASCII value may still lowercase to an ASCII pattern (the Kelvin sign).
            guard bytes.allSatisfy({ $0 < 0x80 }) else {
                result = nil
                return
            }
            if CaseFold.equals(ascii: bytes, lowercased: pattern.bytes) { result = true }
        }
        return result
    }

    /// `substrings` on `entry`'s stored values; nil when it cannot tell.
    private static func substringsInPlace(
        _ entry: DirectoryEntry, _ attribute: LDAPFilter.Attribute, _ pieces: LDAPFilter.Substrings
    ) -> Bool? {
        guard attribute.key != "distinguishedname" else { return nil }
        var result: Bool? = false
        entry.values(for: attribute.lookup).forEachEncoded { bytes, isText in
            // Binary values have no substring rule (`substrings`).
            guard result == false, isText else { return }
            guard bytes.allSatisfy({ $0 < 0x80 }) else {
                result = nil
                return
            }
            if matchPieces(bytes, pieces, fold: true) { result = true }
        }
        return result
    }

    // MARK: Equality

    private static func equality(_ values: [AttributeValue], _ value: LDAPFilter.Value, attribute: LDAPFilter.Attribute) -> Bool {
        for candidate in values where equals(candidate, value) { return true }
        if attribute.key == "objectcategory", value.dn == nil, let pattern = value.pattern {
            for case .text(let text) in values where firstRDNValueEquals(text, pattern) { return true }
        }
        return false
    }

    /// Text or byte equality, then DN equality when normalization matters.
    private static func equals(_ candidate: AttributeValue, _ value: LDAPFilter.Value) -> Bool {
        switch candidate {
        case .binary(let bytes):
            return bytes == value.bytes
        case .text(let text):
            if let pattern = value.pattern, CaseFold.equals(text, pattern) { return true }
            guard value.comparesAsDN, let dn = value.dn,
                value.dnNeedsParsing || DistinguishedName.needsParsingToCompare(text),
                let other = try? DistinguishedName(text)
            else { return false }
            return other == dn
        }
    }

    /// Whether the value of the first RDN of DN `text` equals `pattern`.
    private static func firstRDNValueEquals(_ text: String, _ pattern: CaseFold.Pattern) -> Bool {
        let utf8 = text.utf8
        guard let equalsSign = utf8.firstIndex(of: 0x3D) else { return false }
        let rest = utf8[utf8.index(after: equalsSign)...]
        if rest.contains(0x5C) {
            // Escapes: let the DN parser find the value.
            guard let dn = try? DistinguishedName(text), let rdn = dn.rdns.first else { return false }
            return CaseFold.equals(rdn.value, pattern)
        }
        let end = rest.firstIndex(where: { $0 == 0x2C || $0 == 0x2B }) ?? rest.endIndex
        let valueText = text[rest.startIndex..<end]
        return CaseFold.equals(valueText, pattern)
    }

    // MARK: Substrings

    /// Substring matching applies to text; binary attributes (octet strings)
    /// have no substring rule in AD, so they never match.
    private static func substrings(_ candidate: AttributeValue, _ pieces: LDAPFilter.Substrings) -> Bool {
        guard case .text(let text) = candidate else { return false }
        return CaseFold.withFoldedUTF8(text) { utf8, fold in
            matchPieces(utf8, pieces, fold: fold)
        }
    }

    private static func matchPieces(
        _ value: UnsafeBufferPointer<UInt8>, _ pieces: LDAPFilter.Substrings, fold: Bool
    ) -> Bool {
        var start = 0
        var end = value.count
        if let initial = pieces.initial {
            guard hasPiece(value, initial, at: 0, fold: fold) else { return false }
            start = initial.count
        }
        if let final = pieces.final {
            guard end - start >= final.count, hasPiece(value, final, at: end - final.count, fold: fold) else {
                return false
            }
            end -= final.count
        }
        for piece in pieces.any {
            guard let found = find(value, piece, from: start, before: end, fold: fold) else { return false }
            start = found + piece.count
        }
        return true
    }

    private static func hasPiece(
        _ value: UnsafeBufferPointer<UInt8>, _ piece: [UInt8], at offset: Int, fold: Bool
    ) -> Bool {
        guard offset >= 0, offset + piece.count <= value.count else { return false }
        for position in 0..<piece.count {
            let own = value[offset + position]
            if (fold ? CaseFold.lower(own) : own) != piece[position] { return false }
        }
        return true
    }

    private static func find(
        _ value: UnsafeBufferPointer<UInt8>, _ piece: [UInt8], from start: Int, before end: Int, fold: Bool
    ) -> Int? {
        guard end - start >= piece.count else { return nil }
        for offset in start...(end - piece.count) where hasPiece(value, piece, at: offset, fold: fold) {
            return offset
        }
        return nil
    }

    // MARK: Ordering

    private static func compare(_ candidate: AttributeValue, _ value: LDAPFilter.Value) -> Int {
        switch candidate {
        case .binary(let bytes):
            return bytes.lexicographicallyPrecedes(value.bytes) ? -1 : (bytes == value.bytes ? 0 : 1)
        case .text(let text):
            if let number = value.integer, let own = IntegerText.decimal(text) {
                return own < number ? -1 : (own == number ? 0 : 1)
            }
            guard let pattern = value.pattern else {
                let bytes = Array(text.utf8)
                return bytes.lexicographicallyPrecedes(value.bytes) ? -1 : (bytes == value.bytes ? 0 : 1)
            }
            return CaseFold.compare(text, pattern)
        }
    }

    // MARK: In chain

    /// LDAP_MATCHING_RULE_IN_CHAIN.
    ///
    /// `memberOf` — the entry is in the group directly or through nested groups;
    /// `member` — the value is in the entry group's nested member chain. Other
    /// attributes, and both without a membership graph, compare direct values.
    private static func inChain(
        _ entry: some AttributeSource, _ attribute: LDAPFilter.Attribute, _ value: LDAPFilter.Value,
        _ graph: MembershipGraph?
    ) -> Bool {
        let values = Self.values(of: attribute, in: entry)
        for candidate in values where equals(candidate, value) { return true }
        guard let graph, let target = value.dn, let targetNode = graph.node(of: target) else { return false }
        let entryNode = entry.distinguishedName.flatMap { graph.node(ofText: $0) }
        switch attribute.key {
        case "memberof":
            if let entryNode, graph.isMember(entryNode, ofGroup: targetNode, transitively: true) { return true }
            // Back-links to groups the graph knows, in case the group side of
            // the link was not exported with this entry in its member list.
            for case .text(let text) in values {
                if let group = graph.node(ofText: text),
                    graph.isMember(group, ofGroup: targetNode, transitively: true)
                {
                    return true
                }
            }
            return false
        case "member":
            if let entryNode, graph.isNestedMember(targetNode, ofGroup: entryNode) { return true }
            for case .text(let text) in values {
                if let group = graph.node(ofText: text), graph.isNestedMember(targetNode, ofGroup: group) {
                    return true
                }
            }
            return false
        default:
            return false
        }
    }
}

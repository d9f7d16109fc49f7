/// RFC 4515 filter parser producing the compiled `LDAPFilter.Node` tree.
///
/// Choices beyond the RFC, each documented in the README:
/// - `(&)` is absolute true and `(|)` absolute false (RFC 4526).
/// - Whitespace between filters and around the whole filter is ignored
///   (AD accepts it); inside an item it is part of the value.
/// - Besides `\XX`, the RFC 2254 escapes `\*` `\(` `\)` `\\` are accepted as
///   the literal character; any other `\c` is an error.
/// - The `:dn` flag and extensible matches without an attribute are errors:
///   they need a live directory's schema.
struct LDAPFilterParser {
    private typealias Node = LDAPFilter.Node
    private let bytes: [UInt8]
    private var index = 0

    static func parse(_ text: String) throws(LDAPFilterError) -> LDAPFilter.Node {
        var parser = LDAPFilterParser(bytes: Array(text.utf8))
        return try parser.parseWhole()
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private var atEnd: Bool { index == bytes.count }

    private func error(_ offset: Int, _ message: String) -> LDAPFilterError {
        LDAPFilterError(column: offset + 1, message: message)
    }

    private func describe(_ offset: Int) -> String {
        guard offset < bytes.count else { return "the end of the filter" }
        var end = offset + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        return "'" + String(decoding: bytes[offset..<end], as: UTF8.self) + "'"
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09
            || bytes[index] == 0x0A || bytes[index] == 0x0D
        {
            index += 1
        }
    }

    private mutating func parseWhole() throws(LDAPFilterError) -> Node {
        skipWhitespace()
        guard !atEnd else { throw error(index, "empty filter") }
        let node: Node
        if bytes[index] == 0x28 {
            node = try parseFilter()
        } else {
            // A bare item, as ldapsearch accepts: objectClass=user
            node = try parseItem()
        }
        skipWhitespace()
        guard atEnd else {
            throw error(index, "unexpected \(describe(index)) after the end of the filter")
        }
        return node
    }

    /// `( filtercomp )` starting at `(`.
    private mutating func parseFilter() throws(LDAPFilterError) -> Node {
        let open = index
        guard !atEnd, bytes[index] == 0x28 else {
            throw error(index, "expected '(', found \(describe(index))")
        }
        index += 1
        skipWhitespace()
        guard !atEnd else { throw error(index, "missing ')' for the '(' at column \(open + 1)") }
        let node: Node
        switch bytes[index] {
        case 0x26:  // &
            index += 1
            node = .and(try parseList(open: open))
            return node
        case 0x7C:  // |
            index += 1
            node = .or(try parseList(open: open))
            return node
        case 0x21:  // !
            let bang = index
            index += 1
            skipWhitespace()
            guard !atEnd, bytes[index] == 0x28 else {
                throw error(index, "'!' needs one filter in parentheses, found \(describe(index))")
            }
            let inner = try parseFilter()
            skipWhitespace()
            if !atEnd, bytes[index] == 0x28 {
                throw error(index, "'!' at column \(bang + 1) takes exactly one filter")
            }
            try expectClose(open: open)
            return .not(inner)
        default:
            node = try parseItem()
            try expectClose(open: open)
            return node
        }
    }

    private mutating func expectClose(open: Int) throws(LDAPFilterError) {
        skipWhitespace()
        guard !atEnd else { throw error(index, "missing ')' for the '(' at column \(open + 1)") }
        guard bytes[index] == 0x29 else {
            throw error(index, "expected ')', found \(describe(index))")
        }
        index += 1
    }

    /// The filters of `&` or `|`, up to and including the closing `)`.
    private mutating func parseList(open: Int) throws(LDAPFilterError) -> [Node] {
        var nodes: [Node] = []
        while true {
            skipWhitespace()
            guard !atEnd else { throw error(index, "missing ')' for the '(' at column \(open + 1)") }
            if bytes[index] == 0x29 {
                index += 1
                return nodes
            }
            guard bytes[index] == 0x28 else {
                throw error(index, "expected '(' or ')' in a filter list, found \(describe(index))")
            }
            nodes.append(try parseFilter())
        }
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) &- 0x61 < 26 }
    private static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    /// An attribute description: a name or numeric OID, then `;options`.
    private mutating func parseAttribute() throws(LDAPFilterError) -> LDAPFilter.Attribute {
        let start = index
        while !atEnd {
            let byte = bytes[index]
            guard Self.isLetter(byte) || Self.isDigit(byte) || byte == 0x2D || byte == 0x2E
                || byte == 0x3B || byte == 0x5F
            else { break }
            index += 1
        }
        guard index > start else {
            if !atEnd, bytes[index] == 0x3A {
                throw error(index, "an extensible match needs an attribute name before ':'")
            }
            throw error(index, "missing attribute name before \(describe(index))")
        }
        let first = bytes[start]
        let name = String(decoding: bytes[start..<index], as: UTF8.self)
        let base = name.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let isOID = Self.isDigit(first) && base.utf8.allSatisfy { Self.isDigit($0) || $0 == 0x2E }
        let isName = Self.isLetter(first) && !base.utf8.contains(0x2E)
        guard (isOID || isName), !base.isEmpty, !name.hasSuffix(";") else {
            throw error(start, "invalid attribute name '\(name)'")
        }
        return LDAPFilter.Attribute(name)
    }

    /// A simple, substring, presence or extensible item (without parentheses).
    private mutating func parseItem() throws(LDAPFilterError) -> Node {
        let attribute = try parseAttribute()
        guard !atEnd else { throw error(index, "expected '=', '~=', '>=', '<=' or ':' after '\(attribute.written)'") }
        let operatorStart = index
        switch bytes[index] {
        case 0x3D:  // =
            index += 1
            let pieces = try parseValue(allowsAsterisk: true)
            if pieces.count == 1 { return .equality(attribute, LDAPFilter.Value(bytes: pieces[0])) }
            if pieces.count == 2 && pieces[0].isEmpty && pieces[1].isEmpty { return .present(attribute) }
            return .substrings(attribute, Self.substrings(pieces))
        case 0x7E, 0x3E, 0x3C:  // ~ > <
            guard index + 1 < bytes.count, bytes[index + 1] == 0x3D else {
                throw error(index, "expected '=' after \(describe(index))")
            }
            let kind = bytes[index]
            index += 2
            let value = LDAPFilter.Value(bytes: try parseValue(allowsAsterisk: false)[0])
            switch kind {
            case 0x7E:
                let spaceless = String(decoding: value.bytes.filter { $0 != 0x20 }, as: UTF8.self)
                return .approx(attribute, CaseFold.Pattern(spaceless), value)
            case 0x3E: return .greaterOrEqual(attribute, value)
            default: return .lessOrEqual(attribute, value)
            }
        case 0x3A:  // :
            return try parseExtensible(attribute)
        default:
            throw error(
                operatorStart,
                "expected '=', '~=', '>=', '<=' or ':' after '\(attribute.written)', found \(describe(operatorStart))"
            )
        }
    }

    /// `attr:rule:=value` (`index` at the first `:`).
    private mutating func parseExtensible(_ attribute: LDAPFilter.Attribute) throws(LDAPFilterError) -> Node {
        index += 1
        let ruleStart = index
        while !atEnd, bytes[index] != 0x3A, bytes[index] != 0x29, bytes[index] != 0x3D { index += 1 }
        let rule = String(decoding: bytes[ruleStart..<index], as: UTF8.self)
        if rule.lowercased() == "dn" {
            throw error(
                ruleStart,
                "the ':dn' flag (matching RDN values) is not supported: it needs a live directory")
        }
        guard !rule.isEmpty else {
            throw error(ruleStart, "expected a matching rule after ':'")
        }
        guard index + 1 < bytes.count, bytes[index] == 0x3A, bytes[index + 1] == 0x3D else {
            throw error(index, "expected ':=' after the matching rule '\(rule)', found \(describe(index))")
        }
        guard let matchingRule = LDAPFilter.MatchingRule(rawValue: rule) else {
            throw error(
                ruleStart,
                "unsupported matching rule '\(rule)'; supported: 1.2.840.113556.1.4.803 (bit AND), "
                    + "1.2.840.113556.1.4.804 (bit OR), 1.2.840.113556.1.4.1941 (in chain)")
        }
        index += 2
        let valueStart = index
        let value = LDAPFilter.Value(bytes: try parseValue(allowsAsterisk: false)[0])
        switch matchingRule {
        case .bitAnd, .bitOr:
            guard let mask = value.integer else {
                throw error(valueStart, "the bit matching rule needs an integer value")
            }
            return matchingRule == .bitAnd ? .bitAnd(attribute, mask, value) : .bitOr(attribute, mask, value)
        case .inChain:
            guard value.dn != nil else {
                throw error(valueStart, "the in-chain matching rule needs a DN value")
            }
            return .inChain(attribute, value)
        }
    }

    /// An assertion value up to (not including) the closing `)` or the end,
    /// split at unescaped `*` when `allowsAsterisk`.
    private mutating func parseValue(allowsAsterisk: Bool) throws(LDAPFilterError) -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        var current: [UInt8] = []
        while !atEnd {
            let byte = bytes[index]
            switch byte {
            case 0x29:  // )
                pieces.append(current)
                return pieces
            case 0x28:
                throw error(index, "unescaped '(' in a value; write \\28")
            case 0x00:
                throw error(index, "unescaped NUL in a value; write \\00")
            case 0x2A:
                guard allowsAsterisk else {
                    throw error(index, "unescaped '*' in a value; write \\2a")
                }
                pieces.append(current)
                current = []
                index += 1
            case 0x5C:
                guard index + 1 < bytes.count else {
                    throw error(index, "'\\' at the end of the filter")
                }
                let next = bytes[index + 1]
                if index + 2 < bytes.count, let high = IntegerText.hexValue(next),
                    let low = IntegerText.hexValue(bytes[index + 2])
                {
                    current.append(high << 4 | low)
                    index += 3
                } else if next == 0x2A || next == 0x28 || next == 0x29 || next == 0x5C {
                    // RFC 2254 style, still written by older tools.
                    current.append(next)
                    index += 2
                } else {
                    throw error(index, "invalid escape; write '\\' followed by two hex digits")
                }
            default:
                current.append(byte)
                index += 1
            }
        }
        pieces.append(current)
        return pieces
    }

    private static func substrings(_ pieces: [[UInt8]]) -> LDAPFilter.Substrings {
        func fold(_ piece: [UInt8]) -> [UInt8] {
            Array(String(decoding: piece, as: UTF8.self).lowercased().utf8)
        }
        let initial = pieces.first!.isEmpty ? nil : fold(pieces.first!)
        let final = pieces.last!.isEmpty ? nil : fold(pieces.last!)
        let any = pieces.dropFirst().dropLast().filter { !$0.isEmpty }.map(fold)
        return LDAPFilter.Substrings(initial: initial, any: any, final: final, writtenPieces: pieces)
    }
}
